package schema

import "entgo.io/ent"

// UsageMonthly keeps each customer's traffic per calendar month (UTC): the history that
// remains for graphs after old sessions and daily rows are pruned.
type UsageMonthly struct{ ent.Schema }

// Mixin of the UsageMonthly: customer_id, month (YYYY-MM), bytes_in, bytes_out.
func (UsageMonthly) Mixin() []ent.Mixin {
	return []ent.Mixin{UsageMixin{Period: "month", Format: "YYYY-MM", Len: 7}}
}
