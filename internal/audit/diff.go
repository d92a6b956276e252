package audit

import (
	"context"

	entgo "entgo.io/ent"
)

// Change is a field's value before and after a change; audit rows record it as
// {"from": …, "to": …} and the audit log shows it as "before → after".
type Change struct {
	From any `json:"from"`
	To   any `json:"to"`
}

// Mutation is the part of an ent update mutation Diff reads.
type Mutation interface {
	Field(name string) (entgo.Value, bool)
	OldField(ctx context.Context, name string) (entgo.Value, error)
}

// Diff returns the changes of the named fields of m (call it before the mutation is saved):
// each field's old and new value (a cleared field's new value is nil). A secret field
// records only that it changed; a field whose old value cannot be read, its new value.
func Diff(ctx context.Context, m Mutation, names []string) map[string]any {
	out := make(map[string]any, len(names))
	for _, n := range names {
		if IsSecret(n) {
			out[n] = "(changed)"
			continue
		}
		to, _ := m.Field(n)
		from, err := m.OldField(ctx, n)
		if err != nil {
			out[n] = to
			continue
		}
		out[n] = Change{From: from, To: to}
	}
	return out
}
