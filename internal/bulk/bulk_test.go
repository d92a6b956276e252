package bulk

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// fixture is a bulk service over a fresh store with two plans and n customers (balance enough
// for one renewal each; the names of the even ones contain "north").
type fixture struct {
	st         *store.Store
	bus        *events.Bus
	svc        *Service
	box        *secret.Box
	home, fast *ent.Profile
	ids        []int
	ctx        context.Context // carries the actor alice
}

func newFixture(t *testing.T, st *store.Store, n int, router Router) *fixture {
	t.Helper()
	f := &fixture{st: st, bus: events.NewBus()}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Name: "alice"})
	box := testutil.Box(t)
	f.box = box
	c := st.Client
	f.home = c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetValidityDays(30).SetPrice(1500).SaveX(f.ctx)
	f.fast = c.Profile.Create().SetName("Fast 50M").SetDownloadKbps(50000).SetUploadKbps(20000).SetValidityDays(30).SetPrice(3000).SaveX(f.ctx)
	b := make([]*ent.CustomerCreate, n)
	for i := range b {
		name := fmt.Sprintf("South %d", i)
		if i%2 == 0 {
			name = fmt.Sprintf("North %d", i)
		}
		b[i] = c.Customer.Create().SetAccountNo(fmt.Sprint(100001 + i)).SetUsername(fmt.Sprintf("user%03d", i)).
			SetPasswordEnc(box.MustEncrypt("pw")).SetPhone(fmt.Sprintf("+2547120%05d", i)).SetFullName(name).SetNameSearch(strings.ToLower(name)).
			SetProfileID(f.home.ID).SetBalance(1500).SetExpiresAt(time.Now().Add(24 * time.Hour))
	}
	for _, cu := range c.Customer.CreateBulk(b...).SaveX(f.ctx) {
		f.ids = append(f.ids, cu.ID)
	}
	f.svc = f.service(router)
	return f
}

// service is another instance's bulk service over the same store.
func (f *fixture) service(router Router) *Service {
	custs := customers.New(f.st, f.box, f.bus, nil)
	bill := billing.NewService(f.st, f.bus, nil, nil)
	return New(f.st, f.bus, custs, bill, router, nil)
}

func (f *fixture) audited(t *testing.T, action string) map[int]int {
	t.Helper()
	rows := f.st.Client.AuditLog.Query().Where(auditlog.Action(action)).AllX(context.Background())
	out := map[int]int{}
	for _, r := range rows {
		var id int
		fmt.Sscan(r.TargetID, &id)
		out[id]++
	}
	return out
}

func (f *fixture) job(t *testing.T, id int) *Job {
	t.Helper()
	j, err := f.svc.Get(context.Background(), id)
	if err != nil || j == nil {
		t.Fatalf("job %d: %v %v", id, j, err)
	}
	return j
}

// TestSelection: a selection by ids names those customers; by the list's filter, those it
// matches; the job acts on exactly them and writes one audit row per customer.
func TestSelection(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st, 8, nil)
		cases := []struct {
			name   string
			action Action
			sel    Selection
			want   []int
			status customer.Status
		}{
			{"ids", Suspend, Selection{IDs: []int{f.ids[1], f.ids[4]}}, []int{f.ids[1], f.ids[4]}, customer.StatusSUSPENDED},
			{"search", Suspend, Selection{Filter: customers.Filter{Search: "north"}}, []int{f.ids[0], f.ids[2], f.ids[4], f.ids[6]}, customer.StatusSUSPENDED},
			{"status filter", Resume, Selection{Filter: customers.Filter{Where: &ent.CustomerWhereInput{Status: ptr(customer.StatusSUSPENDED)}}},
				[]int{f.ids[0], f.ids[1], f.ids[2], f.ids[4], f.ids[6]}, customer.StatusACTIVE},
		}
		for _, tc := range cases {
			n, err := f.svc.Count(f.ctx, tc.sel)
			if err != nil || n != len(tc.want) {
				t.Fatalf("%s: count %d (%v), want %d", tc.name, n, err, len(tc.want))
			}
			j, err := f.svc.Start(f.ctx, tc.action, tc.sel, Params{})
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if _, err := f.svc.RunOnce(context.Background()); err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			got := f.job(t, j.ID)
			if got.State != StateDone || got.Done != len(tc.want) || got.Failed != 0 || got.Total != len(tc.want) {
				t.Fatalf("%s: job %+v", tc.name, got)
			}
			page, err := f.svc.Results(context.Background(), j.ID, 100, 0, "")
			if err != nil || len(page.Results) != len(tc.want) {
				t.Fatalf("%s: results %+v %v", tc.name, page, err)
			}
			for i, r := range page.Results {
				if r.CustomerID != tc.want[i] || r.State != ItemDone {
					t.Fatalf("%s: result %d %+v, want customer %d DONE", tc.name, i, r, tc.want[i])
				}
				if st := st.Client.Customer.GetX(f.ctx, r.CustomerID).Status; st != tc.status {
					t.Fatalf("%s: customer %d is %s", tc.name, r.CustomerID, st)
				}
			}
		}
		if a := f.audited(t, "bulkSuspend"); len(a) != 5 || a[f.ids[4]] != 2 || a[f.ids[0]] != 1 {
			t.Fatalf("bulkSuspend audit rows per customer %v", a)
		}
		if _, err := f.svc.Start(f.ctx, Suspend, Selection{IDs: []int{}}, Params{}); err == nil {
			t.Fatal("an empty selection started a job")
		}
		if _, err := f.svc.Start(f.ctx, ChangeProfile, Selection{IDs: f.ids}, Params{ProfileID: 999999}); err == nil {
			t.Fatal("a plan that does not exist started a job")
		}
	})
}

func ptr[T any](v T) *T { return &v }

// TestResumeAfterCrash: an instance that dies mid-job leaves the finished items done; the next
// instance (once the lease has run out) finishes the rest, and every customer is renewed —
// charged — exactly once, with one audit row each. A renewal refused (too little balance) is
// that customer's FAILED result, not the job's failure.
func TestResumeAfterCrash(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st, 12, nil)
		st.Client.Customer.UpdateOneID(f.ids[5]).SetBalance(0).ExecX(f.ctx)
		j, err := f.svc.Start(f.ctx, Renew, Selection{IDs: f.ids}, Params{})
		if err != nil {
			t.Fatal(err)
		}
		f.svc.crashAfter = 4
		if _, err := f.svc.RunOnce(context.Background()); !errors.Is(err, errCrash) {
			t.Fatalf("first run: %v, want the simulated crash", err)
		}
		if got := f.job(t, j.ID); got.State != StateRunning || got.Done != 4 {
			t.Fatalf("after the crash: %+v", got)
		}
		next := f.service(nil)
		if n, err := next.RunOnce(context.Background()); err != nil || n != 0 {
			t.Fatalf("second instance ran %d items (%v) while the first one's lease holds", n, err)
		}
		next.Now = func() time.Time { return time.Now().UTC().Add(time.Minute) }
		if n, err := next.RunOnce(context.Background()); err != nil || n != 8 {
			t.Fatalf("second instance ran %d items (%v), want the 8 left", n, err)
		}
		got := f.job(t, j.ID)
		if got.State != StateDone || got.Done != 12 || got.Failed != 1 {
			t.Fatalf("job %+v, want 12 done, 1 failed", got)
		}
		for _, id := range f.ids {
			n := st.Client.Transaction.Query().Where(transaction.CustomerID(id), transaction.KindEQ(transaction.KindRENEWAL)).CountX(f.ctx)
			if want := 1 - btoi(id == f.ids[5]); n != want {
				t.Fatalf("customer %d renewed %d times, want %d", id, n, want)
			}
		}
		if a := f.audited(t, "bulkRenew"); len(a) != 12 {
			t.Fatalf("bulkRenew audit rows for %d customers, want 12", len(a))
		}
		failed, _ := f.svc.Results(context.Background(), j.ID, 10, 0, ItemFailed)
		if len(failed.Results) != 1 || failed.Results[0].CustomerID != f.ids[5] || failed.Results[0].Message == "" {
			t.Fatalf("failed results %+v", failed.Results)
		}
	})
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestInstancesShareJob: two instances running one job at once (the lease given up at once,
// so both run) still act on each customer once.
func TestInstancesShareJob(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	f := newFixture(t, st, 40, nil)
	j, err := f.svc.Start(f.ctx, Renew, Selection{IDs: f.ids}, Params{})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		s := f.service(nil)
		s.LeaseFor = 0
		s.Batch = 5
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := s.RunOnce(context.Background()); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if _, err := f.svc.RunOnce(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.job(t, j.ID); got.Done != 40 || got.Failed != 0 || got.State != StateDone {
		t.Fatalf("job %+v", got)
	}
	n := st.Client.Transaction.Query().Where(transaction.KindEQ(transaction.KindRENEWAL)).CountX(f.ctx)
	if n != 40 {
		t.Fatalf("%d renewals for 40 customers", n)
	}
}

// TestArchiveByAccessState: "all matching" the SUSPENDED access state archives exactly the
// suspended customers; they leave the unfiltered selection and are found by ARCHIVED.
func TestArchiveByAccessState(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st, 6, nil)
		for _, id := range []int{f.ids[1], f.ids[3]} {
			st.Client.Customer.UpdateOneID(id).SetStatus(customer.StatusSUSPENDED).ExecX(f.ctx)
		}
		sel := Selection{Filter: customers.Filter{Access: customers.AccessSuspended}}
		j, err := f.svc.Start(f.ctx, Archive, sel, Params{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := f.job(t, j.ID); got.State != StateDone || got.Done != 2 || got.Failed != 0 {
			t.Fatalf("job %+v, want 2 archived", got)
		}
		for _, id := range []int{f.ids[1], f.ids[3]} {
			if st.Client.Customer.GetX(f.ctx, id).ArchivedAt == nil {
				t.Errorf("customer %d not archived", id)
			}
		}
		for _, tc := range []struct {
			name string
			f    customers.Filter
			want int
		}{{"unfiltered", customers.Filter{}, 4}, {"archived", customers.Filter{Access: customers.AccessArchived}, 2}} {
			if n, err := f.svc.Count(f.ctx, Selection{Filter: tc.f}); err != nil || n != tc.want {
				t.Errorf("%s: %d customers (%v), want %d", tc.name, n, err, tc.want)
			}
		}
		if a := f.audited(t, "bulkArchive"); len(a) != 2 {
			t.Errorf("bulkArchive audit rows %v, want one for each of 2 customers", a)
		}
	})
}
