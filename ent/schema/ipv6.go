package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/dialect/entsql"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// IPv6 (issue 18): what a plan or a customer is given at login, and what the router reports
// of a session. Both live in tables of their own so that neither the customers nor the
// sessions table (both hot) gains a column.

// IPv6Assignment is the IPv6 of a plan (profile_id) or of one customer (customer_id): the
// prefixes sent as Framed-IPv6-Prefix and Delegated-IPv6-Prefix, and the names of the
// router's own pools (Framed-IPv6-Pool; Delegated-IPv6-Prefix-Pool and
// Mikrotik-Delegated-IPv6-Pool). A customer's non-empty value overrides the plan's
// (internal/ipv6cfg). Empty strings are unset. A plan may instead name linedesk's own IPv6
// pools (framed_pool_id, delegated_pool_id): each login then gets a prefix of its own.
type IPv6Assignment struct{ ent.Schema }

// Fields of the IPv6Assignment.
func (IPv6Assignment) Fields() []ent.Field {
	return []ent.Field{
		field.Int("profile_id").Optional().Nillable().Unique().Immutable(),
		field.Int("customer_id").Optional().Nillable().Unique().Immutable(),
		field.String("framed_prefix").MaxLen(43).Default(""),
		field.String("delegated_prefix").MaxLen(43).Default(""),
		field.String("framed_pool").MaxLen(64).Default(""),
		field.String("delegated_pool").MaxLen(64).Default(""),
		// Plans only: linedesk's own IPv6 pools (address_pools) the prefixes are handed out
		// from at login, one per session, freed at Stop or by the reaper (internal/pools).
		field.Int("framed_pool_id").Optional().Nillable(),
		field.Int("delegated_pool_id").Optional().Nillable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
	}
}

// Annotations of the IPv6Assignment: served by internal/ipv6cfg, not by ent's GraphQL.
func (IPv6Assignment) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "ipv6_assignments"}, entgql.Skip(entgql.SkipAll)}
}

// SessionIPv6 is the IPv6 a router reported for a session in accounting (Framed-IPv6-Prefix,
// Delegated-IPv6-Prefix, Framed-Interface-Id, Framed-IPv6-Address), read leniently: an
// attribute that cannot be read is described in malformed, never fatal. Written by the
// accounting batch (internal/store/radiusdb), one row per session.
type SessionIPv6 struct{ ent.Schema }

// Fields of the SessionIPv6.
func (SessionIPv6) Fields() []ent.Field {
	return []ent.Field{
		field.Int("session_id").Unique().Immutable(),
		field.String("framed_prefix").MaxLen(43).Optional().Nillable(),
		field.String("delegated_prefix").MaxLen(43).Optional().Nillable(),
		field.String("interface_id").MaxLen(19).Optional().Nillable().Comment("Framed-Interface-Id as four hex groups"),
		field.String("framed_address").MaxLen(39).Optional().Nillable().Comment("Framed-IPv6-Address (RFC 6911)"),
		field.String("malformed").MaxLen(500).Optional().Nillable().Comment("attributes that could not be read, and why"),
		field.Time("updated_at").Default(nowUTC),
	}
}

// Edges of the SessionIPv6.
func (SessionIPv6) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("session", Session.Type).Ref("ipv6").Field("session_id").Unique().Required().Immutable(),
	}
}

// Annotations of the SessionIPv6.
func (SessionIPv6) Annotations() []schema.Annotation {
	return []schema.Annotation{entsql.Annotation{Table: "session_ipv6"}, entgql.Type("SessionIPv6"), entgql.Skip(entgql.SkipWhereInput)}
}
