package radius

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/events"
)

// acctWriter is the group-commit writer: one goroutine takes every accounting request
// queued while the previous commit ran, writes them in one transaction with a handful of
// multi-row statements, and only then lets their replies go out. When the commit fails no
// reply is sent, so the routers retransmit and nothing is lost.
//
// On PostgreSQL three writers run, so batches are built while others wait for their
// commit to be flushed; a session two of them touch is serialised by SELECT … FOR UPDATE
// (taken in id order). On PostgreSQL the statements carry their values as quoted literals
// (simple query protocol: one round trip each instead of two; the updates go as one
// script), which matters more than anything else for the commit time.
type acctWriter struct {
	s        *Server
	in       chan *acctReq
	mu       sync.RWMutex
	closing  bool
	wg       sync.WaitGroup
	maxBatch int
}

func newAcctWriter(s *Server) *acctWriter {
	return &acctWriter{s: s, in: make(chan *acctReq, 16384), maxBatch: 1000}
}

// start runs n writer goroutines.
func (w *acctWriter) start(n int) {
	for i := 0; i < n; i++ {
		w.wg.Add(1)
		go w.run()
	}
}

// submit queues r; false when the writer is closing.
func (w *acctWriter) submit(r *acctReq) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closing {
		return false
	}
	w.in <- r
	return true
}

// close stops taking requests, commits what is queued and waits for the last commit.
func (w *acctWriter) close() {
	w.mu.Lock()
	if !w.closing {
		w.closing = true
		close(w.in)
	}
	w.mu.Unlock()
	w.wg.Wait()
}

func (w *acctWriter) run() {
	defer w.wg.Done()
	backoff := time.Duration(0)
	for {
		r, ok := <-w.in
		if !ok {
			return
		}
		batch := []*acctReq{r}
		closed := false
	drain:
		for len(batch) < w.maxBatch {
			select {
			case r, ok := <-w.in:
				if !ok {
					closed = true
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		if w.commit(batch) {
			backoff = 0
		} else if !closed {
			// The database is failing: pause a little so the queue does not spin; the
			// routers retransmit what got no answer.
			backoff = min(max(backoff*2, 50*time.Millisecond), time.Second)
			time.Sleep(backoff)
		}
		if closed {
			return
		}
	}
}

// commit writes batch and answers it; it reports success.
func (w *acctWriter) commit(batch []*acctReq) bool {
	s := w.s
	start := time.Now()
	res, err := w.write(batch)
	if err != nil && len(batch) > 1 && isConstraint(err) {
		// Not an outage but a bad request (a customer or NAS deleted meanwhile, a race with
		// another instance): commit one by one so only the bad one goes unanswered.
		s.log.Warn("radius: accounting batch failed, retrying one by one", "size", len(batch), "err", err)
		ok := true
		for _, r := range batch {
			ok = w.commit([]*acctReq{r}) && ok
		}
		return ok
	}
	s.m.commitTime.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.commitErrors.Inc()
		for _, r := range batch {
			r.done(false)
		}
		s.m.drops.WithLabelValues(dropDBUnavailable).Add(float64(len(batch)))
		s.logLimited("acct-commit", "radius: accounting commit failed; no replies sent, routers will retransmit",
			"requests", len(batch), "err", err)
		return false
	}
	s.m.batchSize.Observe(float64(len(batch)))
	s.afterCommit(res)
	for _, r := range batch {
		r.done(true)
	}
	for _, e := range res.events {
		s.bus.Publish(e)
	}
	return true
}

// sessRow is a session as the batch sees it.
type sessRow struct {
	id                         int
	key                        string
	existed, dirty, wasOpen    bool
	open                       bool
	customerID, nasID          int
	in, out, stime             int64
	started, updated           time.Time
	stopped                    *time.Time
	cause                      string
	sessionID, username        string
	framedIP, calling, nasPort string
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
	rows    map[string]*sessRow
	closed  []closedSession // by Accounting-On/Off
	perCust map[int]*usage
	events  []events.Event
}

type closedSession struct {
	id, customerID, nasID int
	key                   string
}

func forward(row *sessRow, r *acctReq) (dIn, dOut int64) {
	if r.bytesIn > row.in {
		dIn = r.bytesIn - row.in
		row.in = r.bytesIn
	}
	if r.bytesOut > row.out {
		dOut = r.bytesOut - row.out
		row.out = r.bytesOut
	}
	if r.sessTime > row.stime {
		row.stime = r.sessTime
	}
	return dIn, dOut
}

// write runs the batch in one transaction.
func (w *acctWriter) write(batch []*acctReq) (*batchResult, error) {
	s := w.s
	ctx, cancel := context.WithTimeout(context.WithoutCancel(s.ctx), 10*time.Second)
	defer cancel()
	pg := s.st.IsPostgres()
	tx, err := s.st.DB.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("accounting: begin: %w", err)
	}
	defer tx.Rollback()

	var keys []string
	seen := map[string]bool{}
	for _, r := range batch {
		if r.key != "" && !seen[r.key] {
			seen[r.key] = true
			keys = append(keys, r.key)
		}
	}
	slices.Sort(keys)
	rows := map[string]*sessRow{}
	for start := 0; start < len(keys); start += 500 {
		part := keys[start:min(start+500, len(keys))]
		q := &sqlBuilder{pg: pg, inline: pg} // literals: one round trip (simple query) on PostgreSQL
		q.WriteString("SELECT id, acct_key, open, bytes_in, bytes_out, session_time, customer_id, nas_id, started_at, updated_at, calling_station_id FROM sessions WHERE acct_key IN (")
		for i, k := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteString(q.arg(k, "text"))
		}
		q.WriteString(")")
		if pg {
			q.WriteString(" ORDER BY id FOR UPDATE")
		}
		if err := func() error {
			rs, err := tx.QueryContext(ctx, q.String(), q.args...)
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
				rows[row.key] = row
			}
			return rs.Err()
		}(); err != nil {
			return nil, fmt.Errorf("accounting: reading sessions: %w", err)
		}
	}

	res := &batchResult{rows: map[string]*sessRow{}, perCust: map[int]*usage{}}
	daily := map[dayKey]*usage{}
	var resets []nasReset
	addUsage := func(cid int, at time.Time, dIn, dOut int64) {
		if cid == 0 || (dIn == 0 && dOut == 0) {
			return
		}
		u := res.perCust[cid]
		if u == nil {
			u = &usage{}
			res.perCust[cid] = u
		}
		u.in += dIn
		u.out += dOut
		dk := dayKey{cid, at.UTC().Format("2006-01-02")}
		d := daily[dk]
		if d == nil {
			d = &usage{}
			daily[dk] = d
		}
		d.in += dIn
		d.out += dOut
	}
	var inserts []*sessRow
	for _, r := range batch {
		switch r.status {
		case rfc2866.AcctStatusType_Value_AccountingOn, rfc2866.AcctStatusType_Value_AccountingOff:
			resets = append(resets, nasReset{r.nasID, r.at.UTC()})
			continue
		}
		stop := r.status == rfc2866.AcctStatusType_Value_Stop
		at := r.at.UTC()
		row := rows[r.key]
		if row == nil {
			// Interim before Start, Stop without Start, or a plain Start: one new session.
			row = &sessRow{
				key: r.key, open: !stop, customerID: r.customerID, nasID: r.nasID,
				started: at.Add(-time.Duration(r.sessTime) * time.Second), updated: at,
				sessionID: r.sessionID, username: r.username, framedIP: r.framedIP, calling: r.calling, nasPort: r.nasPort,
			}
			dIn, dOut := forward(row, r)
			addUsage(row.customerID, at, dIn, dOut)
			if stop {
				row.stopped, row.cause = &at, r.cause
			}
			rows[r.key] = row
			res.rows[r.key] = row
			inserts = append(inserts, row)
			continue
		}
		if !row.open {
			// A stopped session: retransmitted Start or Interim change nothing; a Stop may
			// only move counters forward (e.g. after the reaper closed it).
			if stop {
				dIn, dOut := forward(row, r)
				if dIn != 0 || dOut != 0 {
					addUsage(row.customerID, at, dIn, dOut)
					row.dirty = true
					res.rows[r.key] = row
				}
			}
			continue
		}
		dIn, dOut := forward(row, r)
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

	// New sessions, in key order (concurrent writers take unique-index locks in one order).
	slices.SortFunc(inserts, func(a, b *sessRow) int { return strings.Compare(a.key, b.key) })
	for start := 0; start < len(inserts); start += 400 {
		part := inserts[start:min(start+400, len(inserts))]
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

	// Changed sessions.
	var updates []*sessRow
	for _, row := range res.rows {
		if row.existed && row.dirty {
			updates = append(updates, row)
		}
	}
	slices.SortFunc(updates, func(a, b *sessRow) int { return a.id - b.id })
	// On PostgreSQL the updates below go out as one script of literal statements (simple
	// query protocol: one round trip instead of two per statement); on SQLite one by one.
	var script strings.Builder
	run := func(q *sqlBuilder) error {
		if q.inline {
			script.WriteString(q.String())
			script.WriteString(";\n")
			return nil
		}
		_, err := tx.ExecContext(ctx, q.String(), q.args...)
		return err
	}
	for start := 0; start < len(updates); start += 500 {
		part := updates[start:min(start+500, len(updates))]
		q := &sqlBuilder{pg: pg, inline: pg}
		q.WriteString("UPDATE sessions SET bytes_in = v.column2, bytes_out = v.column3, session_time = v.column4, updated_at = v.column5, stopped_at = v.column6, terminate_cause = v.column7, open = v.column8, framed_ip = COALESCE(sessions.framed_ip, v.column9) FROM (VALUES ")
		for i, row := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			var stopped any
			if row.stopped != nil {
				stopped = *row.stopped
			}
			q.values(row.id, "bigint", row.in, "bigint", row.out, "bigint", row.stime, "bigint", row.updated, "timestamptz",
				stopped, "timestamptz", nullString(row.cause), "text", row.open, "boolean", nullString(row.framedIP), "text")
		}
		q.WriteString(") AS v WHERE sessions.id = v.column1")
		if err := run(q); err != nil {
			return nil, fmt.Errorf("accounting: updating sessions: %w", err)
		}
	}

	// Period usage of the customers, and the daily totals.
	cids := make([]int, 0, len(res.perCust))
	for id := range res.perCust {
		cids = append(cids, id)
	}
	slices.Sort(cids)
	for start := 0; start < len(cids); start += 1000 {
		part := cids[start:min(start+1000, len(cids))]
		if pg {
			// Lock the customers in id order first: UPDATE … FROM VALUES may visit them in any
			// order, and concurrent writers must not deadlock.
			lock := &sqlBuilder{pg: pg, inline: true}
			lock.WriteString("SELECT 1 FROM customers WHERE id IN (")
			for i, id := range part {
				if i > 0 {
					lock.WriteByte(',')
				}
				lock.WriteString(lock.arg(id, "bigint"))
			}
			lock.WriteString(") ORDER BY id FOR UPDATE")
			if err := run(lock); err != nil {
				return nil, fmt.Errorf("accounting: locking customers: %w", err)
			}
		}
		q := &sqlBuilder{pg: pg, inline: pg}
		q.WriteString("UPDATE customers SET period_bytes_in = customers.period_bytes_in + v.column2, period_bytes_out = customers.period_bytes_out + v.column3 FROM (VALUES ")
		for i, id := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			u := res.perCust[id]
			q.values(id, "bigint", u.in, "bigint", u.out, "bigint")
		}
		q.WriteString(") AS v WHERE customers.id = v.column1")
		if err := run(q); err != nil {
			return nil, fmt.Errorf("accounting: customer usage: %w", err)
		}
	}
	days := make([]dayKey, 0, len(daily))
	for k := range daily {
		days = append(days, k)
	}
	slices.SortFunc(days, func(a, b dayKey) int {
		if a.customer != b.customer {
			return a.customer - b.customer
		}
		return strings.Compare(a.day, b.day)
	})
	for start := 0; start < len(days); start += 1000 {
		part := days[start:min(start+1000, len(days))]
		q := &sqlBuilder{pg: pg, inline: pg}
		q.WriteString("INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) VALUES ")
		for i, k := range part {
			if i > 0 {
				q.WriteByte(',')
			}
			u := daily[k]
			q.values(k.customer, "bigint", k.day, "text", u.in, "bigint", u.out, "bigint")
		}
		q.WriteString(" ON CONFLICT (customer_id, day) DO UPDATE SET bytes_in = usage_dailies.bytes_in + excluded.bytes_in, bytes_out = usage_dailies.bytes_out + excluded.bytes_out")
		if err := run(q); err != nil {
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
	for _, rs := range resets {
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

	now := time.Now().UTC()
	for _, row := range res.rows {
		ev := events.Event{SessionID: row.id, CustomerID: row.customerID, NasID: row.nasID, At: now}
		switch {
		case !row.existed:
			ev.Kind = events.SessionStarted
			res.events = append(res.events, ev)
			if !row.open {
				ev.Kind = events.SessionStopped
				res.events = append(res.events, ev)
			}
		case row.wasOpen && !row.open:
			ev.Kind = events.SessionStopped
			res.events = append(res.events, ev)
		default:
			ev.Kind = events.SessionUpdated
			res.events = append(res.events, ev)
		}
	}
	for _, c := range res.closed {
		if res.rows[c.key] != nil {
			continue // announced with the batch's own rows above
		}
		res.events = append(res.events, events.Event{Kind: events.SessionStopped, SessionID: c.id, CustomerID: c.customerID, NasID: c.nasID, At: now})
	}
	return res, nil
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
			sub.usedIn.Add(u.in)
			sub.usedOut.Add(u.out)
		}
	}
}

// sqlBuilder writes a statement with placeholders for either database: $n::type on
// PostgreSQL (so VALUES lists get their types), ? on SQLite.
type sqlBuilder struct {
	strings.Builder
	pg     bool
	inline bool // PostgreSQL only: write values as quoted literals, for a multi-statement script
	args   []any
}

func (q *sqlBuilder) arg(v any, pgType string) string {
	if q.inline {
		return pgLiteral(v) + "::" + pgType
	}
	q.args = append(q.args, v)
	if q.pg {
		return "$" + strconv.Itoa(len(q.args)) + "::" + pgType
	}
	return "?"
}

// values writes one parenthesised VALUES row from value, type pairs.
func (q *sqlBuilder) values(pairs ...any) {
	q.WriteByte('(')
	for i := 0; i < len(pairs); i += 2 {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(q.arg(pairs[i], pairs[i+1].(string)))
	}
	q.WriteByte(')')
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// isConstraint reports whether err is a constraint violation (a bad row), as opposed to the
// database being unreachable or refusing work.
func isConstraint(err error) bool {
	if err == nil {
		return false
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		return pqErr.Code.Class() == "23" || pqErr.Code.Class() == "22" // integrity, data exception
	}
	msg := err.Error()
	return strings.Contains(msg, "constraint failed") || strings.Contains(msg, "FOREIGN KEY")
}

// pgLiteral writes a value as a PostgreSQL literal; strings are quoted by lib/pq.
func pgLiteral(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	case string:
		return pq.QuoteLiteral(x)
	case time.Time:
		return pq.QuoteLiteral(x.UTC().Format("2006-01-02 15:04:05.999999Z07:00"))
	}
	panic(fmt.Sprintf("radius: no literal for %T", v))
}
