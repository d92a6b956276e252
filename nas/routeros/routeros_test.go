package routeros_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"math/big"
	"net"
	"strings"
	"testing"
	"time"

	ros "github.com/go-routeros/routeros/v3"

	"github.com/linedesk/linedesk/nas/internal/fakeradius"
	"github.com/linedesk/linedesk/nas/routeros"
	"github.com/linedesk/linedesk/nas/sim"
)

const (
	secret = "api-test-secret"
	apiPW  = "api-pass"
)

func router(t *testing.T, mod func(*sim.Config)) *sim.Router {
	t.Helper()
	fr := fakeradius.Start(t, secret, map[string]string{"alice": "a", "bob": "b"})
	cfg := sim.Config{Secret: secret, AuthAddr: fr.AuthAddr, AcctAddr: fr.AcctAddr, APIAddr: "127.0.0.1:0",
		APIUser: "linedesk", APIPassword: apiPW, Retry: 200 * time.Millisecond, Timeout: 3 * time.Second}
	if mod != nil {
		mod(&cfg)
	}
	r := sim.New(cfg)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r
}

func TestListFindRemove(t *testing.T) {
	for _, empty := range []bool{true, false} {
		name := "RouterOS 7.18+ (!empty)"
		if !empty {
			name = "older RouterOS"
		}
		t.Run(name, func(t *testing.T) {
			r := router(t, func(c *sim.Config) { c.NoEmptyReply = !empty })
			ctx := context.Background()
			a, err := r.Dial(ctx, "alice", "a")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := r.Dial(ctx, "bob", "b"); err != nil {
				t.Fatal(err)
			}
			c := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW})
			defer c.Close()

			list, err := c.ListActive(ctx)
			if err != nil || len(list) != 2 {
				t.Fatalf("list: %v, %d entries", err, len(list))
			}
			if list[0].Name != "alice" || list[0].Address != a.IP.String() || !routeros.SameSessionID(list[0].SessionID, a.AcctSessionID) || list[0].ID != a.APIID {
				t.Fatalf("entry %+v for session %+v", list[0], a)
			}
			// A print that matches nothing: !empty must not break this or the next command.
			for range 3 {
				none, err := c.FindActive(ctx, "nobody")
				if err != nil || len(none) != 0 {
					t.Fatalf("find nobody: %v, %d", err, len(none))
				}
			}
			found, err := c.FindActive(ctx, "bob")
			if err != nil || len(found) != 1 || found[0].Name != "bob" {
				t.Fatalf("find bob after empty prints: %v %+v", err, found)
			}
			n, err := c.RemoveActive(ctx, "alice", a.AcctSessionID)
			if err != nil || n != 1 {
				t.Fatalf("remove alice: %d, %v", n, err)
			}
			if r.Connected("alice") {
				t.Fatal("alice still on the router")
			}
			n, err = c.RemoveActive(ctx, "alice", "")
			if err != nil || n != 0 {
				t.Fatalf("second remove: %d, %v", n, err)
			}
			// A !trap keeps the connection.
			_, err = c.Run(ctx, "/ppp/active/remove", "=.id=*FFFF")
			var de *routeros.DeviceError
			if !errors.As(err, &de) || !strings.Contains(de.Message, "no such item") {
				t.Fatalf("remove unknown id: %v", err)
			}
			if err := c.Ping(ctx); err != nil {
				t.Fatal(err)
			}
			if c.Dials() != 1 || r.APILogins() != 1 {
				t.Fatalf("dials %d logins %d, want one connection", c.Dials(), r.APILogins())
			}
		})
	}
}

// The trap the wrapper exists for: go-routeros v3.0.0 on its own cannot read !empty.
func TestLibraryAloneFailsOnEmpty(t *testing.T) {
	r := router(t, nil)
	conn, err := net.DialTimeout("tcp", r.APIAddr(), 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	_ = conn.SetDeadline(time.Now().Add(5 * time.Second))
	c, err := ros.NewClient(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.Login("linedesk", apiPW); err != nil {
		t.Fatal(err)
	}
	_, err = c.Run("/ppp/active/print", "?name=nobody")
	var unknown *ros.UnknownReplyError
	if !errors.As(err, &unknown) {
		t.Fatalf("expected the library to fail on !empty, got %v", err)
	}
}

func TestReconnectAfterDrop(t *testing.T) {
	r := router(t, nil)
	ctx := context.Background()
	c := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW})
	defer c.Close()
	if err := c.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	r.DropAPIConnections()
	time.Sleep(50 * time.Millisecond)
	if _, err := r.Dial(ctx, "alice", "a"); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListActive(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("after the drop: %v, %d", err, len(list))
	}
	if c.Dials() != 2 || r.APILogins() != 2 {
		t.Fatalf("dials %d logins %d, want 2", c.Dials(), r.APILogins())
	}
}

func TestWrongPassword(t *testing.T) {
	r := router(t, nil)
	c := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: "guess-me-not"})
	err := c.Ping(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid user name or password") {
		t.Fatalf("err %v", err)
	}
	if strings.Contains(err.Error(), "guess-me-not") {
		t.Fatal("error shows the password")
	}
}

// A router that accepts the connection and never answers: bounded by the deadlines.
func TestDeadlines(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
		}
	}()
	c := routeros.New(routeros.Config{Address: ln.Addr().String(), User: "u", Password: "p", DialTimeout: 300 * time.Millisecond, IOTimeout: 300 * time.Millisecond})
	start := time.Now()
	if err := c.Ping(context.Background()); err == nil {
		t.Fatal("no error from a mute router")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
	// The context bounds a call too.
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	c2 := routeros.New(routeros.Config{Address: ln.Addr().String(), User: "u", Password: "p", DialTimeout: 10 * time.Second})
	start = time.Now()
	if err := c2.Ping(ctx); err == nil || time.Since(start) > 2*time.Second {
		t.Fatalf("context ignored: %v after %v", err, time.Since(start))
	}
}

func TestAPISSL(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "router"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert := tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
	r := router(t, func(c *sim.Config) { c.APITLS = &tls.Config{Certificates: []tls.Certificate{cert}} })
	if _, err := r.Dial(context.Background(), "bob", "b"); err != nil {
		t.Fatal(err)
	}
	// Self-signed, as RouterOS makes it: trusted by its pinned fingerprint. (Before issue 13
	// it was accepted unverified; now a TLS client with nothing to verify with is refused.)
	c := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW, TLS: true, Fingerprint: routeros.Fingerprint(der)})
	defer c.Close()
	list, err := c.ListActive(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("over TLS: %v, %d", err, len(list))
	}
	// With the certificate as its own CA it is verified.
	c2 := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW, TLS: true,
		CACertificates: pool(t, der)})
	defer c2.Close()
	if err := c2.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Plain API against the SSL port fails cleanly.
	c3 := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW, IOTimeout: time.Second, DialTimeout: time.Second})
	if err := c3.Ping(context.Background()); err == nil {
		t.Fatal("plain API spoke to the TLS port")
	}
}

func pool(t *testing.T, der ...[]byte) *x509.CertPool {
	t.Helper()
	p := x509.NewCertPool()
	for _, d := range der {
		parsed, err := x509.ParseCertificate(d)
		if err != nil {
			t.Fatal(err)
		}
		p.AddCert(parsed)
	}
	return p
}

func TestDefaultPorts(t *testing.T) {
	if a := routeros.New(routeros.Config{Address: "192.0.2.1"}).Address(); a != "192.0.2.1:8728" {
		t.Errorf("plain: %s", a)
	}
	if a := routeros.New(routeros.Config{Address: "192.0.2.1", TLS: true}).Address(); a != "192.0.2.1:8729" {
		t.Errorf("tls: %s", a)
	}
}
