package schema

import (
	"entgo.io/ent"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// LoginLease is a staff login whose password is being checked: reserved before the hash,
// removed after it. Every instance counts the unexpired ones against the throttle's limits;
// one left behind by a process that died mid-check expires on its own.
type LoginLease struct{ ent.Schema }

// Mixin of the LoginLease: username, address, created_at.
func (LoginLease) Mixin() []ent.Mixin { return []ent.Mixin{LoginMixin{}} }

// Fields of the LoginLease.
func (LoginLease) Fields() []ent.Field {
	return []ent.Field{
		field.Time("expires_at"),
	}
}

// Indexes of the LoginLease.
func (LoginLease) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("username", "expires_at"),
		index.Fields("address", "expires_at"),
		index.Fields("expires_at"),
	}
}
