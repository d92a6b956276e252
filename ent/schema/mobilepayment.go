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

// MobilePayment is a payment linedesk asked a gateway for: an M-Pesa STK push to the
// customer's phone or a Paystack checkout. It is PENDING until the gateway's result is
// confirmed with the gateway's own status query (stkpushquery, /transaction/verify), then
// PAID (with the ledger row) or FAILED/CANCELLED.
type MobilePayment struct{ ent.Schema }

// Fields of the MobilePayment.
func (MobilePayment) Fields() []ent.Field {
	return []ent.Field{
		field.Enum("gateway").Values("MPESA", "PAYSTACK").Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("customer_id").Immutable(),
		field.Int64("amount").Immutable().Comment("minor units"),
		field.String("phone").MaxLen(20).Optional().Nillable().Immutable(),
		field.String("email").MaxLen(254).Optional().Nillable().Immutable(),
		field.Enum("status").Values("PENDING", "PAID", "FAILED", "CANCELLED").Default("PENDING").
			Annotations(entgql.Type("MobilePaymentStatus")),
		field.String("checkout_id").MaxLen(128).Unique().Immutable().
			Comment("Daraja's CheckoutRequestID or the Paystack reference: the ledger reference once paid"),
		field.String("merchant_request_id").MaxLen(128).Optional().Nillable().Immutable().
			Annotations(entgql.Skip(entgql.SkipAll)),
		field.String("receipt").MaxLen(64).Optional().Nillable().
			Comment("M-Pesa's receipt number (MpesaReceiptNumber) once known"),
		field.String("result_code").MaxLen(32).Optional().Nillable(),
		field.String("result_desc").MaxLen(300).Optional().Nillable(),
		field.String("checkout_url").MaxLen(500).Optional().Nillable().Immutable().
			Comment("Paystack's authorization_url the customer is sent to"),
		field.Int("transaction_id").Optional().Nillable(),
		field.String("actor").MaxLen(100).Default("").Immutable().Annotations(entgql.Skip(entgql.SkipAll)),
		field.Int("checks").Default(0).Annotations(entgql.Skip(entgql.SkipAll)).
			Comment("status queries made so far (the settling job backs off)"),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("updated_at").Default(nowUTC).UpdateDefault(nowUTC),
		field.Time("settled_at").Optional().Nillable(),
	}
}

// Edges of the MobilePayment.
func (MobilePayment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("customer", Customer.Type).Field("customer_id").Unique().Required().Immutable().
			Annotations(entsql.OnDelete(entsql.Cascade)),
		edge.To("transaction", Transaction.Type).Field("transaction_id").Unique(),
	}
}

// Indexes of the MobilePayment.
func (MobilePayment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("status", "created_at"), index.Fields("customer_id", "created_at")}
}

// Annotations of the MobilePayment.
func (MobilePayment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput, entgql.SkipOrderField)}
}
