package radius

import (
	"net"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

// TestEventsCarryTheRow: every session event accounting, Accounting-On and the reaper publish
// carries the session's row exactly as stored after the commit, and its customer's state, so
// subscribers need not read them.
func TestEventsCarryTheRow(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { eventsCarryTheRow(t, kind) })
	}
}

func eventsCarryTheRow(t *testing.T, kind string) {
	f := newFixture(t, kind)
	alice := f.customer("alice")
	f.start()
	evs := f.bus.Subscribe(t.Context())
	addr, err := radius.NewIPAddr(net.ParseIP("100.64.0.7"))
	if err != nil {
		t.Fatal(err)
	}
	ip := &radius.AVP{Type: rfc2865.FramedIPAddress_Type, Attribute: addr}
	port := client.String(rfc2869.NASPortID_Type, "ether5")

	f.mustAcct(start, "alice", "a1", 0, 0, ip, port)
	row := f.sessions("alice")[0]
	f.expectEvent(evs, events.SessionStarted, row.ID, alice, true)
	f.mustAcct(interim, "alice", "a1", 1000, 2000, ip, port)
	f.expectEvent(evs, events.SessionUpdated, row.ID, alice, true)
	f.mustAcct(stop, "alice", "a1", 3000, 4000, ip, port, client.Integer(rfc2866.AcctTerminateCause_Type, 1))
	f.expectEvent(evs, events.SessionStopped, row.ID, alice, false)

	t.Run("accounting-on", func(t *testing.T) {
		f.mustAcct(start, "alice", "a2", 0, 0, ip)
		id := f.sessions("alice")[1].ID
		f.expectEvent(evs, events.SessionStarted, id, alice, true)
		time.Sleep(10 * time.Millisecond) // the reset is later than the session's last update
		f.mustAcct(acctOn, "", "", 0, 0)
		got := f.expectEvent(evs, events.SessionStopped, id, alice, false)
		if got.TerminateCause != "NAS-Reboot" {
			t.Errorf("terminate cause %q, want NAS-Reboot", got.TerminateCause)
		}
	})
	t.Run("reaper, then a late Stop", func(t *testing.T) {
		f.mustAcct(start, "alice", "a3", 0, 0, ip)
		id := f.sessions("alice")[2].ID
		f.expectEvent(evs, events.SessionStarted, id, alice, true)
		old := time.Now().UTC().Add(-2 * time.Hour)
		f.st.Client.Session.UpdateOneID(id).SetUpdatedAt(old).ExecX(f.ctx)
		if err := f.srv.reap(f.ctx); err != nil {
			t.Fatal(err)
		}
		got := f.expectEvent(evs, events.SessionStopped, id, alice, false)
		if got.TerminateCause != "Stale" || got.StoppedAt.Sub(old).Abs() > time.Microsecond {
			t.Errorf("reaped: cause %q stopped %v, want Stale at %v", got.TerminateCause, got.StoppedAt, old)
		}
		// The router's Stop arrives later with more traffic: the counters move, the row stays
		// stopped when and why the reaper said.
		f.mustAcct(stop, "alice", "a3", 500, 600, ip)
		got = f.expectEvent(evs, events.SessionUpdated, id, alice, false)
		if got.BytesIn != 500 || got.TerminateCause != "Stale" || got.StoppedAt.IsZero() {
			t.Errorf("late Stop: %+v", got)
		}
	})
}

// expectEvent waits for the event of kind for session id and checks that it carries the
// session's row as stored and the customer's state (online as given); it returns the row.
func (f *fixture) expectEvent(evs <-chan events.Event, kind events.Kind, id int, cu *ent.Customer, online bool) *events.Session {
	f.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case e := <-evs:
			if e.Kind != kind || e.SessionID != id {
				continue
			}
			if e.Session == nil || e.Customer == nil {
				f.t.Fatalf("%s of session %d carries no row (%v) or no customer (%v)", kind, id, e.Session, e.Customer)
			}
			want := store.SessionPayload(f.st.Client.Session.GetX(f.ctx, id), f.nas.Name)
			if got := toMicro(*e.Session); got != toMicro(*want) {
				f.t.Errorf("%s of session %d carries\n %+v\nstored is\n %+v", kind, id, got, toMicro(*want))
			}
			wantCu := events.Customer{Status: "ACTIVE", ExpiresAt: cu.ExpiresAt.UTC(), Online: online}
			if got := *e.Customer; got.Status != wantCu.Status || got.Online != wantCu.Online ||
				!got.ExpiresAt.Truncate(time.Millisecond).Equal(wantCu.ExpiresAt.Truncate(time.Millisecond)) {
				f.t.Errorf("%s of session %d: customer %+v, want %+v", kind, id, got, wantCu)
			}
			return e.Session
		case <-timeout:
			f.t.Fatalf("no %s event for session %d", kind, id)
			return nil
		}
	}
}

// toMicro is s with its times to the microsecond (as the writer stores them on PostgreSQL).
func toMicro(s events.Session) events.Session {
	s.StartedAt, s.UpdatedAt, s.StoppedAt = s.StartedAt.Truncate(time.Microsecond), s.UpdatedAt.Truncate(time.Microsecond), s.StoppedAt.Truncate(time.Microsecond)
	return s
}
