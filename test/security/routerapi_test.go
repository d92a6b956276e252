package security

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas/routeros"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/test/fault/kit"
)

const routerAPIPassword = "security-api-pass-5e1d"

// nasView is what the dashboard reads about a router's API.
type nasView struct {
	APIReachable      *bool
	APIError          *string
	APITLSFingerprint *string
	APIPlain          bool
}

type routerAPIEnv struct {
	*env
	t   *testing.T
	ctx context.Context
}

func (e routerAPIEnv) nas() nasView {
	e.t.Helper()
	var out struct{ Node nasView }
	if err := kit.GQL(e.ctx, e.srv, e.fx.Token, `query($id:ID!){node(id:$id){... on Nas{apiReachable apiError apiTlsFingerprint apiPlain}}}`,
		map[string]any{"id": e.fx.NasID}, &out); err != nil {
		e.t.Fatal(err)
	}
	return out.Node
}

// waitNas polls the router until ok says so (the server checks a router as soon as its API
// settings change).
func (e routerAPIEnv) waitNas(what string, ok func(nasView) bool) nasView {
	e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		n := e.nas()
		if ok(n) {
			return n
		}
		if time.Now().After(deadline) {
			e.t.Fatalf("%s: router shows reachable=%v error=%v pin=%v\n%s", what, deref(n.APIReachable), derefS(n.APIError), derefS(n.APITLSFingerprint), tail(e.srv.Logs()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func deref(b *bool) any {
	if b == nil {
		return nil
	}
	return *b
}

func derefS(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

func (e routerAPIEnv) updateNas(in map[string]any) []testutil.GraphQLError {
	e.t.Helper()
	errs, err := e.srv.GraphQL(e.ctx, e.fx.Token, `mutation($id:ID!,$in:UpdateNasInput!){updateNas(id:$id,input:$in){id}}`,
		map[string]any{"id": e.fx.NasID, "in": in}, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, ge := range errs {
		kit.Record(ge.Message)
	}
	return errs
}

// disconnect asks the server to drop the customer through the router's API and returns the
// outcome and message of its one session.
func (e routerAPIEnv) disconnect(customerID string) (string, string) {
	e.t.Helper()
	var out struct {
		DisconnectCustomer struct {
			Sessions []struct{ Outcome, Message string }
		}
	}
	if err := kit.GQL(e.ctx, e.srv, e.fx.Token, `mutation($id:ID!){disconnectCustomer(id:$id){sessions{outcome message}}}`,
		map[string]any{"id": customerID}, &out); err != nil {
		e.t.Fatal(err)
	}
	s := out.DisconnectCustomer.Sessions
	if len(s) != 1 {
		e.t.Fatalf("%d sessions acted on, want 1", len(s))
	}
	kit.Record(s[0].Message)
	return s[0].Outcome, s[0].Message
}

func listenImpostor(t *testing.T, addr string, c tls.Certificate) *sim.Impostor {
	t.Helper()
	var im *sim.Impostor
	var err error
	for range 100 { // the genuine router just released the port
		if im, err = sim.ListenImpostor(addr, c); err == nil {
			t.Cleanup(im.Close)
			return im
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal(err)
	return nil
}

func startRouter(t *testing.T, e *env, apiAddr string, c tls.Certificate) *sim.Router {
	t.Helper()
	r := sim.New(sim.Config{Secret: nasSecret, AuthAddr: e.srv.Auth, AcctAddr: e.srv.Acct, APIAddr: apiAddr,
		APIUser: "linedesk", APIPassword: routerAPIPassword, APITLS: &tls.Config{Certificates: []tls.Certificate{c}},
		NASIP: net.IPv4(127, 0, 0, 1), Retry: 300 * time.Millisecond, Timeout: 5 * time.Second})
	var err error
	for range 100 {
		if err = r.Start(context.Background()); err == nil {
			t.Cleanup(r.Stop)
			return r
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatal(err)
	return nil
}

// TestRouterAPITrust attacks the RouterOS API login (issue 13): linedesk used to send
// "/login =name=… =password=…" to any TLS endpoint at a router's API address. Now the plain
// API must be chosen explicitly and shows a warning; the first contact pins the router's
// certificate (audited as "system"); an impostor at the same address with another
// certificate completes no handshake and receives nothing, and the router and the
// disconnect result name the mismatch; with a CA bundle a certificate the CA signed is
// accepted and a self-signed one refused, again without a login.
func TestRouterAPITrust(t *testing.T) {
	base := start(t, "rapi", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	e := routerAPIEnv{env: base, t: t, ctx: ctx}
	kit.Known.Add("router API password", routerAPIPassword)
	user := e.fx.Usernames[0]
	var report []string

	// 1. The plain API only by explicit choice, with the warning.
	login := map[string]any{"name": "rapi-plain", "ipAddress": "127.0.9.1", "secret": "rapi-plain-secret",
		"apiAddress": "127.0.9.1", "apiUser": "linedesk", "apiPassword": routerAPIPassword}
	kit.Known.Add("NAS secret", "rapi-plain-secret")
	errs, err := e.srv.GraphQL(ctx, e.fx.Token, `mutation($in:CreateNasInput!){createNas(input:$in){id}}`, map[string]any{"in": login}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(errs) == 0 || errs[0].Extensions["code"] != "BAD_USER_INPUT" || errs[0].Extensions["field"] != "apiTLS" {
		t.Fatalf("an API login without a transport choice: %v", errs)
	}
	kit.Record(errs[0].Message)
	login["apiTLS"] = false
	var plain struct{ CreateNas struct{ APIPlain bool } }
	if err := kit.GQL(ctx, e.srv, e.fx.Token, `mutation($in:CreateNasInput!){createNas(input:$in){apiPlain}}`, map[string]any{"in": login}, &plain); err != nil {
		t.Fatal(err)
	}
	if !plain.CreateNas.APIPlain {
		t.Fatal("a router on the plain API shows no warning (apiPlain false)")
	}
	report = append(report, "API login without apiTLS: BAD_USER_INPUT; with apiTLS false: apiPlain warning")

	// 2. The genuine router, self-signed for a name that is not its address: pinned on first contact.
	genuine := mustCert(t)(sim.SelfSigned("router.example"))
	r := startRouter(t, base, "127.0.0.1:0", genuine)
	apiAddr := r.APIAddr()
	if errs := e.updateNas(map[string]any{"apiAddress": apiAddr, "apiUser": "linedesk", "apiPassword": routerAPIPassword,
		"apiTLS": true, "disconnectMethod": "API"}); len(errs) > 0 {
		t.Fatalf("updateNas: %s", errs[0].Message)
	}
	want := routeros.Fingerprint(genuine.Certificate[0])
	// The pin is recorded during the first contact, its health right after it.
	n := e.waitNas("first contact", func(n nasView) bool { return n.APITLSFingerprint != nil && n.APIReachable != nil })
	if *n.APITLSFingerprint != want || n.APIReachable == nil || !*n.APIReachable || n.APIError != nil || n.APIPlain {
		t.Fatalf("after first contact: pin %s (want %s), reachable %v, error %s, plain %v", *n.APITLSFingerprint, want, deref(n.APIReachable), derefS(n.APIError), n.APIPlain)
	}
	var actor, changes string
	if err := e.db.QueryRowContext(ctx, `SELECT actor, changes FROM audit_logs WHERE action = 'pinNasCertificate' AND target_type = 'nas' AND target_id = $1`,
		e.fx.NasID).Scan(&actor, &changes); err != nil {
		t.Fatalf("no audit row for the pin: %v", err)
	}
	if actor != "system" || !strings.Contains(changes, want) {
		t.Fatalf("audit row by %q: %s", actor, changes)
	}
	report = append(report, fmt.Sprintf("first contact pinned %s…, audited by %q", want[:16], actor))

	// The customer comes online on the genuine router.
	if _, err := r.Dial(ctx, user, e.fx.Passwords[user]); err != nil {
		t.Fatal(err)
	}
	customerID := e.fx.CustomerIDs[user]
	waitOnline(t, e, customerID)

	// 3. An impostor takes the router's address with its own certificate.
	r.Stop()
	fake := mustCert(t)(sim.SelfSigned("impostor.example"))
	im := listenImpostor(t, apiAddr, fake)
	outcome, msg := e.disconnect(customerID)
	mismatch := "certificate fingerprint " + routeros.Fingerprint(fake.Certificate[0]) + " does not match the pinned " + want
	if outcome != "ERROR" || !strings.Contains(msg, mismatch) {
		t.Errorf("disconnect through the impostor: %s %q, want ERROR naming %q", outcome, msg, mismatch)
	}
	n = e.waitNas("impostor", func(n nasView) bool { return n.APIError != nil })
	if !strings.Contains(*n.APIError, mismatch) || n.APIReachable == nil || *n.APIReachable || *n.APITLSFingerprint != want {
		t.Errorf("router shows reachable %v, error %q, pin %s; want the mismatch", deref(n.APIReachable), *n.APIError, *n.APITLSFingerprint)
	}
	time.Sleep(200 * time.Millisecond)
	if im.SawLogin() || len(im.Received()) > 0 {
		t.Fatalf("the impostor received %d bytes: %q", len(im.Received()), im.Received())
	}
	report = append(report, fmt.Sprintf("impostor: %d handshakes completed, %d bytes received, router shows %q", im.Handshakes(), len(im.Received()), *n.APIError))
	im.Close()

	// 4. A CA bundle: the router's CA-signed certificate is accepted (nothing pinned); a
	// self-signed one at the same address is refused without a login.
	ca, err := sim.NewCA("ISP routers CA")
	if err != nil {
		t.Fatal(err)
	}
	leaf := mustCert(t)(ca.Issue("127.0.0.1"))
	r2 := startRouter(t, base, apiAddr, leaf)
	if errs := e.updateNas(map[string]any{"apiCaCertificate": ca.PEM, "clearApiTlsFingerprint": true}); len(errs) > 0 {
		t.Fatalf("updateNas: %s", errs[0].Message)
	}
	n = e.waitNas("CA-signed router", func(n nasView) bool { return n.APIReachable != nil && *n.APIReachable && n.APIError == nil })
	if n.APITLSFingerprint != nil {
		t.Errorf("a router trusted by its CA was pinned (%s)", *n.APITLSFingerprint)
	}
	r2.Stop()
	im2 := listenImpostor(t, apiAddr, mustCert(t)(sim.SelfSigned("127.0.0.1")))
	outcome, msg = e.disconnect(customerID)
	if outcome != "ERROR" || !strings.Contains(msg, "not issued by the router's CA certificates") {
		t.Errorf("disconnect through a self-signed impostor: %s %q", outcome, msg)
	}
	time.Sleep(200 * time.Millisecond)
	if im2.SawLogin() || len(im2.Received()) > 0 {
		t.Fatalf("the self-signed impostor received %q", im2.Received())
	}
	report = append(report, fmt.Sprintf("CA bundle: CA-signed accepted, self-signed impostor refused with %q, %d bytes received", msg, len(im2.Received())))
	fmt.Printf("router API trust:\n  %s\n", strings.Join(report, "\n  "))
}

// mustCert adapts a (certificate, error) pair for one-line use.
func mustCert(t *testing.T) func(tls.Certificate, error) tls.Certificate {
	return func(c tls.Certificate, err error) tls.Certificate {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
}

func waitOnline(t *testing.T, e routerAPIEnv, customerID string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		var out struct {
			Customer struct{ ConnectionStatus string }
		}
		if err := kit.GQL(e.ctx, e.srv, e.fx.Token, `query($id:ID!){customer(id:$id){connectionStatus}}`, map[string]any{"id": customerID}, &out); err != nil {
			t.Fatal(err)
		}
		if out.Customer.ConnectionStatus == "ONLINE" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("customer not ONLINE after dialling: %s", out.Customer.ConnectionStatus)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
