package radius

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"

	"github.com/linedesk/linedesk/radius/ipv6"
	"github.com/linedesk/linedesk/radius/msgauth"
)

// acctReq is one checked Accounting-Request on its way to the writer.
type acctReq struct {
	status     rfc2866.AcctStatusType
	nasID      int
	key        string // session key: NAS id, user, Acct-Session-Id, Class
	sessionID  string
	username   string
	customerID int // 0 when the user is unknown
	bytesIn    int64
	bytesOut   int64
	sessTime   int64
	framedIP   string
	calling    string
	nasPort    string
	cause      string
	v6         ipv6.Reported // IPv6 attributes, read leniently (never a reason to drop)
	at         time.Time     // when the router says it happened (receive time − Acct-Delay-Time)

	received time.Time
	done     func(ok bool) // sends the reply when ok; called once, after the commit
}

// acctType labels a status type for metrics.
func acctType(s rfc2866.AcctStatusType) string {
	switch s {
	case rfc2866.AcctStatusType_Value_Start:
		return "accounting-start"
	case rfc2866.AcctStatusType_Value_Stop:
		return "accounting-stop"
	case rfc2866.AcctStatusType_Value_InterimUpdate:
		return "accounting-interim"
	case rfc2866.AcctStatusType_Value_AccountingOn:
		return "accounting-on"
	case rfc2866.AcctStatusType_Value_AccountingOff:
		return "accounting-off"
	}
	return "accounting-other"
}

// sessionKey combines NAS, user, Acct-Session-Id and the Class issued at login; it is
// hashed when it would not fit the column.
func sessionKey(nasID int, username, sessionID string, class []byte) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(nasID))
	b.WriteByte('|')
	b.WriteString(username)
	b.WriteByte('|')
	b.WriteString(sessionID)
	b.WriteByte('|')
	b.Write(class)
	k := b.String()
	if len(k) > 300 || !isPrintable(k) {
		sum := sha256.Sum256([]byte(k))
		return "h:" + hex.EncodeToString(sum[:])
	}
	return k
}

func isPrintable(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// cleanString makes an attribute safe to store: valid UTF-8 without NULs, at most n bytes.
func cleanString(b []byte, n int) string {
	s := strings.ToValidUTF8(strings.ReplaceAll(string(b), "\x00", ""), "?")
	if len(s) > n {
		s = s[:n]
		s = strings.ToValidUTF8(s, "")
	}
	return s
}

// handleAcct checks one packet read on the accounting port and hands it to the writer; the
// reply is sent by the writer after the commit. It returns a reply to send at once (a
// retransmit of an answered request) or nil.
func (s *Server) handleAcct(raw []byte, src netip.AddrPort, now time.Time, send func([]byte)) []byte {
	n, p, early, ok := s.received(raw, src, now, "accounting", radius.CodeAccountingResponse)
	if !ok {
		return early
	}
	req, reason := decodeAcct(raw, p, n, now)
	if reason != "" {
		s.drop(reason, n, src, "accounting")
		return nil
	}
	if isReset(req.status) {
		// The router rebooted: its sessions last updated before this stop counting at once.
		s.snap.nasReset(n.id, req.at)
	} else if req.key != "" {
		if sub := s.snap.subscriber(req.username); sub != nil {
			req.customerID = sub.id
		}
	}
	key := cacheKey{src: src, id: p.Identifier, auth: p.Authenticator}
	switch state, reply := s.cache.begin(key, now); state {
	case cacheReplied:
		s.m.requests.WithLabelValues(acctType(req.status), "retransmit").Inc()
		return reply
	case cacheInFlight:
		s.drop(dropInFlight, n, src, "accounting")
		return nil
	}
	req.done = s.acctReply(p, acctType(req.status), key, n, now, send)
	switch req.status {
	case rfc2866.AcctStatusType_Value_Start, rfc2866.AcctStatusType_Value_Stop, rfc2866.AcctStatusType_Value_InterimUpdate,
		rfc2866.AcctStatusType_Value_AccountingOn, rfc2866.AcctStatusType_Value_AccountingOff:
		if !s.acct.submit(req) {
			s.drop(dropShutdown, n, src, "accounting")
			s.cache.abort(key)
		}
	default:
		// Other status types (Failed, tunnel records...) are acknowledged, not stored.
		req.done(true)
	}
	return nil
}

// isReset reports whether status is Accounting-On or Accounting-Off.
func isReset(status rfc2866.AcctStatusType) bool {
	return status == rfc2866.AcctStatusType_Value_AccountingOn || status == rfc2866.AcctStatusType_Value_AccountingOff
}

// decodeAcct checks an Accounting-Request (code, Request Authenticator, a
// Message-Authenticator when present) and reads it; a drop reason when it fails.
func decodeAcct(raw []byte, p *radius.Packet, n *nasInfo, now time.Time) (*acctReq, string) {
	if p.Code != radius.CodeAccountingRequest {
		return nil, dropWrongCode
	}
	if !radius.IsAuthenticRequest(raw[:int(raw[2])<<8|int(raw[3])], n.secret) {
		return nil, dropBadAuth
	}
	if err := msgauth.VerifyRequest(raw, n.secret, false); err != nil {
		return nil, dropBadMA
	}
	status, err := rfc2866.AcctStatusType_Lookup(p)
	if err != nil {
		return nil, dropNoStatus
	}
	req := &acctReq{status: status, nasID: n.id, received: now, at: now}
	if d, err := rfc2866.AcctDelayTime_Lookup(p); err == nil && d > 0 && d < 86400 {
		req.at = now.Add(-time.Duration(d) * time.Second)
	}
	switch status {
	case rfc2866.AcctStatusType_Value_Start, rfc2866.AcctStatusType_Value_Stop, rfc2866.AcctStatusType_Value_InterimUpdate:
		if !decodeSessionRecord(p, n, req) {
			return nil, dropNoSessionID
		}
	}
	return req, ""
}

// decodeSessionRecord reads the session of a Start, Interim-Update or Stop into req; false
// when it names no session.
func decodeSessionRecord(p *radius.Packet, n *nasInfo, req *acctReq) bool {
	sid := p.Get(rfc2866.AcctSessionID_Type)
	if len(sid) == 0 {
		return false
	}
	rawUser := rfc2865.UserName_Get(p)
	req.username = strings.ToLower(strings.TrimSpace(cleanString(rawUser, 253)))
	req.sessionID = cleanString(sid, 253)
	req.key = sessionKey(n.id, req.username, string(sid), rfc2865.Class_Get(p))
	in := uint64(rfc2866.AcctInputOctets_Get(p)) | uint64(rfc2869.AcctInputGigawords_Get(p))<<32
	out := uint64(rfc2866.AcctOutputOctets_Get(p)) | uint64(rfc2869.AcctOutputGigawords_Get(p))<<32
	// Kept as reported (up to the int64 range); the writer bounds them (counters.go).
	req.bytesIn, req.bytesOut = int64(min(in, math.MaxInt64)), int64(min(out, math.MaxInt64))
	req.sessTime = int64(rfc2866.AcctSessionTime_Get(p))
	if ip, err := rfc2865.FramedIPAddress_Lookup(p); err == nil {
		req.framedIP = ip.String()
	}
	req.v6 = ipv6.Read(p)
	req.calling = cleanString(rfc2865.CallingStationID_Get(p), 64)
	req.nasPort = cleanString(rfc2869.NASPortID_Get(p), 64)
	if req.status == rfc2866.AcctStatusType_Value_Stop {
		if c, err := rfc2866.AcctTerminateCause_Lookup(p); err == nil {
			req.cause = c.String()
		} else {
			req.cause = "Unknown"
		}
		if len(req.cause) > 64 {
			req.cause = req.cause[:64]
		}
	}
	return true
}

// acctReply is the done function of a request: after the commit it sends the
// Accounting-Response (and remembers it for retransmits); on failure it sends nothing.
func (s *Server) acctReply(p *radius.Packet, typ string, key cacheKey, n *nasInfo, received time.Time, send func([]byte)) func(ok bool) {
	return func(ok bool) {
		if !ok {
			s.cache.abort(key)
			s.m.requests.WithLabelValues(typ, "error").Inc()
			return
		}
		resp := p.Response(radius.CodeAccountingResponse)
		echoProxyState(p, resp)
		out, err := resp.Encode()
		if err != nil {
			s.cache.abort(key)
			return
		}
		s.cache.finish(key, out)
		send(out)
		s.m.requests.WithLabelValues(typ, "ok").Inc()
		s.m.latency.WithLabelValues(typ).Observe(time.Since(received).Seconds())
		s.stats.add(n.id, time.Now(), false)
	}
}
