package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// AddressPool is a pool of addresses named as RouterOS names its /ip pool: IPv4 ranges or
// CIDRs, or an IPv6 prefix cut into prefixes of prefix_length; for one router (nas_id) or
// shared (internal/pools).
type AddressPool struct{ ent.Schema }

// Mixin of the AddressPool.
func (AddressPool) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Annotations of the AddressPool: served by internal/pools, not by ent's GraphQL.
func (AddressPool) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Fields of the AddressPool.
func (AddressPool) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(64).NotEmpty().Unique(),
		field.Enum("family").Values("IPV4", "IPV6").Default("IPV4"),
		// IPv4: comma-separated addresses, first-last runs and CIDRs; IPv6: one prefix.
		field.String("ranges").MaxLen(2000).NotEmpty(),
		// IPv6: the length of the prefixes handed out (e.g. 56 or 64).
		field.Int("prefix_length").Optional().Nillable(),
		field.Int("nas_id").Optional().Nillable(), // nil: shared by every router
	}
}

// IPAllocation is one address (or IPv6 prefix) of a pool given out: to a customer as a static
// address, or to an open session by linedesk at login until its Stop or the reaper. The unique
// (pool_id, address) index is what keeps one address from two holders, across instances.
type IPAllocation struct{ ent.Schema }

// Annotations of the IPAllocation: served by internal/pools, not by ent's GraphQL.
func (IPAllocation) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Fields of the IPAllocation.
func (IPAllocation) Fields() []ent.Field {
	return []ent.Field{
		field.Int("pool_id"),
		field.String("address").MaxLen(64).NotEmpty(),
		field.Enum("kind").Values("STATIC", "SESSION"),
		field.Int("customer_id").Optional().Nillable(),
		// SESSION: the session's key (router id and Acct-Session-Id, or the login's Class).
		field.String("session_key").MaxLen(200).Optional().Nillable(),
		field.Time("created_at").Immutable().Default(nowUTC),
	}
}

// Indexes of the IPAllocation.
func (IPAllocation) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("pool_id", "address").Unique(),
		// A session holds one address of a pool: a login asking again gets the same one.
		index.Fields("pool_id", "session_key").Unique(),
		index.Fields("session_key"),
		index.Fields("customer_id"),
	}
}

// StaticAddress is a customer's static address (customers.static_ip), one row per address:
// its unique index refuses an address given to a second customer, whatever path sets it.
// Customers that shared an address before the index existed keep it and are listed as
// conflicts (pools.StaticConflicts) until staff change one of them.
type StaticAddress struct{ ent.Schema }

// Annotations of the StaticAddress: served by internal/pools, not by ent's GraphQL.
func (StaticAddress) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// Fields of the StaticAddress.
func (StaticAddress) Fields() []ent.Field {
	return []ent.Field{
		field.String("address").MaxLen(45).NotEmpty().Unique(),
		field.Int("customer_id").Unique(),
		field.Time("created_at").Immutable().Default(nowUTC),
	}
}
