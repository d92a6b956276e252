package radius

import (
	"context"
	"fmt"
	"strconv"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/store"
)

// clampUsage reads the customers' period usage bounded to store.MaxCounter, so a counter an
// old overflow left out of bounds (a REAL on SQLite) is read at the ceiling rather than
// failing the query of every customer.
var clampUsage = store.ClampedColumns(customer.Columns, customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut)

// loadCustomers reads the customers with the given ids (every customer when ids is nil), in
// chunks of 1000. A chunk whose query fails on a row it cannot read is read again one row at
// a time: the unreadable rows are left out, reported to s.skip (logged with their id and
// counted) and returned in skipped, and the others are loaded. Only a database that cannot
// be reached fails the load.
func (s *snapshot) loadCustomers(ctx context.Context, st *store.Store, ids []int) (rows []*ent.Customer, skipped map[int]bool, err error) {
	query := func(where ...int) ([]*ent.Customer, error) {
		q := st.Client.Customer.Query()
		if where != nil {
			q.Where(customer.IDIn(where...))
		}
		q.Modify(clampUsage)
		return q.All(ctx)
	}
	if ids == nil {
		if rows, err = query(); err == nil || ctx.Err() != nil || store.IsUnavailable(err) {
			return rows, nil, wrapLoad(err)
		}
		// A row cannot be read: find it, chunk by chunk.
		if ids, err = st.Client.Customer.Query().IDs(ctx); err != nil {
			return nil, nil, wrapLoad(err)
		}
		rows = nil
	}
	for _, part := range chunks(ids, 1000) {
		got, err := query(part...)
		if err == nil {
			rows = append(rows, got...)
			continue
		}
		if ctx.Err() != nil || store.IsUnavailable(err) {
			return nil, nil, wrapLoad(err)
		}
		for _, id := range part {
			one, err := query(id)
			switch {
			case err == nil:
				rows = append(rows, one...)
			case ctx.Err() != nil || store.IsUnavailable(err):
				return nil, nil, wrapLoad(err)
			default:
				if skipped == nil {
					skipped = map[int]bool{}
				}
				skipped[id] = true
				if s.skip != nil {
					s.skip("customer", id, err)
				}
			}
		}
	}
	return rows, skipped, nil
}

func wrapLoad(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("loading customers: %w", err)
}

// skipRow is the snapshot's skip report of a server: a log line with the row's id (at most
// one per row every 10 s) and a count in linedesk_radius_snapshot_skipped_total.
func (s *Server) skipRow(entity string, id int, err error) {
	s.m.skipped.WithLabelValues(entity).Inc()
	s.logLimitedKey("skip/"+entity+"/"+strconv.Itoa(id), "radius: the snapshot skipped a row it cannot read",
		entity, id, "err", err)
}
