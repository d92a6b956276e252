package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/edge"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// VoucherBatch is a set of recharge vouchers made at once for cash sales through an agent:
// each voucher is worth amount (minor units), or one period of a plan (profile) at the
// plan's price when redeemed. Its codes are shown once, when it is made; only their hashes
// are kept (Voucher.code_hash).
type VoucherBatch struct{ ent.Schema }

// Fields of the VoucherBatch.
func (VoucherBatch) Fields() []ent.Field {
	return []ent.Field{
		field.Int("count").Immutable().Positive(),
		field.Int64("amount").Immutable().
			Comment("value of each voucher in minor units; for a plan voucher the plan's price when the batch was made"),
		field.Int("profile_id").Optional().Nillable().Immutable(),
		field.Time("expires_at").Immutable(),
		field.String("agent").MaxLen(100).Optional().Nillable().Immutable(),
		field.String("created_by").MaxLen(100).Default("").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable().Annotations(entgql.OrderField("CREATED_AT")),
		field.Time("voided_at").Optional().Nillable(),
		field.String("voided_by").MaxLen(100).Optional().Nillable(),
	}
}

// Edges of the VoucherBatch.
func (VoucherBatch) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("profile", Profile.Type).Ref("voucher_batches").Field("profile_id").Unique().Immutable(),
		edge.To("vouchers", Voucher.Type).Annotations(entgql.Skip(entgql.SkipAll)),
	}
}

// Indexes of the VoucherBatch.
func (VoucherBatch) Indexes() []ent.Index {
	return []ent.Index{index.Fields("created_at")}
}

// Annotations of the VoucherBatch.
func (VoucherBatch) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipWhereInput, entgql.SkipMutationCreateInput, entgql.SkipMutationUpdateInput)}
}

// Voucher is one recharge code of a batch: only the SHA-256 of its normalised code is stored,
// with its last four characters (hint) for staff to recognise a card. redeemed_at is set once,
// by a conditional update, so a code works once however many redeem it at the same moment.
type Voucher struct{ ent.Schema }

// Fields of the Voucher.
func (Voucher) Fields() []ent.Field {
	return []ent.Field{
		field.Int("batch_id").Immutable(),
		field.String("code_hash").MaxLen(64).Immutable().Sensitive(),
		field.String("hint").MaxLen(8).Immutable(),
		field.Time("redeemed_at").Optional().Nillable(),
		field.Int("customer_id").Optional().Nillable().Comment("who redeemed it"),
		field.Int("transaction_id").Optional().Nillable().Comment("the payment it booked"),
	}
}

// Edges of the Voucher.
func (Voucher) Edges() []ent.Edge {
	return []ent.Edge{
		edge.From("batch", VoucherBatch.Type).Ref("vouchers").Field("batch_id").Unique().Required().Immutable(),
	}
}

// Indexes of the Voucher.
func (Voucher) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("code_hash").Unique(),
		index.Fields("batch_id", "redeemed_at"),
	}
}

// Annotations of the Voucher.
func (Voucher) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// VoucherAttempt is one redemption attempt, kept for the throttle against guessing: a
// customer and an address may fail only so often within the throttle's window. failed is
// true until the code turned out to exist (an attempt whose process died counts as failed).
type VoucherAttempt struct{ ent.Schema }

// Fields of the VoucherAttempt.
func (VoucherAttempt) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id"),
		field.String("address").MaxLen(64).Default(""),
		field.Bool("failed").Default(true),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the VoucherAttempt.
func (VoucherAttempt) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("customer_id", "created_at"),
		index.Fields("address", "created_at"),
		index.Fields("created_at"),
	}
}

// Annotations of the VoucherAttempt.
func (VoucherAttempt) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
