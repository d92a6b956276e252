package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Session is one PPPoE session as reported by RADIUS accounting.
type Session struct{ ent.Schema }

// Fields of the Session.
func (Session) Fields() []ent.Field {
	return []ent.Field{
		field.String("acct_key").MaxLen(300).Unique().Immutable().
			Comment("NAS id, username, Acct-Session-Id and the login Class: unique per session").
			Annotations(entgql.Skip()),
		field.String("acct_session_id").MaxLen(253),
		field.String("username").MaxLen(253),
		field.Int("customer_id").Optional().Nillable(),
		field.Int("nas_id"),
		field.String("framed_ip").MaxLen(45).Optional().Nillable(),
		field.String("calling_station_id").MaxLen(64).Optional().Nillable(),
		field.String("nas_port_id").MaxLen(64).Optional().Nillable(),
		field.Time("started_at").Annotations(entgql.OrderField("STARTED_AT")),
		field.Time("updated_at").Annotations(entgql.OrderField("UPDATED_AT")),
		field.Time("stopped_at").Optional().Nillable(),
		field.Int64("session_time").Default(0),
		field.Int64("bytes_in").Default(0).Comment("Acct-Input: received by the router from the customer").
			Annotations(entgql.OrderField("BYTES_IN")),
		field.Int64("bytes_out").Default(0).Comment("Acct-Output: sent by the router to the customer").
			Annotations(entgql.OrderField("BYTES_OUT")),
		field.String("terminate_cause").MaxLen(64).Optional().Nillable(),
		field.Bool("open").Default(true),
		field.Int64("rolled_in").Default(0).
			Comment("How much of bytes_in is already in the customer's period usage and daily usage (radiusdb/rollup.go)").
			Annotations(entgql.Skip()),
		field.Int64("rolled_out").Default(0).
			Comment("How much of bytes_out is already in the customer's period usage and daily usage").
			Annotations(entgql.Skip()),
	}
}

// Edges of the Session.
func (Session) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("sessions").Field("customer_id").Unique(),
		edge.From("nas", Nas.Type).Ref("sessions").Field("nas_id").Unique().Required(),
		// What the router reported of the session's IPv6 (a table of its own: no column here).
		edge.To("ipv6", SessionIPv6.Type).Unique().Annotations(entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Session. updated_at, bytes, session_time and the rolled-up marks are
// deliberately not indexed: an Interim-Update (and the roll-up after it) changes only those, so on PostgreSQL it is a heap-only (HOT) update that
// touches no index. The reaper finds open sessions through the partial index
// sessions_open_customer (ent/migrate/migrations/postgres/20261207000001_hot_path_tuning.sql).
func (Session) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "started_at"),
		index.Fields("nas_id", "open"),
		index.Fields("started_at"),
	}
}

// Annotations of the Session.
func (Session) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}
