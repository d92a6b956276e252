package counter

import (
	"math"
	"testing"

	"entgo.io/ent/dialect"
)

func TestAddSaturates(t *testing.T) {
	tests := []struct{ a, b, want int64 }{
		{1, 2, 3},
		{-5, 7, 7},
		{Max, 1, Max},
		{Max - 1, 1, Max},
		{math.MaxInt64, math.MaxInt64, Max},
		{math.MinInt64, -1, 0},
	}
	for _, tt := range tests {
		if got := Add(tt.a, tt.b); got != tt.want {
			t.Errorf("Add(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestSQLByDialect(t *testing.T) {
	if got, want := SQL(dialect.Postgres, "x"), "LEAST(GREATEST(x, 0), 9007199254740991)"; got != want {
		t.Errorf("PostgreSQL: %s, want %s", got, want)
	}
	if got, want := AddSQL(dialect.SQLite, "c", "?"), "MIN(MIN(c, 9007199254740991) + ?, 9007199254740991)"; got != want {
		t.Errorf("SQLite: %s, want %s", got, want)
	}
}
