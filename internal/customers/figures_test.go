package customers_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestCountStatusesMatchesFilters adds customers one kind at a time and checks, after each,
// that CountStatuses gives what the ONLINE, OFFLINE and EXPIRED filters count, and what the
// table expects, on both databases.
func TestCountStatusesMatchesFilters(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	type sess struct{ open bool }
	steps := []struct {
		name     string
		expires  time.Duration // from now
		sessions []sess
		orphans  int // open sessions without a customer (a deleted customer's)
		count    int // customers of this kind (1 when 0)
		want     customers.StatusFigures
	}{
		{name: "empty", want: customers.StatusFigures{}},
		{name: "current, never connected", expires: 24 * time.Hour,
			want: customers.StatusFigures{Total: 1, Offline: 1}},
		{name: "current, one open session", expires: 24 * time.Hour, sessions: []sess{{true}},
			want: customers.StatusFigures{Total: 2, Online: 1, Offline: 1}},
		{name: "current, two open sessions", expires: 48 * time.Hour, sessions: []sess{{true}, {true}},
			want: customers.StatusFigures{Total: 3, Online: 2, Offline: 1}},
		{name: "current, closed sessions only", expires: 24 * time.Hour, sessions: []sess{{false}, {false}},
			want: customers.StatusFigures{Total: 4, Online: 2, Offline: 2}},
		{name: "current, a closed and an open session", expires: time.Hour, sessions: []sess{{false}, {true}},
			want: customers.StatusFigures{Total: 5, Online: 3, Offline: 2}},
		{name: "expired, no session", expires: -24 * time.Hour,
			want: customers.StatusFigures{Total: 6, Online: 3, Offline: 2, Expired: 1}},
		{name: "expired with an open session", expires: -time.Hour, sessions: []sess{{true}},
			want: customers.StatusFigures{Total: 7, Online: 3, Offline: 2, Expired: 2}},
		{name: "expired with two open sessions and a closed one", expires: -time.Minute, sessions: []sess{{true}, {true}, {false}},
			want: customers.StatusFigures{Total: 8, Online: 3, Offline: 2, Expired: 3}},
		{name: "expired with closed sessions only", expires: -time.Hour, sessions: []sess{{false}, {false}},
			want: customers.StatusFigures{Total: 9, Online: 3, Offline: 2, Expired: 4}},
		{name: "expires exactly now, with an open session", expires: 0, sessions: []sess{{true}},
			want: customers.StatusFigures{Total: 10, Online: 3, Offline: 2, Expired: 5}},
		{name: "expires a second from now, with an open session", expires: time.Second, sessions: []sess{{true}},
			want: customers.StatusFigures{Total: 11, Online: 4, Offline: 2, Expired: 5}},
		{name: "open sessions of a deleted customer", orphans: 2,
			want: customers.StatusFigures{Total: 11, Online: 4, Offline: 2, Expired: 5}},
		// Up to here expired customers were more than an eighth of all, counted by the
		// statement's semi join; from here on they are fewer, counted by index probes.
		{name: "40 current customers, never connected", expires: 72 * time.Hour, count: 40,
			want: customers.StatusFigures{Total: 51, Online: 4, Offline: 42, Expired: 5}},
		{name: "expired with closed sessions only, among many", expires: -time.Minute, sessions: []sess{{false}},
			want: customers.StatusFigures{Total: 52, Online: 4, Offline: 42, Expired: 6}},
		{name: "expired with an open session, among many", expires: -time.Second, sessions: []sess{{true}},
			want: customers.StatusFigures{Total: 53, Online: 4, Offline: 42, Expired: 7}},
		{name: "expires exactly now, with two open sessions, among many", expires: 0, sessions: []sess{{true}, {true}},
			want: customers.StatusFigures{Total: 54, Online: 4, Offline: 42, Expired: 8}},
		{name: "online with two open sessions, among many", expires: time.Second, sessions: []sess{{true}, {true}},
			want: customers.StatusFigures{Total: 55, Online: 5, Offline: 42, Expired: 8}},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c := st.Client
		p := c.Profile.Create().SetName("Home").SetDownloadKbps(20000).SetUploadKbps(5000).SetPrice(150000).SaveX(ctx)
		nas := c.Nas.Create().SetName("r1").SetIPAddress("10.0.0.1").SetSecretEnc("x").SaveX(ctx)
		n := 0
		addSession := func(cust *ent.Customer, open bool) {
			n++
			s := c.Session.Create().SetAcctKey(fmt.Sprintf("k%d", n)).SetAcctSessionID(fmt.Sprint(n)).SetUsername("u").
				SetNas(nas).SetStartedAt(now.Add(-time.Hour)).SetUpdatedAt(now).SetOpen(open)
			if cust != nil {
				s.SetCustomer(cust)
			}
			if !open {
				s.SetStoppedAt(now)
			}
			s.ExecX(ctx)
		}
		made := 0
		for _, step := range steps {
			for k := 0; k < max(step.count, 1) && step.name != "empty" && step.orphans == 0; k++ {
				made++
				cust := c.Customer.Create().SetAccountNo(fmt.Sprint(100000 + made)).SetUsername(fmt.Sprintf("user%d", made)).
					SetPasswordEnc("x").SetPhone(fmt.Sprintf("+254712000%03d", made)).SetProfile(p).
					SetExpiresAt(now.Add(step.expires)).SaveX(ctx)
				for _, s := range step.sessions {
					addSession(cust, s.open)
				}
			}
			for j := 0; j < step.orphans; j++ {
				addSession(nil, true)
			}
			got, err := customers.CountStatuses(ctx, c, st.IsPostgres(), now)
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if got != step.want {
				t.Errorf("%s: figures %+v, want %+v", step.name, got, step.want)
			}
			if online, err := customers.CountOnline(ctx, c, st.IsPostgres(), now); err != nil || online != step.want.Online {
				t.Errorf("%s: CountOnline = %d, %v; want %d", step.name, online, err, step.want.Online)
			}
			filtered := customers.StatusFigures{Total: c.Customer.Query().CountX(ctx)}
			for st, dst := range map[customers.ConnectionStatus]*int{
				customers.Online: &filtered.Online, customers.Offline: &filtered.Offline, customers.Expired: &filtered.Expired,
			} {
				*dst = c.Customer.Query().Where(customers.StatusPredicate(st, now)).CountX(ctx)
			}
			if got != filtered {
				t.Errorf("%s: figures %+v, but the filters count %+v", step.name, got, filtered)
			}
		}
		// An archived and a deleted customer leave every figure (on PostgreSQL the total is the
		// count the triggers maintain).
		c.Customer.Update().Where(customer.Username("user1")).SetArchivedAt(now).ExecX(ctx)
		c.Customer.Delete().Where(customer.Username("user51")).ExecX(ctx)
		want := customers.StatusFigures{Total: 53, Online: 5, Offline: 40, Expired: 8}
		if got, err := customers.CountStatuses(ctx, c, st.IsPostgres(), now); err != nil || got != want {
			t.Errorf("after archiving and deleting: figures %+v, %v; want %+v", got, err, want)
		}
	})
}
