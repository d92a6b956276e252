package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
)

// Sequence is a gap-free counter of the installation ("receipt", "invoice"): the last number
// given out. It is advanced inside the transaction that uses the number, so a rollback gives
// the number back and the numbers in the database never skip (store.NextNumber).
type Sequence struct{ ent.Schema }

// Fields of the Sequence.
func (Sequence) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(32).NotEmpty().Unique().Immutable(),
		field.Int64("last").Default(0),
	}
}

// Annotations of the Sequence.
func (Sequence) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
