package store

import (
	"context"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// utcHook converts every time value a mutation sets to UTC, so SQLite (which compares times
// as text) and PostgreSQL order and compare them alike.
func utcHook(next ent.Mutator) ent.Mutator {
	return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
		for _, name := range m.Fields() {
			v, ok := m.Field(name)
			if !ok {
				continue
			}
			switch t := v.(type) {
			case time.Time:
				if t.Location() != time.UTC {
					_ = m.SetField(name, t.UTC())
				}
			case *time.Time:
				if t != nil && t.Location() != time.UTC {
					_ = m.SetField(name, t.UTC())
				}
			}
		}
		return next.Mutate(ctx, m)
	})
}
