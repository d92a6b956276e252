package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/internal/store/counter"
)

// MaxCounter is the ceiling of every stored byte counter and of every sum of them:
// counter.Max (2^53 − 1). The bound and its SQL live in internal/store/counter; the names
// below are kept for the store's callers.
const MaxCounter = counter.Max

// maxCounterSQL is MaxCounter as an SQL literal.
var maxCounterSQL = strconv.FormatInt(MaxCounter, 10)

// ClampCounter bounds v to [0, MaxCounter] (counter.Clamp).
func ClampCounter(v int64) int64 { return counter.Clamp(v) }

// SaturatingAdd adds two counters; the sum stops at MaxCounter (counter.Add).
func SaturatingAdd(a, b int64) int64 { return counter.Add(a, b) }

// CounterSQL is the SQL expression of expr bounded to [0, MaxCounter] (counter.SQL).
func CounterSQL(dia, expr string) string { return counter.SQL(dia, expr) }

// AddCounterSQL is the saturating sum of a counter column and an addend (counter.AddSQL).
func AddCounterSQL(dia, column, addend string) string { return counter.AddSQL(dia, column, addend) }

// SumCounterSQL is the saturating SUM of a counter column, as a bigint (counter.SumSQL).
func SumCounterSQL(dia, column string) string { return counter.SumSQL(dia, column) }

// ClampedColumns is an ent query modifier selecting the counters bounded
// (counter.ClampedColumns).
func ClampedColumns(columns []string, counters ...string) func(*entsql.Selector) {
	return counter.ClampedColumns(columns, counters...)
}

// counterColumns are the byte counters of each table.
var counterColumns = []struct {
	table   string
	columns [2]string
}{
	{"customers", [2]string{"period_bytes_in", "period_bytes_out"}},
	{"sessions", [2]string{"bytes_in", "bytes_out"}},
	{"sessions", [2]string{"rolled_in", "rolled_out"}}, // the roll-up's marks (radiusdb/rollup.go)
	{"usage_dailies", [2]string{"bytes_in", "bytes_out"}},
	{"usage_monthlies", [2]string{"bytes_in", "bytes_out"}},
}

// RepairCounters bounds, in every counter table, the counters outside [0, MaxCounter] (what
// overflowing sums of versions before the bound left: the largest bigints on PostgreSQL,
// REALs on SQLite, which ent cannot read). It returns how many rows it changed. Migrate runs
// it; rows within bounds are not written. It bypasses the change feed: snapshots load the
// repaired rows on their next full load, and read overflowed rows at the ceiling meanwhile.
func (s *Store) RepairCounters(ctx context.Context) (int64, error) {
	return s.repairCounters(ctx, s.DB)
}

// repairCounters is RepairCounters through q (Migrate's connection, which holds the lock).
func (s *Store) repairCounters(ctx context.Context, q interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}) (int64, error) {
	var total int64
	for _, t := range counterColumns {
		a, b := t.columns[0], t.columns[1]
		// A database migrated only part of the way (tests, a partial directory) may not have
		// columns a later migration adds: nothing to bound there yet.
		if _, err := q.ExecContext(ctx, fmt.Sprintf("SELECT %s, %s FROM %s WHERE 1 = 0", a, b, t.table)); err != nil {
			continue
		}
		query := fmt.Sprintf("UPDATE %s SET %s = %s, %s = %s WHERE %s > %s OR %s > %s OR %s < 0 OR %s < 0",
			t.table, a, CounterSQL(s.Dialect, a), b, CounterSQL(s.Dialect, b),
			a, maxCounterSQL, b, maxCounterSQL, a, b)
		res, err := q.ExecContext(ctx, query)
		if err != nil {
			return total, fmt.Errorf("bounding the byte counters of %s: %w", t.table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}
