package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuditLog records who changed what, from where and when. Secrets are never recorded.
type AuditLog struct{ ent.Schema }

// Fields of the AuditLog.
func (AuditLog) Fields() []ent.Field {
	return []ent.Field{
		field.String("actor").MaxLen(100),
		field.Int("staff_id").Optional().Nillable(),
		field.String("action").MaxLen(64),
		field.String("target_type").MaxLen(32).Default(""),
		field.String("target_id").MaxLen(64).Default(""),
		field.Text("changes").Default("").Comment("JSON of changed fields, secrets removed"),
		field.String("address").MaxLen(64).Default(""),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
	}
}

// Indexes of the AuditLog.
func (AuditLog) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at"), index.Fields("target_type", "target_id")}
}

// Annotations of the AuditLog.
func (AuditLog) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("auditLog"), entgql.RelayConnection()}
}
