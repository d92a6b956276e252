package nas_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"testing"
	"time"

	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius"
	"github.com/linedesk/linedesk/radius/client"
)

// End-to-end: linedesk's real RADIUS server on PostgreSQL, the simulated router dialling
// through it, and nas.Service acting on the sessions the server recorded.

type e2e struct {
	t      *testing.T
	ctx    context.Context
	st     *store.Store
	box    *secret.Box
	bus    *events.Bus
	events <-chan events.Event
	srv    *radius.Server
	router *sim.Router
	svc    *nas.Service
	nas    *ent.Nas
	home   *ent.Profile
	fast   *ent.Profile
	seq    int
}

func startE2E(t *testing.T, method entnas.DisconnectMethod, method2 client.Method) *e2e {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	e := &e2e{t: t, ctx: ctx, st: testutil.OpenStore(t, testutil.Postgres), box: testutil.Box(t), bus: events.NewBus()}
	e.events = e.bus.Subscribe(ctx)
	c := e.st.Client
	e.home = c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(150000).SaveX(ctx)
	e.fast = c.Profile.Create().SetName("Home 20M").SetDownloadKbps(20000).SetUploadKbps(8000).SetPrice(250000).SaveX(ctx)
	e.nas = c.Nas.Create().SetName("e2e-router").SetIPAddress("127.0.0.1").SetSecretEnc(e.box.MustEncrypt(nasSecret)).
		SetDisconnectMethod(method).SaveX(ctx)

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	srv, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger}, e.st, e.box, e.bus)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		sctx, scancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer scancel()
		_ = srv.Shutdown(sctx)
	})
	e.srv = srv

	e.router = sim.New(sim.Config{Secret: nasSecret, AuthAddr: srv.AuthAddr().String(), AcctAddr: srv.AcctAddr().String(),
		APIAddr: "127.0.0.1:0", APIUser: "linedesk", APIPassword: apiPass, Method: method2,
		Retry: 300 * time.Millisecond, Timeout: 5 * time.Second})
	if err := e.router.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.router.Stop)
	// The CoA port and API login only matter to nas.Service, which reads them per request.
	c.Nas.UpdateOneID(e.nas.ID).SetCoaPort(e.router.CoAPort()).SetAPIAddress(e.router.APIAddr()).
		SetAPIUser("linedesk").SetAPIPasswordEnc(e.box.MustEncrypt(apiPass)).ExecX(ctx)

	e.svc = nas.NewService(e.st, e.box, e.bus, logger)
	e.svc.CoA = coa.Client{Timeout: 500 * time.Millisecond, Retries: 2, RequireMessageAuthenticator: true}
	e.svc.StopWait = 5 * time.Second // generous for loaded CI machines; returns as soon as the Stop lands
	t.Cleanup(e.svc.Close)
	return e
}

func (e *e2e) customer(username string) *ent.Customer {
	e.t.Helper()
	e.seq++
	return e.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(200000 + e.seq)).SetUsername(username).
		SetPasswordEnc(e.box.MustEncrypt("pw-" + username)).SetPhone(fmt.Sprintf("+2547220000%02d", e.seq)).
		SetProfileID(e.home.ID).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour)).SaveX(e.ctx)
}

// dial connects username through the real server, retrying while the server's snapshot has
// not yet seen a new customer (it polls the change feed).
func (e *e2e) dial(username string) sim.SessionInfo {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		info, err := e.router.Dial(e.ctx, username, "pw-"+username)
		if err == nil {
			return info
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("dialling %s: %v", username, err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func (e *e2e) waitFor(what string, cond func() bool) {
	e.t.Helper()
	deadline := time.Now().Add(8 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			e.t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (e *e2e) openSessions(customerID int) []*ent.Session {
	return e.st.Client.Session.Query().Where(session.CustomerID(customerID), session.Open(true)).AllX(e.ctx)
}

// expectEvent waits for an event of kind about the customer.
func (e *e2e) expectEvent(kind events.Kind, customerID int) events.Event {
	e.t.Helper()
	timeout := time.After(8 * time.Second)
	for {
		select {
		case ev := <-e.events:
			if ev.Kind == kind && ev.CustomerID == customerID {
				return ev
			}
		case <-timeout:
			e.t.Fatalf("no %s event for customer %d", kind, customerID)
		}
	}
}

func TestE2EDisconnectCustomer(t *testing.T) {
	for _, m := range []client.Method{client.PAP, client.CHAP, client.MSCHAPv2} {
		t.Run(string(m), func(t *testing.T) {
			e := startE2E(t, entnas.DisconnectMethodRADIUS, m)
			cust := e.customer("alice")
			info := e.dial("alice")
			if info.Rate != plan.RateLimit(e.home) {
				t.Fatalf("Accept rate %q, want %q", info.Rate, plan.RateLimit(e.home))
			}
			// ONLINE: an open session in the database, announced on the bus.
			e.waitFor("an open session", func() bool { return len(e.openSessions(cust.ID)) == 1 })
			started := e.expectEvent(events.SessionStarted, cust.ID)
			sess := e.openSessions(cust.ID)[0]
			if sess.AcctSessionID != info.AcctSessionID || started.SessionID != sess.ID {
				t.Fatalf("session %+v, event %+v, router %+v", sess, started, info)
			}

			res, err := e.svc.DisconnectCustomer(e.ctx, cust.ID)
			one(t, res, err, sess.ID, domain.ACK, "disconnected")
			p := lastPacket(t, e.router)
			if p.Packet.Code.String() != "Disconnect-Request" ||
				rfc2865.UserName_GetString(p.Packet) != "alice" ||
				rfc2866.AcctSessionID_GetString(p.Packet) != info.AcctSessionID ||
				!rfc2865.FramedIPAddress_Get(p.Packet).Equal(info.IP) ||
				!rfc2865.NASIPAddress_Get(p.Packet).Equal(net.IPv4(127, 0, 0, 1)) {
				t.Fatalf("Disconnect-Request does not name the session: %v", p.Packet.Attributes)
			}
			// The router sent its Stop, and Disconnect waited for it: OFFLINE on return.
			if n := len(e.openSessions(cust.ID)); n != 0 {
				t.Fatalf("%d sessions still open when Disconnect returned", n)
			}
			e.expectEvent(events.SessionStopped, cust.ID)
			closed := e.st.Client.Session.GetX(e.ctx, sess.ID)
			if closed.TerminateCause == nil || !strings.Contains(*closed.TerminateCause, "Admin-Reset") {
				t.Fatalf("terminate cause %v", closed.TerminateCause)
			}
		})
	}
}

func TestE2EChangeProfile(t *testing.T) {
	e := startE2E(t, entnas.DisconnectMethodRADIUS, client.MSCHAPv2)
	cust := e.customer("bob")
	e.dial("bob")
	e.waitFor("an open session", func() bool { return len(e.openSessions(cust.ID)) == 1 })
	sess := e.openSessions(cust.ID)[0]

	e.st.Client.Customer.UpdateOneID(cust.ID).SetProfileID(e.fast.ID).ExecX(e.ctx)
	res, err := e.svc.ApplyCustomerProfile(e.ctx, cust.ID)
	one(t, res, err, sess.ID, domain.ACK, "Home 20M")
	if got := e.router.RateOf("bob"); got != plan.RateLimit(e.fast) {
		t.Fatalf("router rate %q, want %q", got, plan.RateLimit(e.fast))
	}
	p := lastPacket(t, e.router)
	if p.Packet.Code.String() != "CoA-Request" || p.Answer != "ACK" {
		t.Fatalf("%v answered %s", p.Packet.Code, p.Answer)
	}
	if st := rfc2865.SessionTimeout_Get(p.Packet); st == 0 || st > 31*86400 {
		t.Fatalf("Session-Timeout %d", st)
	}
	time.Sleep(300 * time.Millisecond)
	if !e.router.Connected("bob") || len(e.openSessions(cust.ID)) != 1 {
		t.Fatal("the plan change dropped the session")
	}
}

func TestE2ENakFallsBackToDisconnect(t *testing.T) {
	e := startE2E(t, entnas.DisconnectMethodRADIUS, client.CHAP)
	cust := e.customer("carol")
	e.dial("carol")
	e.waitFor("an open session", func() bool { return len(e.openSessions(cust.ID)) == 1 })
	sess := e.openSessions(cust.ID)[0]
	e.router.SetCoAMode(sim.CoANakAll)
	e.st.Client.Customer.UpdateOneID(cust.ID).SetProfileID(e.fast.ID).ExecX(e.ctx)
	res, err := e.svc.ApplyCustomerProfile(e.ctx, cust.ID)
	one(t, res, err, sess.ID, domain.ACK, "fallback disconnect")
	e.waitFor("the session to close", func() bool { return len(e.openSessions(cust.ID)) == 0 })
	e.expectEvent(events.SessionStopped, cust.ID)
	// The customer dials again and gets the new plan from the server.
	e.waitFor("a redial on the new plan", func() bool {
		info, err := e.router.Dial(e.ctx, "carol", "pw-carol")
		if err != nil {
			return false
		}
		if info.Rate != plan.RateLimit(e.fast) {
			_ = e.router.Hangup(e.ctx, "carol")
			return false
		}
		return true
	})
}

func TestE2EDisconnectViaAPI(t *testing.T) {
	e := startE2E(t, entnas.DisconnectMethodAPI, client.PAP)
	cust := e.customer("dave")
	e.dial("dave")
	e.waitFor("an open session", func() bool { return len(e.openSessions(cust.ID)) == 1 })
	sess := e.openSessions(cust.ID)[0]
	res, err := e.svc.DisconnectCustomer(e.ctx, cust.ID)
	one(t, res, err, sess.ID, domain.APIRemoved, "RouterOS API")
	if len(e.router.Received()) != 0 {
		t.Fatal("RADIUS was used for an API router")
	}
	e.waitFor("the session to close", func() bool { return len(e.openSessions(cust.ID)) == 0 })
	e.expectEvent(events.SessionStopped, cust.ID)
}

func TestE2EReconcileSilentDrop(t *testing.T) {
	e := startE2E(t, entnas.DisconnectMethodRADIUS, client.PAP)
	a, b := e.customer("erin"), e.customer("fred")
	e.dial("erin")
	e.dial("fred")
	e.waitFor("two open sessions", func() bool { return len(e.openSessions(a.ID))+len(e.openSessions(b.ID)) == 2 })
	dropped := e.openSessions(b.ID)[0]
	e.router.DropSilently("fred")
	rep, err := e.svc.Reconcile(e.ctx, e.nas.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Closed) != 1 || rep.Closed[0].SessionID != dropped.ID || len(rep.Missing) != 0 {
		t.Fatalf("report %+v", rep)
	}
	e.expectEvent(events.SessionStopped, b.ID)
	if len(e.openSessions(a.ID)) != 1 || len(e.openSessions(b.ID)) != 0 {
		t.Fatal("wrong sessions closed")
	}
	// fred can dial again (max_sessions 1 is not blocked by the stale session).
	e.dial("fred")
	e.waitFor("fred online again", func() bool { return len(e.openSessions(b.ID)) == 1 })
	if n, _ := e.svc.ActiveSessions(e.ctx, e.nas.ID); n != 2 {
		t.Fatalf("active sessions %d", n)
	}
}

// A router reboot: Accounting-On closes the old sessions, the re-dialled ones are open (the
// simulator reuses Acct-Session-Ids across boots, as RouterOS does; the Class tells them apart).
func TestE2ERouterReboot(t *testing.T) {
	e := startE2E(t, entnas.DisconnectMethodRADIUS, client.MSCHAPv2)
	a, b := e.customer("gail"), e.customer("hugo")
	e.dial("gail")
	e.dial("hugo")
	e.waitFor("two open sessions", func() bool { return len(e.openSessions(a.ID))+len(e.openSessions(b.ID)) == 2 })
	before := append(e.openSessions(a.ID), e.openSessions(b.ID)...)
	time.Sleep(1100 * time.Millisecond) // Accounting-On closes sessions last updated before it
	back, err := e.router.Reboot(e.ctx)
	if err != nil || len(back) != 2 {
		t.Fatalf("reboot: %v, %d back", err, len(back))
	}
	e.waitFor("old sessions closed, new ones open", func() bool {
		for _, s := range before {
			if e.st.Client.Session.GetX(e.ctx, s.ID).Open {
				return false
			}
		}
		return len(e.openSessions(a.ID)) == 1 && len(e.openSessions(b.ID)) == 1
	})
	now := e.openSessions(a.ID)[0]
	for _, s := range before {
		if now.ID == s.ID {
			t.Fatal("the re-dialled session reused the old row")
		}
	}
	// The service acts on the new session.
	res, err := e.svc.DisconnectCustomer(e.ctx, a.ID)
	one(t, res, err, now.ID, domain.ACK, "disconnected")
}
