package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// ApiToken is a bearer token: a login session of a staff member or an integrator's API token.
// Only the SHA-256 of the token is stored.
type ApiToken struct{ ent.Schema }

// Fields of the ApiToken.
func (ApiToken) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(100).NotEmpty(),
		field.String("token_hash").Sensitive().Unique().Annotations(entgql.Skip()),
		field.String("prefix").MaxLen(16).Default("").Comment("first characters of the token, to recognise it"),
		field.Enum("kind").Values("LOGIN", "API").Annotations(entgql.Type("TokenKind")),
		field.Enum("role").Values("ADMIN", "OPERATOR", "VIEWER").Annotations(entgql.Type("Role")),
		field.Int("staff_id").Optional().Nillable(),
		field.Time("expires_at").Optional().Nillable(),
		field.Time("revoked_at").Optional().Nillable(),
		field.Time("last_used_at").Optional().Nillable(),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.String("address").MaxLen(64).Default("").Comment("the client's address at sign-in (login tokens)"),
		field.String("user_agent").MaxLen(200).Default("").Comment("the browser at sign-in (login tokens)"),
	}
}

// Edges of the ApiToken.
func (ApiToken) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("staff", Staff.Type).Ref("tokens").Field("staff_id").Unique(),
	}
}

// Indexes of the ApiToken.
func (ApiToken) Indexes() []ent.Index {
	return []ent.Index{index.Fields("kind", "revoked_at")}
}

// Annotations of the ApiToken.
func (ApiToken) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("apiTokens"), entgql.RelayConnection()}
}
