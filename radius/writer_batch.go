package radius

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// sessRow is a session as the batch sees it.
type sessRow struct {
	id                         int
	key                        string
	existed, dirty, wasOpen    bool
	open                       bool
	customerID, nasID          int
	in, out, stime             int64
	origIn, origOut            int64 // the counters as read: the optimistic update's condition
	started, updated           time.Time
	stopped                    *time.Time
	cause                      string
	sessionID, username        string
	framedIP, calling, nasPort string
	used                       time.Time // last batch that touched it (acctShard.sweep)
}

type dayKey struct {
	customer int
	day      string
}

type usage struct{ in, out int64 }

type nasReset struct {
	nasID int
	at    time.Time
}

// batchResult is what a commit changed, applied to memory and published afterwards.
type batchResult struct {
	rows    map[string]*sessRow // sessions the batch changed
	seen    map[string]*sessRow // every session the batch read or wrote
	closed  []closedSession     // by Accounting-On/Off
	perCust map[int]*usage
	events  []events.Event
	clamps  []counterClamp // counters stored lower than reported (see counters.go)
}

type closedSession struct {
	id, customerID, nasID int
	key                   string
}

// batchPlan is what a batch will write, worked out in memory from the sessions as read.
type batchPlan struct {
	res       *batchResult
	inserts   []*sessRow // new sessions, in key order
	updates   []*sessRow // changed sessions, in id order
	customers []int      // customers whose period usage grows, in id order
	daily     map[dayKey]*usage
	days      []dayKey // in customer, day order
	resets    []nasReset
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// readSessionsSQL starts the query of readSessions, by dialect (true: PostgreSQL). The
// counters are read bounded to store.MaxCounter: a row an old overflow left out of bounds
// is read at the ceiling (its next write repairs it) instead of failing the batch.
var readSessionsSQL = map[bool]string{
	true: "SELECT id, acct_key, open, " + store.CounterSQL(dialect.Postgres, "bytes_in") + ", " + store.CounterSQL(dialect.Postgres, "bytes_out") +
		", session_time, customer_id, nas_id, started_at, updated_at, calling_station_id FROM sessions WHERE acct_key IN (",
	false: "SELECT id, acct_key, open, " + store.CounterSQL(dialect.SQLite, "bytes_in") + ", " + store.CounterSQL(dialect.SQLite, "bytes_out") +
		", session_time, customer_id, nas_id, started_at, updated_at, calling_station_id FROM sessions WHERE acct_key IN (",
}

// readSessions adds the sessions with the given keys to rows; with lock, under FOR UPDATE
// taken in id order (PostgreSQL).
func readSessions(ctx context.Context, q queryer, pg bool, keys []string, lock bool, rows map[string]*sessRow) error {
	slices.Sort(keys)
	for start := 0; start < len(keys); start += 500 {
		part := keys[start:min(start+500, len(keys))]
		b := &sqlBuilder{pg: pg, inline: pg} // literals: one round trip (simple query) on PostgreSQL
		b.WriteString(readSessionsSQL[pg])
		for i, k := range part {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(b.arg(k, "text"))
		}
		b.WriteString(")")
		if pg && lock {
			b.WriteString(" ORDER BY id FOR UPDATE")
		}
		if err := func() error {
			rs, err := q.QueryContext(ctx, b.String(), b.args...)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				row := &sessRow{existed: true}
				var cid sql.NullInt64
				var calling sql.NullString
				if err := rs.Scan(&row.id, &row.key, &row.open, &row.in, &row.out, &row.stime, &cid, &row.nasID, &row.started, &row.updated, &calling); err != nil {
					return err
				}
				row.calling = calling.String
				row.customerID = int(cid.Int64)
				row.wasOpen = row.open
				row.origIn, row.origOut = row.in, row.out
				rows[row.key] = row
			}
			return rs.Err()
		}(); err != nil {
			return fmt.Errorf("accounting: reading sessions: %w", err)
		}
	}
	return nil
}

// planBatch applies the batch's requests, in order, to the sessions in rows (adding the new
// ones) and works out every write. Counters only move forward and usage grows by the
// difference, so duplicates, retransmits and reordered packets never count twice.
func planBatch(batch []*acctReq, rows map[string]*sessRow) *batchPlan {
	p := &batchPlan{res: &batchResult{rows: map[string]*sessRow{}, perCust: map[int]*usage{}}, daily: map[dayKey]*usage{}}
	res := p.res
	addUsage := func(cid int, at time.Time, dIn, dOut int64) {
		if cid == 0 || (dIn == 0 && dOut == 0) {
			return
		}
		u := res.perCust[cid]
		if u == nil {
			u = &usage{}
			res.perCust[cid] = u
		}
		u.in, u.out = store.SaturatingAdd(u.in, dIn), store.SaturatingAdd(u.out, dOut)
		dk := dayKey{cid, at.UTC().Format("2006-01-02")}
		d := p.daily[dk]
		if d == nil {
			d = &usage{}
			p.daily[dk] = d
		}
		d.in, d.out = store.SaturatingAdd(d.in, dIn), store.SaturatingAdd(d.out, dOut)
	}
	for _, r := range batch {
		switch r.status {
		case rfc2866.AcctStatusType_Value_AccountingOn, rfc2866.AcctStatusType_Value_AccountingOff:
			p.resets = append(p.resets, nasReset{r.nasID, r.at.UTC()})
			continue
		}
		stop := r.status == rfc2866.AcctStatusType_Value_Stop
		at := r.at.UTC()
		row := rows[r.key]
		if row == nil {
			// Interim before Start, Stop without Start, or a plain Start: one new session.
			row = &sessRow{
				key: r.key, open: !stop, customerID: r.customerID, nasID: r.nasID,
				started: at.Add(-reportedAge(r)), updated: at,
				sessionID: r.sessionID, username: r.username, framedIP: r.framedIP, calling: r.calling, nasPort: r.nasPort,
			}
			dIn, dOut := forward(row, r, true, &res.clamps)
			addUsage(row.customerID, at, dIn, dOut)
			if stop {
				row.stopped, row.cause = &at, r.cause
			}
			rows[r.key] = row
			res.rows[r.key] = row
			p.inserts = append(p.inserts, row)
			continue
		}
		if !row.open {
			// A stopped session: retransmitted Start or Interim change nothing; a Stop may
			// only move counters forward (e.g. after the reaper closed it).
			if stop {
				dIn, dOut := forward(row, r, false, &res.clamps)
				if dIn != 0 || dOut != 0 {
					addUsage(row.customerID, at, dIn, dOut)
					row.dirty = true
					res.rows[r.key] = row
				}
			}
			continue
		}
		dIn, dOut := forward(row, r, false, &res.clamps)
		addUsage(row.customerID, at, dIn, dOut)
		if at.After(row.updated) {
			row.updated = at
		}
		if row.framedIP == "" {
			row.framedIP = r.framedIP
		}
		if stop {
			row.open = false
			row.stopped, row.cause = &at, r.cause
		}
		row.dirty = true
		res.rows[r.key] = row
	}
	// Statements take row locks in one order (keys, ids), so concurrent writers queue
	// rather than deadlock.
	slices.SortFunc(p.inserts, func(a, b *sessRow) int { return strings.Compare(a.key, b.key) })
	for _, row := range res.rows {
		if row.existed && row.dirty {
			p.updates = append(p.updates, row)
		}
	}
	slices.SortFunc(p.updates, func(a, b *sessRow) int { return a.id - b.id })
	for id := range res.perCust {
		p.customers = append(p.customers, id)
	}
	slices.Sort(p.customers)
	for k := range p.daily {
		p.days = append(p.days, k)
	}
	slices.SortFunc(p.days, func(a, b dayKey) int {
		if a.customer != b.customer {
			return a.customer - b.customer
		}
		return strings.Compare(a.day, b.day)
	})
	return p
}

// insertSessions inserts new sessions and returns their ids and keys.
func insertSessions(pg bool, part []*sessRow) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString("INSERT INTO sessions (acct_key, acct_session_id, username, customer_id, nas_id, framed_ip, calling_station_id, nas_port_id, started_at, updated_at, stopped_at, session_time, bytes_in, bytes_out, terminate_cause, open) VALUES ")
	for i, row := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		var cid any
		if row.customerID != 0 {
			cid = row.customerID
		}
		var stopped any
		if row.stopped != nil {
			stopped = *row.stopped
		}
		q.values(
			row.key, "text", row.sessionID, "text", row.username, "text", cid, "bigint", row.nasID, "bigint",
			nullString(row.framedIP), "text", nullString(row.calling), "text", nullString(row.nasPort), "text",
			row.started, "timestamptz", row.updated, "timestamptz", stopped, "timestamptz",
			row.stime, "bigint", row.in, "bigint", row.out, "bigint", nullString(row.cause), "text", row.open, "boolean")
	}
	q.WriteString(" RETURNING id, acct_key")
	return q
}

// updateSessions writes changed sessions. With conditional (PostgreSQL, optimistic path)
// each row is updated only if its counters and state are still those the batch started
// from, and the statement fails (linedesk_expect_rows) unless every row was.
func updateSessions(pg, conditional bool, part []*sessRow) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	if conditional {
		q.WriteString("WITH u AS (")
	}
	q.WriteString("UPDATE sessions SET bytes_in = v.column2, bytes_out = v.column3, session_time = v.column4, updated_at = v.column5, stopped_at = v.column6, terminate_cause = v.column7, open = v.column8, framed_ip = COALESCE(sessions.framed_ip, v.column9) FROM (VALUES ")
	for i, row := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		var stopped any
		if row.stopped != nil {
			stopped = *row.stopped
		}
		pairs := []any{row.id, "bigint", row.in, "bigint", row.out, "bigint", row.stime, "bigint", row.updated, "timestamptz",
			stopped, "timestamptz", nullString(row.cause), "text", row.open, "boolean", nullString(row.framedIP), "text"}
		if conditional {
			pairs = append(pairs, row.origIn, "bigint", row.origOut, "bigint", row.wasOpen, "boolean")
		}
		q.values(pairs...)
	}
	q.WriteString(") AS v WHERE sessions.id = v.column1")
	if conditional {
		q.WriteString(" AND sessions.bytes_in = v.column10 AND sessions.bytes_out = v.column11 AND sessions.open = v.column12 RETURNING 1) SELECT linedesk_expect_rows(count(*), ")
		q.WriteString(strconv.Itoa(len(part)))
		q.WriteString(") FROM u")
	}
	return q
}

// customerUsage adds the batch's usage to the customers' period counters; the sums stop at
// store.MaxCounter.
func customerUsage(pg bool, ids []int, perCust map[int]*usage) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(customerUsageSQL[pg])
	for i, id := range ids {
		if i > 0 {
			q.WriteByte(',')
		}
		u := perCust[id]
		q.values(id, "bigint", u.in, "bigint", u.out, "bigint")
	}
	q.WriteString(") AS v WHERE customers.id = v.column1")
	return q
}

// lockCustomers locks customers in id order (PostgreSQL): UPDATE … FROM VALUES may visit
// them in any order, and concurrent writers of other instances must not deadlock.
func lockCustomers(ids []int) *sqlBuilder {
	q := &sqlBuilder{pg: true, inline: true}
	q.WriteString("SELECT 1 FROM customers WHERE id IN (")
	for i, id := range ids {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(q.arg(id, "bigint"))
	}
	q.WriteString(") ORDER BY id FOR UPDATE")
	return q
}

// dailyUsage adds the batch's usage to the per-day totals; the sums stop at store.MaxCounter.
func dailyUsage(pg bool, days []dayKey, daily map[dayKey]*usage) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString("INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) VALUES ")
	for i, k := range days {
		if i > 0 {
			q.WriteByte(',')
		}
		u := daily[k]
		q.values(k.customer, "bigint", k.day, "text", u.in, "bigint", u.out, "bigint")
	}
	q.WriteString(dailyUsageConflictSQL[pg])
	return q
}

// The saturating sums of customerUsage and dailyUsage, by dialect (true: PostgreSQL), built
// once.
var (
	customerUsageSQL      = map[bool]string{true: customerUsageFor(dialect.Postgres), false: customerUsageFor(dialect.SQLite)}
	dailyUsageConflictSQL = map[bool]string{true: dailyConflictFor(dialect.Postgres), false: dailyConflictFor(dialect.SQLite)}
)

func customerUsageFor(dia string) string {
	return "UPDATE customers SET period_bytes_in = " + store.AddCounterSQL(dia, "customers.period_bytes_in", "v.column2") +
		", period_bytes_out = " + store.AddCounterSQL(dia, "customers.period_bytes_out", "v.column3") + " FROM (VALUES "
}

func dailyConflictFor(dia string) string {
	return " ON CONFLICT (customer_id, day) DO UPDATE SET bytes_in = " + store.AddCounterSQL(dia, "usage_dailies.bytes_in", "excluded.bytes_in") +
		", bytes_out = " + store.AddCounterSQL(dia, "usage_dailies.bytes_out", "excluded.bytes_out")
}

// writeLocked runs the batch in one explicit transaction under row locks: the sessions read
// FOR UPDATE, the customers locked in id order. It handles everything, including
// Accounting-On/Off.
func (w *acctWriter) writeLocked(ctx context.Context, batch []*acctReq) (*batchResult, error) {
	s := w.s
	pg := s.st.IsPostgres()
	tx, err := s.st.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("accounting: begin: %w", err)
	}
	defer tx.Rollback()

	var keys []string
	rows := map[string]*sessRow{}
	seen := map[string]bool{}
	for _, r := range batch {
		if r.key != "" && !seen[r.key] {
			seen[r.key] = true
			keys = append(keys, r.key)
		}
	}
	if err := readSessions(ctx, tx, pg, keys, true, rows); err != nil {
		return nil, err
	}
	p := planBatch(batch, rows)
	res := p.res

	for start := 0; start < len(p.inserts); start += 400 {
		q := insertSessions(pg, p.inserts[start:min(start+400, len(p.inserts))])
		if err := func() error {
			rs, err := tx.QueryContext(ctx, q.String(), q.args...)
			if err != nil {
				return err
			}
			defer rs.Close()
			for rs.Next() {
				var id int
				var key string
				if err := rs.Scan(&id, &key); err != nil {
					return err
				}
				if row := rows[key]; row != nil {
					row.id = id
				}
			}
			return rs.Err()
		}(); err != nil {
			return nil, fmt.Errorf("accounting: inserting sessions: %w", err)
		}
	}

	// On PostgreSQL the statements below go out as one script of literal statements
	// (simple query protocol: one round trip instead of two per statement); on SQLite one
	// by one.
	var script scriptWriter
	run := func(q *sqlBuilder) error {
		if q.inline {
			script.add(q)
			return nil
		}
		_, err := tx.ExecContext(ctx, q.String(), q.args...)
		return err
	}
	for start := 0; start < len(p.updates); start += 500 {
		if err := run(updateSessions(pg, false, p.updates[start:min(start+500, len(p.updates))])); err != nil {
			return nil, fmt.Errorf("accounting: updating sessions: %w", err)
		}
	}
	for start := 0; start < len(p.customers); start += 1000 {
		part := p.customers[start:min(start+1000, len(p.customers))]
		if pg {
			if err := run(lockCustomers(part)); err != nil {
				return nil, fmt.Errorf("accounting: locking customers: %w", err)
			}
		}
		if err := run(customerUsage(pg, part, res.perCust)); err != nil {
			return nil, fmt.Errorf("accounting: customer usage: %w", err)
		}
	}
	for start := 0; start < len(p.days); start += 1000 {
		if err := run(dailyUsage(pg, p.days[start:min(start+1000, len(p.days))], p.daily)); err != nil {
			return nil, fmt.Errorf("accounting: daily usage: %w", err)
		}
	}
	if script.Len() > 0 {
		if _, err := tx.ExecContext(ctx, script.String()); err != nil {
			return nil, fmt.Errorf("accounting: updating sessions and usage: %w", err)
		}
	}

	// Accounting-On/Off: close the NAS's sessions last updated before it. Run last, so a
	// session started earlier in this batch is closed and one started later is not.
	for _, rs := range p.resets {
		q := &sqlBuilder{pg: pg}
		q.WriteString("UPDATE sessions SET open = false, stopped_at = " + q.arg(rs.at, "timestamptz") +
			", terminate_cause = 'NAS-Reboot' WHERE nas_id = " + q.arg(rs.nasID, "bigint") +
			" AND open AND updated_at < " + q.arg(rs.at, "timestamptz") + " RETURNING id, acct_key, customer_id")
		if err := func() error {
			r, err := tx.QueryContext(ctx, q.String(), q.args...)
			if err != nil {
				return err
			}
			defer r.Close()
			for r.Next() {
				var c closedSession
				var cid sql.NullInt64
				if err := r.Scan(&c.id, &c.key, &cid); err != nil {
					return err
				}
				c.customerID, c.nasID = int(cid.Int64), rs.nasID
				res.closed = append(res.closed, c)
				if row := rows[c.key]; row != nil {
					row.open = false
				}
			}
			return r.Err()
		}(); err != nil {
			return nil, fmt.Errorf("accounting: closing sessions of a rebooted NAS: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("accounting: commit: %w", err)
	}
	res.seen = rows
	res.events = sessionEvents(res)
	return res, nil
}

// sessionEvents lists what a committed batch announces.
func sessionEvents(res *batchResult) []events.Event {
	var out []events.Event
	now := time.Now().UTC()
	for _, row := range res.rows {
		ev := events.Event{SessionID: row.id, CustomerID: row.customerID, NasID: row.nasID, At: now}
		switch {
		case !row.existed:
			ev.Kind = events.SessionStarted
			out = append(out, ev)
			if !row.open {
				ev.Kind = events.SessionStopped
				out = append(out, ev)
			}
		case row.wasOpen && !row.open:
			ev.Kind = events.SessionStopped
			out = append(out, ev)
		default:
			ev.Kind = events.SessionUpdated
			out = append(out, ev)
		}
	}
	for _, c := range res.closed {
		if res.rows[c.key] != nil {
			continue // announced with the batch's own rows above
		}
		out = append(out, events.Event{Kind: events.SessionStopped, SessionID: c.id, CustomerID: c.customerID, NasID: c.nasID, At: now})
	}
	return out
}

// afterCommit brings the snapshot in line with a committed batch.
func (s *Server) afterCommit(res *batchResult) {
	for key, row := range res.rows {
		if row.customerID == 0 {
			continue
		}
		if row.open {
			s.snap.putSession(row.customerID, key, &openSession{id: row.id, nasID: row.nasID, updated: row.updated, mac: normMAC(row.calling)})
		} else {
			s.snap.dropSession(row.customerID, key)
		}
	}
	for _, c := range res.closed {
		s.snap.dropSession(c.customerID, c.key)
	}
	for id, u := range res.perCust {
		if sub := s.snap.subscriberID(id); sub != nil {
			addCounter(&sub.usedIn, u.in)
			addCounter(&sub.usedOut, u.out)
		}
	}
}
