package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// Invoice is the numbered invoice of one renewal charge: the plan, the period, the tax split
// and the ISP's and customer's details as they were when it was issued (an invoice never
// changes once issued). Its number comes from the "invoice" Sequence, gap-free.
type Invoice struct{ ent.Schema }

// Fields of the Invoice.
func (Invoice) Fields() []ent.Field {
	return []ent.Field{
		field.Int64("seq").Unique().Immutable().Annotations(entgql.Skip()).
			Comment("the number from the invoice sequence; number is its printed form"),
		field.String("number").MaxLen(32).Unique().Immutable().Annotations(entgql.OrderField("NUMBER")),
		field.Int("customer_id").Immutable(),
		field.Int("transaction_id").Unique().Immutable().Comment("the renewal charge invoiced"),
		field.String("plan").MaxLen(200).Immutable(),
		field.Time("period_start").Immutable(),
		field.Time("period_end").Immutable(),
		field.String("currency").MaxLen(3).Immutable(),
		field.Int64("subtotal").Immutable().Comment("minor units, without tax"),
		field.Int64("tax").Immutable().Comment("minor units"),
		field.Int64("total").Immutable().Comment("minor units: the amount charged"),
		field.Int("tax_basis_points").Immutable().Comment("the tax rate in hundredths of a percent (1600 = 16%)"),
		field.String("tax_name").MaxLen(32).Immutable(),
		field.Bool("tax_inclusive").Immutable().Comment("whether the plan price included the tax"),
		field.JSON("issuer", map[string]string{}).Immutable().Annotations(entgql.Skip()).
			Comment("the ISP's name, address, tax ID and contacts when issued"),
		field.JSON("bill_to", map[string]string{}).Immutable().Annotations(entgql.Skip()).
			Comment("the customer's name, account number, address, phone and e-mail when issued"),
		field.Time("issued_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("ISSUED_AT")),
	}
}

// Edges of the Invoice.
func (Invoice) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("customer", Customer.Type).Ref("invoices").Field("customer_id").Unique().Required().Immutable(),
		edge.From("transaction", Transaction.Type).Ref("invoice").Field("transaction_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Invoice.
func (Invoice) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "issued_at"),
	}
}

// Annotations of the Invoice.
func (Invoice) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.QueryField(), entgql.RelayConnection()}
}
