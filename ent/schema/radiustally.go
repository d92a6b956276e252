package schema

import (
	"entgo.io/contrib/entgql"
	"entgo.io/ent"
	"entgo.io/ent/schema"
	"entgo.io/ent/schema/field"
	"entgo.io/ent/schema/index"
)

// RadiusTally counts RADIUS outcomes of one kind and reason from one source in one
// five-minute bucket: accepts and rejects by reason per router, and dropped packets (unknown
// source, wrong secret, malformed, ...) per source address. The RADIUS server aggregates
// them in memory with a bounded number of keys and adds them here in batches (an upsert that
// adds, so instances share a row). nas_id is 0 for an unknown source; source is the packet's
// address, or "other" when the in-memory key bound was reached.
type RadiusTally struct{ ent.Schema }

// Fields of the RadiusTally.
func (RadiusTally) Fields() []ent.Field {
	return []ent.Field{
		field.Time("bucket").Comment("start of the five-minute bucket (UTC)"),
		field.Int("nas_id").Default(0).Comment("the router (no foreign key: tallies outlive a deleted router); 0 when unknown"),
		field.String("source").MaxLen(64).Default(""),
		field.Enum("kind").Values("ACCEPT", "REJECT", "DROP"),
		field.String("reason").MaxLen(48),
		field.Int64("count").Default(0),
		field.Time("last_at").Comment("the latest counted packet in the bucket"),
	}
}

// Indexes of the RadiusTally: the upsert key, which also serves the time-range reads.
func (RadiusTally) Indexes() []ent.Index {
	return []ent.Index{index.Fields("bucket", "nas_id", "source", "kind", "reason").Unique()}
}

// Annotations of the RadiusTally.
func (RadiusTally) Annotations() []schema.Annotation {
	return []schema.Annotation{entgql.Skip(entgql.SkipAll)}
}
