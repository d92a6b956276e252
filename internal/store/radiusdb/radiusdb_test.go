package radiusdb_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
)

// Values written as literals in the PostgreSQL accounting script read back unchanged.
func TestPGLiteralRoundTrip(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	at := time.Date(2026, 11, 30, 7, 1, 2, 345678000, time.UTC)
	for _, v := range []any{"plain", "it's", `back\slash`, `\' mix '' \\`, "ünïcødé", "", int64(-5), 1 << 40, true, at} {
		var got string
		var want string
		lit := radiusdb.PGLiteral(v)
		if isTime(v) {
			lit += "::timestamptz"
		}
		q := "SELECT (" + lit + ")::text"
		if err := st.DB.QueryRow(q).Scan(&got); err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if err := st.DB.QueryRow("SELECT ($1"+map[bool]string{true: "::timestamptz", false: ""}[isTime(v)]+")::text", v).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%v: literal reads %q, parameter %q", v, got, want)
		}
	}
}

func isTime(v any) bool { _, ok := v.(time.Time); return ok }

// near reports whether two times are the same to the microsecond PostgreSQL keeps (it
// rounds; SQLite keeps nanoseconds).
func near(a, b time.Time) bool { return a.Sub(b).Abs() <= time.Microsecond }

// The function a migrated PostgreSQL database has is the one the package relies on: it
// passes when the counts match and raises SQLSTATE ErrCodeStale, a write conflict, when not.
func TestExpectRowsContract(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	if _, err := st.DB.Exec("SELECT " + radiusdb.ExpectRowsFunc + "(3, 3)"); err != nil {
		t.Fatalf("matching counts: %v", err)
	}
	_, err := st.DB.Exec("SELECT " + radiusdb.ExpectRowsFunc + "(2, 3)")
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) || pqErr.Code != radiusdb.ErrCodeStale || !radiusdb.IsWriteConflict(err) {
		t.Fatalf("2 of 3 rows: err = %v, want SQLSTATE %s", err, radiusdb.ErrCodeStale)
	}
}

type fixture struct {
	ctx      context.Context
	st       *store.Store
	db       *radiusdb.DB
	nas      *ent.Nas
	customer *ent.Customer
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	ctx := context.Background()
	box := testutil.Box(t)
	prof := st.Client.Profile.Create().SetName("Home").SetUploadKbps(1000).SetDownloadKbps(2000).SetPrice(1).SaveX(ctx)
	return &fixture{
		ctx: ctx, st: st, db: radiusdb.New(st.DB, st.Dialect),
		nas: st.Client.Nas.Create().SetName("core-1").SetIPAddress("10.0.0.1").SetSecretEnc(box.MustEncrypt("s")).SaveX(ctx),
		customer: st.Client.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc(box.MustEncrypt("pw")).
			SetPhone("+254700000000").SetProfileID(prof.ID).SetExpiresAt(time.Now().Add(time.Hour)).SaveX(ctx),
	}
}

// read returns the stored sessions with the given keys.
func (f *fixture) read(t *testing.T, keys ...string) map[string]radiusdb.Session {
	t.Helper()
	got := map[string]radiusdb.Session{}
	if err := f.db.ReadSessions(f.ctx, keys, func(s radiusdb.Session) { got[s.Key] = s }); err != nil {
		t.Fatal(err)
	}
	return got
}

// A locked batch inserts sessions (giving them ids), updates them, grows the period and the
// daily usage, and closes the sessions of a rebooted NAS last; on both databases.
func TestWriteLocked(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		t0 := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
		a := &radiusdb.Session{Key: "k-a", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, In: 100, Out: 200,
			Started: t0, Updated: t0, SessionID: "a", Username: "alice", Calling: "aa:bb"}
		ghost := &radiusdb.Session{Key: "k-ghost", NasID: f.nas.ID, Open: true, Started: t0, Updated: t0, SessionID: "g", Username: "ghost"}
		if _, err := f.db.WriteLocked(f.ctx, []string{"k-a", "k-ghost"}, func(radiusdb.Session) { t.Error("read a session before any was written") },
			func() *radiusdb.Batch {
				return &radiusdb.Batch{Inserts: []*radiusdb.Session{a, ghost}}
			}); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || ghost.ID == 0 || a.ID == ghost.ID {
			t.Fatalf("ids %d, %d", a.ID, ghost.ID)
		}
		stored := f.read(t, "k-a", "k-ghost")
		if s := stored["k-a"]; s.ID != a.ID || s.In != 100 || s.Out != 200 || !s.Open || s.StoredIn != 100 || !s.StoredOpen || s.Calling != "aa:bb" {
			t.Fatalf("stored %+v", s)
		}
		if s := stored["k-ghost"]; s.CustomerID != 0 {
			t.Fatalf("unknown user's session has customer %d", s.CustomerID)
		}
		f.rollUp(t, a.ID, ghost.ID)
		f.wantUsage(t, 100, 200)

		// An update, more usage, and a NAS reset after it: both sessions close.
		upd := stored["k-a"]
		upd.In, upd.Out, upd.Updated = 150, 260, t0.Add(10*time.Second)
		closed, err := f.db.WriteLocked(f.ctx, []string{"k-a"}, func(radiusdb.Session) {}, func() *radiusdb.Batch {
			return &radiusdb.Batch{Updates: []*radiusdb.Session{&upd},
				Resets: []radiusdb.NasReset{{NasID: f.nas.ID, At: t0.Add(20 * time.Second)}}}
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(closed) != 2 {
			t.Fatalf("reset closed %+v, want both sessions", closed)
		}
		s := f.st.Client.Session.GetX(f.ctx, a.ID)
		if s.BytesIn != 150 || s.BytesOut != 260 || s.Open || s.TerminateCause == nil || *s.TerminateCause != "NAS-Reboot" {
			t.Fatalf("session after update and reset: %+v", s)
		}
		f.wantUsage(t, 100, 200) // the reply path writes the session row only
		f.rollUp(t, a.ID)
		f.wantUsage(t, 150, 260)
	})
}

// An optimistic batch whose update meets a row another writer changed writes nothing at
// all (its insert neither) and fails as a write conflict.
func TestWriteOptimisticConflict(t *testing.T) {
	f := newFixture(t, testutil.OpenStore(t, testutil.Postgres))
	t0 := time.Now().UTC().Add(-time.Minute)
	a := &radiusdb.Session{Key: "k-a", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, In: 10, Out: 20, Started: t0, Updated: t0}
	if err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Inserts: []*radiusdb.Session{a}}); err != nil || a.ID == 0 {
		t.Fatalf("insert: %v (id %d)", err, a.ID)
	}
	a.MarkStored()
	a.In = 30
	if err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Updates: []*radiusdb.Session{a}}); err != nil {
		t.Fatalf("update as stored: %v", err)
	}
	a.MarkStored()
	// Another writer moves the counters.
	f.st.Client.Session.UpdateOneID(a.ID).SetBytesIn(35).ExecX(f.ctx)
	a.In = 40
	b := &radiusdb.Session{Key: "k-b", CustomerID: f.customer.ID, NasID: f.nas.ID, Open: true, Started: t0, Updated: t0}
	err := f.db.WriteOptimistic(f.ctx, &radiusdb.Batch{Inserts: []*radiusdb.Session{b}, Updates: []*radiusdb.Session{a}})
	if !radiusdb.IsWriteConflict(err) {
		t.Fatalf("stale update: err = %v, want a write conflict", err)
	}
	if n := f.st.Client.Session.Query().Where(session.AcctKey("k-b")).CountX(f.ctx); n != 0 {
		t.Fatalf("the conflicting batch inserted %d sessions", n)
	}
	if s := f.st.Client.Session.GetX(f.ctx, a.ID); s.BytesIn != 35 {
		t.Fatalf("bytes_in %d after a rolled-back batch, want 35", s.BytesIn)
	}
}

// The reaper closes what has had no update since the cutoff; the session limit's recount
// reads what stays open; NAS last-seen is written.
func TestCloseStaleAndOpenSessions(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		now := time.Now().UTC()
		mk := func(key string, updated time.Time) *ent.Session {
			return st.Client.Session.Create().SetAcctKey(key).SetAcctSessionID(key).SetUsername("alice").
				SetCustomerID(f.customer.ID).SetNasID(f.nas.ID).SetStartedAt(updated).SetUpdatedAt(updated).
				SetCallingStationID("AA:BB").SaveX(f.ctx)
		}
		old, fresh := mk("old", now.Add(-time.Hour)), mk("fresh", now)
		closed, err := f.db.CloseStale(f.ctx, now.Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		if len(closed) != 1 || closed[0].ID != old.ID || closed[0].Key != "old" || closed[0].CustomerID != f.customer.ID || closed[0].NasID != f.nas.ID {
			t.Fatalf("closed %+v, want the old session", closed)
		}
		if s := st.Client.Session.GetX(f.ctx, old.ID); s.Open || s.TerminateCause == nil || *s.TerminateCause != "Stale" {
			t.Fatalf("stale session %+v", s)
		}
		open, err := f.db.OpenSessions(f.ctx, f.customer.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(open) != 1 || open[0].ID != fresh.ID || open[0].Key != "fresh" || open[0].Calling != "AA:BB" || !near(open[0].Updated, fresh.UpdatedAt) {
			t.Fatalf("open sessions %+v, want the fresh one", open)
		}
		if err := f.db.MarkNasSeen(f.ctx, f.nas.ID, now); err != nil {
			t.Fatal(err)
		}
		if n := st.Client.Nas.GetX(f.ctx, f.nas.ID); n.LastSeenAt == nil || !near(*n.LastSeenAt, now) {
			t.Fatalf("last seen %v, want %v", n.LastSeenAt, now)
		}
	})
}

// Auth events are stored with or without their links, and a retry finds which keys a lost
// commit stored.
func TestAuthEvents(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		at := time.Now().UTC()
		events := []radiusdb.AuthEvent{
			{Username: "alice", CustomerID: f.customer.ID, NasID: f.nas.ID, Calling: "aa:bb", Method: "pap",
				Result: authevent.ResultACCEPT, Reason: authevent.ReasonOK, At: at, Key: "e1"},
			{Username: "nobody", NasID: f.nas.ID, Method: "chap", Result: authevent.ResultREJECT,
				Reason: authevent.ReasonUNKNOWN_USER, Detail: "x", At: at, Key: "e2"},
		}
		if err := f.db.InsertAuthEvents(f.ctx, events); err != nil {
			t.Fatal(err)
		}
		stored, err := f.db.StoredAuthEventKeys(f.ctx, []string{"e1", "e2", "e3"})
		if err != nil {
			t.Fatal(err)
		}
		if len(stored) != 2 || !stored["e1"] || !stored["e2"] {
			t.Fatalf("stored keys %v, want e1 and e2", stored)
		}
		e := st.Client.AuthEvent.Query().Where(authevent.EventKey("e2")).OnlyX(f.ctx)
		if e.CustomerID != nil || e.NasID == nil || *e.NasID != f.nas.ID || e.CallingStationID != nil || e.Reason != authevent.ReasonUNKNOWN_USER {
			t.Fatalf("event %+v", e)
		}
		// A link to a missing customer is a constraint violation, told apart from an outage.
		err = f.db.InsertAuthEvents(f.ctx, []radiusdb.AuthEvent{{Username: "gone", CustomerID: 999999, Method: "pap",
			Result: authevent.ResultREJECT, Reason: authevent.ReasonUNKNOWN_USER, At: at, Key: "e4"}})
		if !radiusdb.IsConstraint(err) {
			t.Fatalf("missing customer: err = %v, want a constraint violation", err)
		}
	})
}
