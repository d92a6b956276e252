package customers_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestAccessStatePredicatesMatchDerivation makes one customer per case and checks, on both
// databases, that each state's SQL predicate finds exactly the customers AccessStateOf puts in
// that state, that the states do not overlap, and that the default list filter leaves out the
// archived ones.
func TestAccessStatePredicatesMatchDerivation(t *testing.T) {
	now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
	const gb = int64(1_000_000_000)
	cases := []struct {
		name     string
		status   customer.Status
		expires  time.Duration
		used     int64 // period bytes (in + out)
		capped   bool  // on the plan with a 10 GB limit
		open     bool
		archived bool
		want     customers.AccessState
	}{
		{"current, connected", customer.StatusACTIVE, time.Hour, 0, false, true, false, customers.AccessOnline},
		{"current, not connected", customer.StatusACTIVE, time.Hour, 0, false, false, false, customers.AccessOffline},
		{"under the cap, connected", customer.StatusACTIVE, time.Hour, 9 * gb, true, true, false, customers.AccessOnline},
		{"at the cap, connected", customer.StatusACTIVE, time.Hour, 10 * gb, true, true, false, customers.AccessCapped},
		{"over the cap, offline", customer.StatusACTIVE, time.Hour, 12 * gb, true, false, false, customers.AccessCapped},
		{"expired and capped", customer.StatusACTIVE, -time.Hour, 12 * gb, true, false, false, customers.AccessExpired},
		{"expired, still connected", customer.StatusACTIVE, -time.Hour, 0, false, true, false, customers.AccessExpired},
		{"expires exactly now", customer.StatusACTIVE, 0, 0, false, false, false, customers.AccessExpired},
		{"suspended, connected", customer.StatusSUSPENDED, time.Hour, 0, false, true, false, customers.AccessSuspended},
		{"suspended and expired", customer.StatusSUSPENDED, -time.Hour, 0, false, false, false, customers.AccessSuspended},
		{"disabled", customer.StatusDISABLED, time.Hour, 0, false, false, false, customers.AccessDisabled},
		{"archived, suspended", customer.StatusSUSPENDED, time.Hour, 0, false, false, true, customers.AccessArchived},
		{"archived, still connected", customer.StatusACTIVE, time.Hour, 0, false, true, true, customers.AccessArchived},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := t.Context()
		c := st.Client
		limit := 10 * gb
		plain := c.Profile.Create().SetName("Home").SetDownloadKbps(20000).SetUploadKbps(5000).SetPrice(150000).SaveX(ctx)
		capPlan := c.Profile.Create().SetName("Capped").SetDownloadKbps(20000).SetUploadKbps(5000).SetPrice(150000).SetDataLimitBytes(limit).SaveX(ctx)
		nas := c.Nas.Create().SetName("r1").SetIPAddress("10.0.0.1").SetSecretEnc("x").SaveX(ctx)
		want := map[customers.AccessState]int{}
		for i, tc := range cases {
			p := plain
			if tc.capped {
				p = capPlan
			}
			cr := c.Customer.Create().SetAccountNo(fmt.Sprint(100001 + i)).SetUsername(fmt.Sprintf("user%d", i)).
				SetPasswordEnc("x").SetPhone(fmt.Sprintf("+254712000%03d", i)).SetProfile(p).SetStatus(tc.status).
				SetExpiresAt(now.Add(tc.expires)).SetPeriodBytesIn(tc.used / 4).SetPeriodBytesOut(tc.used - tc.used/4)
			if tc.archived {
				cr.SetArchivedAt(now.Add(-time.Minute))
			}
			cu := cr.SaveX(ctx)
			if tc.open {
				c.Session.Create().SetAcctKey(fmt.Sprintf("k%d", i)).SetAcctSessionID(fmt.Sprint(i)).SetUsername(cu.Username).
					SetCustomer(cu).SetNas(nas).SetStartedAt(now.Add(-time.Hour)).SetUpdatedAt(now).SetOpen(true).ExecX(ctx)
			}
			var lim *int64
			if tc.capped {
				lim = &limit
			}
			if got := customers.AccessStateOf(cu, lim, tc.open, now); got != tc.want {
				t.Errorf("%s: AccessStateOf = %s, want %s", tc.name, got, tc.want)
			}
			want[tc.want]++
		}
		seen := 0
		for _, s := range customers.AccessStates {
			rows := c.Customer.Query().Where(customers.AccessPredicate(s, now)).AllX(ctx)
			seen += len(rows)
			if len(rows) != want[s] {
				t.Errorf("%s: the filter finds %d customers, want %d", s, len(rows), want[s])
			}
		}
		if seen != len(cases) {
			t.Errorf("the states cover %d customers, want each of the %d exactly once", seen, len(cases))
		}
		ps, err := customers.Filter{}.Predicates("KE", now)
		if err != nil {
			t.Fatal(err)
		}
		if n := c.Customer.Query().Where(ps...).CountX(ctx); n != len(cases)-want[customers.AccessArchived] {
			t.Errorf("the unfiltered list holds %d customers, want %d (archived left out)", n, len(cases)-want[customers.AccessArchived])
		}
		f, err := customers.CountStatuses(ctx, c, st.IsPostgres(), now)
		if err != nil {
			t.Fatal(err)
		}
		// Not archived: 11 customers; expired (as connection status): 3 active + suspended-expired = 4.
		wantFig := customers.StatusFigures{Total: 11, Online: 4, Offline: 3, Expired: 4}
		if f != wantFig {
			t.Errorf("CountStatuses = %+v, want %+v (archived customers in no figure)", f, wantFig)
		}
		for st2, n := range map[customers.ConnectionStatus]int{customers.Online: wantFig.Online, customers.Offline: wantFig.Offline, customers.Expired: wantFig.Expired} {
			ps, _ := customers.Filter{Status: st2}.Predicates("KE", now)
			if got := c.Customer.Query().Where(ps...).CountX(ctx); got != n {
				t.Errorf("the %s list holds %d, the dashboard counts %d", st2, got, n)
			}
		}
		if _, err := (customers.Filter{Access: "NOPE"}).Predicates("KE", now); err == nil {
			t.Error("an unknown access state was accepted")
		}
	})
}

// TestArchiveAndRestore: archiving writes archivedAt and its audit row, asks the router to
// disconnect the open session, takes the customer out of the default list and into the
// ARCHIVED one; restoring brings it back. The ledger and sessions stay.
func TestArchiveAndRestore(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		res, err := f.svc.Archive(f.ctx, f.cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if res.Customer.ArchivedAt == nil {
			t.Fatal("archivedAt not set")
		}
		if len(res.Sessions) != 1 || res.Sessions[0].Outcome != "ACK" {
			t.Errorf("sessions = %+v, want the open session disconnected (ACK)", res.Sessions)
		}
		if got := f.router.asked(); len(got) != 1 || got[0] != fmt.Sprintf("disconnect %d", f.home.ID) {
			t.Errorf("router asked %v, want one disconnect", got)
		}
		if n := len(f.audited("archiveCustomer")); n != 1 {
			t.Errorf("%d archiveCustomer audit rows, want 1", n)
		}
		list := func(acc customers.AccessState) int {
			page, err := f.svc.List(f.ctx, customers.ListInput{Filter: customers.Filter{Access: acc}, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			return page.TotalCount
		}
		if n := list(""); n != 0 {
			t.Errorf("the list holds %d customers after archiving, want 0", n)
		}
		if n := list(customers.AccessArchived); n != 1 {
			t.Errorf("the ARCHIVED list holds %d, want 1", n)
		}
		// Archiving again changes nothing and asks no router.
		if _, err := f.svc.Archive(f.ctx, f.cu.ID); err != nil {
			t.Fatal(err)
		}
		if n := len(f.router.asked()); n != 1 {
			t.Errorf("router asked %d times after archiving twice, want 1", n)
		}
		cu, err := f.svc.Restore(f.ctx, f.cu.ID)
		if err != nil {
			t.Fatal(err)
		}
		if cu.ArchivedAt != nil || list("") != 1 || len(f.audited("restoreCustomer")) != 1 {
			t.Errorf("after restore: archivedAt %v, list %d, audit %d", cu.ArchivedAt, list(""), len(f.audited("restoreCustomer")))
		}
		if n := st.Client.Session.Query().CountX(f.ctx); n != 1 {
			t.Errorf("%d sessions after archive and restore, want 1 (kept)", n)
		}
		if _, err := f.svc.Archive(f.ctx, 999999); err == nil {
			t.Error("archiving a missing customer did not fail")
		}
	})
}
