package sim

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"net"
	"sync"
	"time"
)

// Certificates for the simulated router's API-SSL, and an impostor to test them with.

// SelfSigned makes a self-signed certificate naming hosts (DNS names or IP addresses) in its
// subject alternative names; with none it names nothing but a common name, as RouterOS's own
// certificates do.
func SelfSigned(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sim: key: %w", err)
	}
	tmpl := leafTemplate(hosts)
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sim: certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

func leafTemplate(hosts []string) *x509.Certificate {
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	t := &x509.Certificate{
		SerialNumber: serial, Subject: pkix.Name{CommonName: "sim-router"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	for _, h := range hosts {
		if ip := net.ParseIP(h); ip != nil {
			t.IPAddresses = append(t.IPAddresses, ip)
		} else {
			t.DNSNames = append(t.DNSNames, h)
		}
	}
	return t
}

// CA is a small certificate authority, as an ISP would run for its routers.
type CA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	// PEM is the CA certificate, PEM-encoded: what an admin gives linedesk.
	PEM string
}

// NewCA makes a CA.
func NewCA(name string) (*CA, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("sim: CA key: %w", err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, fmt.Errorf("sim: CA certificate: %w", err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("sim: CA certificate: %w", err)
	}
	return &CA{cert: cert, key: key, PEM: string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))}, nil
}

// Issue makes a router certificate signed by the CA naming hosts (none: a common name only).
func (ca *CA) Issue(hosts ...string) (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sim: key: %w", err)
	}
	der, err := x509.CreateCertificate(rand.Reader, leafTemplate(hosts), ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("sim: certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}

// Impostor is a TLS endpoint that is not the router: it completes handshakes with its own
// certificate and records every byte it is then sent, answering nothing. What it records is
// what an attacker at the router's address would learn (a RouterOS API client that trusted
// it would send "/login" with the user and password first).
type Impostor struct {
	ln         net.Listener
	mu         sync.Mutex
	received   bytes.Buffer
	handshakes int
	conns      map[net.Conn]struct{}
	wg         sync.WaitGroup
}

// ListenImpostor listens on addr ("127.0.0.1:0", or a router's address after it stopped).
func ListenImpostor(addr string, cert tls.Certificate) (*Impostor, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("sim: impostor: %w", err)
	}
	im := &Impostor{ln: ln, conns: map[net.Conn]struct{}{}}
	cfg := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	im.wg.Add(1)
	go func() {
		defer im.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			im.mu.Lock()
			im.conns[c] = struct{}{}
			im.mu.Unlock()
			im.wg.Add(1)
			go func() {
				defer im.wg.Done()
				im.serve(tls.Server(c, cfg))
				im.mu.Lock()
				delete(im.conns, c)
				im.mu.Unlock()
			}()
		}
	}()
	return im, nil
}

func (im *Impostor) serve(c *tls.Conn) {
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if err := c.Handshake(); err != nil {
		return
	}
	im.mu.Lock()
	im.handshakes++
	im.mu.Unlock()
	buf := make([]byte, 4096)
	for {
		n, err := c.Read(buf)
		im.mu.Lock()
		im.received.Write(buf[:n])
		im.mu.Unlock()
		if err != nil {
			return
		}
	}
}

// Addr is where the impostor listens.
func (im *Impostor) Addr() string { return im.ln.Addr().String() }

// Received is every byte sent to it after a completed handshake.
func (im *Impostor) Received() []byte {
	im.mu.Lock()
	defer im.mu.Unlock()
	return bytes.Clone(im.received.Bytes())
}

// SawLogin reports whether any client sent it a RouterOS API login.
func (im *Impostor) SawLogin() bool { return bytes.Contains(im.Received(), []byte("/login")) }

// Handshakes is how many TLS handshakes completed on the impostor's side.
func (im *Impostor) Handshakes() int {
	im.mu.Lock()
	defer im.mu.Unlock()
	return im.handshakes
}

// Close stops listening and drops every connection.
func (im *Impostor) Close() {
	im.ln.Close()
	im.mu.Lock()
	for c := range im.conns {
		c.Close()
	}
	im.mu.Unlock()
	im.wg.Wait()
}
