package radius

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestSnapshotFootprint measures what one customer and one open session cost in the snapshot
// once loaded (issue 19: a million customers and 200,000 sessions in one instance), built by
// the load's own code from rows like a real installation's, and holds them to a budget.
func TestSnapshotFootprint(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 100,000 subscribers")
	}
	const customers, sessions = 100000, 50000
	box := testutil.Box(t)
	sealed := box.MustEncrypt("bench-password")
	now := time.Now()
	before := heapInUse()
	var subs []*subscriber
	for first := 1; first <= customers; first += loadPage {
		rows := make([]*ent.Customer, 0, loadPage)
		for id := first; id < first+loadPage && id <= customers; id++ {
			rows = append(rows, &ent.Customer{ID: id, Username: fmt.Sprintf("bench%07d", id), PasswordEnc: sealed,
				Status: customer.Status(string([]byte("ACTIVE"))), ProfileID: 1, ExpiresAt: now, PeriodStart: now, MaxSessions: 1})
		}
		subs = append(subs, decodeSubscribers(rows, box)...)
	}
	byName, byID, bad := indexSubscribers(subs)
	subs = nil
	withCustomers := heapInUse()
	open := make([]*openSession, 0, sessions)
	for n := 1; n <= sessions; n++ {
		open = append(open, &openSession{id: n, customerID: n, nasID: 2, updated: now,
			key: fmt.Sprintf("2/bench%07d/seed%08x/", n, n), mac: normMAC(fmt.Sprintf("02:00:00:%02x:%02x:%02x", n>>16&255, n>>8&255, n&255))})
	}
	byCustomer, bySessionID := indexSessions(open)
	open = nil
	withSessions := heapInUse()
	perCustomer := (withCustomers - before) / customers
	perSession := (withSessions - withCustomers) / sessions
	t.Logf("snapshot: %d B per customer, %d B per open session", perCustomer, perSession)
	if bad != 0 || len(byName) != customers || len(byID) != customers || len(byCustomer) != sessions || len(bySessionID) != sessions {
		t.Fatalf("loaded %d/%d customers (%d bad), %d/%d sessions", len(byName), len(byID), bad, len(byCustomer), len(bySessionID))
	}
	// Budgets: 1,000,000 customers and 200,000 sessions in about 400 MB, a third of the
	// 1.5 GB the instance may use.
	if perCustomer > 320 {
		t.Errorf("%d B per customer, want at most 320", perCustomer)
	}
	if perSession > 240 {
		t.Errorf("%d B per open session, want at most 240", perSession)
	}
	runtime.KeepAlive(byName)
	runtime.KeepAlive(byID)
	runtime.KeepAlive(byCustomer)
	runtime.KeepAlive(bySessionID)
}

// heapInUse is the live heap after a full collection.
func heapInUse() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestSnapshotSessionBookkeeping follows a customer's open sessions through the snapshot's
// operations (kept in a slice per customer and found by id): what openCount, online and the
// id lookups see after each.
func TestSnapshotSessionBookkeeping(t *testing.T) {
	now := time.Now()
	fresh := func(id int) *openSession { return &openSession{id: id, nasID: 1, updated: now} }
	tests := []struct {
		name       string
		do         func(s *snapshot)
		wantOpen   int
		wantByID   []int // session ids the id index finds
		wantNoByID []int // session ids it no longer finds
	}{
		{"two sessions", func(s *snapshot) { s.putSession(7, "a", fresh(1)); s.putSession(7, "b", fresh(2)) }, 2, []int{1, 2}, nil},
		{"same key again replaces, the old id is forgotten", func(s *snapshot) {
			s.putSession(7, "a", fresh(1))
			s.putSession(7, "a", fresh(3))
		}, 1, []int{3}, []int{1}},
		{"drop by key", func(s *snapshot) {
			s.putSession(7, "a", fresh(1))
			s.putSession(7, "b", fresh(2))
			s.dropSession(7, "a")
		}, 1, []int{2}, []int{1}},
		{"drop by id, the last one", func(s *snapshot) { s.putSession(7, "a", fresh(1)); s.dropSessionID(1) }, 0, nil, []int{1}},
		{"dropping an unknown id changes nothing", func(s *snapshot) { s.putSession(7, "a", fresh(1)); s.dropSessionID(9) }, 1, []int{1}, nil},
		{"replace with the database's list", func(s *snapshot) {
			s.putSession(7, "a", fresh(1))
			s.putSession(7, "b", fresh(2))
			s.replaceSessions(7, []*openSession{{id: 5, key: "c", nasID: 1, updated: now}})
		}, 1, []int{5}, []int{1, 2}},
		{"replace with none", func(s *snapshot) { s.putSession(7, "a", fresh(1)); s.replaceSessions(7, nil) }, 0, nil, []int{1}},
		{"a touch by id counts a stale session again", func(s *snapshot) {
			s.putSession(7, "a", &openSession{id: 1, nasID: 1, updated: now.Add(-24 * time.Hour)})
			s.touchSessionID(1, now)
		}, 1, []int{1}, nil},
		{"an Accounting-On of its NAS stops it counting", func(s *snapshot) {
			s.putSession(7, "a", &openSession{id: 1, nasID: 1, updated: now.Add(-time.Second)})
			s.nasReset(1, now)
		}, 0, []int{1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSnapshot()
			tt.do(s)
			if got := s.openCount(7, now, login{}); got != tt.wantOpen {
				t.Errorf("openCount = %d, want %d", got, tt.wantOpen)
			}
			if got, want := s.online(7), len(tt.wantByID) > 0; got != want {
				t.Errorf("online = %v, want %v", got, want)
			}
			for _, id := range tt.wantByID {
				if o := s.sessByID[id]; o == nil || o.customerID != 7 || indexOfKey(s.sessions[7], o.key) < 0 {
					t.Errorf("session %d not found by id in customer 7's list", id)
				}
			}
			for _, id := range tt.wantNoByID {
				if s.sessByID[id] != nil {
					t.Errorf("session %d still found by id", id)
				}
			}
		})
	}
}

// TestUnixNano: period starts are kept as unix nanoseconds; a zero period start (before
// 1678) comes out as the earliest value, so every top-up still counts as in its period.
func TestUnixNano(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		in   time.Time
		want int64
	}{
		{"a period start", t0, t0.UnixNano()},
		{"the epoch", time.Unix(0, 0), 0},
		{"the zero time", time.Time{}, math.MinInt64},
		{"the year 1000", time.Date(1000, 1, 1, 0, 0, 0, 0, time.UTC), math.MinInt64},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := unixNano(tt.in); got != tt.want {
				t.Errorf("unixNano(%v) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}

// TestSnapshotLoadStopsWithItsContext: a full load whose context ends fails rather than
// returning the customers read so far as if they were all.
func TestSnapshotLoadStopsWithItsContext(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	f.customer("alice")
	for i := 0; i < 20; i++ { // either way the pages end, the load must fail
		ctx, cancel := context.WithCancel(f.ctx)
		cancel()
		subs, _, err := newSnapshot().loadCustomers(ctx, f.st, f.box, nil)
		if err == nil {
			t.Fatalf("load with an ended context: %d subscribers, no error", len(subs))
		}
	}
	subs, _, err := newSnapshot().loadCustomers(f.ctx, f.st, f.box, nil)
	if err != nil || len(subs) != 1 || subs[0].username != "alice" {
		t.Fatalf("load: %d subscribers, %v; want alice", len(subs), err)
	}
}
