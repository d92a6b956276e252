package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PortalCode is a one-time 6-digit code sent by SMS: to sign in without the password
// (purpose "login") or to confirm a new phone number ("phone_change"). Only a keyed hash of
// the code is stored; it is valid 10 minutes and for 5 tries.
type PortalCode struct{ ent.Schema }

// Fields of the PortalCode.
func (PortalCode) Fields() []ent.Field {
	return []ent.Field{
		field.String("phone").MaxLen(20),
		field.Enum("purpose").Values("login", "phone_change"),
		field.Int("customer_id").Optional().Nillable(),
		field.String("code_hash").MaxLen(64).Sensitive(),
		field.Int("tries").Default(0),
		field.String("address").MaxLen(64).Default(""),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("expires_at"),
		field.Time("used_at").Optional().Nillable(),
	}
}

// Indexes of the PortalCode.
func (PortalCode) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("phone", "created_at"),
		index.Fields("address", "created_at"),
		index.Fields("expires_at"),
	}
}

// Annotations of the PortalCode.
func (PortalCode) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
