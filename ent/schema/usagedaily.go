package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// UsageDaily keeps each customer's traffic per day, for usage graphs that outlive pruned sessions.
type UsageDaily struct{ ent.Schema }

// Fields of the UsageDaily.
func (UsageDaily) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.String("day").MaxLen(10).Comment("YYYY-MM-DD in UTC"),
		field.Int64("bytes_in").Default(0),
		field.Int64("bytes_out").Default(0),
	}
}

// Indexes of the UsageDaily.
func (UsageDaily) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "day").Unique()}
}

// Annotations of the UsageDaily.
func (UsageDaily) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
