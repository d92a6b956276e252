package retention

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/usagemonthly"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestRollUpSaturates rolls up a month whose daily usage holds what an overflowing sum of the
// old accounting code left behind (written with SQL: the largest bigint on PostgreSQL, a REAL
// on SQLite) next to ordinary days: the roll-up succeeds, the poisoned customer's month stops
// at the ceiling 2^53 − 1 instead of overflowing, and another customer's month is exact.
func TestRollUpSaturates(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		c := st.Client
		p := c.Profile.Create().SetName("P").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(100).SaveX(ctx)
		alice := c.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc("v1:x:y").
			SetPhone("+254700000001").SetProfile(p).SetExpiresAt(now).SaveX(ctx)
		bob := c.Customer.Create().SetAccountNo("100002").SetUsername("bob").SetPasswordEnc("v1:x:y").
			SetPhone("+254700000002").SetProfile(p).SetExpiresAt(now).SaveX(ctx)
		for _, d := range []string{"2026-06-01", "2026-06-02", "2026-06-03"} {
			c.UsageDaily.Create().SetCustomerID(alice.ID).SetDay(d).SetBytesIn(10).SetBytesOut(100).ExecX(ctx)
			c.UsageDaily.Create().SetCustomerID(bob.ID).SetDay(d).SetBytesIn(1).SetBytesOut(2).ExecX(ctx)
		}
		bad := "9223372036854775807"
		if !st.IsPostgres() {
			bad = "1.3835058055282164e19"
		}
		q := fmt.Sprintf("UPDATE usage_dailies SET bytes_in = %s, bytes_out = %s WHERE customer_id = %d AND day <> '2026-06-02'", bad, bad, alice.ID)
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
		if _, err := RollUpMonths(ctx, st, "2026-06"); err != nil {
			t.Fatalf("roll-up: %v", err)
		}
		a := c.UsageMonthly.Query().Where(usagemonthly.CustomerID(alice.ID), usagemonthly.Month("2026-06")).OnlyX(ctx)
		b := c.UsageMonthly.Query().Where(usagemonthly.CustomerID(bob.ID), usagemonthly.Month("2026-06")).OnlyX(ctx)
		if a.BytesIn != 1<<53-1 || a.BytesOut != 1<<53-1 {
			t.Errorf("alice's month %d/%d, want %d/%d (saturated)", a.BytesIn, a.BytesOut, int64(1<<53-1), int64(1<<53-1))
		}
		if b.BytesIn != 3 || b.BytesOut != 6 {
			t.Errorf("bob's month %d/%d, want 3/6", b.BytesIn, b.BytesOut)
		}
	})
}
