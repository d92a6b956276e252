package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// maxCounter is store.MaxCounter, spelled out so the test states the contract: 2^53 − 1.
const maxCounter = 1<<53 - 1

// poisonValue is what an overflowing sum of the old accounting code left behind: on SQLite an
// integer overflow turns into a REAL (1.38e19), on PostgreSQL the largest bigint.
func poisonValue(st *store.Store) string {
	if st.IsPostgres() {
		return "9223372036854775807"
	}
	return "1.3835058055282164e19"
}

// TestMigrateRepairsOverflowedCounters writes, with plain SQL, the values the old accounting
// code stored after an overflow into every byte counter table, then migrates (what every
// start does): each one is stored at the ceiling 2^53 − 1 (read with plain SQL), and the
// counters that were fine are untouched.
func TestMigrateRepairsOverflowedCounters(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := seedProfile(t, st)
		c := newCustomer(st, p, "100001", "alice").SaveX(ctx)
		n := st.Client.Nas.Create().SetName("core").SetIPAddress("10.0.0.1").SetSecretEnc("v1:x:y").SaveX(ctx)
		now := time.Now().UTC()
		s := st.Client.Session.Create().SetAcctKey("k1").SetAcctSessionID("s1").SetUsername("alice").
			SetCustomerID(c.ID).SetNasID(n.ID).SetStartedAt(now).SetUpdatedAt(now).SaveX(ctx)
		st.Client.UsageDaily.Create().SetCustomerID(c.ID).SetDay("2026-11-30").SaveX(ctx)
		st.Client.UsageMonthly.Create().SetCustomerID(c.ID).SetMonth("2026-11").SaveX(ctx)

		bad := poisonValue(st)
		for _, q := range []string{
			"UPDATE customers SET period_bytes_in = " + bad + ", period_bytes_out = 5",
			"UPDATE sessions SET bytes_in = 5, bytes_out = " + bad,
			"UPDATE usage_dailies SET bytes_in = " + bad + ", bytes_out = " + bad,
			"UPDATE usage_monthlies SET bytes_in = 5, bytes_out = " + bad,
		} {
			if _, err := st.DB.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if err := st.Migrate(ctx); err != nil {
			t.Fatal(err)
		}

		// Read the rows with plain SQL: ent's queries bound counters on their own (counterReads),
		// so only a raw read shows that the stored values were repaired.
		got := map[string][2]int64{}
		for k, q := range map[string]string{
			"customer": fmt.Sprintf("SELECT period_bytes_in, period_bytes_out FROM customers WHERE id = %d", c.ID),
			"session":  fmt.Sprintf("SELECT bytes_in, bytes_out FROM sessions WHERE id = %d", s.ID),
			"daily":    "SELECT bytes_in, bytes_out FROM usage_dailies",
			"monthly":  "SELECT bytes_in, bytes_out FROM usage_monthlies",
		} {
			var in, out int64
			if err := st.DB.QueryRowContext(ctx, q).Scan(&in, &out); err != nil {
				t.Fatalf("reading the %s counters after the repair: %v", k, err)
			}
			got[k] = [2]int64{in, out}
		}
		want := map[string][2]int64{
			"customer": {maxCounter, 5},
			"session":  {5, maxCounter},
			"daily":    {maxCounter, maxCounter},
			"monthly":  {5, maxCounter},
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s counters = %v, want %v", k, got[k], w)
			}
		}
	})
}

func TestSaturatingAdd(t *testing.T) {
	tests := []struct{ a, b, want int64 }{
		{1, 2, 3},
		{maxCounter - 1, 1, maxCounter},
		{maxCounter, 1, maxCounter},
		{1 << 62, 1 << 62, maxCounter},
		{9223372036854775807, 9223372036854775807, maxCounter},
		{-5, 3, 3},
	}
	for _, tt := range tests {
		if got := store.SaturatingAdd(tt.a, tt.b); got != tt.want {
			t.Errorf("SaturatingAdd(%d, %d) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
