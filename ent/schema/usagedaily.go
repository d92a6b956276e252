package schema

import "entgo.io/ent"

// UsageDaily keeps each customer's traffic per day, for usage graphs that outlive pruned sessions.
type UsageDaily struct{ ent.Schema }

// Mixin of the UsageDaily: customer_id, day (YYYY-MM-DD), bytes_in, bytes_out.
func (UsageDaily) Mixin() []ent.Mixin {
	return []ent.Mixin{UsageMixin{Period: "day", Format: "YYYY-MM-DD", Len: 10}}
}
