package routeros_test

import (
	"context"
	"crypto/tls"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/nas/routeros"
	"github.com/linedesk/linedesk/nas/sim"
)

func cert(t *testing.T, hosts ...string) tls.Certificate {
	t.Helper()
	c, err := sim.SelfSigned(hosts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func fp(c tls.Certificate) string { return routeros.Fingerprint(c.Certificate[0]) }

// tlsRouter is a simulated router serving API-SSL with c.
func tlsRouter(t *testing.T, c tls.Certificate) *sim.Router {
	t.Helper()
	return router(t, func(cfg *sim.Config) { cfg.APITLS = &tls.Config{Certificates: []tls.Certificate{c}} })
}

func impostor(t *testing.T, addr string, c tls.Certificate) *sim.Impostor {
	t.Helper()
	var im *sim.Impostor
	var err error
	for range 50 { // the port was just released by the genuine router
		if im, err = sim.ListenImpostor(addr, c); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(im.Close)
	return im
}

func quick(cfg routeros.Config) *routeros.Client {
	cfg.User, cfg.Password = "linedesk", apiPW
	cfg.DialTimeout, cfg.IOTimeout = 2*time.Second, 2*time.Second
	return routeros.New(cfg)
}

// The attack of issue 13: any TLS endpoint at the router's address (here with a self-signed
// certificate for another name) received "/login =name=… =password=…". With nothing to verify
// the certificate with, API-SSL is now refused before anything is sent.
func TestTLSWithoutTrustSendsNoLogin(t *testing.T) {
	im := impostor(t, "127.0.0.1:0", cert(t, "impostor.example"))
	c := quick(routeros.Config{Address: im.Addr(), TLS: true})
	defer c.Close()
	err := c.Ping(context.Background())
	if err == nil {
		t.Fatal("no error from an unverifiable router")
	}
	time.Sleep(100 * time.Millisecond)
	if im.SawLogin() || len(im.Received()) > 0 {
		t.Fatalf("the impostor received %q", im.Received())
	}
	if !errors.Is(err, routeros.ErrNoTrust) {
		t.Fatalf("err %v, want ErrNoTrust", err)
	}
}

// tofu records what a client pins on first use, like nas.Service does in the database.
type tofu struct {
	mu     sync.Mutex
	pinned string
	calls  int
	force  string // when set, pretend another instance pinned this one first
}

func (p *tofu) pin(_ context.Context, seen string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls++
	if p.force != "" {
		return p.force, nil
	}
	if p.pinned == "" {
		p.pinned = seen
	}
	return p.pinned, nil
}

// First contact pins the router's certificate; an impostor later at the same address, with a
// different certificate, gets no login and the error names both fingerprints.
func TestPinnedOnFirstUseThenImpostorRefused(t *testing.T) {
	genuine := cert(t, "router.example") // a name that is not the address: ignored with a pin
	r := tlsRouter(t, genuine)
	addr := r.APIAddr()
	rec := &tofu{}
	c := quick(routeros.Config{Address: addr, TLS: true, TrustOnFirstUse: rec.pin})
	defer c.Close()
	if err := c.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if rec.calls != 1 || rec.pinned != fp(genuine) || c.Pinned() != fp(genuine) {
		t.Fatalf("pinned %q in %d calls, client %q; want %q once", rec.pinned, rec.calls, c.Pinned(), fp(genuine))
	}
	if err := c.Ping(context.Background()); err != nil || rec.calls != 1 {
		t.Fatalf("second ping: %v, %d calls", err, rec.calls)
	}

	r.Stop()
	fake := cert(t, "impostor.example")
	im := impostor(t, addr, fake)
	err := c.Ping(context.Background())
	var ce *routeros.CertificateError
	if !errors.As(err, &ce) || ce.Seen != fp(fake) || ce.Pinned != fp(genuine) {
		t.Fatalf("err %v, want a CertificateError naming %s and %s", err, fp(fake), fp(genuine))
	}
	want := "certificate fingerprint " + fp(fake) + " does not match the pinned " + fp(genuine)
	if !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), "the login was not sent") {
		t.Fatalf("message %q, want it to contain %q", err, want)
	}
	if strings.Contains(err.Error(), apiPW) {
		t.Fatal("the error shows the password")
	}
	time.Sleep(100 * time.Millisecond)
	if im.SawLogin() || len(im.Received()) > 0 || im.Handshakes() > 0 {
		t.Fatalf("the impostor completed %d handshakes and received %q", im.Handshakes(), im.Received())
	}
	if rec.calls != 1 {
		t.Fatalf("first-use pinning asked again (%d calls)", rec.calls)
	}
}

func TestConfiguredFingerprint(t *testing.T) {
	genuine := cert(t)
	r := tlsRouter(t, genuine)
	colons := func(s string) string {
		var parts []string
		for i := 0; i < len(s); i += 2 {
			parts = append(parts, strings.ToUpper(s[i:i+2]))
		}
		return strings.Join(parts, ":")
	}
	for _, tc := range []struct {
		name, pin string
		ok        bool
	}{
		{"lower-case hex", fp(genuine), true},
		{"upper-case with colons", colons(fp(genuine)), true},
		{"another certificate's", fp(cert(t)), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := len(r.APICommands())
			rec := &tofu{}
			c := quick(routeros.Config{Address: r.APIAddr(), TLS: true, Fingerprint: tc.pin, TrustOnFirstUse: rec.pin})
			defer c.Close()
			err := c.Ping(context.Background())
			if tc.ok != (err == nil) {
				t.Fatalf("err %v, want ok=%v", err, tc.ok)
			}
			if !tc.ok && len(r.APICommands()) != before {
				t.Fatalf("the router received %v", r.APICommands()[before:])
			}
			if rec.calls != 0 {
				t.Fatal("first-use pinning was asked although a fingerprint is configured")
			}
		})
	}
}

// Trust on first use pins only after a successful login, and a pin recorded meanwhile by
// another instance for another certificate wins: the connection is dropped.
func TestFirstUsePinsOnlyAfterLoginAndYieldsToTheRecordedPin(t *testing.T) {
	genuine := cert(t)
	r := tlsRouter(t, genuine)
	rec := &tofu{}
	bad := routeros.New(routeros.Config{Address: r.APIAddr(), TLS: true, User: "linedesk", Password: "wrong-password", TrustOnFirstUse: rec.pin})
	defer bad.Close()
	if err := bad.Ping(context.Background()); err == nil || rec.calls != 0 || bad.Pinned() != "" {
		t.Fatalf("wrong password: %v, %d pin calls, pinned %q", err, rec.calls, bad.Pinned())
	}
	other := fp(cert(t))
	raced := &tofu{force: other}
	c := quick(routeros.Config{Address: r.APIAddr(), TLS: true, TrustOnFirstUse: raced.pin})
	defer c.Close()
	err := c.Ping(context.Background())
	var ce *routeros.CertificateError
	if !errors.As(err, &ce) || ce.Pinned != other || c.Pinned() != "" {
		t.Fatalf("err %v, pinned %q; want a mismatch with %s", err, c.Pinned(), other)
	}
	if cmds := r.APICommands(); len(cmds) > 0 && cmds[len(cmds)-1] != "/login" {
		t.Fatalf("a command ran after the refused pin: %v", cmds)
	}
}

// With a CA bundle the chain decides; the name counts only when the certificate names any.
func TestCACertificates(t *testing.T) {
	ca, err := sim.NewCA("ISP routers CA")
	if err != nil {
		t.Fatal(err)
	}
	other, err := sim.NewCA("someone else's CA")
	if err != nil {
		t.Fatal(err)
	}
	issue := func(ca *sim.CA, hosts ...string) tls.Certificate {
		c, err := ca.Issue(hosts...)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	pool, err := routeros.ParseCACertificates(ca.PEM)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		cert   tls.Certificate
		pin    string
		reason string // "" when accepted
	}{
		{"signed by the CA for the address", issue(ca, "127.0.0.1"), "", ""},
		{"signed by the CA, naming nothing", issue(ca), "", ""},
		{"signed by the CA for another name", issue(ca, "other.example"), "", "issued for other names than 127.0.0.1"},
		{"self-signed for the address", cert(t, "127.0.0.1"), "", "not issued by the router's CA certificates"},
		{"signed by another CA", issue(other, "127.0.0.1"), "", "not issued by the router's CA certificates"},
		{"signed by the CA but not the pinned one", issue(ca, "127.0.0.1"), fp(cert(t)), "does not match the pinned"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tlsRouter(t, tc.cert)
			rec := &tofu{}
			c := quick(routeros.Config{Address: r.APIAddr(), TLS: true, CACertificates: pool, Fingerprint: tc.pin, TrustOnFirstUse: rec.pin})
			defer c.Close()
			err := c.Ping(context.Background())
			if tc.reason == "" {
				if err != nil {
					t.Fatal(err)
				}
			} else {
				var ce *routeros.CertificateError
				if !errors.As(err, &ce) || !strings.Contains(err.Error(), tc.reason) {
					t.Fatalf("err %v, want a certificate error with %q", err, tc.reason)
				}
				if cmds := r.APICommands(); len(cmds) > 0 {
					t.Fatalf("the router received %v", cmds)
				}
			}
			if rec.calls != 0 {
				t.Fatal("first-use pinning was used although a CA is configured")
			}
		})
	}
}

func TestNormaliseFingerprint(t *testing.T) {
	const hex = "5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f5a0c3e7f"
	for _, tc := range []struct{ in, want string }{
		{hex, hex},
		{strings.ToUpper(hex), hex},
		{" 5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F:5A:0C:3E:7F ", hex},
		{"5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f 5a 0c 3e 7f", hex},
		{hex[:62], ""},
		{hex + "00", ""},
		{"zz" + hex[2:], ""},
		{"sha1:" + hex[:40], ""},
		{"", ""},
		{strings.Repeat("a", 100_000), ""},
	} {
		got, err := routeros.NormaliseFingerprint(tc.in)
		if got != tc.want || (tc.want == "") != (err != nil) {
			t.Errorf("%.80q → %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

func TestParseCACertificates(t *testing.T) {
	ca, err := sim.NewCA("a")
	if err != nil {
		t.Fatal(err)
	}
	ca2, err := sim.NewCA("b")
	if err != nil {
		t.Fatal(err)
	}
	key := "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n"
	for _, tc := range []struct {
		name, in, err string
	}{
		{"one certificate", ca.PEM, ""},
		{"a bundle of two", ca.PEM + "\n" + ca2.PEM, ""},
		{"a private key", ca.PEM + key, "never paste a private key"},
		{"not PEM", "hello", "not a PEM CERTIFICATE"},
		{"empty", "  ", "no PEM CERTIFICATE"},
		{"a broken certificate", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "certificate 1 of the CA bundle"},
		{"too large", strings.Repeat(ca.PEM, 200), "larger than"},
	} {
		_, err := routeros.ParseCACertificates(tc.in)
		if (tc.err == "") != (err == nil) || (err != nil && !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %v, want %q", tc.name, err, tc.err)
		}
	}
}
