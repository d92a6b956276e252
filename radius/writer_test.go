package radius

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
)

// Another instance (or the reaper) changes a session the shard remembers: the optimistic
// write must notice, roll back entirely, and be redone under locks with exact usage.
func TestOptimisticWriteMeetsAnotherWriter(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	alice := f.customer("alice")
	f.customer("bob")
	srv := f.start()

	f.mustAcct(start, "alice", "o1", 0, 0)
	f.mustAcct(interim, "alice", "o1", 1000, 2000)
	if got := counterValue(srv.m.acctRetries); got != 0 {
		t.Fatalf("%v retries before any conflict", got)
	}

	// Another instance counts an Interim of 1500/2600 for the same session (it writes the
	// session row only; period usage comes from the roll-up of either instance).
	if _, err := f.st.DB.ExecContext(f.ctx, `UPDATE sessions SET bytes_in = 1500, bytes_out = 2600 WHERE username = 'alice'`); err != nil {
		t.Fatal(err)
	}

	f.mustAcct(interim, "alice", "o1", 2000, 3000)
	if got := counterValue(srv.m.acctRetries); got != 1 {
		t.Fatalf("%v batches redone under locks, want 1", got)
	}
	ss := f.sessions("alice")
	if len(ss) != 1 || ss[0].BytesIn != 2000 || ss[0].BytesOut != 3000 {
		t.Fatalf("sessions = %+v", ss)
	}
	if in, out := f.usage(alice); in != 2000 || out != 3000 {
		t.Fatalf("usage = %d/%d, want 2000/3000 (each byte once)", in, out)
	}
	// The shard learnt the session again: the next Interim goes the optimistic way.
	f.mustAcct(interim, "alice", "o1", 2500, 3500)
	if got := counterValue(srv.m.acctRetries); got != 1 {
		t.Fatalf("%v batches redone under locks, want still 1", got)
	}
	if in, out := f.usage(alice); in != 2500 || out != 3500 {
		t.Fatalf("usage = %d/%d, want 2500/3500", in, out)
	}

	// One script, one transaction: a batch whose update is stale inserts nothing either. (A
	// shard of its own, so the running writers' shards are left alone.)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	sh := &acctShard{known: map[string]*sessRow{}}
	aliceKey := sessionKey(f.nas.ID, "alice", "o1", nil)
	read := map[string]*sessRow{}
	if err := srv.db.ReadSessions(ctx, []string{aliceKey}, readInto(read)); err != nil || read[aliceKey] == nil {
		t.Fatalf("reading alice's session: %v (found %v)", err, read[aliceKey] != nil)
	}
	aliceRow := read[aliceKey]
	aliceRow.StoredIn = 1 // as if the shard still believed an old counter
	sh.known[aliceKey] = aliceRow
	now := time.Now()
	batch := []*acctReq{
		{status: start, nasID: f.nas.ID, key: sessionKey(f.nas.ID, "bob", "o2", nil), sessionID: "o2", username: "bob",
			customerID: aliceRow.CustomerID + 1, at: now, received: now},
		{status: interim, nasID: f.nas.ID, key: aliceKey, sessionID: "o1", username: "alice", customerID: alice.ID,
			bytesIn: 9000, bytesOut: 9000, at: now, received: now},
	}
	_, err := srv.acct.writeOptimistic(ctx, sh, batch)
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != radiusdb.ErrCodeStale || !radiusdb.IsWriteConflict(err) {
		t.Fatalf("stale optimistic write: err = %v, want SQLSTATE %s", err, radiusdb.ErrCodeStale)
	}
	if n := f.st.Client.Session.Query().Where(session.Username("bob")).CountX(f.ctx); n != 0 {
		t.Fatalf("%d sessions of bob after a rolled-back batch, want 0", n)
	}
	if in, _ := f.usage(alice); in != 2500 {
		t.Fatalf("usage moved to %d by a rolled-back batch", in)
	}
}

// Usage counted by another instance reaches this instance's snapshot (cap decisions at
// login) within about a second of its session event.
func TestUsageCountedElsewhereReachesTheSnapshot(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	alice := f.customer("alice")
	srv := f.start()
	if _, err := f.st.DB.ExecContext(f.ctx, `UPDATE customers SET period_bytes_in = 7000, period_bytes_out = 9000 WHERE id = $1`, alice.ID); err != nil {
		t.Fatal(err)
	}
	f.bus.Deliver(events.Event{Kind: events.SessionUpdated, SessionID: 1, CustomerID: alice.ID, At: time.Now(), Origin: "peer"})
	deadline := time.Now().Add(3 * time.Second)
	for {
		sub := srv.snap.subscriberID(alice.ID)
		if sub != nil && sub.usedIn.Load() == 7000 && sub.usedOut.Load() == 9000 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("snapshot usage of alice never became 7000/9000 (subscriber %v)", sub != nil)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
