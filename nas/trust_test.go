package nas_test

import (
	"context"
	"crypto/tls"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/routeros"
	"github.com/linedesk/linedesk/nas/sim"
)

// tlsEnv is a store, a router record and a simulated router serving API-SSL.
type tlsEnv struct {
	t      *testing.T
	st     *store.Store
	box    *secret.Box
	router *sim.Router
	nas    *ent.Nas
}

func selfSigned(t *testing.T, hosts ...string) tls.Certificate {
	t.Helper()
	c, err := sim.SelfSigned(hosts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fingerprint(c tls.Certificate) string { return routeros.Fingerprint(c.Certificate[0]) }

// startTLSRouter starts a simulated router serving API-SSL with the certificates getCert gives.
func startTLSRouter(t *testing.T, addr string, getCert func() tls.Certificate) *sim.Router {
	t.Helper()
	cfg := &tls.Config{GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
		c := getCert()
		return &c, nil
	}}
	r := sim.New(sim.Config{Secret: nasSecret, APIAddr: addr, APIUser: "linedesk", APIPassword: apiPass, APITLS: cfg})
	var err error
	for range 50 { // addr may have just been released
		if err = r.Start(context.Background()); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

func newTLSEnv(t *testing.T, st *store.Store, c tls.Certificate, mod func(*ent.NasCreate)) *tlsEnv {
	t.Helper()
	e := &tlsEnv{t: t, st: st, box: testutil.Box(t)}
	e.router = startTLSRouter(t, "127.0.0.1:0", func() tls.Certificate { return c })
	cr := st.Client.Nas.Create().SetName("tls-router").SetIPAddress("127.0.0.1").SetSecretEnc(e.box.MustEncrypt(nasSecret)).
		SetAPIAddress(e.router.APIAddr()).SetAPIUser("linedesk").SetAPIPasswordEnc(e.box.MustEncrypt(apiPass)).SetAPITLS(true)
	if mod != nil {
		mod(cr)
	}
	e.nas = cr.SaveX(context.Background())
	return e
}

func (e *tlsEnv) service() *nas.Service {
	s := nas.NewService(e.st, e.box, nil, nil)
	s.APIDialTimeout, s.APIIOTimeout = 2*time.Second, 2*time.Second
	e.t.Cleanup(s.Close)
	return s
}

func (e *tlsEnv) reload() *ent.Nas { return e.st.Client.Nas.GetX(context.Background(), e.nas.ID) }

func (e *tlsEnv) pinAudits() []*ent.AuditLog {
	return e.st.Client.AuditLog.Query().Where(auditlog.Action(nas.PinAction), auditlog.TargetType("nas")).AllX(context.Background())
}

// impostorAt replaces the genuine router at its address with an impostor.
func (e *tlsEnv) impostorAt(c tls.Certificate) *sim.Impostor {
	e.t.Helper()
	addr := e.router.APIAddr()
	e.router.Stop()
	var im *sim.Impostor
	var err error
	for range 50 {
		if im, err = sim.ListenImpostor(addr, c); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(im.Close)
	return im
}

func (e *tlsEnv) health(s *nas.Service) *ent.Nas {
	e.t.Helper()
	if err := s.CheckHealth(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	return e.reload()
}

// The first successful contact pins the certificate, with an audit row by "system"; an
// impostor at the same address later gets no login, and the router shows why.
func TestFirstContactPinsThenImpostorGetsNoLogin(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		genuine := selfSigned(t, "router.example")
		e := newTLSEnv(t, st, genuine, nil)
		svc := e.service()
		n := e.health(svc)
		if n.APITLSFingerprint == nil || *n.APITLSFingerprint != fingerprint(genuine) {
			t.Fatalf("pin %v, want %s", n.APITLSFingerprint, fingerprint(genuine))
		}
		if n.APIReachable == nil || !*n.APIReachable || n.APIError != nil {
			t.Fatalf("health %v %v", n.APIReachable, n.APIError)
		}
		logs := e.pinAudits()
		if len(logs) != 1 || logs[0].Actor != "system" || logs[0].TargetID == "" || !strings.Contains(logs[0].Changes, fingerprint(genuine)) {
			t.Fatalf("audit rows %+v", logs)
		}

		fake := selfSigned(t, "impostor.example")
		im := e.impostorAt(fake)
		n = e.health(svc)
		want := "certificate fingerprint " + fingerprint(fake) + " does not match the pinned " + fingerprint(genuine)
		if n.APIReachable == nil || *n.APIReachable || n.APIError == nil || !strings.Contains(*n.APIError, want) {
			t.Fatalf("health %v, error %v; want unreachable with %q", n.APIReachable, n.APIError, want)
		}
		if strings.Contains(*n.APIError, apiPass) {
			t.Fatal("the recorded error shows the password")
		}
		if im.SawLogin() || len(im.Received()) > 0 {
			t.Fatalf("the impostor received %q", im.Received())
		}
		if *n.APITLSFingerprint != fingerprint(genuine) || len(e.pinAudits()) != 1 {
			t.Fatal("the pin changed")
		}
	})
}

// Two instances contacting a new router at once record one pin and one audit row. The router
// presents a different certificate on each connection (an impostor racing the genuine one):
// one instance wins, and the other drops its connection with an error naming the mismatch.
func TestConcurrentFirstContactsRecordOnePin(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		a, b := selfSigned(t), selfSigned(t)
		e := newTLSEnv(t, st, a, nil)
		e.router.Stop()
		var mu sync.Mutex
		turn := 0
		e.router = startTLSRouter(t, e.router.APIAddr(), func() tls.Certificate {
			mu.Lock()
			defer mu.Unlock()
			turn++
			if turn%2 == 1 {
				return a
			}
			return b
		})
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for i := range errs {
			svc := e.service() // another instance
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, errs[i] = svc.Reconcile(context.Background(), e.nas.ID)
			}()
		}
		wg.Wait()
		n := e.reload()
		if n.APITLSFingerprint == nil || (*n.APITLSFingerprint != fingerprint(a) && *n.APITLSFingerprint != fingerprint(b)) {
			t.Fatalf("pin %v", n.APITLSFingerprint)
		}
		if k := len(e.pinAudits()); k != 1 {
			t.Fatalf("%d audit rows for the pin", k)
		}
		failed := 0
		for _, err := range errs {
			if err != nil {
				failed++
				if !strings.Contains(err.Error(), "does not match the pinned "+*n.APITLSFingerprint) {
					t.Fatalf("error %v", err)
				}
			}
		}
		if failed != 1 {
			t.Fatalf("errors %v, want exactly one mismatch", errs)
		}
	})
}

// An admin clearing the pin (the router's certificate was renewed) makes the next contact pin
// the new certificate, even though a connection made with the old pin is cached.
func TestClearedPinIsRecordedAgain(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		old, renewed := selfSigned(t), selfSigned(t)
		var mu sync.Mutex
		current := old
		e := newTLSEnv(t, st, old, nil)
		e.router.Stop()
		e.router = startTLSRouter(t, e.router.APIAddr(), func() tls.Certificate { mu.Lock(); defer mu.Unlock(); return current })
		svc := e.service()
		if n := e.health(svc); n.APITLSFingerprint == nil || *n.APITLSFingerprint != fingerprint(old) {
			t.Fatalf("first pin %v", n.APITLSFingerprint)
		}
		mu.Lock()
		current = renewed
		mu.Unlock()
		e.router.DropAPIConnections()
		if n := e.health(svc); n.APIError == nil || !strings.Contains(*n.APIError, "does not match the pinned") {
			t.Fatalf("renewed certificate accepted: %v", n.APIError)
		}
		st.Client.Nas.UpdateOneID(e.nas.ID).ClearAPITLSFingerprint().ExecX(context.Background())
		n := e.health(svc)
		if n.APITLSFingerprint == nil || *n.APITLSFingerprint != fingerprint(renewed) || n.APIError != nil || !*n.APIReachable {
			t.Fatalf("after clearing: pin %v, error %v", n.APITLSFingerprint, n.APIError)
		}
		if k := len(e.pinAudits()); k != 2 {
			t.Fatalf("%d pin audit rows, want 2", k)
		}
	})
}

// With a CA bundle the chain is the trust: nothing is pinned, and a self-signed certificate at
// the router's address gets no login.
func TestCACertificateIsTrustedWithoutPin(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ca, err := sim.NewCA("ISP routers")
		if err != nil {
			t.Fatal(err)
		}
		leaf, err := ca.Issue("127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}
		e := newTLSEnv(t, st, leaf, func(c *ent.NasCreate) { c.SetAPICaCertificate(ca.PEM) })
		svc := e.service()
		n := e.health(svc)
		if n.APIReachable == nil || !*n.APIReachable || n.APITLSFingerprint != nil || len(e.pinAudits()) != 0 {
			t.Fatalf("reachable %v, pin %v, error %v", n.APIReachable, n.APITLSFingerprint, n.APIError)
		}
		im := e.impostorAt(selfSigned(t, "127.0.0.1"))
		n = e.health(svc)
		if n.APIError == nil || !strings.Contains(*n.APIError, "not issued by the router's CA certificates") {
			t.Fatalf("error %v", n.APIError)
		}
		if im.SawLogin() || len(im.Received()) > 0 {
			t.Fatalf("the impostor received %q", im.Received())
		}
	})
}

// A router whose API settings change is checked at once, not at the next health check, so
// the pin appears on its page within seconds of an admin saving it.
func TestChangedRouterIsCheckedAtOnce(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	genuine := selfSigned(t)
	e := newTLSEnv(t, st, genuine, nil)
	st.Client.Nas.UpdateOneID(e.nas.ID).ClearAPIUser().ExecX(context.Background())
	bus := events.NewBus()
	svc := nas.NewService(st, e.box, bus, nil)
	svc.HealthInterval, svc.ReconcileInterval = time.Hour, time.Hour
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { svc.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	time.Sleep(200 * time.Millisecond) // the first health check found no API login
	st.Client.Nas.UpdateOneID(e.nas.ID).SetAPIUser("linedesk").ExecX(ctx)
	bus.Publish(events.Event{Kind: events.NasChanged, NasID: e.nas.ID})
	deadline := time.Now().Add(5 * time.Second)
	for n := e.reload(); n.APITLSFingerprint == nil; n = e.reload() {
		if time.Now().After(deadline) {
			t.Fatalf("not pinned within 5 s of the change (error %v)", n.APIError)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if logins := e.router.APILogins(); logins != 1 {
		t.Fatalf("%d logins, want 1 (the check after the pin reuses the connection)", logins)
	}
}
