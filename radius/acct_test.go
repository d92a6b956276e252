package radius

import (
	"context"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

const (
	start   = rfc2866.AcctStatusType_Value_Start
	interim = rfc2866.AcctStatusType_Value_InterimUpdate
	stop    = rfc2866.AcctStatusType_Value_Stop
	acctOn  = rfc2866.AcctStatusType_Value_AccountingOn
)

func TestAccounting(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { testAccounting(t, kind) })
	}
}

func (f *fixture) mustAcct(status rfc2866.AcctStatusType, user, sid string, in, out uint64, attrs ...*radius.AVP) {
	f.t.Helper()
	if err := f.acct(status, user, sid, in, out, attrs...); err != nil {
		f.t.Fatalf("%v %s/%s: %v", status, user, sid, err)
	}
}

func (f *fixture) sessions(user string) []*ent.Session {
	return f.st.Client.Session.Query().Where(session.Username(user)).Order(ent.Asc(session.FieldID)).AllX(f.ctx)
}

// usage reads a customer's period usage once the roll-up has moved what was acknowledged
// into it (within RollUpBound).
func (f *fixture) usage(c *ent.Customer) (in, out int64) {
	f.rolledUp()
	c = f.st.Client.Customer.GetX(f.ctx, c.ID)
	return c.PeriodBytesIn, c.PeriodBytesOut
}

func testAccounting(t *testing.T, kind string) {
	f := newFixture(t, kind)
	alice := f.customer("alice")
	bob := f.customer("bob")
	carol := f.customer("carol")
	f.customer("dave")
	f.start()
	evs := f.bus.Subscribe(t.Context())

	const big = 5<<30 + 12345 // above 4 GiB: needs gigawords
	t.Run("start interim×3 stop", func(t *testing.T) {
		class := client.String(rfc2865.Class_Type, "ld:0001")
		f.mustAcct(start, "alice", "81000001", 0, 0, class)
		for i := 0; i < 3; i++ {
			f.mustAcct(interim, "alice", "81000001", 1000, 2000, class)
		}
		f.mustAcct(interim, "alice", "81000001", big, 3<<30, class)
		f.mustAcct(stop, "alice", "81000001", big+10, 3<<30+20, class, client.Integer(rfc2866.AcctTerminateCause_Type, 1))
		// A retransmitted Stop and a late Interim change nothing.
		f.mustAcct(stop, "alice", "81000001", big+10, 3<<30+20, class)
		f.mustAcct(interim, "alice", "81000001", big+999, 3<<30+999, class)
		ss := f.sessions("alice")
		if len(ss) != 1 {
			t.Fatalf("%d sessions, want 1", len(ss))
		}
		s := ss[0]
		if s.BytesIn != big+10 || s.BytesOut != 3<<30+20 || s.Open || s.StoppedAt == nil ||
			s.TerminateCause == nil || *s.TerminateCause != "User-Request" || s.CustomerID == nil || *s.CustomerID != alice.ID {
			t.Fatalf("session = %+v", s)
		}
		in, out := f.usage(alice)
		if in != big+10 || out != 3<<30+20 {
			t.Fatalf("period usage = %d/%d, want %d/%d", in, out, int64(big+10), int64(3<<30+20))
		}
		d := f.st.Client.UsageDaily.Query().Where(usagedaily.CustomerID(alice.ID)).OnlyX(f.ctx)
		if d.BytesIn != big+10 || d.BytesOut != 3<<30+20 || d.Day != time.Now().UTC().Format("2006-01-02") {
			t.Fatalf("daily = %+v", d)
		}
	})
	t.Run("interim before start", func(t *testing.T) {
		f.mustAcct(interim, "bob", "b1", 100, 200)
		f.mustAcct(start, "bob", "b1", 0, 0)
		f.mustAcct(interim, "bob", "b1", 50, 60) // reordered: counters never go back
		ss := f.sessions("bob")
		if len(ss) != 1 || !ss[0].Open || ss[0].BytesIn != 100 || ss[0].BytesOut != 200 {
			t.Fatalf("sessions = %+v", ss)
		}
		f.mustAcct(stop, "bob", "b1", 300, 400)
		ss = f.sessions("bob")
		if len(ss) != 1 || ss[0].Open || ss[0].BytesIn != 300 || ss[0].BytesOut != 400 {
			t.Fatalf("sessions = %+v", ss)
		}
		if in, out := f.usage(bob); in != 300 || out != 400 {
			t.Fatalf("usage = %d/%d", in, out)
		}
	})
	t.Run("stop without start", func(t *testing.T) {
		f.mustAcct(stop, "carol", "c1", 7000, 8000)
		f.mustAcct(stop, "carol", "c1", 7000, 8000)
		ss := f.sessions("carol")
		if len(ss) != 1 || ss[0].Open || ss[0].BytesIn != 7000 || ss[0].StoppedAt == nil {
			t.Fatalf("sessions = %+v", ss)
		}
		if in, out := f.usage(carol); in != 7000 || out != 8000 {
			t.Fatalf("usage = %d/%d", in, out)
		}
	})
	t.Run("same session id, new class after reboot", func(t *testing.T) {
		f.mustAcct(start, "dave", "d1", 0, 0, client.String(rfc2865.Class_Type, "ld:a"))
		f.mustAcct(start, "dave", "d1", 0, 0, client.String(rfc2865.Class_Type, "ld:b"))
		if ss := f.sessions("dave"); len(ss) != 2 {
			t.Fatalf("%d sessions, want 2", len(ss))
		}
	})
	t.Run("unknown user still recorded", func(t *testing.T) {
		f.mustAcct(interim, "ghost", "g1", 10, 10)
		ss := f.sessions("ghost")
		if len(ss) != 1 || ss[0].CustomerID != nil {
			t.Fatalf("sessions = %+v", ss)
		}
	})
	t.Run("accounting-on closes older sessions; logins right after are accepted", func(t *testing.T) {
		// dave has two open sessions and a limit of 1.
		if r, err := f.access(client.PAP, "dave", "pw-dave", 2*time.Second); err != nil || r.Code != radius.CodeAccessReject {
			t.Fatalf("before reboot: %v %v", r, err)
		}
		f.mustAcct(acctOn, "", "", 0, 0)
		// The snapshot stops counting at once.
		if r, err := f.access(client.PAP, "dave", "pw-dave", 2*time.Second); err != nil || r.Code != radius.CodeAccessAccept {
			t.Fatalf("after Accounting-On: %v %v", r, err)
		}
		f.mustAcct(start, "dave", "d2", 0, 0)
		for _, s := range f.sessions("dave") {
			if want := s.AcctSessionID == "d2"; s.Open != want {
				t.Errorf("session %s open = %v", s.AcctSessionID, s.Open)
			}
			if s.AcctSessionID == "d1" && (s.TerminateCause == nil || *s.TerminateCause != "NAS-Reboot") {
				t.Errorf("terminate cause = %v", s.TerminateCause)
			}
		}
	})
	t.Run("session closed elsewhere stops counting", func(t *testing.T) {
		f.mustAcct(start, "carol", "c9", 0, 0)
		if r, err := f.access(client.PAP, "carol", "pw-carol", 2*time.Second); err != nil || r.Code != radius.CodeAccessReject {
			t.Fatalf("with an open session: %v %v", r, err)
		}
		var id int
		for _, s := range f.sessions("carol") {
			if s.Open {
				id = s.ID
			}
		}
		// nas/ closed it (say, a disconnect); memory follows the event at once.
		f.bus.Publish(events.Event{Kind: events.SessionStopped, SessionID: id, CustomerID: carol.ID, NasID: f.nas.ID})
		deadline := time.Now().Add(2 * time.Second)
		for {
			if f.srv.snap.openCount(carol.ID, time.Now(), login{}) == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("session still counted after SessionStopped")
			}
			time.Sleep(10 * time.Millisecond)
		}
		f.st.Client.Session.UpdateOneID(id).SetOpen(false).ExecX(f.ctx)
	})
	t.Run("sessions of another instance count", func(t *testing.T) {
		waitCount := func(want int) {
			t.Helper()
			deadline := time.Now().Add(2 * time.Second)
			for f.srv.snap.openCount(bob.ID, time.Now(), login{}) != want {
				if time.Now().After(deadline) {
					t.Fatalf("open count = %d, want %d", f.srv.snap.openCount(bob.ID, time.Now(), login{}), want)
				}
				time.Sleep(10 * time.Millisecond)
			}
		}
		waitCount(0)
		f.bus.Deliver(events.Event{Kind: events.SessionStarted, SessionID: 987654, CustomerID: bob.ID, NasID: f.nas.ID, At: time.Now(), Origin: "other"})
		waitCount(1)
		f.bus.Deliver(events.Event{Kind: events.SessionStopped, SessionID: 987654, CustomerID: bob.ID, NasID: f.nas.ID, At: time.Now(), Origin: "other"})
		waitCount(0)
	})
	t.Run("events", func(t *testing.T) {
		kinds := map[events.Kind]int{}
		timeout := time.After(2 * time.Second)
	loop:
		for {
			select {
			case e := <-evs:
				if e.SessionID == 0 || e.NasID != f.nas.ID {
					t.Errorf("event without ids: %+v", e)
				}
				kinds[e.Kind]++
			case <-timeout:
				break loop
			}
		}
		if kinds[events.SessionStarted] < 5 || kinds[events.SessionStopped] < 4 || kinds[events.SessionUpdated] < 3 {
			t.Errorf("events = %v", kinds)
		}
	})
	t.Run("reaper", func(t *testing.T) {
		old := time.Now().UTC().Add(-2 * time.Hour)
		s := f.st.Client.Session.Create().SetAcctKey("stale").SetAcctSessionID("x").SetUsername("alice").
			SetCustomerID(alice.ID).SetNasID(f.nas.ID).SetStartedAt(old).SetUpdatedAt(old).SaveX(f.ctx)
		fresh := f.st.Client.Session.Create().SetAcctKey("fresh").SetAcctSessionID("y").SetUsername("alice").
			SetCustomerID(alice.ID).SetNasID(f.nas.ID).SetStartedAt(old).SetUpdatedAt(time.Now().UTC()).SaveX(f.ctx)
		if err := f.srv.reap(context.Background()); err != nil {
			t.Fatal(err)
		}
		if s = f.st.Client.Session.GetX(f.ctx, s.ID); s.Open || *s.TerminateCause != "Stale" {
			t.Errorf("stale session not closed: %+v", s)
		}
		if fresh = f.st.Client.Session.GetX(f.ctx, fresh.ID); !fresh.Open {
			t.Error("fresh session closed")
		}
	})
	t.Run("nas last seen", func(t *testing.T) {
		deadline := time.Now().Add(8 * time.Second)
		for {
			n := f.st.Client.Nas.GetX(f.ctx, f.nas.ID)
			if n.LastSeenAt != nil && time.Since(*n.LastSeenAt) < time.Minute {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("last_seen_at not written: %v", n.LastSeenAt)
			}
			time.Sleep(200 * time.Millisecond)
		}
		if req, _ := f.srv.NasStats(f.nas.ID); req < 10 {
			t.Errorf("NasStats requests = %d", req)
		}
	})
}

// When the database is unavailable no Accounting-Response is sent; once it is back the
// retransmitted request is committed once and answered. AuthEvents queued meanwhile are
// written afterwards.
func TestDatabaseOutage(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	alice := f.customer("alice")
	f.start()
	f.mustAcct(start, "alice", "s1", 0, 0)

	admin, err := openAdmin(f)
	if err != nil {
		t.Skip("cannot administer the test database:", err)
	}
	dbName := admin.name
	if _, err := admin.db.Exec("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS false"); err != nil {
		t.Fatal(err)
	}
	restored := false
	restore := func() {
		if !restored {
			restored = true
			if _, err := admin.db.Exec("ALTER DATABASE " + dbName + " ALLOW_CONNECTIONS true"); err != nil {
				t.Error(err)
			}
		}
	}
	defer restore()
	if _, err := admin.db.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", dbName); err != nil {
		t.Fatal(err)
	}
	// Logins still work (no database on the accept path), their events wait in the queue.
	if r, err := f.access(client.PAP, "alice", "pw-alice", 2*time.Second); err != nil || r.Code != radius.CodeAccessReject {
		// alice has one open session: TOO_MANY_SESSIONS, confirmed against memory when the DB fails.
		t.Fatalf("login during outage: %v %v", r, err)
	}
	if r, err := f.access(client.PAP, "nobody", "x", 2*time.Second); err != nil || r.Code != radius.CodeAccessReject {
		t.Fatalf("login during outage: %v %v", r, err)
	}
	p := client.NewAccountingRequest(f.secret, interim, "alice", "s1")
	client.SetCounters(p, 500, 600, 30)
	ctx, cancel := context.WithTimeout(f.ctx, 1500*time.Millisecond)
	_, err = client.Exchange(ctx, f.srv.AcctAddr().String(), p, client.VerifyAccounting(p), 300*time.Millisecond)
	cancel()
	if err == nil {
		t.Fatal("accounting answered while the database is unavailable")
	}
	restore()
	ctx, cancel = context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	if _, err := client.Exchange(ctx, f.srv.AcctAddr().String(), p, client.VerifyAccounting(p), 300*time.Millisecond); err != nil {
		t.Fatalf("after the outage: %v", err)
	}
	if in, out := f.usage(alice); in != 500 || out != 600 {
		t.Fatalf("usage = %d/%d, want 500/600 exactly once", in, out)
	}
	f.nextAuthEvent("nobody", 0)
}
