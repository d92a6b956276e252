package graph

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
)

// TestDashboardFiguresMatchFilters adds customers one kind at a time and checks, after each,
// that the dashboard's status figures equal the totalCount and the rows of the customers list
// filtered by ONLINE, OFFLINE and EXPIRED (and unfiltered), and the customers' own
// connectionStatus, all asked in the same request, on both databases.
func TestDashboardFiguresMatchFilters(t *testing.T) {
	type figures struct{ Customers, Online, Offline, Expired int }
	steps := []struct {
		name    string
		expires time.Duration // from now
		open    int           // open sessions
		closed  int           // closed sessions
		orphans int           // open sessions without a customer instead of a new customer
		want    figures
	}{
		{name: "current, never connected", expires: 24 * time.Hour, want: figures{1, 0, 1, 0}},
		{name: "current, online", expires: 24 * time.Hour, open: 1, want: figures{2, 1, 1, 0}},
		{name: "current, two open sessions", expires: 48 * time.Hour, open: 2, want: figures{3, 2, 1, 0}},
		{name: "current, closed sessions only", expires: 24 * time.Hour, closed: 2, want: figures{4, 2, 2, 0}},
		{name: "current, one closed and one open", expires: time.Hour, open: 1, closed: 1, want: figures{5, 3, 2, 0}},
		{name: "expired", expires: -24 * time.Hour, want: figures{6, 3, 2, 1}},
		{name: "expired with an open session", expires: -time.Hour, open: 1, want: figures{7, 3, 2, 2}},
		{name: "expired with two open and a closed session", expires: -time.Minute, open: 2, closed: 1, want: figures{8, 3, 2, 3}},
		{name: "expired with a closed session", expires: -time.Minute, closed: 1, want: figures{9, 3, 2, 4}},
		{name: "open sessions of a deleted customer", orphans: 2, want: figures{9, 3, 2, 4}},
	}
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			ctx := context.Background()
			pid := e.profile("Home", 30, nil)
			nasID := makeNas(t, e.st)
			n := 0
			session := func(cid *int, open bool) {
				n++
				now := time.Now().UTC()
				s := e.st.Client.Session.Create().SetAcctKey(fmt.Sprintf("dash-%d", n)).SetAcctSessionID(fmt.Sprint(n)).
					SetUsername("u").SetNasID(nasID).SetStartedAt(now.Add(-time.Hour)).SetUpdatedAt(now).SetOpen(open).
					SetNillableCustomerID(cid)
				if !open {
					s.SetStoppedAt(now)
				}
				s.ExecX(ctx)
			}
			for i, step := range steps {
				if step.orphans == 0 {
					c := e.customer(fmt.Sprintf("dash.%d", i), fmt.Sprintf("07120001%02d", i), pid)
					cid := atoi(t, c.ID)
					e.st.Client.Customer.UpdateOneID(cid).SetExpiresAt(time.Now().Add(step.expires)).ExecX(ctx)
					for j := 0; j < step.open; j++ {
						session(&cid, true)
					}
					for j := 0; j < step.closed; j++ {
						session(&cid, false)
					}
				}
				for j := 0; j < step.orphans; j++ {
					session(nil, true)
				}
				type list struct {
					TotalCount int
					Edges      []struct {
						Node struct{ ConnectionStatus string }
					}
				}
				var out struct {
					Dashboard                     figures
					All, Online, Offline, Expired list
				}
				e.ok(&out, e.viewer, `{
					dashboard { customers online offline expired }
					all: customers(first: 100) { totalCount edges { node { connectionStatus } } }
					online: customers(status: ONLINE, first: 100) { totalCount edges { node { connectionStatus } } }
					offline: customers(status: OFFLINE, first: 100) { totalCount edges { node { connectionStatus } } }
					expired: customers(status: EXPIRED, first: 100) { totalCount edges { node { connectionStatus } } }
				}`)
				if out.Dashboard != step.want {
					t.Errorf("%s: dashboard %+v, want %+v", step.name, out.Dashboard, step.want)
				}
				// The lists' totalCount, the lists' rows and each customer's own status agree.
				if counts := (figures{out.All.TotalCount, out.Online.TotalCount, out.Offline.TotalCount, out.Expired.TotalCount}); counts != out.Dashboard {
					t.Errorf("%s: dashboard %+v, but the lists' totalCount %+v", step.name, out.Dashboard, counts)
				}
				if rows := (figures{len(out.All.Edges), len(out.Online.Edges), len(out.Offline.Edges), len(out.Expired.Edges)}); rows != out.Dashboard {
					t.Errorf("%s: dashboard %+v, but the lists hold %+v", step.name, out.Dashboard, rows)
				}
				own := figures{Customers: len(out.All.Edges)}
				for _, ed := range out.All.Edges {
					switch ed.Node.ConnectionStatus {
					case "ONLINE":
						own.Online++
					case "OFFLINE":
						own.Offline++
					case "EXPIRED":
						own.Expired++
					}
				}
				if own != out.Dashboard {
					t.Errorf("%s: dashboard %+v, but the customers' connectionStatus gives %+v", step.name, out.Dashboard, own)
				}
				for st, l := range map[string]list{"ONLINE": out.Online, "OFFLINE": out.Offline, "EXPIRED": out.Expired} {
					for _, ed := range l.Edges {
						if ed.Node.ConnectionStatus != st {
							t.Errorf("%s: a customer of the %s list is %s", step.name, st, ed.Node.ConnectionStatus)
						}
					}
				}
			}
		})
	}
}

// TestDailyUsage reads a customer's per-day traffic over a window of days, oldest first.
func TestDailyUsage(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	c := e.customer("daily.user", "0712000999", e.profile("Home", 30, nil))
	cid := atoi(t, c.ID)
	today := time.Now().UTC()
	for _, d := range []struct {
		ago     int
		in, out int64
	}{{0, 10, 100}, {1, 20, 200}, {40, 30, 300}} {
		e.st.Client.UsageDaily.Create().SetCustomerID(cid).SetDay(today.AddDate(0, 0, -d.ago).Format("2006-01-02")).
			SetBytesIn(d.in).SetBytesOut(d.out).ExecX(ctx)
	}
	type day struct {
		Day               string
		BytesIn, BytesOut int
	}
	for _, tc := range []struct {
		query string
		want  []day
	}{
		{`query($c:ID!){ customer(id:$c){ dailyUsage { day bytesIn bytesOut } } }`,
			[]day{{today.AddDate(0, 0, -1).Format("2006-01-02"), 20, 200}, {today.Format("2006-01-02"), 10, 100}}},
		{`query($c:ID!){ customer(id:$c){ dailyUsage(days: 1) { day bytesIn bytesOut } } }`,
			[]day{{today.Format("2006-01-02"), 10, 100}}},
		{`query($c:ID!){ customer(id:$c){ dailyUsage(days: 60) { day bytesIn bytesOut } } }`,
			[]day{{today.AddDate(0, 0, -40).Format("2006-01-02"), 30, 300}, {today.AddDate(0, 0, -1).Format("2006-01-02"), 20, 200}, {today.Format("2006-01-02"), 10, 100}}},
	} {
		var out struct{ Customer struct{ DailyUsage []day } }
		e.ok(&out, e.viewer, tc.query, "c", c.ID)
		if fmt.Sprint(out.Customer.DailyUsage) != fmt.Sprint(tc.want) {
			t.Errorf("%s:\n got %v\nwant %v", tc.query, out.Customer.DailyUsage, tc.want)
		}
	}
	e.fails("BAD_USER_INPUT", e.viewer, `query($c:ID!){ customer(id:$c){ dailyUsage(days: 0) { day } } }`, "c", c.ID)
	e.fails("BAD_USER_INPUT", e.viewer, `query($c:ID!){ customer(id:$c){ dailyUsage(days: 367) { day } } }`, "c", c.ID)
}
