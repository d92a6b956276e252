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

// Customer is a PPPoE subscriber.
type Customer struct{ ent.Schema }

// Mixin of the Customer.
func (Customer) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Customer.
func (Customer) Fields() []ent.Field {
	return []ent.Field{
		field.String("account_no").MaxLen(20).NotEmpty().Unique().Immutable().
			Annotations(entgql.OrderField("ACCOUNT_NO")),
		field.String("username").MaxLen(64).NotEmpty().Unique().
			Annotations(entgql.OrderField("USERNAME")),
		field.String("password_enc").Sensitive().
			Comment("PPPoE password, AES-256-GCM encrypted (CHAP and MS-CHAP need the clear text)").
			Annotations(entgql.Skip()),
		field.String("phone").MaxLen(20).Annotations(entgql.OrderField("PHONE")),
		field.String("full_name").MaxLen(200).Optional().Nillable().
			Annotations(entgql.OrderField("FULL_NAME")),
		field.String("name_search").MaxLen(200).Default("").
			Comment("lower-cased full name, for case-insensitive substring search").
			Annotations(entgql.Skip()),
		field.String("email").MaxLen(254).Optional().Nillable(),
		field.String("address").MaxLen(500).Optional().Nillable(),
		field.Enum("status").Values("ACTIVE", "SUSPENDED", "DISABLED").Default("ACTIVE").
			Annotations(entgql.Type("CustomerStatus"), entgql.OrderField("STATUS")),
		field.Bool("auto_renew").Default(true),
		field.Int("profile_id").Annotations(entgql.OrderField("PROFILE")), // sorts the list by plan (grouped by plan)
		field.Time("joined_at").Default(nowUTC).Immutable().
			Annotations(entgql.OrderField("JOINED_AT")),
		field.Time("expires_at").Annotations(entgql.OrderField("EXPIRES_AT")),
		field.String("static_ip").MaxLen(45).Optional().Nillable(),
		field.String("mac_lock").MaxLen(17).Optional().Nillable(),
		field.Int("max_sessions").Default(1).Positive(),
		field.Int64("balance").Default(0).Annotations(entgql.OrderField("BALANCE")),
		field.Time("period_start").Default(nowUTC),
		field.Int64("period_bytes_in").Default(0),
		field.Int64("period_bytes_out").Default(0),
		field.Bool("cap_applied").Default(false).Annotations(entgql.Skip()),
		field.Time("expiry_enforced_at").Optional().Nillable().Annotations(entgql.Skip()),
		field.Int("pending_profile_id").Optional().Nillable().Annotations(entgql.Skip()).
			Comment("the plan a portal plan change at the next renewal moves to (no foreign key: adding one would rebuild customers on SQLite; the profiles service clears it when the plan is deleted)"),
		field.Time("portal_last_used_at").Optional().Nillable().
			Comment("when the subscriber last used the portal (a request with a valid token)"),
		field.Time("archived_at").Optional().Nillable().
			Comment("when staff archived the customer: out of lists, counts and RADIUS, ledger and sessions kept"),
		field.String("language").MaxLen(8).Optional().Nillable().
			Comment("the portal's and messages' language (en, sw, fr, es, pt, id); null: the installation's default_language"),
	}
}

// Edges of the Customer.
func (Customer) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("profile", Profile.Type).Ref("customers").Field("profile_id").Unique().Required(),
		edge.To("sessions", Session.Type).Annotations(entgql.RelayConnection()),
		edge.To("transactions", Transaction.Type).Annotations(entgql.RelayConnection()),
		edge.To("invoices", Invoice.Type).Annotations(entgql.RelayConnection()),
		edge.To("auth_events", AuthEvent.Type).Annotations(entgql.RelayConnection()),
		edge.To("notifications", Notification.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("portal_tokens", PortalToken.Type).
			Annotations(entgql.Skip(entgql.SkipAll), entsql.OnDelete(entsql.Cascade)),
	}
}

// Indexes of the Customer.
func (Customer) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("phone"),
		index.Fields("expires_at"),
		index.Fields("joined_at"),
		index.Fields("name_search"),
		index.Fields("archived_at"),
	}
}

// Annotations of the Customer.
func (Customer) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.MultiOrder()}
}
