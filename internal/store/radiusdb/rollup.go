package radiusdb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// Roll-up: accounting writes only the session rows (one write per Interim on the reply
// path); each session row also keeps how much of its counters is already counted in the
// customer's period usage and the daily usage (rolled_in, rolled_out: its rolled-up marks).
// RollUp moves the difference between counters and marks into period usage and daily
// usage, and the marks up to the counters, in one transaction: each byte is counted exactly
// once whatever crashes, since marks and usage commit together, and a session whose marks
// lag its counters is found again after a crash (LaggingSessions).
//
// Concurrent roll-ups (several instances, or a flush beside the background pass) never
// count twice: on PostgreSQL the sessions are read FOR UPDATE SKIP LOCKED, so a row is
// rolled up by one transaction at a time and the next one reads the marks it left; a row
// locked elsewhere (by another roll-up or an accounting write in flight) is reported in
// Busy, to try again. On SQLite transactions are serialised. Customers are locked in id
// order and daily rows are written in (customer, day) order, so roll-ups never deadlock
// each other; accounting writes no longer touch either.

// Rolled is what one RollUp did.
type Rolled struct {
	Sessions int          // sessions whose marks moved
	Usage    []Usage      // what period usage grew by, in customer order
	Busy     []int        // asked-for sessions locked by another transaction: try again
	Missing  int          // asked-for sessions that no longer exist (pruned)
	Daily    []DailyUsage // what daily usage grew by
}

// lagRow is one session as a roll-up reads it.
type lagRow struct {
	id, customerID               int
	in, out, rolledIn, rolledOut int64
	updated                      time.Time
}

// rollUpChunk bounds the sessions of one RollUp's statements.
const rollUpChunk = 1000

var (
	lagColumnsSQL = map[bool]string{true: lagColumnsFor(true), false: lagColumnsFor(false)}
	// lagging is the condition of a session whose marks lag its counters.
	lagging = "(" + session.FieldBytesIn + " > " + session.FieldRolledIn + " OR " +
		session.FieldBytesOut + " > " + session.FieldRolledOut + ")"
	setMarksSQL = "UPDATE " + session.Table + " SET " + session.FieldRolledIn + " = v.column2, " +
		session.FieldRolledOut + " = v.column3 FROM (VALUES "
	setMarksWhere = ") AS v WHERE " + session.Table + "." + session.FieldID + " = v.column1"
)

func lagColumnsFor(pg bool) string {
	dia := dialect.SQLite
	if pg {
		dia = dialect.Postgres
	}
	return "SELECT " + columns(session.FieldID, session.FieldCustomerID, counter.SQL(dia, session.FieldBytesIn),
		counter.SQL(dia, session.FieldBytesOut), counter.SQL(dia, session.FieldRolledIn), counter.SQL(dia, session.FieldRolledOut),
		session.FieldUpdatedAt) + " FROM " + session.Table + " WHERE " + session.FieldID + " IN ("
}

// RollUp rolls up the sessions with the given ids (at most rollUpChunk at a time, each
// chunk in its own transaction): see the comment above. The day a session's growth counts
// towards is the UTC day of its last update.
func (d *DB) RollUp(ctx context.Context, ids []int) (Rolled, error) {
	var out Rolled
	ids = slices.Clone(ids)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	err := chunked(ids, rollUpChunk, func(part []int) error {
		r, err := d.rollUpChunk(ctx, part)
		if err != nil {
			return err
		}
		out.Sessions += r.Sessions
		out.Usage = append(out.Usage, r.Usage...)
		out.Daily = append(out.Daily, r.Daily...)
		out.Busy = append(out.Busy, r.Busy...)
		out.Missing += r.Missing
		return nil
	})
	return out, err
}

func (d *DB) rollUpChunk(ctx context.Context, ids []int) (Rolled, error) {
	var out Rolled
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return out, fmt.Errorf("roll-up: begin: %w", err)
	}
	defer tx.Rollback()
	rows, err := readLag(ctx, tx, d.pg, ids)
	if err != nil {
		return out, err
	}
	out.Busy, out.Missing = d.unread(ctx, tx, ids, rows)
	var marks []lagRow
	perCust := map[int]*Usage{}
	perDay := map[dayKey]*DailyUsage{}
	for _, r := range rows {
		// Marks only move forward: a counter repaired lower (an old overflow read at the
		// ceiling) is not counted again when it grows back.
		dIn, dOut := max(r.in-r.rolledIn, 0), max(r.out-r.rolledOut, 0)
		if dIn == 0 && dOut == 0 {
			continue
		}
		r.in, r.out = max(r.in, r.rolledIn), max(r.out, r.rolledOut)
		marks = append(marks, r)
		if r.customerID == 0 {
			continue // an unknown user's session: nothing to count it towards
		}
		u := perCust[r.customerID]
		if u == nil {
			u = &Usage{CustomerID: r.customerID}
			perCust[r.customerID] = u
		}
		u.In, u.Out = counter.Add(u.In, dIn), counter.Add(u.Out, dOut)
		k := dayKey{r.customerID, r.updated.UTC().Format("2006-01-02")}
		du := perDay[k]
		if du == nil {
			du = &DailyUsage{CustomerID: k.customer, Day: k.day}
			perDay[k] = du
		}
		du.In, du.Out = counter.Add(du.In, dIn), counter.Add(du.Out, dOut)
	}
	if len(marks) == 0 {
		return out, nil
	}
	out.Usage, out.Daily = sortedUsage(perCust, perDay)
	if err := d.writeRollUp(ctx, tx, marks, out.Usage, out.Daily); err != nil {
		return Rolled{}, err
	}
	if err := tx.Commit(); err != nil {
		return Rolled{}, fmt.Errorf("roll-up: commit: %w", err)
	}
	out.Sessions = len(marks)
	return out, nil
}

type dayKey struct {
	customer int
	day      string
}

// sortedUsage lists the growth in the order the statements lock rows in.
func sortedUsage(perCust map[int]*Usage, perDay map[dayKey]*DailyUsage) ([]Usage, []DailyUsage) {
	usage := make([]Usage, 0, len(perCust))
	for _, u := range perCust {
		usage = append(usage, *u)
	}
	slices.SortFunc(usage, func(a, b Usage) int { return a.CustomerID - b.CustomerID })
	daily := make([]DailyUsage, 0, len(perDay))
	for _, u := range perDay {
		daily = append(daily, *u)
	}
	slices.SortFunc(daily, func(a, b DailyUsage) int {
		if a.CustomerID != b.CustomerID {
			return a.CustomerID - b.CustomerID
		}
		return strings.Compare(a.Day, b.Day)
	})
	return usage, daily
}

// readLag reads the sessions with ids, locked (PostgreSQL: FOR UPDATE SKIP LOCKED, in id
// order).
func readLag(ctx context.Context, tx *sql.Tx, pg bool, ids []int) ([]lagRow, error) {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(lagColumnsSQL[pg])
	for i, id := range ids {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(q.arg(id, "bigint"))
	}
	q.WriteString(")")
	if pg {
		q.WriteString(" ORDER BY " + session.FieldID + " FOR UPDATE SKIP LOCKED")
	}
	rs, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("roll-up: reading sessions: %w", err)
	}
	defer rs.Close()
	var out []lagRow
	for rs.Next() {
		var r lagRow
		var cid sql.NullInt64
		if err := rs.Scan(&r.id, &cid, &r.in, &r.out, &r.rolledIn, &r.rolledOut, &r.updated); err != nil {
			return nil, fmt.Errorf("roll-up: reading sessions: %w", err)
		}
		r.customerID = int(cid.Int64)
		out = append(out, r)
	}
	if err := rs.Err(); err != nil {
		return nil, fmt.Errorf("roll-up: reading sessions: %w", err)
	}
	return out, nil
}

// unread sorts the asked-for sessions readLag did not return into busy (locked by another
// transaction) and missing (deleted). Only PostgreSQL skips rows; when the check fails they
// all count as busy.
func (d *DB) unread(ctx context.Context, tx *sql.Tx, ids []int, rows []lagRow) (busy []int, missing int) {
	if len(rows) == len(ids) {
		return nil, 0
	}
	got := make(map[int]bool, len(rows))
	for _, r := range rows {
		got[r.id] = true
	}
	var left []int
	for _, id := range ids {
		if !got[id] {
			left = append(left, id)
		}
	}
	if !d.pg {
		return nil, len(left)
	}
	q := &sqlBuilder{pg: true, inline: true}
	q.WriteString("SELECT " + session.FieldID + " FROM " + session.Table + " WHERE " + session.FieldID + " IN (")
	for i, id := range left {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(q.arg(id, "bigint"))
	}
	q.WriteString(")")
	exists := map[int]bool{}
	rs, err := tx.QueryContext(ctx, q.String())
	if err != nil {
		return left, 0
	}
	defer rs.Close()
	for rs.Next() {
		var id int
		if rs.Scan(&id) == nil {
			exists[id] = true
		}
	}
	for _, id := range left {
		if exists[id] {
			busy = append(busy, id)
		} else {
			missing++
		}
	}
	return busy, missing
}

// writeRollUp moves the marks and adds the growth to period and daily usage (customers
// locked in id order on PostgreSQL).
func (d *DB) writeRollUp(ctx context.Context, tx *sql.Tx, marks []lagRow, usage []Usage, daily []DailyUsage) error {
	q := &sqlBuilder{pg: d.pg, inline: d.pg}
	q.WriteString(setMarksSQL)
	for i, r := range marks {
		if i > 0 {
			q.WriteByte(',')
		}
		q.values(r.id, "bigint", r.in, "bigint", r.out, "bigint")
	}
	q.WriteString(setMarksWhere)
	stmts := []*sqlBuilder{q}
	if len(usage) > 0 {
		if d.pg {
			stmts = append(stmts, lockCustomers(usage))
		}
		stmts = append(stmts, customerUsage(d.pg, usage), dailyUsage(d.pg, daily))
	}
	if d.pg {
		// One round trip: the statements as one script of literals.
		var script scriptWriter
		for _, s := range stmts {
			script.add(s)
		}
		if _, err := tx.ExecContext(ctx, script.String()); err != nil {
			return fmt.Errorf("roll-up: writing usage: %w", err)
		}
		return nil
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s.String(), s.args...); err != nil {
			return fmt.Errorf("roll-up: writing usage: %w", err)
		}
	}
	return nil
}

var laggingSQL = "SELECT " + session.FieldID + " FROM " + session.Table + " WHERE " + session.FieldID + " > "

// LaggingSessions returns up to limit ids, above after and in order, of sessions whose
// rolled-up marks lag their counters: what a crash left to roll up, or what another
// instance has not rolled up yet. Page through with after = the last id returned.
func (d *DB) LaggingSessions(ctx context.Context, after, limit int) ([]int, error) {
	q := &sqlBuilder{pg: d.pg}
	q.WriteString(laggingSQL + q.arg(after, "bigint") + " AND " + lagging + " ORDER BY " + session.FieldID +
		" LIMIT " + q.arg(limit, "bigint"))
	rs, err := d.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("roll-up: finding lagging sessions: %w", err)
	}
	defer rs.Close()
	var ids []int
	for rs.Next() {
		var id int
		if err := rs.Scan(&id); err != nil {
			return nil, fmt.Errorf("roll-up: finding lagging sessions: %w", err)
		}
		ids = append(ids, id)
	}
	return ids, rs.Err()
}
