// Package counter is the bound of every stored byte counter (session counters, period, daily
// and monthly usage) and of every sum of them, in Go and as SQL expressions for both
// databases. It imports nothing of linedesk, so both internal/store and the storage packages
// under it can use it.
package counter

import (
	"strconv"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
)

// Max is the ceiling: 2^53 − 1 bytes (9 PB), so values stay exact in GraphQL's Int and in
// JavaScript, and two of them always add up inside an int64. Sums saturate at it instead of
// overflowing (an overflow fails a PostgreSQL statement with "bigint out of range" and turns
// an SQLite integer into a REAL that no reader can scan).
const Max int64 = 1<<53 - 1

// maxSQL is Max as an SQL literal.
var maxSQL = strconv.FormatInt(Max, 10)

// Clamp bounds v to [0, Max].
func Clamp(v int64) int64 { return min(max(v, 0), Max) }

// Add adds two counters (each first bounded to [0, Max]); the sum stops at Max.
func Add(a, b int64) int64 {
	a, b = Clamp(a), Clamp(b)
	if a > Max-b {
		return Max
	}
	return a + b
}

// SQL is the SQL expression of expr bounded to [0, Max] in the dialect (dialect.Postgres or
// dialect.SQLite). On SQLite it also turns a REAL left by an old overflow back into an
// integer.
func SQL(dia, expr string) string {
	if dia == dialect.Postgres {
		return "LEAST(GREATEST(" + expr + ", 0), " + maxSQL + ")"
	}
	return "MIN(MAX(" + expr + ", 0), " + maxSQL + ")"
}

// AddSQL is the SQL expression of the saturating sum of a stored counter column and an addend
// that is already within [0, Max] (a literal or a placeholder): it cannot overflow, even when
// the column holds an overflowed value.
func AddSQL(dia, column, addend string) string {
	if dia == dialect.Postgres {
		return "LEAST(LEAST(" + column + ", " + maxSQL + ") + " + addend + ", " + maxSQL + ")"
	}
	return "MIN(MIN(" + column + ", " + maxSQL + ") + " + addend + ", " + maxSQL + ")"
}

// SumSQL is the SQL aggregate of a saturating SUM of a counter column, as a bigint.
// PostgreSQL sums bigints as numeric (no overflow) and the result is bounded; SQLite's SUM
// raises "integer overflow", so the sum is taken with TOTAL (a float, exact below 2^53).
func SumSQL(dia, column string) string {
	if dia == dialect.Postgres {
		return "CAST(LEAST(COALESCE(SUM(" + SQL(dia, column) + "), 0), " + maxSQL + ") AS BIGINT)"
	}
	return "CAST(MIN(TOTAL(" + SQL(dia, column) + "), " + maxSQL + ") AS INTEGER)"
}

// ClampedColumns is an ent query modifier (Query().Modify) that selects columns as ent
// would, but the counter columns bounded by SQL under their own names, so that a row holding
// an overflowed counter is read at the ceiling instead of failing the scan of the whole
// query. columns is the entity's full column list (e.g. customer.Columns).
func ClampedColumns(columns []string, counters ...string) func(*entsql.Selector) {
	clamp := make(map[string]bool, len(counters))
	for _, c := range counters {
		clamp[c] = true
	}
	return func(s *entsql.Selector) {
		sel := make([]string, 0, len(columns))
		for _, c := range columns {
			if clamp[c] {
				sel = append(sel, entsql.As(SQL(s.Dialect(), s.C(c)), c))
			} else {
				sel = append(sel, s.C(c))
			}
		}
		s.Select(sel...)
	}
}
