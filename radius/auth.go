package radius

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"net/netip"
	"sync/atomic"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/radius/msgauth"
)

// Drop reasons (label values of linedesk_radius_dropped_total).
const (
	dropUnknownClient = "unknown_client"
	dropMalformed     = "malformed"
	dropWrongCode     = "unexpected_code"
	dropMissingMA     = "missing_message_authenticator"
	dropBadMA         = "bad_message_authenticator"
	dropBadAuth       = "bad_request_authenticator"
	dropInFlight      = "duplicate_in_flight"
	dropNoSessionID   = "missing_acct_session_id"
	dropNoStatus      = "missing_acct_status_type"
	dropDBUnavailable = "database_unavailable"
	dropShutdown      = "shutting_down"
)

// received finds the NAS a packet came from (noting that it was seen) and parses the packet
// with its secret, for the port named kind; a Status-Server is answered with statusCode. ok
// is false when the packet goes no further: reply is then what to send (nil: nothing).
func (s *Server) received(raw []byte, src netip.AddrPort, now time.Time, kind string, statusCode radius.Code) (n *nasInfo, p *radius.Packet, reply []byte, ok bool) {
	n = s.snap.nasByAddr(src.Addr())
	if n == nil {
		s.drop(dropUnknownClient, nil, src, kind)
		return nil, nil, nil, false
	}
	n.seen.Store(now.UnixNano())
	p, err := radius.Parse(raw, n.secret)
	if err != nil {
		s.drop(dropMalformed, n, src, kind)
		return nil, nil, nil, false
	}
	if p.Code == radius.CodeStatusServer {
		return nil, nil, s.statusServer(raw, p, n, src, statusCode, kind), false
	}
	return n, p, nil, true
}

// handleAuth checks and answers one packet read on the authentication port. It returns the
// reply to send, or nil to send nothing.
func (s *Server) handleAuth(raw []byte, src netip.AddrPort, now time.Time) []byte {
	n, p, early, ok := s.received(raw, src, now, "access", radius.CodeAccessAccept)
	if !ok {
		return early
	}
	if p.Code != radius.CodeAccessRequest {
		s.drop(dropWrongCode, n, src, "access")
		return nil
	}
	if err := msgauth.VerifyRequest(raw, n.secret, n.requireMA); err != nil {
		switch err {
		case msgauth.ErrMissing:
			s.drop(dropMissingMA, n, src, "access")
		case msgauth.ErrMalformed:
			s.drop(dropMalformed, n, src, "access")
		default:
			s.drop(dropBadMA, n, src, "access")
		}
		return nil
	}
	key := cacheKey{src: src, id: p.Identifier, auth: p.Authenticator}
	switch state, reply := s.cache.begin(key, now); state {
	case cacheReplied:
		s.m.accessRetransmit.Inc()
		return reply
	case cacheInFlight:
		s.drop(dropInFlight, n, src, "access")
		return nil
	}
	var a attempt
	a.init(p, n.id, now)
	reason := s.policy.decide(&a)
	if reason == authevent.ReasonOK && (a.needsPoolAddress() || a.needsPoolPrefixes()) {
		var answered bool
		if reason, answered = s.assignAddresses(&a); !answered {
			s.cache.abort(key)
			s.drop(dropDBUnavailable, n, src, "access")
			return nil
		}
	}
	var reply *radius.Packet
	if reason == authevent.ReasonOK {
		reply = a.acceptReply()
	} else {
		reply = a.rejectReply(reason)
	}
	echoProxyState(p, reply)
	out, err := msgauth.Sign(reply)
	if err != nil {
		s.cache.abort(key)
		s.log.Error("radius: encoding reply", "nas", n.name, "err", err)
		s.m.requests.WithLabelValues("access", "error").Inc()
		return nil
	}
	s.cache.finish(key, out)
	s.recordAuth(&a, reason, now)
	return out
}

// recordAuth counts an answered attempt and queues its AuthEvent.
func (s *Server) recordAuth(a *attempt, reason authevent.Reason, now time.Time) {
	accept := reason == authevent.ReasonOK
	if accept {
		s.m.accessAccept.Inc()
	} else {
		s.m.accessReject.Inc()
		s.m.rejects.WithLabelValues(string(reason)).Inc()
	}
	s.m.accessLatency.Observe(time.Since(now).Seconds())
	s.stats.add(a.who.nasID, now, !accept)
	if accept {
		s.tally.add(now, a.who.nasID, netip.Addr{}, radiustally.KindACCEPT, string(reason))
	} else {
		s.tally.add(now, a.who.nasID, netip.Addr{}, radiustally.KindREJECT, string(reason))
	}
	ev := radiusdb.AuthEvent{
		Username: rfc2865.UserName_GetString(a.p), NasID: a.who.nasID, Method: a.method,
		Calling: rfc2865.CallingStationID_GetString(a.p), Result: authevent.ResultREJECT, Reason: reason, Detail: a.detail, At: now,
	}
	if a.sub != nil {
		ev.CustomerID = a.sub.id
	}
	if accept {
		ev.Result = authevent.ResultACCEPT
	}
	s.authLog.add(ev)
}

// newLoginID is the Class of an Access-Accept: it ties accounting to this login. It is
// unique, not secret (accounting is authenticated by the NAS secret): three random bytes
// drawn when the process starts, then a 40-bit counter from a random start, so an accept
// costs no call to the system's random source and instances and restarts do not collide.
func newLoginID() []byte {
	var b [8]byte
	copy(b[:3], loginIDPrefix[:])
	n := loginIDCounter.Add(1)
	for i := 7; i >= 3; i-- {
		b[i] = byte(n)
		n >>= 8
	}
	out := make([]byte, 3+16)
	copy(out, "ld:")
	hex.Encode(out[3:], b[:])
	return out
}

var (
	loginIDPrefix  [3]byte
	loginIDCounter atomic.Uint64
)

func init() {
	var seed [8]byte
	_, _ = rand.Read(loginIDPrefix[:])
	_, _ = rand.Read(seed[:])
	loginIDCounter.Store(binary.BigEndian.Uint64(seed[:]) >> 24) // a random start in the 40 bits
}

// echoProxyState copies every Proxy-State of req, in order, to the end of reply (RFC 2865
// §5.33), before the reply is signed: proxies in front of linedesk match replies by it.
func echoProxyState(req, reply *radius.Packet) {
	for _, a := range req.Attributes {
		if a.Type == rfc2865.ProxyState_Type {
			reply.Attributes = append(reply.Attributes, &radius.AVP{Type: a.Type, Attribute: a.Attribute})
		}
	}
}

// confirmOpenSessions reads the customer's open sessions from the database, replaces the
// in-memory list with them, and returns how many count against the limit. On a database
// error it trusts memory.
func (s *Server) confirmOpenSessions(customerID int, now time.Time, who login) int {
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	defer cancel()
	rows, err := s.db.OpenSessions(ctx, customerID)
	if err != nil {
		s.log.Warn("radius: confirming open sessions", "customer", customerID, "err", err)
		return s.snap.openCount(customerID, now, who)
	}
	list := make([]*openSession, 0, len(rows))
	for _, r := range rows {
		list = append(list, &openSession{id: r.ID, key: r.Key, nasID: r.NasID, updated: r.Updated, mac: normMAC(r.Calling)})
	}
	s.snap.replaceSessions(customerID, list)
	return s.snap.countRows(list, now, who)
}

// statusServer answers an RFC 5997 Status-Server (which must carry a Message-Authenticator)
// so that monitoring can tell the server is alive; nothing is recorded.
func (s *Server) statusServer(raw []byte, p *radius.Packet, n *nasInfo, src netip.AddrPort, code radius.Code, kind string) []byte {
	if err := msgauth.VerifyRequest(raw, n.secret, true); err != nil {
		if err == msgauth.ErrMissing {
			s.drop(dropMissingMA, n, src, kind)
		} else {
			s.drop(dropBadMA, n, src, kind)
		}
		return nil
	}
	reply := p.Response(code)
	echoProxyState(p, reply)
	out, err := msgauth.Sign(reply)
	if err != nil {
		return nil
	}
	s.m.requests.WithLabelValues("status-server", "ok").Inc()
	return out
}
