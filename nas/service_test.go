package nas_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/internal/fakeradius"
	"github.com/linedesk/linedesk/nas/sim"
)

const (
	nasSecret = "router-secret"
	apiPass   = "api-pass"
)

type fixture struct {
	t       *testing.T
	st      *store.Store
	box     *secret.Box
	bus     *events.Bus
	svc     *nas.Service
	router  *sim.Router
	nas     *ent.Nas
	home    *ent.Profile
	fast    *ent.Profile
	capped  *ent.Profile
	radius  *fakeradius.Server
	counter int
}

func setup(t *testing.T, method entnas.DisconnectMethod) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, st: testutil.OpenStore(t, testutil.Postgres), box: testutil.Box(t), bus: events.NewBus()}
	f.radius = fakeradius.Start(t, nasSecret, map[string]string{})
	f.router = sim.New(sim.Config{Secret: nasSecret, AuthAddr: f.radius.AuthAddr, AcctAddr: f.radius.AcctAddr,
		APIAddr: "127.0.0.1:0", APIUser: "linedesk", APIPassword: apiPass, Retry: 200 * time.Millisecond, Timeout: 3 * time.Second})
	if err := f.router.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.router.Stop)
	c := f.st.Client
	f.capped = c.Profile.Create().SetName("After cap 1M").SetDownloadKbps(1000).SetUploadKbps(512).SetPrice(0).SaveX(ctx)
	f.home = c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(150000).
		SetDataLimitBytes(100 << 30).SetAfterCapProfileID(f.capped.ID).SaveX(ctx)
	f.fast = c.Profile.Create().SetName("Business 50M").SetDownloadKbps(50000).SetUploadKbps(20000).SetPrice(500000).SaveX(ctx)
	f.nas = c.Nas.Create().SetName("test-router").SetIPAddress("127.0.0.1").SetSecretEnc(f.box.MustEncrypt(nasSecret)).
		SetCoaPort(f.router.CoAPort()).SetAPIAddress(f.router.APIAddr()).SetAPIUser("linedesk").
		SetAPIPasswordEnc(f.box.MustEncrypt(apiPass)).SetDisconnectMethod(method).SaveX(ctx)
	f.svc = nas.NewService(f.st, f.box, f.bus, nil)
	f.svc.CoA = coa.Client{Timeout: 200 * time.Millisecond, Retries: 1}
	f.svc.APIIOTimeout = 2 * time.Second
	f.svc.APIDialTimeout = 2 * time.Second
	f.svc.StopWait = 0 // the fake RADIUS server does not close sessions
	t.Cleanup(f.svc.Close)
	return f
}

// online creates a customer, dials it on the simulated router, and records the open session
// in the database as accounting would have.
func (f *fixture) online(username string) (*ent.Customer, *ent.Session) {
	f.t.Helper()
	ctx := context.Background()
	f.counter++
	cust := f.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100000 + f.counter)).SetUsername(username).
		SetPasswordEnc(f.box.MustEncrypt("pw-" + username)).SetPhone("+25471200000" + fmt.Sprint(f.counter)).
		SetProfileID(f.home.ID).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour)).SaveX(ctx)
	f.radius.SetUser(username, "pw-"+username)
	info, err := f.router.Dial(ctx, username, "pw-"+username)
	if err != nil {
		f.t.Fatal(err)
	}
	return cust, f.insertSession(cust.ID, info)
}

func (f *fixture) insertSession(customerID int, info sim.SessionInfo) *ent.Session {
	now := time.Now().UTC()
	return f.st.Client.Session.Create().SetAcctKey(fmt.Sprintf("%d/%s/%s/%x", f.nas.ID, info.Username, info.AcctSessionID, info.Class)).
		SetAcctSessionID(info.AcctSessionID).SetUsername(info.Username).SetCustomerID(customerID).SetNasID(f.nas.ID).
		SetFramedIP(info.IP.String()).SetCallingStationID(info.MAC).SetStartedAt(now).SetUpdatedAt(now).
		SaveX(context.Background())
}

func one(t *testing.T, res []domain.SessionResult, err error, sessionID int, want domain.Outcome, inMessage string) domain.SessionResult {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 {
		t.Fatalf("%d results: %+v", len(res), res)
	}
	r := res[0]
	if r.Session == nil || r.Session.ID != sessionID || r.Outcome != want || !strings.Contains(r.Message, inMessage) {
		t.Fatalf("result %+v, want session %d %s with %q", r, sessionID, want, inMessage)
	}
	return r
}

func lastPacket(t *testing.T, r *sim.Router) sim.Packet {
	t.Helper()
	got := r.Received()
	if len(got) == 0 {
		t.Fatal("the router received no Disconnect/CoA")
	}
	p := got[len(got)-1]
	if !p.AuthOK || !p.MAOK {
		t.Fatalf("the router could not verify the packet: %+v", p)
	}
	return p
}

func TestDisconnectViaRADIUS(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("alice")
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.ACK, "disconnected")
	if f.router.Connected("alice") {
		t.Fatal("alice still on the router")
	}
	if p := lastPacket(t, f.router); p.Packet.Code.String() != "Disconnect-Request" || p.Answer != "ACK" {
		t.Fatalf("packet %v answered %s", p.Packet.Code, p.Answer)
	}
	if slices.Contains(f.router.APICommands(), "/ppp/active/remove") {
		t.Fatal("the API was used for a RADIUS router")
	}
}

func TestDisconnectViaAPI(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodAPI)
	cust, sess := f.online("bob")
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.APIRemoved, "RouterOS API")
	if f.router.Connected("bob") || len(f.router.Received()) != 0 {
		t.Fatalf("connected %v, RADIUS packets %d", f.router.Connected("bob"), len(f.router.Received()))
	}
	if !slices.Contains(f.router.APICommands(), "/ppp/active/remove") {
		t.Fatal("no /ppp/active/remove")
	}
	n := f.st.Client.Nas.GetX(context.Background(), f.nas.ID)
	if n.APIReachable == nil || !*n.APIReachable {
		t.Fatal("api_reachable not recorded")
	}
	// Nothing left on the router: a second try is refused, not an error.
	res, err = f.svc.DisconnectCustomer(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.NAK, "no active session")
}

func TestDisconnectRADIUSThenAPI(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS_THEN_API)
	cust, sess := f.online("carol")
	f.router.SetCoAMode(sim.CoASilent)
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	r := one(t, res, err, sess.ID, domain.APIRemoved, "did not answer")
	t.Logf("message: %s", r.Message)
	if f.router.Connected("carol") {
		t.Fatal("carol still connected")
	}
}

func TestDisconnectTimeout(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("dave")
	f.router.SetCoAMode(sim.CoASilent)
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.Timeout, "router did not answer")
	if !f.router.Connected("dave") {
		t.Fatal("dave dropped although the router did not answer")
	}
}

func TestDisconnectUnknownSession(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("erin")
	f.router.DropSilently("erin")
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.NAK, "503")
}

func TestNoOpenSessions(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("fay")
	f.st.Client.Session.UpdateOneID(sess.ID).SetOpen(false).ExecX(context.Background())
	res, err := f.svc.DisconnectCustomer(context.Background(), cust.ID)
	if err != nil || len(res) != 0 {
		t.Fatalf("%v %+v", err, res)
	}
	if _, err := f.svc.ApplyCustomerProfile(context.Background(), 999999); err == nil {
		t.Fatal("no error for an unknown customer")
	}
}

func TestApplyProfileCoA(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	ctx := context.Background()
	cust, sess := f.online("gina")
	f.st.Client.Customer.UpdateOneID(cust.ID).SetProfileID(f.fast.ID).ExecX(ctx)
	res, err := f.svc.ApplyCustomerProfile(ctx, cust.ID)
	one(t, res, err, sess.ID, domain.ACK, "Business 50M")
	if got, want := f.router.RateOf("gina"), plan.RateLimit(f.fast); got != want || want != "20M/50M" {
		t.Fatalf("rate %q, want %q", got, want)
	}
	if !f.router.Connected("gina") {
		t.Fatal("a CoA dropped the session")
	}
	p := lastPacket(t, f.router)
	if p.Packet.Code.String() != "CoA-Request" {
		t.Fatalf("sent %v", p.Packet.Code)
	}
	// Data cap applied: the after-cap profile's rate.
	f.st.Client.Customer.UpdateOneID(cust.ID).SetProfileID(f.home.ID).SetCapApplied(true).ExecX(ctx)
	res, err = f.svc.ApplyCustomerProfile(ctx, cust.ID)
	one(t, res, err, sess.ID, domain.ACK, "After cap 1M")
	if got := f.router.RateOf("gina"); got != "512k/1M" {
		t.Fatalf("after-cap rate %q", got)
	}
}

func TestApplyProfileNAKFallsBackToDisconnect(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("hank")
	f.router.SetCoAMode(sim.CoANakAll)
	res, err := f.svc.ApplyCustomerProfile(context.Background(), cust.ID)
	r := one(t, res, err, sess.ID, domain.ACK, "fallback disconnect")
	t.Logf("message: %s", r.Message)
	if f.router.Connected("hank") {
		t.Fatal("not disconnected after the NAK")
	}
	got := f.router.Received()
	if len(got) != 2 || got[0].Answer != "NAK" || got[1].Packet.Code.String() != "Disconnect-Request" || got[1].Answer != "ACK" {
		t.Fatalf("router saw %d packets", len(got))
	}
}

func TestApplyProfileViaAPIRouter(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodAPI)
	cust, sess := f.online("ivan")
	res, err := f.svc.ApplyCustomerProfile(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.APIRemoved, "reconnects on Home 10M")
}

func TestReconcile(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	ctx := context.Background()
	sub, cancel := context.WithCancel(ctx)
	defer cancel()
	evs := f.bus.Subscribe(sub)
	keep, keepSess := f.online("jane")
	gone, goneSess := f.online("kim")
	_ = keep
	// A session the router has but the database lacks.
	f.radius.SetUser("stranger", "x")
	if _, err := f.router.Dial(ctx, "stranger", "x"); err != nil {
		t.Fatal(err)
	}
	f.router.DropSilently("kim")

	rep, err := f.svc.Reconcile(ctx, f.nas.ID)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RouterSessions != 2 || rep.OpenSessions != 2 || len(rep.Closed) != 1 || rep.Closed[0].SessionID != goneSess.ID ||
		rep.Closed[0].CustomerID != gone.ID || len(rep.Missing) != 1 || rep.Missing[0].Name != "stranger" {
		t.Fatalf("report %+v", rep)
	}
	s := f.st.Client.Session.GetX(ctx, goneSess.ID)
	if s.Open || s.StoppedAt == nil || s.TerminateCause == nil || !strings.Contains(*s.TerminateCause, "reconciled") {
		t.Fatalf("dropped session %+v", s)
	}
	if !f.st.Client.Session.GetX(ctx, keepSess.ID).Open {
		t.Fatal("a live session was closed")
	}
	stopped := 0
	for stopped == 0 {
		select {
		case e := <-evs:
			if e.Kind != events.SessionStopped {
				continue
			}
			stopped++
			if e.SessionID != goneSess.ID || e.CustomerID != gone.ID || e.NasID != f.nas.ID {
				t.Fatalf("event %+v", e)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("no SessionStopped event")
		}
	}
	if n, err := f.svc.ActiveSessions(ctx, f.nas.ID); err != nil || n != 1 {
		t.Fatalf("active sessions %d, %v", n, err)
	}
	// Again: nothing more to close.
	rep, err = f.svc.Reconcile(ctx, f.nas.ID)
	if err != nil || len(rep.Closed) != 0 {
		t.Fatalf("second run %+v %v", rep, err)
	}
}

func TestReconcileWithoutAPI(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	f.st.Client.Nas.UpdateOneID(f.nas.ID).ClearAPIUser().ClearAPIPasswordEnc().ExecX(context.Background())
	if _, err := f.svc.Reconcile(context.Background(), f.nas.ID); err == nil || !strings.Contains(err.Error(), "no RouterOS API login") {
		t.Fatalf("err %v", err)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	ctx := context.Background()
	f.online("liam")
	reg := prometheus.NewRegistry()
	if err := f.svc.RegisterMetrics(reg); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.CheckHealth(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.st.Client.Nas.GetX(ctx, f.nas.ID); n.APIReachable == nil || !*n.APIReachable {
		t.Fatal("reachable router not recorded")
	}
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	found := map[string]float64{}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			if m.GetGauge() != nil {
				found[mf.GetName()] = m.GetGauge().GetValue()
			}
		}
	}
	if found["linedesk_nas_active_sessions"] != 1 || found["linedesk_nas_api_reachable"] != 1 {
		t.Fatalf("metrics %v", found)
	}
	f.router.Stop()
	f.svc.APIDialTimeout, f.svc.APIIOTimeout = 300*time.Millisecond, 300*time.Millisecond
	f.svc.Close() // forget the old connection settings
	if err := f.svc.CheckHealth(ctx); err != nil {
		t.Fatal(err)
	}
	if n := f.st.Client.Nas.GetX(ctx, f.nas.ID); n.APIReachable == nil || *n.APIReachable {
		t.Fatal("unreachable router not recorded")
	}
}

func TestRunReconcilesPeriodically(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	_, sess := f.online("mona")
	f.router.DropSilently("mona")
	f.svc.ReconcileInterval, f.svc.HealthInterval = 100*time.Millisecond, 100*time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { f.svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	deadline := time.Now().Add(5 * time.Second)
	for f.st.Client.Session.GetX(context.Background(), sess.ID).Open {
		if time.Now().After(deadline) {
			t.Fatal("Run did not reconcile")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// A second request for a session while the first is still waiting on the router is reported
// PENDING instead of being sent again.
func TestConcurrentRequestsArePending(t *testing.T) {
	f := setup(t, entnas.DisconnectMethodRADIUS)
	cust, sess := f.online("nora")
	f.router.SetCoAMode(sim.CoASilent)
	f.svc.CoA = coa.Client{Timeout: 300 * time.Millisecond, Retries: 1}
	first := make(chan []domain.SessionResult)
	go func() {
		res, _ := f.svc.DisconnectCustomer(context.Background(), cust.ID)
		first <- res
	}()
	time.Sleep(100 * time.Millisecond)
	res, err := f.svc.ApplyCustomerProfile(context.Background(), cust.ID)
	one(t, res, err, sess.ID, domain.Pending, "under way")
	one(t, <-first, nil, sess.ID, domain.Timeout, "did not answer")
}
