package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Nas is a router (network access server) allowed to talk RADIUS to linedesk.
type Nas struct{ ent.Schema }

// Mixin of the Nas.
func (Nas) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Nas.
func (Nas) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(64).NotEmpty().Unique().Annotations(entgql.OrderField("NAME")),
		field.String("ip_address").MaxLen(45).NotEmpty().Unique(),
		field.String("secret_enc").Sensitive().Annotations(entgql.Skip()),
		field.Bool("require_message_authenticator").Default(true),
		field.Int("coa_port").Default(3799).Range(1, 65535),
		field.String("api_address").MaxLen(100).Optional().Nillable(),
		field.String("api_user").MaxLen(64).Optional().Nillable(),
		field.String("api_password_enc").Sensitive().Optional().Nillable().Annotations(entgql.Skip()),
		field.Bool("api_tls").Default(false),
		// The router's API-SSL certificate: its SHA-256 fingerprint (lower-case hex of the DER
		// leaf, as RouterOS prints it), pinned by an admin or on the first successful contact,
		// and/or a PEM bundle of CA certificates the chain must lead to.
		field.String("api_tls_fingerprint").MaxLen(64).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput, entgql.SkipType)), // exposed as apiTlsFingerprint
		field.Text("api_ca_certificate").Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Enum("disconnect_method").Values("RADIUS", "API", "RADIUS_THEN_API").Default("RADIUS").
			Annotations(entgql.Type("DisconnectMethod")),
		field.Time("last_seen_at").Optional().Nillable(),
		field.Bool("api_reachable").Optional().Nillable(),
		// Why the last contact with the RouterOS API failed (never a password); cleared by a
		// successful one.
		field.String("api_error").MaxLen(500).Optional().Nillable().
			Annotations(entgql.Skip(entgql.SkipWhereInput)),
		field.Time("archived_at").Optional().Nillable().
			Comment("when staff archived the router: its RADIUS requests are dropped, its history kept"),
	}
}

// Edges of the Nas.
func (Nas) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("sessions", Session.Type).Annotations(entgql.Skip(entgql.SkipAll)),
		edge.To("auth_events", AuthEvent.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the Nas.
func (Nas) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("nasDevices"), entgql.RelayConnection()}
}
