package reports

import (
	"context"
	"fmt"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestGrowthExpiringTopUsers: new, churned and active customers per month, revenue and ARPU
// equal to the ledger; the expiring report leaves out archived customers; top users are the
// largest sums of daily traffic, most first. On both databases.
func TestGrowthExpiringTopUsers(t *testing.T) {
	now := time.Date(2026, 3, 15, 12, 0, 0, 0, time.UTC)
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st)
		s.now = func() time.Time { return now }
		ctx := context.Background()
		c := st.Client
		if err := settings.Set(ctx, c, settings.TimeZone, "UTC"); err != nil {
			t.Fatal(err)
		}
		p := c.Profile.Create().SetName("P").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(100).SaveX(ctx)
		type cust struct {
			joined, expires time.Time
			archived        *time.Time
			traffic         map[string]int64 // day → bytes
			paid            int64            // paid on joining
		}
		feb, mar := time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
		archivedAt := time.Date(2026, 3, 5, 0, 0, 0, 0, time.UTC)
		list := []cust{
			{joined: feb, expires: time.Date(2026, 4, 10, 0, 0, 0, 0, time.UTC), traffic: map[string]int64{"2026-02-11": 100, "2026-03-01": 5000}, paid: 3000},
			{joined: feb, expires: time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC), traffic: map[string]int64{"2026-02-12": 7000}, paid: 1000}, // lapsed in March
			{joined: mar, expires: time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC), traffic: map[string]int64{"2026-03-03": 300}, paid: 2000},  // current
			{joined: mar, expires: time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC), archived: &archivedAt},                                     // archived in March
		}
		ids := make([]int, len(list))
		for i, cu := range list {
			cr := c.Customer.Create().SetAccountNo(fmt.Sprint(100001 + i)).SetUsername(fmt.Sprintf("u%d", i)).SetPasswordEnc("v1:x:y").
				SetPhone(fmt.Sprintf("+2547000000%02d", i)).SetProfile(p).SetJoinedAt(cu.joined).SetExpiresAt(cu.expires)
			if cu.archived != nil {
				cr.SetArchivedAt(*cu.archived)
			}
			row := cr.SaveX(ctx)
			ids[i] = row.ID
			for d, b := range cu.traffic {
				c.UsageDaily.Create().SetCustomerID(row.ID).SetDay(d).SetBytesIn(b / 10).SetBytesOut(b - b/10).ExecX(ctx)
			}
			if cu.paid > 0 {
				c.Transaction.Create().SetCustomerID(row.ID).SetAmount(cu.paid).SetBalanceAfter(cu.paid).SetKind(transaction.KindPAYMENT).
					SetActor("test").SetCreatedAt(cu.joined.Add(time.Hour)).ExecX(ctx)
			}
		}
		months, err := s.Growth(ctx, 2)
		if err != nil {
			t.Fatal(err)
		}
		want := []GrowthMonth{
			{Month: "2026-02", NewCustomers: 2, Churned: 0, Active: 2, Revenue: 4000, ARPU: 2000},
			{Month: "2026-03", NewCustomers: 2, Churned: 2, Active: 2, Revenue: 2000, ARPU: 1000},
		}
		if len(months) != len(want) {
			t.Fatalf("%d months, want %d", len(months), len(want))
		}
		for i, m := range months {
			if *m != want[i] {
				t.Errorf("month %d = %+v, want %+v", i, *m, want[i])
			}
		}
		for _, bad := range []int{0, MaxGrowthMonths + 1} {
			if _, err := s.Growth(ctx, bad); err == nil {
				t.Errorf("Growth(%d) accepted", bad)
			}
		}
		exp, err := s.Expiring(ctx, now, now.AddDate(0, 0, 30), 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(exp) != 2 || exp[0].ID != ids[2] || exp[1].ID != ids[0] {
			t.Errorf("expiring = %d customers, want u2 then u0 (the archived u3 left out)", len(exp))
		}
		top, err := s.TopUsers(ctx, time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(top) != 2 || top[0].CustomerID != ids[1] || top[0].BytesIn+top[0].BytesOut != 7000 ||
			top[1].CustomerID != ids[0] || top[1].BytesIn+top[1].BytesOut != 5100 {
			t.Errorf("top users = %+v %+v, want u1 (7000) then u0 (5100)", top[0], top[1])
		}
		topUsersOneQuery(t, st, top[0].CustomerID)
		if n, err := s.NewThisMonth(ctx); err != nil || n != 2 {
			t.Errorf("NewThisMonth = %d, %v; want 2", n, err)
		}
	})
}

// topUsersOneQuery: the top users report reads its customers, with their traffic, in one
// query and their plans in one more, however many rows it returns (no read per customer).
func topUsersOneQuery(t *testing.T, st *store.Store, first int) {
	t.Helper()
	queries := 0
	drv := dialect.DebugWithContext(entsql.OpenDB(st.Dialect, st.DB), func(context.Context, ...any) { queries++ })
	s := New(&store.Store{Client: ent.NewClient(ent.Driver(drv)), DB: st.DB, Dialect: st.Dialect})
	top, err := s.TopUsers(context.Background(), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(top) < 3 || top[0].CustomerID != first {
		t.Fatalf("top users = %d rows, first %d; want at least 3, first %d", len(top), top[0].CustomerID, first)
	}
	for _, u := range top {
		if u.Row == nil || u.Row.ID != u.CustomerID || u.Row.Edges.Profile == nil || u.Row.Edges.Profile.Name != "P" {
			t.Fatalf("top user %d: customer row %+v not read with its plan", u.CustomerID, u.Row)
		}
	}
	if queries != 2 {
		t.Errorf("top users of %d customers took %d queries, want 2 (customers with traffic, then plans)", len(top), queries)
	}
}
