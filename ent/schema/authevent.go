package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AuthEvent records one authentication attempt and its outcome.
type AuthEvent struct{ ent.Schema }

// Fields of the AuthEvent.
func (AuthEvent) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").MaxLen(253),
		field.Int("customer_id").Optional().Nillable(),
		field.Int("nas_id").Optional().Nillable(),
		field.String("calling_station_id").MaxLen(64).Optional().Nillable(),
		field.String("method").MaxLen(16).Default(""),
		field.Enum("result").Values("ACCEPT", "REJECT").Annotations(entgql.Type("AuthResult")),
		field.Enum("reason").Values("OK", "UNKNOWN_USER", "WRONG_PASSWORD", "SUSPENDED", "DISABLED",
			"EXPIRED", "DATA_CAP", "TOO_MANY_SESSIONS", "MAC_MISMATCH", "ARCHIVED", "POOL_EXHAUSTED").
			Annotations(entgql.Type("AuthReason")),
		field.String("detail").MaxLen(200).Default(""),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("event_key").MaxLen(32).Optional().Nillable().Unique().Immutable().
			Comment("set by the RADIUS writer so a batch retried after a lost commit is not stored twice").
			Annotations(entgql.Skip()),
	}
}

// Edges of the AuthEvent.
func (AuthEvent) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("auth_events").Field("customer_id").Unique(),
		edge.From("nas", Nas.Type).Ref("auth_events").Field("nas_id").Unique(),
	}
}

// Indexes of the AuthEvent.
func (AuthEvent) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at"), index.Fields("created_at"), index.Fields("nas_id", "created_at")}
}

// Annotations of the AuthEvent.
func (AuthEvent) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}
