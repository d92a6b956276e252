package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Transaction is one append-only ledger entry; a customer's balance is the sum of them.
type Transaction struct{ ent.Schema }

// Fields of the Transaction.
func (Transaction) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id").Immutable(),
		field.Int64("amount").Immutable().Comment("signed, in minor units: payments positive, charges negative"),
		field.Int64("balance_after").Immutable(),
		field.Enum("kind").Values("PAYMENT", "RENEWAL", "ADJUSTMENT", "REFUND", "TOPUP").Immutable().
			Annotations(entgql.Type("TransactionKind")),
		field.String("method").MaxLen(32).Optional().Nillable().Immutable(),
		field.String("reference").MaxLen(128).Optional().Nillable().Immutable(),
		// method_key is what (method, reference) is unique on: the method as stored (one of
		// billing.Methods, lower case) on every row written since methods were folded, NULL on
		// older rows, which keep the method they were given (an old mpesa/MPESA pair with one
		// reference stays, since NULLs never collide in a unique index).
		field.String("method_key").MaxLen(32).Optional().Nillable().Immutable().
			Comment("the folded payment method; NULL on rows written before methods were folded").
			Annotations(entgql.Skip()),
		field.String("note").MaxLen(500).Optional().Nillable().Immutable(),
		field.Int("staff_id").Optional().Nillable().Immutable(),
		field.String("actor").MaxLen(100).Default("").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		// receipt_no is a payment's number from the "receipt" Sequence, given in the payment's
		// own transaction (gap-free); payments older than receipts got theirs in a backfill.
		field.Int64("receipt_no").Optional().Nillable().Unique().Immutable().
			Comment("the payment's receipt number; NULL on every other kind").
			Annotations(entgql.Skip()),
		// refund_of_id names the payment a REFUND pays back (refundPayment); NULL otherwise.
		// No foreign key: one would rebuild the ledger table on SQLite; billing checks the payment.
		field.Int("refund_of_id").Optional().Nillable().Immutable().Annotations(entgql.Type("ID")),
		// profile_id is the plan a RENEWAL charged for (the revenue report groups by it); NULL
		// on other kinds and on renewals written before it was recorded (their note names the plan).
		field.Int("profile_id").Optional().Nillable().Immutable().Annotations(entgql.Skip()),
	}
}

// Edges of the Transaction.
func (Transaction) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("transactions").Field("customer_id").Unique().Required().Immutable(),
		edge.From("staff", Staff.Type).Ref("transactions").Field("staff_id").Unique().Immutable(),
		edge.To("invoice", Invoice.Type).Unique(),
	}
}

// Indexes of the Transaction.
func (Transaction) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "created_at"),
		index.Fields("method", "reference").Unique(),
		// Reference first: it also serves the look-up of rows written before method_key.
		index.Fields("reference", "method_key").Unique().StorageKey("transaction_reference_method_key"),
		index.Fields("created_at"),
		index.Fields("refund_of_id"),
	}
}

// Annotations of the Transaction.
func (Transaction) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}
