// Package radiusdb is the storage of the RADIUS server: what accounting writes (sessions;
// the customers' period usage and daily usage are rolled up from them by RollUp, rollup.go), the auth-event log, the reaper's and
// Accounting-On/Off's closing of sessions, NAS last-seen times, and the recount of a
// customer's open sessions. It is the one place that writes SQL for those tables; table and
// column names come from ent's generated constants, so a schema rename breaks the build.
//
// It owns the optimistic-write contract too: the PostgreSQL function linedesk_expect_rows
// (ExpectRowsFunc, created by the migration ent/migrate/migrations/postgres/*_expect_rows.sql),
// which fails a statement with SQLSTATE LD409 (ErrCodeStale) when a conditional update matched
// fewer rows than it should. TestExpectRowsContract checks that a migrated database keeps it.
//
// The accounting hot path stays one round trip per batch on PostgreSQL: WriteOptimistic
// sends the whole batch as one script of literal statements (simple query protocol: one
// implicit transaction, answered after the commit).
package radiusdb

import (
	"database/sql"
	"errors"
	"strings"

	"entgo.io/ent/dialect"
	"github.com/lib/pq"
)

// DB is the RADIUS server's storage over an open database.
type DB struct {
	db *sql.DB
	pg bool
}

// New wraps db, whose dialect is dialect.Postgres or dialect.SQLite.
func New(db *sql.DB, dia string) *DB {
	return &DB{db: db, pg: dia == dialect.Postgres}
}

// ExpectRowsFunc is the name of the function the optimistic statements call.
const ExpectRowsFunc = "linedesk_expect_rows"

// ErrCodeStale is the SQLSTATE ExpectRowsFunc raises.
const ErrCodeStale = "LD409"

// IsWriteConflict reports whether err means another writer got there first (the batch can
// be redone under locks at once) rather than a bad row or an unreachable database.
func IsWriteConflict(err error) bool {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) {
		return false
	}
	switch pqErr.Code {
	case ErrCodeStale, "23505", "40P01", "40001": // stale, unique violation, deadlock, serialization
		return true
	}
	return false
}

// IsConstraint reports whether err is a constraint violation (a bad row), as opposed to the
// database being unreachable or refusing work.
func IsConstraint(err error) bool {
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

// IsUnreadable reports whether err is a stored row that cannot be scanned (e.g. a REAL an
// old overflow left in an SQLite integer column), a bad row rather than an outage.
func IsUnreadable(err error) bool {
	return err != nil && strings.Contains(err.Error(), "sql: Scan error")
}
