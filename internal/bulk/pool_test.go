package bulk

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// slowRouter answers ACK for every open session after a pause, counting its calls per
// customer and the most calls it had at once.
type slowRouter struct {
	st    *store.Store
	pause time.Duration

	mu             sync.Mutex
	calls          map[int]int
	inflight, most int
}

func (r *slowRouter) ApplyCustomerProfile(ctx context.Context, id int) ([]domain.SessionResult, error) {
	r.mu.Lock()
	r.calls[id]++
	r.inflight++
	r.most = max(r.most, r.inflight)
	r.mu.Unlock()
	time.Sleep(r.pause)
	r.mu.Lock()
	r.inflight--
	r.mu.Unlock()
	return []domain.SessionResult{{Outcome: domain.ACK}}, nil
}

func (r *slowRouter) DisconnectCustomer(ctx context.Context, id int) ([]domain.SessionResult, error) {
	return r.ApplyCustomerProfile(ctx, id)
}

// TestWorkersExactlyOnce: a plan change over 60 customers (20 online) run by an instance that
// crashes after 10 items, then by two instances at once, each with a pool of 6 workers and
// the lease given up at once, acts on every customer exactly once (one audit row each), asks
// the routers about every online customer, records their answers, counts the job right, and
// really runs items side by side.
func TestWorkersExactlyOnce(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		router := &slowRouter{st: st, pause: 30 * time.Millisecond, calls: map[int]int{}}
		f := newFixture(t, st, 60, router)
		online := openSessions(t, f, 20)
		j, err := f.svc.Start(f.ctx, ChangeProfile, Selection{IDs: f.ids}, Params{ProfileID: f.fast.ID})
		if err != nil {
			t.Fatal(err)
		}
		f.svc.Workers, f.svc.crashAfter = 6, 10
		if _, err := f.svc.RunOnce(context.Background()); !errors.Is(err, errCrash) {
			t.Fatalf("first run: %v, want the simulated crash", err)
		}
		if got := f.job(t, j.ID); got.State != StateRunning || got.Done != 10 {
			t.Fatalf("after the crash: %+v, want 10 done", got)
		}
		if router.most < 2 {
			t.Errorf("one instance made at most %d router calls at once: its items did not run side by side", router.most)
		}
		var wg sync.WaitGroup
		for range 2 {
			s := f.service(router)
			s.LeaseFor, s.Workers, s.Batch = 0, 6, 7
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := s.RunOnce(context.Background()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		last := f.service(router)
		last.Now = func() time.Time { return time.Now().UTC().Add(time.Minute) }
		if _, err := last.RunOnce(context.Background()); err != nil {
			t.Fatal(err)
		}
		if got := f.job(t, j.ID); got.State != StateDone || got.Done != 60 || got.Failed != 0 {
			t.Fatalf("job %+v, want 60 done", got)
		}
		audited := f.audited(t, "bulkChangeProfile")
		for _, id := range f.ids {
			if audited[id] != 1 {
				t.Errorf("customer %d: %d audit rows, want 1", id, audited[id])
			}
			if p := st.Client.Customer.GetX(f.ctx, id).ProfileID; p != f.fast.ID {
				t.Errorf("customer %d on plan %d", id, p)
			}
			if online[id] && router.calls[id] == 0 || !online[id] && router.calls[id] != 0 {
				t.Errorf("customer %d (online %v): the routers were asked %d times", id, online[id], router.calls[id])
			}
		}
		page, err := f.svc.Results(context.Background(), j.ID, 100, 0, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range page.Results {
			if r.State != ItemDone || online[r.CustomerID] != (len(r.Routers) == 1 && r.Routers[0].Outcome == domain.ACK) {
				t.Errorf("result %+v (online %v)", r, online[r.CustomerID])
			}
		}
	})
}

// openSessions opens a session for each of the first n customers of f on a router record and
// returns the set of them.
func openSessions(t *testing.T, f *fixture, n int) map[int]bool {
	t.Helper()
	c := f.st.Client
	nas := c.Nas.Create().SetName("tower-1").SetIPAddress("127.0.0.1").SetSecretEnc(f.box.MustEncrypt(simSecret)).SaveX(f.ctx)
	now := time.Now().UTC()
	out := map[int]bool{}
	b := make([]*ent.SessionCreate, n)
	for i, id := range f.ids[:n] {
		b[i] = c.Session.Create().SetAcctKey(fmt.Sprintf("k%d", id)).SetAcctSessionID(fmt.Sprint(id)).SetUsername(fmt.Sprint(id)).
			SetCustomerID(id).SetNasID(nas.ID).SetStartedAt(now).SetUpdatedAt(now)
		out[id] = true
	}
	c.Session.CreateBulk(b...).ExecX(f.ctx)
	return out
}
