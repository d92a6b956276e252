package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// MaxCounter is the ceiling of every stored byte counter (session counters, period, daily
// and monthly usage) and of every sum of them: 2^53 − 1 bytes (9 PB), so values stay exact in
// GraphQL's Int and in JavaScript, and two of them always add up inside an int64. Sums
// saturate at it instead of overflowing (an overflow fails a PostgreSQL statement with
// "bigint out of range" and turns an SQLite integer into a REAL that no reader can scan).
const MaxCounter int64 = 1<<53 - 1

// maxCounterSQL is MaxCounter as an SQL literal.
var maxCounterSQL = strconv.FormatInt(MaxCounter, 10)

// ClampCounter bounds v to [0, MaxCounter].
func ClampCounter(v int64) int64 { return min(max(v, 0), MaxCounter) }

// SaturatingAdd adds two counters (each first bounded to [0, MaxCounter]); the sum stops at
// MaxCounter.
func SaturatingAdd(a, b int64) int64 {
	a, b = ClampCounter(a), ClampCounter(b)
	if a > MaxCounter-b {
		return MaxCounter
	}
	return a + b
}

// CounterSQL is the SQL expression of expr bounded to [0, MaxCounter] in the dialect
// (dialect.Postgres or dialect.SQLite). On SQLite it also turns a REAL left by an old
// overflow back into an integer.
func CounterSQL(dia, expr string) string {
	if dia == dialect.Postgres {
		return "LEAST(GREATEST(" + expr + ", 0), " + maxCounterSQL + ")"
	}
	return "MIN(MAX(" + expr + ", 0), " + maxCounterSQL + ")"
}

// AddCounterSQL is the SQL expression of the saturating sum of a stored counter column and
// an addend that is already within [0, MaxCounter] (a literal or a placeholder): it cannot
// overflow, even when the column holds an overflowed value.
func AddCounterSQL(dia, column, addend string) string {
	if dia == dialect.Postgres {
		return "LEAST(LEAST(" + column + ", " + maxCounterSQL + ") + " + addend + ", " + maxCounterSQL + ")"
	}
	return "MIN(MIN(" + column + ", " + maxCounterSQL + ") + " + addend + ", " + maxCounterSQL + ")"
}

// SumCounterSQL is the SQL aggregate of a saturating SUM of a counter column, as a bigint.
// PostgreSQL sums bigints as numeric (no overflow) and the result is bounded; SQLite's SUM
// raises "integer overflow", so the sum is taken with TOTAL (a float, exact below 2^53).
func SumCounterSQL(dia, column string) string {
	if dia == dialect.Postgres {
		return "CAST(LEAST(COALESCE(SUM(" + CounterSQL(dia, column) + "), 0), " + maxCounterSQL + ") AS BIGINT)"
	}
	return "CAST(MIN(TOTAL(" + CounterSQL(dia, column) + "), " + maxCounterSQL + ") AS INTEGER)"
}

// ClampedColumns is an ent query modifier (Query().Modify) that selects columns as ent
// would, but the counter columns bounded by CounterSQL under their own names, so that a row
// holding an overflowed counter is read at the ceiling instead of failing the scan of the
// whole query. columns is the entity's full column list (e.g. customer.Columns).
func ClampedColumns(columns []string, counters ...string) func(*entsql.Selector) {
	clamp := make(map[string]bool, len(counters))
	for _, c := range counters {
		clamp[c] = true
	}
	return func(s *entsql.Selector) {
		sel := make([]string, 0, len(columns))
		for _, c := range columns {
			if clamp[c] {
				sel = append(sel, entsql.As(CounterSQL(s.Dialect(), s.C(c)), c))
			} else {
				sel = append(sel, s.C(c))
			}
		}
		s.Select(sel...)
	}
}

// counterColumns are the byte counters of each table.
var counterColumns = []struct {
	table   string
	columns [2]string
}{
	{"customers", [2]string{"period_bytes_in", "period_bytes_out"}},
	{"sessions", [2]string{"bytes_in", "bytes_out"}},
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
