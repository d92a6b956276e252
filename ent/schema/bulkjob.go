package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// BulkJob is one bulk action over a selection of customers (internal/bulk): what to do, who
// asked, the counters of its items, and the lease of the instance running it.
type BulkJob struct{ ent.Schema }

// Fields of the BulkJob.
func (BulkJob) Fields() []ent.Field {
	return []ent.Field{
		field.String("action").MaxLen(32),
		field.Text("params").Default("").Comment("JSON: the action's parameters (plan, message)"),
		field.String("state").MaxLen(16).Default("RUNNING"),
		field.Int("total").Default(0),
		field.Int("done").Default(0),
		field.Int("failed").Default(0),
		field.String("actor").MaxLen(100).Default(""),
		field.Int("staff_id").Optional().Nillable(),
		field.String("lease_owner").MaxLen(64).Default(""),
		field.Time("lease_until").Optional().Nillable(),
		field.Time("created_at").Default(nowUTC).Immutable(),
		field.Time("finished_at").Optional().Nillable(),
	}
}

// Indexes of the BulkJob.
func (BulkJob) Indexes() []ent.Index {
	return []ent.Index{index.Fields("state", "lease_until")}
}

// Annotations of the BulkJob: the API's BulkJob is internal/bulk's Job.
func (BulkJob) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}

// BulkJobItem is one customer of a bulk job: PENDING until its action ran (once, in the
// transaction that marks it), then DONE or FAILED with what happened and the routers' answers.
type BulkJobItem struct{ ent.Schema }

// Fields of the BulkJobItem.
func (BulkJobItem) Fields() []ent.Field {
	return []ent.Field{
		field.Int("job_id"),
		field.Int("customer_id"),
		field.String("state").MaxLen(16).Default("PENDING"),
		field.String("message").MaxLen(500).Default(""),
		field.Text("routers").Default("").Comment("JSON: the routers' answers per session"),
		field.Bool("router_pending").Default(false).Comment("committed; the routers are still to be told"),
		field.Time("finished_at").Optional().Nillable(),
	}
}

// Indexes of the BulkJobItem.
func (BulkJobItem) Indexes() []ent.Index {
	return []ent.Index{
		index.Fields("job_id", "customer_id").Unique(),
		index.Fields("job_id", "state"),
	}
}

// Annotations of the BulkJobItem.
func (BulkJobItem) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
