package customers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/store"
)

// The PostgreSQL write path of an import: the new customers go in with one COPY inside the
// import's transaction (all-or-nothing as before). COPY runs no ent hook, so this file writes
// what they would: times in UTC (every time is made with .UTC()), the change feed (one
// "create" row per customer, copied beside them), and the same column values as Create
// (each row's create is built and validated by newCustomer, then its mutation is read).

// copyColumns are the customers columns an import sets; the others keep their defaults
// (balance 0, max_sessions 1, no usage, no static IP or MAC lock).
var copyColumns = []string{
	customer.FieldID, customer.FieldCreatedAt, customer.FieldUpdatedAt, customer.FieldAccountNo,
	customer.FieldUsername, customer.FieldPasswordEnc, customer.FieldPhone, customer.FieldFullName,
	customer.FieldNameSearch, customer.FieldEmail, customer.FieldAddress, customer.FieldStatus,
	customer.FieldAutoRenew, customer.FieldProfileID, customer.FieldJoinedAt, customer.FieldExpiresAt,
	customer.FieldPeriodStart,
}

// copyRows creates the new customers of rows (validated) with COPY through the transaction
// ctx carries, their ids taken from the customers' sequence first (COPY returns none).
func (s *Service) copyRows(ctx context.Context, c *ent.Client, rows []*importRow, validity map[int]int, acc *accounts,
	now time.Time, res *ImportResult, opts ImportOptions) error {
	ids, err := reserveIDs(ctx, c, len(rows))
	if err != nil {
		return err
	}
	line := 0
	_, err = store.CopyIn(ctx, customer.Table, copyColumns, func(yield func(...any) error) error {
		for i, row := range rows {
			line = row.line
			// Built and validated as Create would make it, one row at a time: a million
			// ent mutations held at once would take gigabytes.
			cr, err := s.newCustomer(c, row, validity, acc, now, res)
			if err != nil {
				return err
			}
			if err := yield(copyValues(ids[i], cr.Mutation())...); err != nil {
				return err
			}
			row.id = ids[i]
			if opts.Progress != nil && ((i+1)%5000 == 0 || i+1 == len(rows)) {
				opts.Progress("write", i+1, len(rows))
			}
		}
		return nil
	})
	if err != nil {
		return rowErr(line, fmt.Errorf("creating customers: %w", err))
	}
	changed := now.UTC()
	_, err = store.CopyIn(ctx, "changes", []string{"entity", "entity_id", "op", "created_at"}, func(yield func(...any) error) error {
		for _, id := range ids {
			if err := yield(store.EntityCustomer, id, "create", changed); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("change feed: %w", err)
	}
	res.ChangedIDs = append(res.ChangedIDs, ids...)
	return nil
}

// reserveIDs takes n ids from the customers' identity sequence (inside the global ID range
// of the table), in one query.
func reserveIDs(ctx context.Context, c *ent.Client, n int) ([]int, error) {
	rows, err := c.QueryContext(ctx, `SELECT nextval(pg_get_serial_sequence('customers', 'id')) FROM generate_series(1, $1)`, n)
	if err != nil {
		return nil, fmt.Errorf("reserving customer ids: %w", err)
	}
	defer rows.Close()
	ids := make([]int, 0, n)
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("reserving customer ids: %w", err)
		}
		ids = append(ids, id)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reserving customer ids: %w", err)
	}
	if len(ids) != n {
		return nil, fmt.Errorf("reserving customer ids: got %d of %d", len(ids), n)
	}
	return ids, nil
}

// copyValues are the values of copyColumns for the create m of customer id; unset fields
// get their schema defaults, unset optional ones NULL.
func copyValues(id int, m *ent.CustomerMutation) []any {
	str := func(v string, ok bool) string { return v }
	null := func(v string, ok bool) any {
		if !ok {
			return nil
		}
		return v
	}
	tm := func(v time.Time, ok bool) time.Time { return v.UTC() }
	status, ok := m.Status()
	if !ok {
		status = customer.DefaultStatus
	}
	auto, ok := m.AutoRenew()
	if !ok {
		auto = customer.DefaultAutoRenew
	}
	profileID, _ := m.ProfileID()
	return []any{id, tm(m.CreatedAt()), tm(m.UpdatedAt()), str(m.AccountNo()), str(m.Username()),
		str(m.PasswordEnc()), str(m.Phone()), null(m.FullName()), str(m.NameSearch()), null(m.Email()),
		null(m.Address()), string(status), auto, profileID, tm(m.JoinedAt()), tm(m.ExpiresAt()),
		tm(m.PeriodStart())}
}
