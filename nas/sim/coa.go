package sim

import (
	"fmt"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3576"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/radius/msgauth"
)

// The CoA port: RFC 5176 Disconnect-Request and CoA-Request, answered as RouterOS does.

// CoAMode changes how the router answers Disconnect/CoA requests (for tests).
type CoAMode int

// CoA modes.
const (
	CoANormal    CoAMode = iota // as RouterOS does
	CoANakAll                   // NAK every CoA-Request (Error-Cause Unsupported-Attribute 401)
	CoASilent                   // answer nothing
	CoANakAllDis                // NAK every Disconnect-Request too
)

// Packet is one request the router received on its CoA port.
type Packet struct {
	At        time.Time
	From      string
	Raw       []byte
	Packet    *radius.Packet // parsed with the router's secret
	AuthOK    bool           // Request Authenticator verified
	MAPresent bool
	MAOK      bool   // Message-Authenticator verified (false when absent)
	Answer    string // "ACK", "NAK", "" (dropped)
}

type cachedReply struct {
	raw []byte
	at  time.Time
}

// SetCoAMode changes how Disconnect/CoA requests are answered.
func (r *Router) SetCoAMode(m CoAMode) {
	r.mu.Lock()
	r.coaMode = m
	r.mu.Unlock()
}

// serveCoA answers Disconnect-Request and CoA-Request on the CoA port.
func (r *Router) serveCoA() {
	defer r.wg.Done()
	buf := make([]byte, radius.MaxPacketLength)
	for {
		n, from, err := r.coaConn.ReadFrom(buf)
		if err != nil {
			return
		}
		raw := append([]byte(nil), buf[:n]...)
		if out := r.handleCoA(raw, from.String()); out != nil {
			_, _ = r.coaConn.WriteTo(out, from)
		}
	}
}

// handleCoA answers one Disconnect/CoA request as RouterOS does, or returns nil to drop it.
func (r *Router) handleCoA(raw []byte, from string) []byte {
	rec, ok := r.inspect(raw, from)
	if !ok {
		r.record(rec) // RouterOS drops these silently
		return nil
	}
	key := fmt.Sprintf("%s/%d/%x", from, raw[1], raw[4:20])
	mode, cached := r.answeredBefore(key)
	if cached != nil {
		rec.Answer = "RETRANSMIT"
		r.record(rec)
		return cached // a retransmission gets the same answer
	}
	if mode == CoASilent {
		r.record(rec)
		return nil
	}
	resp, removed := r.applyCoA(rec.Packet, mode)
	out, err := msgauth.Sign(resp)
	if err != nil {
		r.record(rec)
		return nil
	}
	if resp.Code == radius.CodeDisconnectACK || resp.Code == radius.CodeCoAACK {
		rec.Answer = "ACK"
	} else {
		rec.Answer = "NAK"
	}
	r.rememberReply(key, out)
	r.record(rec)
	if removed != nil {
		r.stopAsync(removed, "Admin-Reset")
	}
	return out
}

// inspect parses and verifies a request; false when it is not an authentic Disconnect or CoA
// request.
func (r *Router) inspect(raw []byte, from string) (Packet, bool) {
	secret := []byte(r.cfg.Secret)
	rec := Packet{At: time.Now(), From: from, Raw: raw}
	p, err := radius.Parse(raw, secret)
	if err != nil {
		return rec, false
	}
	rec.Packet = p
	rec.AuthOK = radius.IsAuthenticRequest(raw, secret)
	rec.MAPresent = msgauth.Present(raw)
	rec.MAOK = rec.MAPresent && msgauth.VerifyRequest(raw, secret, true) == nil
	if !rec.AuthOK || (rec.MAPresent && !rec.MAOK) || (p.Code != radius.CodeDisconnectRequest && p.Code != radius.CodeCoARequest) {
		return rec, false
	}
	return rec, true
}

// answeredBefore returns the CoA mode and the answer already sent to the request key within
// the last 30 seconds (nil when none).
func (r *Router) answeredBefore(key string) (CoAMode, []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.replies[key]; ok && time.Since(c.at) < 30*time.Second {
		return r.coaMode, c.raw
	}
	return r.coaMode, nil
}

// applyCoA does what p asks of the session it names and returns the answer, and the session
// a Disconnect removed (whose Stop is then due).
func (r *Router) applyCoA(p *radius.Packet, mode CoAMode) (resp *radius.Packet, removed *session) {
	ack, nak := radius.CodeDisconnectACK, radius.CodeDisconnectNAK
	if p.Code == radius.CodeCoARequest {
		ack, nak = radius.CodeCoAACK, radius.CodeCoANAK
	}
	if p.Code == radius.CodeCoARequest && mode == CoANakAll ||
		p.Code == radius.CodeDisconnectRequest && mode == CoANakAllDis {
		resp = p.Response(nak)
		_ = rfc3576.ErrorCause_Set(resp, rfc3576.ErrorCause_Value_UnsupportedAttribute)
		return resp, nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.match(p)
	switch {
	case s == nil:
		resp = p.Response(nak)
		_ = rfc3576.ErrorCause_Set(resp, rfc3576.ErrorCause_Value_SessionContextNotFound)
	case p.Code == radius.CodeDisconnectRequest:
		delete(r.sessions, s.acctID)
		removed = s
		resp = p.Response(ack)
	default:
		if rl, err := mikrotik.MikrotikRateLimit_LookupString(p); err == nil {
			s.rate = rl
		}
		if st, err := rfc2865.SessionTimeout_Lookup(p); err == nil {
			s.timeout = time.Since(s.started) + time.Duration(st)*time.Second
		}
		resp = p.Response(ack)
	}
	return resp, removed
}

// rememberReply keeps the answer to the request key for retransmissions, and forgets answers
// older than a minute.
func (r *Router) rememberReply(key string, out []byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.replies[key] = cachedReply{raw: out, at: time.Now()}
	for k, c := range r.replies {
		if time.Since(c.at) > time.Minute {
			delete(r.replies, k)
		}
	}
}

// match finds the session a Disconnect/CoA names (by Acct-Session-Id when given, else by
// User-Name or Framed-IP-Address); every attribute given must agree. Caller holds r.mu.
func (r *Router) match(p *radius.Packet) *session {
	user, userErr := rfc2865.UserName_LookupString(p)
	acct, acctErr := rfc2866.AcctSessionID_LookupString(p)
	ip, ipErr := rfc2865.FramedIPAddress_Lookup(p)
	hasUser, hasAcct, hasIP := userErr == nil, acctErr == nil, ipErr == nil
	if !hasUser && !hasAcct && !hasIP {
		return nil
	}
	for _, s := range r.sessions {
		if hasAcct && !strings.EqualFold(s.acctID, acct) {
			continue
		}
		if hasUser && s.username != user {
			continue
		}
		if hasIP && !s.ip.Equal(ip) {
			continue
		}
		return s
	}
	return nil
}

func (r *Router) record(p Packet) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.received = append(r.received, p)
	if len(r.received) > 10000 {
		r.received = r.received[len(r.received)-5000:]
	}
}

// Received returns the Disconnect/CoA requests received so far.
func (r *Router) Received() []Packet {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Packet(nil), r.received...)
}
