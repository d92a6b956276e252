package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// PaymentGateway is an admin's configuration of one payment gateway (M-Pesa Daraja or
// Paystack). Its credentials are stored encrypted (internal/secret) and never leave the
// server; callback_token is the long random token in the path of every callback URL the
// gateway is told to call (stored encrypted, since the URLs are shown to admins).
type PaymentGateway struct{ ent.Schema }

// Fields of the PaymentGateway.
func (PaymentGateway) Fields() []ent.Field {
	secret := func(name string) ent.Field {
		return field.String(name).MaxLen(1000).Default("").Sensitive().Annotations(entgql.Skip(entgql.SkipAll))
	}
	return []ent.Field{
		field.Enum("kind").Values("MPESA", "PAYSTACK").Immutable().
			Annotations(entgql.Type("PaymentGatewayKind")),
		field.Bool("enabled").Default(false),
		field.String("base_url").MaxLen(500).Default(""),
		field.String("short_code").MaxLen(20).Default("").
			Comment("M-Pesa: the paybill or till number (Daraja's BusinessShortCode)"),
		field.Enum("account_type").Values("PAYBILL", "TILL").Default("PAYBILL").
			Annotations(entgql.Type("MpesaAccountType")),
		secret("consumer_key"),
		secret("consumer_secret"),
		secret("passkey"),
		secret("secret_key"),
		secret("callback_token"),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
	}
}

// Annotations of the PaymentGateway.
func (PaymentGateway) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)}
}

// Indexes of the PaymentGateway.
func (PaymentGateway) Indexes() []ent.Index {
	return []ent.Index{index.Fields("kind").Unique()}
}
