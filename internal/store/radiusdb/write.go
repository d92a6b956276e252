package radiusdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent/session"
)

// Batch is what one accounting batch writes, worked out in memory from the sessions as read:
// the session rows only. The customers' period usage and the daily usage are derived from
// them afterwards, off the reply path, by RollUp. Statements take row locks in one order
// (keys, ids), so concurrent writers queue rather than deadlock: keep every list in the
// order its comment gives.
type Batch struct {
	Inserts []*Session    // new sessions, in key order; the write sets their ID
	Updates []*Session    // changed sessions, in id order
	Resets  []NasReset    // Accounting-On/Off, applied last (WriteLocked only)
	IPv6    []SessionIPv6 // reported IPv6 of sessions, in key order; after Inserts (ipv6.go)
}

// NasReset is an Accounting-On/Off: the NAS's sessions last updated before At are closed.
type NasReset struct {
	NasID int
	At    time.Time
}

// Statements per chunk of a batch (a statement's VALUES list stays well below the limits
// of both databases).
const (
	insertChunk = 400
	updateChunk = 500
)

// chunked calls f with consecutive parts of at most n elements of list.
func chunked[T any](list []T, n int, f func([]T) error) error {
	for start := 0; start < len(list); start += n {
		if err := f(list[start:min(start+n, len(list))]); err != nil {
			return err
		}
	}
	return nil
}

// WriteOptimistic writes b (without Resets) on PostgreSQL as one script of literal
// statements: one round trip, one implicit transaction. Every update is conditional on its
// Stored state; when another writer changed a row meanwhile, nothing is written and the error
// satisfies IsWriteConflict (SQLSTATE ErrCodeStale): redo the batch with WriteLocked.
func (d *DB) WriteOptimistic(ctx context.Context, b *Batch) error {
	if !d.pg {
		return fmt.Errorf("accounting: optimistic writes need PostgreSQL")
	}
	var script scriptWriter
	_ = chunked(b.Inserts, insertChunk, func(p []*Session) error { script.add(insertSessions(true, p)); return nil })
	_ = chunked(b.Updates, updateChunk, func(p []*Session) error { script.add(updateSessions(true, true, p)); return nil })
	_ = chunked(b.IPv6, insertChunk, func(p []SessionIPv6) error { script.add(upsertIPv6(true, p)); return nil })
	if script.Len() == 0 {
		return nil
	}
	// One simple-protocol query: its statements run as one implicit transaction, and the
	// answer comes after the commit. Only the inserts return rows (the new ids).
	rs, err := d.db.QueryContext(ctx, script.String())
	if err != nil {
		return fmt.Errorf("accounting: writing batch: %w", err)
	}
	err = scanNewIDs(rs, inserted(b.Inserts))
	if cerr := rs.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("accounting: writing batch: %w", err)
	}
	return nil
}

// inserted indexes new sessions by key, to give them the ids the database returns.
func inserted(rows []*Session) map[string]*Session {
	m := make(map[string]*Session, len(rows))
	for _, r := range rows {
		m[r.Key] = r
	}
	return m
}

// scanNewIDs reads every result set of a script; the two-column ones are (id, acct_key) of
// inserted sessions.
func scanNewIDs(rs *sql.Rows, byKey map[string]*Session) error {
	for {
		cols, err := rs.Columns()
		if err != nil {
			return err
		}
		for rs.Next() {
			if len(cols) != 2 {
				continue
			}
			var id int
			var key string
			if err := rs.Scan(&id, &key); err != nil {
				return fmt.Errorf("new session ids: %w", err)
			}
			if row := byKey[key]; row != nil {
				row.ID = id
			}
		}
		if !rs.NextResultSet() {
			break
		}
	}
	return rs.Err()
}

// WriteLocked writes a batch in one explicit transaction under row locks: it reads the
// sessions with keys FOR UPDATE (PostgreSQL) and passes each to found, asks plan for the
// batch, writes it (the customers locked in id order; Resets last, so a session started
// earlier in the batch is closed and one started later is not) and commits. It returns the
// sessions the Resets closed. It handles every batch, on both databases.
func (d *DB) WriteLocked(ctx context.Context, keys []string, found func(Session), plan func() *Batch) ([]ClosedSession, error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("accounting: begin: %w", err)
	}
	defer tx.Rollback()
	if err := readSessions(ctx, tx, d.pg, keys, true, found); err != nil {
		return nil, err
	}
	b := plan()
	if err := chunked(b.Inserts, insertChunk, func(p []*Session) error { return d.insertLocked(ctx, tx, p) }); err != nil {
		return nil, err
	}
	if err := d.writeChanges(ctx, tx, b); err != nil {
		return nil, err
	}
	var closed []ClosedSession
	for _, r := range b.Resets {
		c, err := closeResetSessions(ctx, tx, d.pg, r)
		if err != nil {
			return nil, err
		}
		closed = append(closed, c...)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("accounting: commit: %w", err)
	}
	return closed, nil
}

// insertLocked inserts new sessions and sets their ids.
func (d *DB) insertLocked(ctx context.Context, tx *sql.Tx, part []*Session) error {
	q := insertSessions(d.pg, part)
	rs, err := tx.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return fmt.Errorf("accounting: inserting sessions: %w", err)
	}
	defer rs.Close()
	if err := scanNewIDs(rs, inserted(part)); err != nil {
		return fmt.Errorf("accounting: inserting sessions: %w", err)
	}
	return nil
}

// writeChanges writes the updates of a locked batch: on PostgreSQL as literal statements (simple
// query protocol: one round trip instead of two per statement); on SQLite with parameters.
func (d *DB) writeChanges(ctx context.Context, tx *sql.Tx, b *Batch) error {
	exec := func(what string, q *sqlBuilder) error {
		if _, err := tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return fmt.Errorf("accounting: %s: %w", what, err)
		}
		return nil
	}
	if err := chunked(b.Updates, updateChunk, func(p []*Session) error { return exec("updating sessions", updateSessions(d.pg, false, p)) }); err != nil {
		return err
	}
	return chunked(b.IPv6, insertChunk, func(p []SessionIPv6) error { return exec("session IPv6", upsertIPv6(d.pg, p)) })
}

var resetSessionsSQL = [3]string{
	"UPDATE " + session.Table + " SET " + session.FieldOpen + " = false, " + session.FieldStoppedAt + " = ",
	", " + session.FieldTerminateCause + " = 'NAS-Reboot' WHERE " + session.FieldNasID + " = ",
	" AND " + session.FieldOpen + " AND " + session.FieldUpdatedAt + " < ",
}

// closeResetSessions closes the NAS's open sessions last updated before the reset.
func closeResetSessions(ctx context.Context, tx *sql.Tx, pg bool, r NasReset) ([]ClosedSession, error) {
	q := &sqlBuilder{pg: pg}
	q.WriteString(resetSessionsSQL[0] + q.arg(r.At, "timestamptz") + resetSessionsSQL[1] + q.arg(r.NasID, "bigint") +
		resetSessionsSQL[2] + q.arg(r.At, "timestamptz") + closedReturning[pg])
	closed, err := scanClosed(tx.QueryContext(ctx, q.String(), q.args...))
	if err != nil {
		return nil, fmt.Errorf("accounting: closing sessions of a rebooted NAS: %w", err)
	}
	return closed, nil
}

// closedReturning is what a statement closing sessions returns, for scanClosed (by dialect).
var closedReturning = map[bool]string{true: " RETURNING " + sessionColumns[true], false: " RETURNING " + sessionColumns[false]}

// scanClosed reads the sessions a statement ending in closedReturning closed.
func scanClosed(rows *sql.Rows, err error) ([]ClosedSession, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var closed []ClosedSession
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, err
		}
		closed = append(closed, ClosedSession{s})
	}
	return closed, rows.Err()
}
