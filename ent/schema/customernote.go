package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// CustomerNote is a note staff wrote on a customer's timeline.
type CustomerNote struct{ ent.Schema }

// Fields of the CustomerNote.
func (CustomerNote) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id").Immutable(),
		field.Int("staff_id").Optional().Nillable().Immutable(),
		field.String("author").MaxLen(100).Immutable().Comment("the staff member's name as it was then"),
		field.Text("body").MaxLen(2000).NotEmpty().Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the CustomerNote.
func (CustomerNote) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at")}
}

// Annotations of the CustomerNote.
func (CustomerNote) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
