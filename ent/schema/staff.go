package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Staff is a person who logs in to the dashboard.
type Staff struct{ ent.Schema }

// Mixin of the Staff.
func (Staff) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Staff.
func (Staff) Fields() []ent.Field {
	return []ent.Field{
		field.String("username").MaxLen(64).NotEmpty().Unique().Annotations(entgql.OrderField("USERNAME")),
		field.String("password_hash").Sensitive().Annotations(entgql.Skip()),
		field.Enum("role").Values("ADMIN", "OPERATOR", "VIEWER").Annotations(entgql.Type("Role")),
		field.String("full_name").MaxLen(200).Optional().Nillable(),
		field.Bool("disabled").Default(false),
		field.Time("last_login_at").Optional().Nillable(),
		field.String("last_login_address").MaxLen(64).Default(""),
		// TOTP (RFC 6238): the confirmed secret and an enrolment awaiting its first code, both
		// sealed with internal/secret; the last time step accepted (a code is used once).
		field.String("totp_secret_enc").Optional().Nillable().Sensitive().Annotations(entgql.Skip()),
		field.String("totp_pending_enc").Optional().Nillable().Sensitive().Annotations(entgql.Skip()),
		field.Time("totp_enabled_at").Optional().Nillable(),
		field.Int64("totp_last_step").Default(0).Annotations(entgql.Skip()),
		field.Int("totp_failures").Default(0).Annotations(entgql.Skip()).Comment("wrong second factors since the last right one"),
		field.Time("totp_failed_at").Optional().Nillable().Annotations(entgql.Skip()),
		field.String("language").MaxLen(8).Optional().Nillable().
			Comment("the dashboard's language for this staff member (en, sw, fr, es, pt, id); null: the installation's default_language"),
	}
}

// Edges of the Staff.
func (Staff) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("tokens", ApiToken.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("transactions", Transaction.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the Staff.
func (Staff) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("staffMembers"), entgql.RelayConnection()}
}
