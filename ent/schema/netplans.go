package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// The network engineer's plan features (issue 18): time windows with another rate, the runs
// that push a window edge to every online session by CoA, and data top-ups.

// PlanWindow is a time of day (and days of the week) in which a plan has another rate, such
// as a night boost from 00:00 to 06:00, in the installation's time zone.
type PlanWindow struct{ ent.Schema }

// Fields of the PlanWindow.
func (PlanWindow) Fields() []ent.Field {
	return []ent.Field{
		field.Int("profile_id"),
		field.Int("days").Comment("days of the week as bits: 1 Monday, 2 Tuesday, … 64 Sunday"),
		field.Int("start_minute").Comment("minutes after local midnight the window starts, 0–1439"),
		field.Int("end_minute").Comment("minutes after local midnight it ends; at or before the start: the next day"),
		field.Int("download_kbps").Positive(),
		field.Int("upload_kbps").Positive(),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the PlanWindow.
func (PlanWindow) Indexes() []ent.Index {
	return []ent.Index{index.Fields("profile_id")}
}

// Annotations of the PlanWindow.
func (PlanWindow) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// WindowRun is one window edge of one plan being pushed to the online sessions: created once
// (the unique key is the plan and the edge's instant), whichever instance sees the edge first.
type WindowRun struct{ ent.Schema }

// Fields of the WindowRun.
func (WindowRun) Fields() []ent.Field {
	return []ent.Field{
		field.Int("profile_id"),
		field.Time("edge_at").Comment("the instant of the window edge (UTC)"),
		field.String("rate_limit").MaxLen(100).Comment("the plan's Mikrotik-Rate-Limit from the edge on"),
		field.Int("spread_seconds"),
		field.Int("sessions").Default(0),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the WindowRun.
func (WindowRun) Indexes() []ent.Index {
	return []ent.Index{index.Fields("profile_id", "edge_at").Unique(), index.Fields("created_at")}
}

// Annotations of the WindowRun.
func (WindowRun) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// WindowRunItem is one online session a window run changes: claimed by one instance at a
// time (a conditional update), sent at due_at, and its result recorded.
type WindowRunItem struct{ ent.Schema }

// Fields of the WindowRunItem.
func (WindowRunItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("run_id"),
		field.Int("session_id"),
		field.Int("customer_id"),
		field.String("username").MaxLen(64),
		field.String("rate_limit").MaxLen(100),
		field.Enum("status").Values("PENDING", "CLAIMED", "DONE", "FAILED").Default("PENDING"),
		field.Time("due_at"),
		field.Time("claim_until").Optional().Nillable(),
		field.String("claimed_by").MaxLen(64).Default(""),
		field.Int("attempts").Default(0),
		field.String("outcome").MaxLen(20).Default(""),
		field.String("message").MaxLen(500).Default(""),
		field.Time("sent_at").Optional().Nillable(),
	}
}

// Indexes of the WindowRunItem.
func (WindowRunItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("run_id", "session_id").Unique(),
		index.Fields("status", "due_at"),
	}
}

// Annotations of the WindowRunItem.
func (WindowRunItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// DataTopup is extra data for a customer's current period, bought from the balance (ledger
// kind TOPUP) or redeemed from a voucher. It counts while created_at is at or after the
// customer's period_start: a renewal starts a new period without it.
type DataTopup struct{ ent.Schema }

// Fields of the DataTopup.
func (DataTopup) Fields() []ent.Field {
	return []ent.Field{
		field.Int("customer_id").Immutable(),
		field.Int64("bytes").Positive().Immutable(),
		field.Int64("price").Immutable().Comment("minor units taken from the balance (0 for a voucher)"),
		field.Int("transaction_id").Optional().Nillable().Immutable(),
		field.String("source").MaxLen(20).Immutable().Comment("staff, portal or voucher"),
		field.String("actor").MaxLen(100).Default("").Immutable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
	}
}

// Indexes of the DataTopup.
func (DataTopup) Indexes() []ent.Index {
	return []ent.Index{index.Fields("customer_id", "created_at")}
}

// Annotations of the DataTopup.
func (DataTopup) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// VoucherData makes the vouchers of a batch carry data: redeemed, each adds bytes to the
// customer's current period (a DataTopup), besides any money or plan the batch carries.
type VoucherData struct{ ent.Schema }

// Fields of the VoucherData.
func (VoucherData) Fields() []ent.Field {
	return []ent.Field{
		field.Int("batch_id").Unique().Immutable(),
		field.Int64("bytes").Positive().Immutable(),
	}
}

// Annotations of the VoucherData.
func (VoucherData) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
