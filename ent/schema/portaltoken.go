package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PortalToken is a subscriber's sign-in to the portal. Only the token's SHA-256 is stored.
// It ends when it expires, on logout, when the customer's password changes, when the customer
// is suspended, disabled or deleted, and when staff end the customer's portal sessions.
type PortalToken struct{ ent.Schema }

// Fields of the PortalToken.
func (PortalToken) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.String("token_hash").MaxLen(64).NotEmpty().Unique().Sensitive(),
		field.Bool("by_code").Default(false).
			Comment("signed in with an SMS code: may set the password without the current one"),
		field.Bool("read_only").Default(false).
			Comment("signed in while suspended or disabled: may look, not act"),
		field.String("address").MaxLen(64).Default(""),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("expires_at"),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
	}
}

// Edges of the PortalToken.
func (PortalToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("portal_tokens").Field("customer_id").
			Unique().Required(),
	}
}

// Indexes of the PortalToken.
func (PortalToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id"), index.Fields("expires_at")}
}

// Annotations of the PortalToken.
func (PortalToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
