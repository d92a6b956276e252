package routeros

import (
	"crypto/sha256"
	"crypto/subtle"
	"crypto/tls"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net"
	"strings"
)

// How a router's API-SSL certificate is trusted.
//
// RouterOS makes self-signed certificates that name nothing useful, so Go's own verification
// (a public chain to a certificate naming the address) would refuse nearly every router. The
// TLS configuration therefore turns Go's check off and does its own in VerifyConnection, which
// runs during the handshake, before a byte of the login is written:
//
//   - With a pinned fingerprint, the SHA-256 of the router's leaf certificate (DER) must equal
//     it (compared in constant time); names, dates and chains are ignored.
//   - With CA certificates, the chain must lead to one of them (system roots are never used)
//     and be valid now for server authentication. The name is checked only when the leaf names
//     something: a certificate carrying DNS names or IP addresses must name the API address's
//     host; one naming none (RouterOS's usual, with just a common name, which Go ignores) is
//     trusted on its chain alone. Use a CA only for your routers.
//   - With both, both must hold.
//   - With neither, the first contact that completes the handshake and the login pins the
//     certificate it saw (Config.TrustOnFirstUse); later contacts compare with that pin.
//
// Without any of these a TLS connection is refused.

// FingerprintLen is the length of a fingerprint in its stored form.
const FingerprintLen = sha256.Size * 2

// Fingerprint is the SHA-256 fingerprint of a DER certificate in the form linedesk stores and
// shows: 64 lower-case hexadecimal digits, as RouterOS's /certificate print shows it.
func Fingerprint(der []byte) string {
	sum := sha256.Sum256(der)
	return hex.EncodeToString(sum[:])
}

// ErrBadFingerprint means a text is not a SHA-256 fingerprint.
var ErrBadFingerprint = errors.New("not a SHA-256 fingerprint: give 64 hexadecimal digits, with or without colons")

// NormaliseFingerprint reads a SHA-256 fingerprint written with or without colons (or spaces),
// in any case ("AB:CD:…", "abcd…") and returns its stored form.
func NormaliseFingerprint(s string) (string, error) {
	s = strings.TrimSpace(s)
	if len(s) > 4*sha256.Size {
		return "", ErrBadFingerprint
	}
	s = strings.NewReplacer(":", "", " ", "").Replace(strings.ToLower(s))
	if len(s) != FingerprintLen {
		return "", ErrBadFingerprint
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", ErrBadFingerprint
	}
	return s, nil
}

// sameFingerprint compares two fingerprints in stored form in constant time.
func sameFingerprint(a, b string) bool {
	x, errA := hex.DecodeString(a)
	y, errB := hex.DecodeString(b)
	return errA == nil && errB == nil && len(x) == sha256.Size && subtle.ConstantTimeCompare(x, y) == 1
}

// MaxCABundle bounds a PEM bundle of CA certificates.
const MaxCABundle = 64 << 10

// ParseCACertificates reads a PEM bundle of one or more CERTIFICATE blocks. Anything else (a
// private key above all) is refused, and so is text outside the blocks that is not white space.
func ParseCACertificates(bundle string) (*x509.CertPool, error) {
	if len(bundle) > MaxCABundle {
		return nil, fmt.Errorf("the CA bundle is larger than %d KiB", MaxCABundle>>10)
	}
	pool := x509.NewCertPool()
	rest := []byte(bundle)
	n := 0
	for {
		var block *pem.Block
		block, rest = pem.Decode(rest)
		if block == nil {
			break
		}
		n++
		if block.Type != "CERTIFICATE" {
			return nil, fmt.Errorf("block %d of the CA bundle is a %q, not a CERTIFICATE (never paste a private key)", n, block.Type)
		}
		cert, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, fmt.Errorf("certificate %d of the CA bundle: %w", n, err)
		}
		pool.AddCert(cert)
	}
	if strings.TrimSpace(string(rest)) != "" {
		return nil, errors.New("the CA bundle has text that is not a PEM CERTIFICATE block")
	}
	if n == 0 {
		return nil, errors.New("the CA bundle holds no PEM CERTIFICATE block")
	}
	return pool, nil
}

// CertificateError means the router's certificate was refused: during the handshake (then
// nothing, the login least of all, was sent), or after a first-use login because another
// instance pinned a different certificate meanwhile.
type CertificateError struct {
	Seen   string // fingerprint of the certificate presented ("" when none was)
	Pinned string // the pin it was compared with ("" when the CA check failed)
	Reason string // why the CA check failed
}

func (e *CertificateError) Error() string {
	switch {
	case e.Seen == "":
		return "the router presented no certificate"
	case e.Pinned != "":
		return fmt.Sprintf("certificate fingerprint %s does not match the pinned %s", e.Seen, e.Pinned)
	default:
		return fmt.Sprintf("certificate (fingerprint %s) refused: %s", e.Seen, e.Reason)
	}
}

// verifier checks a handshake's certificates as described above.
type verifier struct {
	host string
	cas  *x509.CertPool
	pin  string
	seen *string // receives the fingerprint of the leaf presented
}

func (v verifier) verify(cs tls.ConnectionState) error {
	if len(cs.PeerCertificates) == 0 {
		return &CertificateError{}
	}
	leaf := cs.PeerCertificates[0]
	seen := Fingerprint(leaf.Raw)
	*v.seen = seen
	if v.cas != nil {
		inter := x509.NewCertPool()
		for _, c := range cs.PeerCertificates[1:] {
			inter.AddCert(c)
		}
		opts := x509.VerifyOptions{Roots: v.cas, Intermediates: inter, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
		if _, err := leaf.Verify(opts); err != nil {
			return &CertificateError{Seen: seen, Reason: "not issued by the router's CA certificates: " + err.Error()}
		}
		if len(leaf.DNSNames) > 0 || len(leaf.IPAddresses) > 0 {
			if err := leaf.VerifyHostname(v.host); err != nil {
				return &CertificateError{Seen: seen, Reason: fmt.Sprintf("issued for other names than %s", v.host)}
			}
		}
	}
	if v.pin != "" && !sameFingerprint(seen, v.pin) {
		return &CertificateError{Seen: seen, Pinned: v.pin}
	}
	return nil
}

// tlsConfig is the client configuration for one handshake; seen receives the fingerprint of
// the router's certificate.
func tlsConfig(address string, cas *x509.CertPool, pin string, seen *string) *tls.Config {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		host = address
	}
	v := verifier{host: host, cas: cas, pin: pin, seen: seen}
	cfg := &tls.Config{
		MinVersion: tls.VersionTLS12,
		// Go's verification is replaced, not skipped: VerifyConnection checks the pin and/or
		// the CA chain during the handshake (see the top of this file).
		InsecureSkipVerify: true, //nolint:gosec // verified by VerifyConnection
		VerifyConnection:   v.verify,
	}
	if net.ParseIP(host) == nil {
		cfg.ServerName = host
	}
	return cfg
}
