package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
)

// Profile is an internet plan: speeds, data cap, validity and price.
type Profile struct{ ent.Schema }

// Mixin of the Profile.
func (Profile) Mixin() []ent.Mixin { return []ent.Mixin{TimeMixin{}} }

// Fields of the Profile.
func (Profile) Fields() []ent.Field {
	return []ent.Field{
		field.String("name").MaxLen(64).NotEmpty().Unique().
			Annotations(entgql.OrderField("NAME")),
		field.String("description").MaxLen(500).Optional().Nillable(),
		field.Int("download_kbps").Positive().Annotations(entgql.OrderField("DOWNLOAD_KBPS")),
		field.Int("upload_kbps").Positive(),
		field.Int("burst_download_kbps").Optional().Nillable(),
		field.Int("burst_upload_kbps").Optional().Nillable(),
		field.Int("burst_threshold_download_kbps").Optional().Nillable(),
		field.Int("burst_threshold_upload_kbps").Optional().Nillable(),
		field.Int("burst_time_seconds").Optional().Nillable(),
		field.Int64("data_limit_bytes").Optional().Nillable(),
		field.Int("validity_days").Positive().Default(30),
		field.Int64("price").NonNegative().Annotations(entgql.OrderField("PRICE")),
		field.String("pool").MaxLen(64).Optional().Nillable(),
		field.Int("address_pool_id").Optional().Nillable().Annotations(entgql.Skip()).
			Comment("pool mode: linedesk assigns Framed-IP-Address from this address pool at login (internal/pools)"),
		field.String("expired_pool").MaxLen(64).Optional().Nillable().
			Comment("when set, expired customers are accepted into this pool instead of rejected"),
		field.Int("after_cap_profile_id").Optional().Nillable(),
		field.Bool("portal_visible").Default(false).
			Comment("offered to subscribers in the portal's plan change"),
	}
}

// Edges of the Profile.
func (Profile) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("customers", Customer.Type).Annotations(entgql.RelayConnection(), entgql.Skip(entgql.SkipAll)),
		edge.To("capped_from", Profile.Type).
			From("after_cap_profile").Field("after_cap_profile_id").Unique(),
		edge.To("voucher_batches", VoucherBatch.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Annotations of the Profile.
func (Profile) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField("profiles"), entgql.RelayConnection()}
}
