package radiusdb

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"time"

	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// Session is a session row as accounting reads and writes it.
type Session struct {
	ID                  int // 0 until inserted
	Key                 string
	CustomerID, NasID   int // CustomerID 0: an unknown user
	Open                bool
	In, Out, Time       int64 // bytes_in, bytes_out, session_time
	Started, Updated    time.Time
	Stopped             *time.Time
	Cause               string
	SessionID, Username string // Acct-Session-Id and User-Name, written on insert
	FramedIP, Calling   string
	NasPort             string
	// The state the batch started from, as stored: an optimistic update is conditional on it.
	StoredIn, StoredOut int64
	StoredOpen          bool
}

// MarkStored records that s is now stored as it is (after a commit, or as read).
func (s *Session) MarkStored() {
	s.StoredIn, s.StoredOut, s.StoredOpen = s.In, s.Out, s.Open
}

// ClosedSession is a session closed by Accounting-On/Off or by the reaper, as stored after
// its closing.
type ClosedSession struct{ Session }

// queryer is a *sql.DB or *sql.Tx.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// sessionColumns are the columns a Session is read from (scanSession's order), by dialect
// (true: PostgreSQL). The counters are read bounded to counter.Max: a row an old overflow left
// out of bounds is read at the ceiling (its next write repairs it) instead of failing the
// batch.
var sessionColumns = map[bool]string{true: sessionColumnsFor(dialect.Postgres), false: sessionColumnsFor(dialect.SQLite)}

func sessionColumnsFor(dia string) string {
	return columns(session.FieldID, session.FieldAcctKey, session.FieldOpen,
		counter.SQL(dia, session.FieldBytesIn), counter.SQL(dia, session.FieldBytesOut), session.FieldSessionTime,
		session.FieldCustomerID, session.FieldNasID, session.FieldStartedAt, session.FieldUpdatedAt,
		session.FieldCallingStationID, session.FieldAcctSessionID, session.FieldUsername, session.FieldFramedIP,
		session.FieldNasPortID, session.FieldStoppedAt, session.FieldTerminateCause)
}

// readSessionsSQL starts the query of readSessions, by dialect.
var readSessionsSQL = map[bool]string{
	true:  "SELECT " + sessionColumns[true] + " FROM " + session.Table + " WHERE " + session.FieldAcctKey + " IN (",
	false: "SELECT " + sessionColumns[false] + " FROM " + session.Table + " WHERE " + session.FieldAcctKey + " IN (",
}

// scanSession reads one row of sessionColumns, with its Stored state set.
func scanSession(rs *sql.Rows) (Session, error) {
	var s Session
	var cid sql.NullInt64
	var calling, framed, port, cause sql.NullString
	var stopped sql.NullTime
	if err := rs.Scan(&s.ID, &s.Key, &s.Open, &s.In, &s.Out, &s.Time, &cid, &s.NasID, &s.Started, &s.Updated,
		&calling, &s.SessionID, &s.Username, &framed, &port, &stopped, &cause); err != nil {
		return s, err
	}
	s.CustomerID = int(cid.Int64)
	s.Calling, s.FramedIP, s.NasPort, s.Cause = calling.String, framed.String, port.String, cause.String
	if stopped.Valid {
		t := stopped.Time.UTC()
		s.Stopped = &t
	}
	s.Started, s.Updated = s.Started.UTC(), s.Updated.UTC()
	s.MarkStored()
	return s, nil
}

// ReadSessions reads, without locks, the sessions with the given keys and passes each to
// found (with its Stored state set). keys is sorted in place.
func (d *DB) ReadSessions(ctx context.Context, keys []string, found func(Session)) error {
	return readSessions(ctx, d.db, d.pg, keys, false, found)
}

// readSessions reads the sessions with the given keys; with lock, under FOR UPDATE taken in
// id order (PostgreSQL).
func readSessions(ctx context.Context, q queryer, pg bool, keys []string, lock bool, found func(Session)) error {
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
			b.WriteString(" ORDER BY " + session.FieldID + " FOR UPDATE")
		}
		if err := scanSessions(ctx, q, b, found); err != nil {
			return fmt.Errorf("accounting: reading sessions: %w", err)
		}
	}
	return nil
}

func scanSessions(ctx context.Context, q queryer, b *sqlBuilder, found func(Session)) error {
	rs, err := q.QueryContext(ctx, b.String(), b.args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		s, err := scanSession(rs)
		if err != nil {
			return err
		}
		found(s)
	}
	return rs.Err()
}

var insertSessionsSQL = "INSERT INTO " + session.Table + " (" + columns(session.FieldAcctKey, session.FieldAcctSessionID,
	session.FieldUsername, session.FieldCustomerID, session.FieldNasID, session.FieldFramedIP, session.FieldCallingStationID,
	session.FieldNasPortID, session.FieldStartedAt, session.FieldUpdatedAt, session.FieldStoppedAt, session.FieldSessionTime,
	session.FieldBytesIn, session.FieldBytesOut, session.FieldTerminateCause, session.FieldOpen) + ") VALUES "

var insertSessionsReturning = " RETURNING " + columns(session.FieldID, session.FieldAcctKey)

// insertSessions inserts new sessions and returns their ids and keys.
func insertSessions(pg bool, part []*Session) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(insertSessionsSQL)
	for i, row := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		var stopped any
		if row.Stopped != nil {
			stopped = *row.Stopped
		}
		q.values(
			row.Key, "text", row.SessionID, "text", row.Username, "text", nullID(row.CustomerID), "bigint", row.NasID, "bigint",
			nullString(row.FramedIP), "text", nullString(row.Calling), "text", nullString(row.NasPort), "text",
			row.Started, "timestamptz", row.Updated, "timestamptz", stopped, "timestamptz",
			row.Time, "bigint", row.In, "bigint", row.Out, "bigint", nullString(row.Cause), "text", row.Open, "boolean")
	}
	q.WriteString(insertSessionsReturning)
	return q
}

// updateSessionsSQL sets a session's changing columns from a VALUES list (v.column1 is the id).
var updateSessionsSQL = "UPDATE " + session.Table + " SET " +
	session.FieldBytesIn + " = v.column2, " + session.FieldBytesOut + " = v.column3, " +
	session.FieldSessionTime + " = v.column4, " + session.FieldUpdatedAt + " = v.column5, " +
	session.FieldStoppedAt + " = v.column6, " + session.FieldTerminateCause + " = v.column7, " +
	session.FieldOpen + " = v.column8, " +
	session.FieldFramedIP + " = COALESCE(" + session.Table + "." + session.FieldFramedIP + ", v.column9) FROM (VALUES "

var (
	updateSessionsWhere = ") AS v WHERE " + session.Table + "." + session.FieldID + " = v.column1"
	// updateSessionsStored is the optimistic condition: the row is still as the batch read it.
	updateSessionsStored = " AND " + session.Table + "." + session.FieldBytesIn + " = v.column10 AND " +
		session.Table + "." + session.FieldBytesOut + " = v.column11 AND " +
		session.Table + "." + session.FieldOpen + " = v.column12 RETURNING 1) SELECT " + ExpectRowsFunc + "(count(*), "
)

// updateSessions writes changed sessions. With conditional (PostgreSQL, optimistic path)
// each row is updated only if its counters and state are still those the batch started
// from, and the statement fails (ExpectRowsFunc) unless every row was.
func updateSessions(pg, conditional bool, part []*Session) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	if conditional {
		q.WriteString("WITH u AS (")
	}
	q.WriteString(updateSessionsSQL)
	for i, row := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		var stopped any
		if row.Stopped != nil {
			stopped = *row.Stopped
		}
		pairs := []any{row.ID, "bigint", row.In, "bigint", row.Out, "bigint", row.Time, "bigint", row.Updated, "timestamptz",
			stopped, "timestamptz", nullString(row.Cause), "text", row.Open, "boolean", nullString(row.FramedIP), "text"}
		if conditional {
			pairs = append(pairs, row.StoredIn, "bigint", row.StoredOut, "bigint", row.StoredOpen, "boolean")
		}
		q.values(pairs...)
	}
	q.WriteString(updateSessionsWhere)
	if conditional {
		q.WriteString(updateSessionsStored)
		q.WriteString(strconv.Itoa(len(part)))
		q.WriteString(") FROM u")
	}
	return q
}
