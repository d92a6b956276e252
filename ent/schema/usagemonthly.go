package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// UsageMonthly keeps each customer's traffic per calendar month (UTC): the history that
// remains for graphs after old sessions and daily rows are pruned.
type UsageMonthly struct{ ent.Schema }

// Fields of the UsageMonthly.
func (UsageMonthly) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.String("month").MaxLen(7).Comment("YYYY-MM in UTC"),
		field.Int64("bytes_in").Default(0),
		field.Int64("bytes_out").Default(0),
	}
}

// Indexes of the UsageMonthly.
func (UsageMonthly) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "month").Unique()}
}

// Annotations of the UsageMonthly.
func (UsageMonthly) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
