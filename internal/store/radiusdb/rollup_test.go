package radiusdb_test

import (
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
)

// rollUp rolls up the sessions with ids and fails the test on an error or a busy session.
func (f *fixture) rollUp(t *testing.T, ids ...int) radiusdb.Rolled {
	t.Helper()
	r, err := f.db.RollUp(f.ctx, ids)
	if err != nil || len(r.Busy) > 0 {
		t.Fatalf("roll-up: %+v, %v", r, err)
	}
	return r
}

// wantUsage checks the customer's period usage and the sum of its daily usage.
func (f *fixture) wantUsage(t *testing.T, in, out int64) {
	t.Helper()
	c := f.st.Client.Customer.GetX(f.ctx, f.customer.ID)
	if c.PeriodBytesIn != in || c.PeriodBytesOut != out {
		t.Fatalf("period usage %d/%d, want %d/%d", c.PeriodBytesIn, c.PeriodBytesOut, in, out)
	}
	var din, dout int64
	for _, d := range f.st.Client.UsageDaily.Query().Where(usagedaily.CustomerID(f.customer.ID)).AllX(f.ctx) {
		din, dout = din+d.BytesIn, dout+d.BytesOut
	}
	if din != in || dout != out {
		t.Fatalf("daily usage %d/%d, want %d/%d", din, dout, in, out)
	}
}

// insert stores sessions through the accounting write path and returns their ids.
func (f *fixture) insert(t *testing.T, sessions ...*radiusdb.Session) []int {
	t.Helper()
	var keys []string
	for _, s := range sessions {
		keys = append(keys, s.Key)
	}
	if _, err := f.db.WriteLocked(f.ctx, keys, func(radiusdb.Session) {}, func() *radiusdb.Batch {
		return &radiusdb.Batch{Inserts: sessions}
	}); err != nil {
		t.Fatal(err)
	}
	var ids []int
	for _, s := range sessions {
		ids = append(ids, s.ID)
	}
	return ids
}

// A roll-up moves what the counters grew by since the marks into period and daily usage
// once: again it changes nothing; after more growth it adds only the growth; a crash (a
// roller that forgot what it had queued) loses nothing, since the sweep finds the sessions
// whose marks lag; sessions of unknown users and deleted sessions are no error.
func TestRollUpOnce(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		t0 := time.Now().UTC().Add(-time.Minute)
		a := &radiusdb.Session{Key: "k-a", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, In: 100, Out: 200, Started: t0, Updated: t0}
		b := &radiusdb.Session{Key: "k-b", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: false, In: 7, Out: 9, Started: t0, Updated: t0,
			Stopped: &t0, Cause: "User-Request"}
		ghost := &radiusdb.Session{Key: "k-ghost", NasID: f.nas.ID, Open: true, In: 5, Out: 5, Started: t0, Updated: t0}
		ids := f.insert(t, a, b, ghost)

		lag, err := f.db.LaggingSessions(f.ctx, 0, 10)
		if err != nil || len(lag) != 3 {
			t.Fatalf("lagging before the roll-up: %v, %v; want all three", lag, err)
		}
		if r := f.rollUp(t, append(ids, ids[0], 1<<40)...); r.Sessions != 3 || r.Missing != 1 {
			t.Fatalf("rolled %+v, want 3 sessions and 1 missing", r)
		}
		f.wantUsage(t, 107, 209)
		if r := f.rollUp(t, ids...); r.Sessions != 0 {
			t.Fatalf("a second roll-up moved %d sessions", r.Sessions)
		}
		f.wantUsage(t, 107, 209)
		if lag, _ := f.db.LaggingSessions(f.ctx, 0, 10); len(lag) != 0 {
			t.Fatalf("lagging after the roll-up: %v", lag)
		}

		// An Interim grows a; the roller "crashes" before rolling it up: the sweep finds it.
		st.Client.Session.UpdateOneID(a.ID).SetBytesIn(130).SetBytesOut(250).ExecX(f.ctx)
		lag, err = f.db.LaggingSessions(f.ctx, 0, 10)
		if err != nil || len(lag) != 1 || lag[0] != a.ID {
			t.Fatalf("lagging after growth: %v, %v; want [%d]", lag, err, a.ID)
		}
		f.rollUp(t, lag...)
		f.wantUsage(t, 137, 259)
	})
}

// Roll-ups running at once over the same sessions (two instances, a flush beside the
// background pass) count every byte once, and never deadlock.
func TestRollUpConcurrent(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		t0 := time.Now().UTC().Add(-time.Minute)
		var sessions []*radiusdb.Session
		for i := range 200 {
			sessions = append(sessions, &radiusdb.Session{Key: "k-" + string(rune('a'+i/26)) + string(rune('a'+i%26)),
				CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, In: 10, Out: 20, Started: t0, Updated: t0})
		}
		ids := f.insert(t, sessions...)
		for round := range 5 {
			if round > 0 {
				st.Client.Session.Update().AddBytesIn(10).AddBytesOut(20).ExecX(f.ctx)
			}
			var wg sync.WaitGroup
			for w := range 4 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					// Each worker in its own order; busy sessions are retried, as the roller does.
					todo := append([]int(nil), ids[w*10:]...)
					todo = append(todo, ids[:w*10]...)
					for range 100 {
						r, err := f.db.RollUp(f.ctx, todo)
						if err != nil {
							t.Error(err)
							return
						}
						if len(r.Busy) == 0 {
							return
						}
						todo = r.Busy
						time.Sleep(time.Millisecond)
					}
					t.Error("sessions stayed busy")
				}()
			}
			wg.Wait()
			n := int64(len(ids)) * int64(round+1)
			f.wantUsage(t, 10*n, 20*n)
		}
	})
}
