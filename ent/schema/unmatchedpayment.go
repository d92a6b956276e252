package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// UnmatchedPayment is money a gateway confirmed whose account reference matched no customer.
// It waits, never lost, until staff assign it to a customer (then it is booked in the ledger
// once, with its own method and reference) or mark it refunded (with a note).
type UnmatchedPayment struct{ ent.Schema }

// Fields of the UnmatchedPayment.
func (UnmatchedPayment) Fields() []ent.Field {
	return []ent.Field{
		field.String("method").MaxLen(32).Immutable().Comment("the ledger method: mpesa or paystack"),
		field.String("reference").MaxLen(128).Immutable().Comment("the gateway's transaction code (M-Pesa TransID)"),
		field.Int64("amount").Immutable().Comment("minor units"),
		field.String("account_ref").MaxLen(100).Default("").Immutable().
			Comment("what the payer typed as the account (BillRefNumber)"),
		field.String("phone").MaxLen(64).Default("").Immutable(),
		field.String("payer_name").MaxLen(200).Default("").Immutable(),
		field.Time("received_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("RECEIVED_AT")),
		field.Enum("status").Values("UNMATCHED", "ASSIGNED", "REFUNDED").Default("UNMATCHED").
			Annotations(entgql.Type("UnmatchedPaymentStatus")),
		field.Int("customer_id").Optional().Nillable(),
		field.Int("transaction_id").Optional().Nillable(),
		field.String("note").MaxLen(500).Default(""),
		field.String("resolved_by").MaxLen(100).Default(""),
		field.Time("resolved_at").Optional().Nillable(),
	}
}

// Edges of the UnmatchedPayment.
func (UnmatchedPayment) Edges() []ent.Edge {
	return []ent.Edge{
		edge.To("customer", Customer.Type).Field("customer_id").Unique(),
		edge.To("transaction", Transaction.Type).Field("transaction_id").Unique(),
	}
}

// Indexes of the UnmatchedPayment.
func (UnmatchedPayment) Indexes() []ent.Index {
	return []ent.Index{index.Fields("method", "reference").Unique(), index.Fields("status", "received_at")}
}

// Annotations of the UnmatchedPayment.
func (UnmatchedPayment) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.RelayConnection(), entgql.Skip(entgql.SkipWhereInput)}
}
