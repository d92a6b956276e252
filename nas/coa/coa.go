// Package coa sends RFC 5176 Disconnect-Request and CoA-Request packets to a router's dynamic
// authorization port (3799 by default), signed with the router's secret and a
// Message-Authenticator, retransmitted until answered or timed out, and verifies the answer
// (Response Authenticator and, when present or required, Message-Authenticator).
package coa

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"strconv"
	"syscall"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3576"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/radius/msgauth"
)

// Outcome is what became of one request.
type Outcome string

// Outcomes.
const (
	ACK     Outcome = "ACK"     // the router did what was asked
	NAK     Outcome = "NAK"     // the router refused; see ErrorCause
	Timeout Outcome = "TIMEOUT" // no valid answer after every retry
	Error   Outcome = "ERROR"   // the request could not be sent, or the answers were not authentic
)

// Request names one session on one router. Fields left empty are not sent.
type Request struct {
	Addr          string // router's host:port (port 3799 by default)
	Secret        []byte // the router's RADIUS secret
	UserName      string
	AcctSessionID string
	FramedIP      net.IP
	NASIP         net.IP

	// CoA only.
	RateLimit      string // Mikrotik-Rate-Limit, e.g. "5M/20M"
	SessionTimeout uint32 // seconds; 0 sends none
}

// Result is the typed answer to a request.
type Result struct {
	Outcome    Outcome
	ErrorCause rfc3576.ErrorCause // from a NAK (or an ACK) when the router gave one; 0 otherwise
	Attempts   int                // packets sent
	RTT        time.Duration      // from the first send to the accepted answer
	Err        error              // what went wrong for ERROR (never contains the secret)
}

// Message is a human-readable account of the result, for staff.
func (r Result) Message() string {
	switch r.Outcome {
	case ACK:
		return "router acknowledged"
	case NAK:
		if r.ErrorCause != 0 {
			return fmt.Sprintf("router refused: %s (%d)", r.ErrorCause, int(r.ErrorCause))
		}
		return "router refused"
	case Timeout:
		return "router did not answer"
	default:
		if r.Err != nil {
			return r.Err.Error()
		}
		return "request failed"
	}
}

// Client sends requests. The zero value uses the defaults below.
type Client struct {
	// Timeout is how long to wait for an answer to each transmission (default 1s).
	Timeout time.Duration
	// Retries is how many times a request is retransmitted after the first send (default 2).
	Retries int
	// RequireMessageAuthenticator refuses answers without a Message-Authenticator. Answers that
	// carry one always have it checked.
	RequireMessageAuthenticator bool
}

func (c *Client) timeout() time.Duration {
	if c == nil || c.Timeout <= 0 {
		return time.Second
	}
	return c.Timeout
}

func (c *Client) retries() int {
	if c == nil || c.Retries < 0 {
		return 0
	}
	if c.Retries == 0 {
		return 2
	}
	return c.Retries
}

// Disconnect sends a Disconnect-Request.
func (c *Client) Disconnect(ctx context.Context, req Request) Result {
	return c.exchange(ctx, radius.CodeDisconnectRequest, req)
}

// CoA sends a CoA-Request carrying the new rate limit and Session-Timeout.
func (c *Client) CoA(ctx context.Context, req Request) Result {
	return c.exchange(ctx, radius.CodeCoARequest, req)
}

// Build makes the signed wire form of a request (exported for tests and tools).
func Build(code radius.Code, req Request) (*radius.Packet, []byte, error) {
	if len(req.Secret) == 0 {
		return nil, nil, errors.New("coa: the router has no RADIUS secret")
	}
	p := radius.New(code, req.Secret)
	var id [1]byte
	_, _ = rand.Read(id[:])
	p.Identifier = id[0]
	if req.UserName != "" {
		if err := rfc2865.UserName_SetString(p, req.UserName); err != nil {
			return nil, nil, fmt.Errorf("coa: User-Name: %w", err)
		}
	}
	if req.AcctSessionID != "" {
		if err := rfc2866.AcctSessionID_SetString(p, req.AcctSessionID); err != nil {
			return nil, nil, fmt.Errorf("coa: Acct-Session-Id: %w", err)
		}
	}
	if ip := req.FramedIP.To4(); ip != nil {
		_ = rfc2865.FramedIPAddress_Set(p, ip)
	}
	if ip := req.NASIP.To4(); ip != nil {
		_ = rfc2865.NASIPAddress_Set(p, ip)
	}
	if code == radius.CodeCoARequest {
		if req.RateLimit != "" {
			if err := mikrotik.MikrotikRateLimit_SetString(p, req.RateLimit); err != nil {
				return nil, nil, fmt.Errorf("coa: Mikrotik-Rate-Limit: %w", err)
			}
		}
		if req.SessionTimeout > 0 {
			_ = rfc2865.SessionTimeout_Set(p, rfc2865.SessionTimeout(req.SessionTimeout))
		}
	}
	wire, err := msgauth.Sign(p)
	if err != nil {
		return nil, nil, fmt.Errorf("coa: encoding: %w", err)
	}
	return p, wire, nil
}

// answers lists the codes that answer a request code.
func answers(code radius.Code) (ack, nak radius.Code) {
	if code == radius.CodeCoARequest {
		return radius.CodeCoAACK, radius.CodeCoANAK
	}
	return radius.CodeDisconnectACK, radius.CodeDisconnectNAK
}

// errBadAnswer marks answers that failed verification.
var errBadAnswer = errors.New("the router's answers failed verification (is the secret the same on both sides?)")

// exchange sends the request and retransmits it until a verified answer comes, the retries
// run out or ctx ends.
func (c *Client) exchange(ctx context.Context, code radius.Code, req Request) Result {
	_, wire, err := Build(code, req)
	if err != nil {
		return Result{Outcome: Error, Err: err}
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "udp", req.Addr)
	if err != nil {
		return Result{Outcome: Error, Err: fmt.Errorf("coa: cannot reach %s: %w", req.Addr, err)}
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Now()) })
	defer stop()

	x := &transmission{conn: conn, req: req, wire: wire, buf: make([]byte, radius.MaxPacketLength),
		requireMsgAuth: c.RequireMessageAuthenticator}
	x.ack, x.nak = answers(code)
	start := time.Now()
	res := Result{}
	for attempt := 0; attempt <= c.retries(); attempt++ {
		if ctx.Err() != nil {
			break
		}
		res.Attempts++
		if _, err := conn.Write(wire); err != nil {
			if isRefused(err) {
				x.refused = true
				continue
			}
			return Result{Outcome: Error, Attempts: res.Attempts, Err: fmt.Errorf("coa: sending to %s: %w", req.Addr, err)}
		}
		p, ok := x.await(ctx, time.Now().Add(c.timeout()))
		if !ok {
			continue // timeout (or refused): retransmit
		}
		res.RTT = time.Since(start)
		if cause, err := rfc3576.ErrorCause_Lookup(p); err == nil {
			res.ErrorCause = cause
		}
		if p.Code == x.ack {
			res.Outcome = ACK
		} else {
			res.Outcome = NAK
		}
		return res
	}
	return x.unanswered(ctx, res, c.retries())
}

// transmission is one request on the wire and what its answers so far have shown.
type transmission struct {
	conn           net.Conn
	req            Request
	wire           []byte
	buf            []byte
	ack, nak       radius.Code
	requireMsgAuth bool
	bad            int  // answers that failed verification
	refused        bool // the router's port refused a packet (ICMP port unreachable)
}

// await reads until a verified answer to this request arrives (true), or until the deadline
// passes or the router refuses the packet (false).
func (x *transmission) await(ctx context.Context, deadline time.Time) (*radius.Packet, bool) {
	_ = x.conn.SetReadDeadline(deadline)
	for {
		n, err := x.conn.Read(x.buf)
		if err != nil {
			if isRefused(err) {
				x.refused = true
				// ICMP port unreachable: wait out the interval before retrying.
				if wait := time.Until(deadline); wait > 0 {
					select {
					case <-ctx.Done():
					case <-time.After(wait):
					}
				}
			}
			return nil, false
		}
		raw := x.buf[:n]
		if n < 20 || raw[1] != x.wire[1] {
			continue // not ours
		}
		if p := x.verify(raw); p != nil {
			return p, true
		}
		x.bad++
	}
}

// verify returns the answer parsed when it is an authentic ACK or NAK to this request, nil
// otherwise.
func (x *transmission) verify(raw []byte) *radius.Packet {
	rc := radius.Code(raw[0])
	if rc != x.ack && rc != x.nak {
		return nil
	}
	if !radius.IsAuthenticResponse(raw, x.wire, x.req.Secret) {
		return nil
	}
	if err := msgauth.VerifyResponse(raw, x.req.Secret, x.wire[4:20], x.requireMsgAuth); err != nil {
		return nil
	}
	p, err := radius.Parse(raw, x.req.Secret)
	if err != nil {
		return nil
	}
	return p
}

// unanswered completes res when no verified answer came: ERROR when answers failed
// verification, the port refused the packet or ctx ended before the last try; TIMEOUT
// otherwise.
func (x *transmission) unanswered(ctx context.Context, res Result, retries int) Result {
	switch {
	case x.bad > 0:
		res.Outcome, res.Err = Error, errBadAnswer
	case x.refused:
		res.Outcome, res.Err = Error, fmt.Errorf("router refused the packet on port %s (is /radius incoming accept=yes?)", port(x.req.Addr))
	case ctx.Err() != nil && res.Attempts <= retries:
		res.Outcome, res.Err = Error, fmt.Errorf("coa: %w", ctx.Err())
	default:
		res.Outcome = Timeout
	}
	return res
}

func port(addr string) string {
	_, p, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if _, err := strconv.Atoi(p); err != nil {
		return addr
	}
	return p
}

func isRefused(err error) bool { return errors.Is(err, syscall.ECONNREFUSED) }
