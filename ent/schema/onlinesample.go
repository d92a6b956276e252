package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// OnlineSample is the number of open sessions at one moment, for the dashboard's 24-hour chart.
type OnlineSample struct{ ent.Schema }

// Fields of the OnlineSample.
func (OnlineSample) Fields() []ent.Field {
	return []ent.Field{
		field.Time("at"),
		field.Int("online"),
	}
}

// Indexes of the OnlineSample.
func (OnlineSample) Indexes() []ent.Index { return []ent.Index{index.Fields("at")} }

// Annotations of the OnlineSample.
func (OnlineSample) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
