package radiusdb_test

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
)

// An optimistic batch of updates only (Interim-Updates and Stops of known sessions) writes
// every changing column, keeps a framed IP once set, and, when one of its rows was changed
// by another writer, writes none of them and fails as a write conflict.
func TestWriteOptimisticUpdateOnly(t *testing.T) {
	f := newFixture(t, testutil.OpenStore(t, testutil.Postgres))
	t0 := time.Now().UTC().Truncate(time.Microsecond).Add(-time.Minute)
	a := &radiusdb.Session{Key: "k-a", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, In: 10, Out: 20,
		Started: t0, Updated: t0, FramedIP: "10.1.0.9"}
	b := &radiusdb.Session{Key: "k-b", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, Started: t0, Updated: t0}
	if err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Inserts: []*radiusdb.Session{a, b}}); err != nil {
		t.Fatal(err)
	}
	a.MarkStored()
	b.MarkStored()

	tests := []struct {
		name  string
		apply func()
		check func(t *testing.T, got map[string]radiusdb.Session)
	}{
		{"interim", func() {
			a.In, a.Out, a.Time, a.Updated, a.FramedIP = 1<<40, 1<<41, 300, t0.Add(300*time.Second), "10.9.9.9"
			b.In, b.Updated = 7, t0.Add(time.Second)
		}, func(t *testing.T, got map[string]radiusdb.Session) {
			if s := got["k-a"]; s.In != 1<<40 || s.Out != 1<<41 || s.Time != 300 || !s.Updated.Equal(t0.Add(300*time.Second)) ||
				!s.Open || s.Stopped != nil || s.Cause != "" || s.FramedIP != "10.1.0.9" {
				t.Errorf("a = %+v", s)
			}
			if s := got["k-b"]; s.In != 7 || s.FramedIP != "" {
				t.Errorf("b = %+v", s)
			}
		}},
		{"stop", func() {
			stop := t0.Add(400 * time.Second)
			a.Open, a.Stopped, a.Cause, a.Updated = false, &stop, "User-Request", stop
		}, func(t *testing.T, got map[string]radiusdb.Session) {
			if s := got["k-a"]; s.Open || s.Stopped == nil || !s.Stopped.Equal(t0.Add(400*time.Second)) || s.Cause != "User-Request" {
				t.Errorf("a = %+v", s)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.apply()
			if err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Updates: []*radiusdb.Session{a, b}}); err != nil {
				t.Fatal(err)
			}
			a.MarkStored()
			b.MarkStored()
			tc.check(t, f.read(t, "k-a", "k-b"))
		})
	}

	// Another writer moves b: the batch of a and b writes neither.
	f.st.Client.Session.UpdateOneID(b.ID).SetBytesIn(8).ExecX(f.ctx)
	b.In, a.Time = 9, 999
	err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Updates: []*radiusdb.Session{a, b}})
	if !radiusdb.IsWriteConflict(err) {
		t.Fatalf("stale update: err = %v, want a write conflict", err)
	}
	got := f.read(t, "k-a", "k-b")
	if got["k-a"].Time != 300 || got["k-b"].In != 8 {
		t.Fatalf("a conflicting batch wrote: a.Time %d, b.In %d", got["k-a"].Time, got["k-b"].In)
	}
}
