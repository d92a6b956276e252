// Package routeros talks to a MikroTik router through its RouterOS API (TCP 8728, or API-SSL
// on 8729) with github.com/go-routeros/routeros/v3 at v3.0.0: it lists and removes active
// PPP sessions. The library's synchronous calls ignore contexts and bound only the TCP
// connect, so this package dials its own connection (for API-SSL: its own handshake, which
// verifies the router's certificate by a pinned fingerprint or a CA before the login is sent,
// see verify.go), sets deadlines on it for every command, keeps one connection per router
// behind a lock, and dials again when it drops. The library's debug logger, which prints the
// password, is never enabled.
package routeros

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"time"

	ros "github.com/go-routeros/routeros/v3"
)

// Config says how to reach one router.
type Config struct {
	Address  string // host:port; the port defaults to 8728, or 8729 with TLS
	User     string
	Password string
	TLS      bool
	// How the router's API-SSL certificate is trusted (verify.go): its chain must lead to
	// CACertificates, and/or its SHA-256 must equal Fingerprint (any form NormaliseFingerprint
	// reads). With neither, TrustOnFirstUse is called after the first successful login with the
	// fingerprint seen: it records it as the router's pin unless one is recorded already, and
	// returns the recorded pin, which must be the one seen. Without any of the three, TLS
	// connections are refused.
	CACertificates  *x509.CertPool
	Fingerprint     string
	TrustOnFirstUse func(ctx context.Context, seen string) (pinned string, err error)
	DialTimeout     time.Duration // default 5s (TCP connect, TLS handshake and login)
	IOTimeout       time.Duration // default 10s per command
}

// Active is one entry of /ppp/active.
type Active struct {
	ID        string // .id, e.g. "*1A"
	Name      string // the PPPoE user name
	Service   string
	CallerID  string // the client MAC for PPPoE
	Address   string // Framed-IP
	Uptime    string
	SessionID string // e.g. "0x81A0000B": the Acct-Session-Id in RouterOS's hex form
}

// Client is a connection to one router, safe for concurrent use: commands run one at a time.
type Client struct {
	cfg Config

	mu     sync.Mutex
	conn   net.Conn
	client *ros.Client
	dials  int

	pinMu sync.Mutex
	pin   string // the pinned fingerprint: configured, or learnt on first contact
}

// New returns a client; it connects on first use.
func New(cfg Config) *Client {
	if cfg.DialTimeout <= 0 {
		cfg.DialTimeout = 5 * time.Second
	}
	if cfg.IOTimeout <= 0 {
		cfg.IOTimeout = 10 * time.Second
	}
	if _, _, err := net.SplitHostPort(cfg.Address); err != nil && cfg.Address != "" {
		if cfg.TLS {
			cfg.Address = net.JoinHostPort(cfg.Address, "8729")
		} else {
			cfg.Address = net.JoinHostPort(cfg.Address, "8728")
		}
	}
	c := &Client{cfg: cfg}
	if pin, err := NormaliseFingerprint(cfg.Fingerprint); err == nil {
		c.pin = pin
	} else if cfg.Fingerprint != "" {
		c.pin = "invalid" // matches no certificate
	}
	return c
}

// Pinned is the fingerprint the router's certificate must have: the configured one, or the
// one recorded on first contact ("" when none).
func (c *Client) Pinned() string {
	c.pinMu.Lock()
	defer c.pinMu.Unlock()
	return c.pin
}

func (c *Client) setPinned(fp string) {
	c.pinMu.Lock()
	c.pin = fp
	c.pinMu.Unlock()
}

// Address is where the client connects.
func (c *Client) Address() string { return c.cfg.Address }

// Dials is how many connections were made (for tests and metrics).
func (c *Client) Dials() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.dials
}

// Close drops the connection.
func (c *Client) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropLocked()
	return nil
}

func (c *Client) dropLocked() {
	if c.client != nil {
		_ = c.client.Close()
	}
	if c.conn != nil {
		_ = c.conn.Close()
	}
	c.client, c.conn = nil, nil
}

// DeviceError is a !trap from the router: the command was understood and refused.
type DeviceError struct{ Message string }

func (e *DeviceError) Error() string { return "router refused: " + e.Message }

// discard is a log handler that drops everything: the library's own handler must never print
// its debug lines (they carry =password=).
type discard struct{}

func (discard) Enabled(context.Context, slog.Level) bool  { return false }
func (discard) Handle(context.Context, slog.Record) error { return nil }
func (d discard) WithAttrs([]slog.Attr) slog.Handler      { return d }
func (d discard) WithGroup(string) slog.Handler           { return d }

// ErrNoTrust means API-SSL was asked for with no way to verify the router's certificate.
var ErrNoTrust = errors.New("no CA certificate, pinned fingerprint or first-use pinning to verify the router's certificate with")

// dial connects and, for API-SSL, completes a verified handshake; seen is the fingerprint of
// the router's certificate ("" for the plain API).
func (c *Client) dial(ctx context.Context) (conn net.Conn, seen string, err error) {
	pin := c.Pinned()
	if c.cfg.TLS && pin == "" && c.cfg.CACertificates == nil && c.cfg.TrustOnFirstUse == nil {
		return nil, "", fmt.Errorf("routeros: API-SSL to %s: %w", c.cfg.Address, ErrNoTrust)
	}
	raw, err := (&net.Dialer{}).DialContext(ctx, "tcp", c.cfg.Address)
	if err != nil {
		return nil, "", fmt.Errorf("routeros: connecting to %s: %w", c.cfg.Address, err)
	}
	if !c.cfg.TLS {
		return raw, "", nil
	}
	tc := tls.Client(raw, tlsConfig(c.cfg.Address, c.cfg.CACertificates, pin, &seen))
	if err := tc.HandshakeContext(ctx); err != nil {
		raw.Close()
		if ce := (*CertificateError)(nil); errors.As(err, &ce) {
			return nil, "", fmt.Errorf("routeros: TLS with %s: %w; the login was not sent", c.cfg.Address, ce)
		}
		return nil, "", fmt.Errorf("routeros: TLS with %s: %w", c.cfg.Address, err)
	}
	return tc, seen, nil
}

func (c *Client) connectLocked(ctx context.Context) error {
	dctx, cancel := context.WithTimeout(ctx, c.cfg.DialTimeout)
	defer cancel()
	conn, seen, err := c.dial(dctx)
	if err != nil {
		return err
	}
	c.dials++
	fc := newFilterConn(conn)
	deadline, _ := dctx.Deadline()
	_ = conn.SetDeadline(deadline)
	rc, err := ros.NewClient(fc)
	if err != nil {
		conn.Close()
		return fmt.Errorf("routeros: %w", err)
	}
	rc.SetLogHandler(discard{})
	stop := context.AfterFunc(dctx, func() { _ = conn.SetDeadline(time.Now()) })
	err = rc.Login(c.cfg.User, c.cfg.Password)
	stop()
	if err == nil && seen != "" {
		err = c.trustFirstUse(dctx, seen)
	}
	if err != nil {
		_ = rc.Close()
		conn.Close()
		var de *ros.DeviceError
		if errors.As(err, &de) {
			return fmt.Errorf("routeros: login to %s as %q refused: %s", c.cfg.Address, c.cfg.User, de.Sentence.Map["message"])
		}
		return fmt.Errorf("routeros: login to %s: %w", c.cfg.Address, err)
	}
	_ = conn.SetDeadline(time.Time{})
	c.conn, c.client = conn, rc
	return nil
}

// trustFirstUse records the certificate seen on the first successful contact of a router
// trusted on first use; the pin recorded (perhaps by another instance at the same moment)
// must be the certificate seen.
func (c *Client) trustFirstUse(ctx context.Context, seen string) error {
	if c.Pinned() != "" || c.cfg.CACertificates != nil || c.cfg.TrustOnFirstUse == nil {
		return nil
	}
	pinned, err := c.cfg.TrustOnFirstUse(ctx, seen)
	if err != nil {
		return fmt.Errorf("recording the certificate's fingerprint: %w", err)
	}
	if !sameFingerprint(seen, pinned) {
		return &CertificateError{Seen: seen, Pinned: pinned}
	}
	c.setPinned(seen)
	return nil
}

// Run sends one command and returns its !re sentences as maps. A dropped connection is dialled
// again once; a !trap is returned as *DeviceError and keeps the connection.
func (c *Client) Run(ctx context.Context, words ...string) ([]map[string]string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for attempt := 0; ; attempt++ {
		fresh := false
		if c.client == nil {
			if err := c.connectLocked(ctx); err != nil {
				return nil, err
			}
			fresh = true
		}
		out, err := c.runLocked(ctx, words)
		if err == nil {
			return out, nil
		}
		var de *DeviceError
		if errors.As(err, &de) {
			return nil, err
		}
		c.dropLocked()
		if fresh || attempt > 0 || ctx.Err() != nil {
			return nil, err
		}
		// The kept connection had gone stale (router rebooted, idle timeout): dial again.
	}
}

func (c *Client) runLocked(ctx context.Context, words []string) ([]map[string]string, error) {
	deadline := time.Now().Add(c.cfg.IOTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = c.conn.SetDeadline(deadline)
	conn := c.conn
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	reply, err := c.client.RunArgs(words)
	stop()
	if err != nil {
		var de *ros.DeviceError
		if errors.As(err, &de) {
			// A !trap is followed by !done, which RunArgs has read; the connection is usable.
			msg := de.Sentence.Map["message"]
			if msg == "" {
				msg = "unknown error"
			}
			return nil, &DeviceError{Message: msg}
		}
		if errors.Is(err, io.EOF) {
			err = fmt.Errorf("connection closed by router: %w", err)
		}
		return nil, fmt.Errorf("routeros: %s on %s: %w", words[0], c.cfg.Address, err)
	}
	_ = c.conn.SetDeadline(time.Time{})
	out := make([]map[string]string, 0, len(reply.Re))
	for _, re := range reply.Re {
		out = append(out, re.Map)
	}
	return out, nil
}

func toActive(m map[string]string) Active {
	return Active{
		ID: m[".id"], Name: m["name"], Service: m["service"], CallerID: m["caller-id"],
		Address: m["address"], Uptime: m["uptime"], SessionID: m["session-id"],
	}
}

// ListActive returns every active PPP session.
func (c *Client) ListActive(ctx context.Context) ([]Active, error) {
	rows, err := c.Run(ctx, "/ppp/active/print")
	if err != nil {
		return nil, err
	}
	out := make([]Active, 0, len(rows))
	for _, r := range rows {
		out = append(out, toActive(r))
	}
	return out, nil
}

// FindActive returns the active PPP sessions of one user.
func (c *Client) FindActive(ctx context.Context, name string) ([]Active, error) {
	rows, err := c.Run(ctx, "/ppp/active/print", "?name="+name)
	if err != nil {
		return nil, err
	}
	out := make([]Active, 0, len(rows))
	for _, r := range rows {
		out = append(out, toActive(r))
	}
	return out, nil
}

// RemoveActive removes every active PPP session of name (optionally only the one whose
// session-id matches acctSessionID) and returns how many were removed.
func (c *Client) RemoveActive(ctx context.Context, name, acctSessionID string) (int, error) {
	list, err := c.FindActive(ctx, name)
	if err != nil {
		return 0, err
	}
	removed := 0
	for _, a := range list {
		if acctSessionID != "" && a.SessionID != "" && !SameSessionID(a.SessionID, acctSessionID) {
			continue
		}
		if _, err := c.Run(ctx, "/ppp/active/remove", "=.id="+a.ID); err != nil {
			var de *DeviceError
			if errors.As(err, &de) && strings.Contains(de.Message, "no such item") {
				continue // gone meanwhile
			}
			return removed, err
		}
		removed++
	}
	return removed, nil
}

// Ping checks that the API answers (reads /system/identity).
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Run(ctx, "/system/identity/print")
	return err
}

// SameSessionID compares RouterOS's session-id ("0x81A0000B") with an Acct-Session-Id
// ("81a0000b").
func SameSessionID(routerID, acctSessionID string) bool {
	norm := func(s string) string {
		s = strings.ToLower(strings.TrimSpace(s))
		return strings.TrimPrefix(s, "0x")
	}
	return norm(routerID) == norm(acctSessionID)
}
