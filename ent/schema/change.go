package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Change is the change feed: one row per write to a customer, profile, NAS or setting,
// written in the same transaction. Every process polls its highest id (the watermark) to
// keep its RADIUS snapshot fresh, deletes included.
type Change struct{ ent.Schema }

// Fields of the Change.
func (Change) Fields() []ent.Field {
	return []ent.Field{
		field.String("entity").MaxLen(16),
		field.Int("entity_id"),
		field.String("op").MaxLen(8),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the Change.
func (Change) Indexes() []ent.Index { return []ent.Index{index.Fields("created_at")} }

// Annotations of the Change.
func (Change) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
