package radius

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2869"
	"layeh.com/radius/rfc3079"
	"layeh.com/radius/vendors/microsoft"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/plan"
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

// authResult is the outcome of the policy.
type authResult struct {
	reason   authevent.Reason
	detail   string
	method   string
	customer int // 0 when unknown
}

// handleAuth checks and answers one packet read on the authentication port. It returns the
// reply to send, or nil to send nothing.
func (s *Server) handleAuth(raw []byte, src netip.AddrPort, now time.Time) []byte {
	n := s.snap.nasByAddr(src.Addr())
	if n == nil {
		s.drop(dropUnknownClient, nil, src, "access")
		return nil
	}
	n.seen.Store(now.UnixNano())
	p, err := radius.Parse(raw, n.secret)
	if err != nil {
		s.drop(dropMalformed, n, src, "access")
		return nil
	}
	if p.Code == radius.CodeStatusServer {
		return s.statusServer(raw, p, n, src, radius.CodeAccessAccept, "access")
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
	reply, res := s.authenticate(p, n, now)
	echoProxyState(p, reply)
	out, err := msgauth.Sign(reply)
	if err != nil {
		s.cache.abort(key)
		s.log.Error("radius: encoding reply", "nas", n.name, "err", err)
		s.m.requests.WithLabelValues("access", "error").Inc()
		return nil
	}
	s.cache.finish(key, out)
	accept := reply.Code == radius.CodeAccessAccept
	if accept {
		s.m.accessAccept.Inc()
	} else {
		s.m.accessReject.Inc()
		s.m.rejects.WithLabelValues(string(res.reason)).Inc()
	}
	s.m.accessLatency.Observe(time.Since(now).Seconds())
	s.stats.add(n.id, now, !accept)
	ev := authEventRow{
		username: rfc2865.UserName_GetString(p), nasID: n.id, method: res.method,
		calling: rfc2865.CallingStationID_GetString(p), reason: res.reason, detail: res.detail, at: now,
		customerID: res.customer,
	}
	if accept {
		ev.result = authevent.ResultACCEPT
	} else {
		ev.result = authevent.ResultREJECT
	}
	s.authLog.add(ev)
	return out
}

// authenticate runs the policy, in the order of the issue: unknown user, wrong password,
// suspended or disabled, expired, data cap, too many sessions, MAC lock.
func (s *Server) authenticate(p *radius.Packet, n *nasInfo, now time.Time) (*radius.Packet, authResult) {
	rawName := rfc2865.UserName_Get(p)
	username := strings.ToLower(strings.TrimSpace(string(rawName)))
	reject := func(res authResult) (*radius.Packet, authResult) {
		r := p.Response(radius.CodeAccessReject)
		if res.method == "mschapv1" || res.method == "mschapv2" {
			// E=691: authentication failure; R=0: no retry. The router shows it to the user.
			ident := byte(0)
			if v := microsoft.MSCHAP2Response_Get(p); len(v) > 0 {
				ident = v[0]
			} else if v := microsoft.MSCHAPResponse_Get(p); len(v) > 0 {
				ident = v[0]
			}
			_ = microsoft.MSCHAPError_Add(r, append([]byte{ident}, "E=691 R=0 V=3"...))
		}
		_ = rfc2865.ReplyMessage_SetString(r, replyMessage(res.reason))
		return r, res
	}
	sub := s.snap.subscriber(username)
	method := credentialMethod(p)
	res := authResult{method: method}
	if sub == nil || username == "" {
		res.reason = authevent.ReasonUNKNOWN_USER
		return reject(res)
	}
	res.customer = sub.id
	accept := p.Response(radius.CodeAccessAccept)
	if sub.passwordErr {
		res.reason, res.detail = authevent.ReasonWRONG_PASSWORD, "stored password cannot be decrypted with this key"
		return reject(res)
	}
	ok, detail := checkCredentials(p, accept, rawName, sub.password, method)
	if !ok {
		res.reason, res.detail = authevent.ReasonWRONG_PASSWORD, detail
		return reject(res)
	}
	switch sub.status {
	case customer.StatusSUSPENDED:
		res.reason = authevent.ReasonSUSPENDED
		return reject(res)
	case customer.StatusDISABLED:
		res.reason = authevent.ReasonDISABLED
		return reject(res)
	}
	prof := s.snap.profile(sub.profileID)
	if prof == nil {
		res.reason, res.detail = authevent.ReasonDISABLED, "profile not found"
		return reject(res)
	}
	tune := s.snap.tunables()
	rateLimit := prof.rateLimit
	pool := ""
	if prof.p.Pool != nil {
		pool = *prof.p.Pool
	}
	timeout := plan.SessionTimeout(now, sub.expiresAt, tune.timeoutCap)
	expired := !now.Before(sub.expiresAt)
	if expired {
		if prof.p.ExpiredPool == nil || *prof.p.ExpiredPool == "" {
			res.reason = authevent.ReasonEXPIRED
			return reject(res)
		}
		pool = *prof.p.ExpiredPool
		timeout = plan.SessionTimeout(now, now.Add(tune.timeoutCap), tune.timeoutCap)
		res.detail = "expired: accepted into pool " + pool
	}
	if !expired && prof.p.DataLimitBytes != nil && sub.usedIn.Load()+sub.usedOut.Load() >= *prof.p.DataLimitBytes {
		var after *planInfo
		if prof.p.AfterCapProfileID != nil {
			after = s.snap.profile(*prof.p.AfterCapProfileID)
		}
		if after == nil {
			res.reason = authevent.ReasonDATA_CAP
			return reject(res)
		}
		rateLimit = after.rateLimit
		if after.p.Pool != nil && *after.p.Pool != "" {
			pool = *after.p.Pool
		}
		res.detail = "data cap reached: after-cap profile " + after.p.Name
	}
	who := login{nasID: n.id, mac: normMAC(rfc2865.CallingStationID_GetString(p))}
	if s.snap.openCount(sub.id, now, who) >= sub.maxSessions {
		// The in-memory count says the limit is reached: confirm against the database
		// (only on this path), which also repairs the in-memory list.
		if s.confirmOpenSessions(sub.id, now, who) >= sub.maxSessions {
			res.reason = authevent.ReasonTOO_MANY_SESSIONS
			return reject(res)
		}
	}
	if sub.macLock != "" && normMAC(rfc2865.CallingStationID_GetString(p)) != sub.macLock {
		res.reason = authevent.ReasonMAC_MISMATCH
		return reject(res)
	}
	res.reason = authevent.ReasonOK
	_ = mikrotik.MikrotikRateLimit_SetString(accept, rateLimit)
	_ = rfc2865.SessionTimeout_Set(accept, rfc2865.SessionTimeout(timeout))
	_ = rfc2869.AcctInterimInterval_Set(accept, rfc2869.AcctInterimInterval(tune.interim/time.Second))
	if sub.staticIP != nil && !expired {
		_ = rfc2865.FramedIPAddress_Set(accept, sub.staticIP)
	} else if pool != "" {
		_ = rfc2869.FramedPool_SetString(accept, pool)
	}
	_ = rfc2865.Class_Set(accept, newLoginID())
	return accept, res
}

func replyMessage(r authevent.Reason) string {
	switch r {
	case authevent.ReasonUNKNOWN_USER, authevent.ReasonWRONG_PASSWORD:
		return "Wrong user name or password"
	case authevent.ReasonSUSPENDED:
		return "Account suspended"
	case authevent.ReasonDISABLED:
		return "Account disabled"
	case authevent.ReasonEXPIRED:
		return "Subscription expired"
	case authevent.ReasonDATA_CAP:
		return "Data limit reached"
	case authevent.ReasonTOO_MANY_SESSIONS:
		return "Already connected"
	case authevent.ReasonMAC_MISMATCH:
		return "Device not allowed"
	}
	return ""
}

// newLoginID is the Class of an Access-Accept: it ties accounting to this login.
func newLoginID() []byte {
	var b [8]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 3+16)
	copy(out, "ld:")
	hex.Encode(out[3:], b[:])
	return out
}

// minCHAPChallenge is the shortest CHAP-Challenge RFC 2865 §5.40 allows (an attribute Length
// of at least 7). A shorter one is refused: a challenge of one octet (or none) lets a
// captured CHAP-Password be replayed against its few possible values.
const minCHAPChallenge = 5

// echoProxyState copies every Proxy-State of req, in order, to the end of reply (RFC 2865
// §5.33), before the reply is signed: proxies in front of linedesk match replies by it.
func echoProxyState(req, reply *radius.Packet) {
	for _, a := range req.Attributes {
		if a.Type == rfc2865.ProxyState_Type {
			reply.Attributes = append(reply.Attributes, &radius.AVP{Type: a.Type, Attribute: a.Attribute})
		}
	}
}

// credentialMethod names the method the request uses.
func credentialMethod(p *radius.Packet) string {
	switch {
	case p.Get(rfc2865.UserPassword_Type) != nil:
		return "pap"
	case p.Get(rfc2865.CHAPPassword_Type) != nil:
		return "chap"
	case len(microsoft.MSCHAP2Response_Get(p)) > 0:
		return "mschapv2"
	case len(microsoft.MSCHAPResponse_Get(p)) > 0:
		return "mschapv1"
	}
	return ""
}

// checkCredentials verifies the password proof; for MS-CHAP it adds the attributes an
// Access-Accept must carry (MS-CHAP2-Success, MPPE keys) to accept.
func checkCredentials(p, accept *radius.Packet, rawName []byte, password, method string) (bool, string) {
	switch method {
	case "pap":
		got, err := radius.UserPassword(p.Get(rfc2865.UserPassword_Type), p.Secret, p.Authenticator[:])
		if err != nil {
			return false, "malformed User-Password"
		}
		return subtle.ConstantTimeCompare(got, []byte(password)) == 1, ""
	case "chap":
		c := p.Get(rfc2865.CHAPPassword_Type)
		if len(c) != 17 {
			return false, "malformed CHAP-Password"
		}
		challenge, ok := p.Lookup(rfc2865.CHAPChallenge_Type)
		switch {
		case !ok:
			challenge = p.Authenticator[:]
		case len(challenge) < minCHAPChallenge:
			return false, "malformed CHAP-Challenge: " + strconv.Itoa(len(challenge)) + " octets, at least " + strconv.Itoa(minCHAPChallenge) + " required"
		}
		h := md5.New()
		h.Write(c[:1])
		h.Write([]byte(password))
		h.Write(challenge)
		return subtle.ConstantTimeCompare(h.Sum(nil), c[1:]) == 1, ""
	case "mschapv1":
		challenge := microsoft.MSCHAPChallenge_Get(p)
		resp := microsoft.MSCHAPResponse_Get(p)
		if len(challenge) != 8 || len(resp) != 50 {
			return false, "malformed MS-CHAP attributes"
		}
		if resp[1]&1 == 0 {
			return false, "MS-CHAP LM response not supported"
		}
		u, err := rfc2759.ToUTF16([]byte(password))
		if err != nil {
			return false, "password not encodable"
		}
		hash := rfc2759.NTPasswordHash(u)
		if subtle.ConstantTimeCompare(rfc2759.ChallengeResponse(challenge, hash), resp[26:50]) != 1 {
			return false, ""
		}
		// MS-CHAP-MPPE-Keys (RFC 2548 2.4.1): 8-byte LM key (unused: zero) and the 16-byte
		// NT key MD4(NTPasswordHash); layeh pads and hides it like User-Password.
		keys := make([]byte, 24)
		copy(keys[8:24], rfc2759.NTPasswordHash(hash))
		_ = microsoft.MSCHAPMPPEKeys_Add(accept, keys)
		_ = microsoft.MSMPPEEncryptionPolicy_Add(accept, microsoft.MSMPPEEncryptionPolicy_Value_EncryptionAllowed)
		_ = microsoft.MSMPPEEncryptionTypes_Add(accept, microsoft.MSMPPEEncryptionTypes_Value_RC440or128BitAllowed)
		return true, ""
	case "mschapv2":
		challenge := microsoft.MSCHAPChallenge_Get(p)
		resp := microsoft.MSCHAP2Response_Get(p)
		if len(challenge) != 16 || len(resp) != 50 {
			return false, "malformed MS-CHAPv2 attributes"
		}
		peer, nt := resp[2:18], resp[26:50]
		// RFC 2759 hashes the user name without a Windows domain prefix (DOMAIN, backslash, user).
		if i := bytes.LastIndexByte(rawName, '\\'); i >= 0 {
			rawName = rawName[i+1:]
		}
		want, err := rfc2759.GenerateNTResponse(challenge, peer, rawName, []byte(password))
		if err != nil {
			return false, "password not encodable"
		}
		if subtle.ConstantTimeCompare(want, nt) != 1 {
			return false, ""
		}
		auth, err := rfc2759.GenerateAuthenticatorResponse(challenge, peer, nt, rawName, []byte(password))
		if err != nil {
			return false, "password not encodable"
		}
		_ = microsoft.MSCHAP2Success_Add(accept, append([]byte{resp[0]}, auth...))
		recv, err1 := rfc3079.MakeKey(nt, []byte(password), false)
		send, err2 := rfc3079.MakeKey(nt, []byte(password), true)
		if err1 == nil && err2 == nil {
			_ = microsoft.MSMPPERecvKey_Add(accept, recv)
			_ = microsoft.MSMPPESendKey_Add(accept, send)
		}
		_ = microsoft.MSMPPEEncryptionPolicy_Add(accept, microsoft.MSMPPEEncryptionPolicy_Value_EncryptionAllowed)
		_ = microsoft.MSMPPEEncryptionTypes_Add(accept, microsoft.MSMPPEEncryptionTypes_Value_RC440or128BitAllowed)
		return true, ""
	}
	return false, "no supported credentials (PAP, CHAP, MS-CHAP)"
}

// confirmOpenSessions reads the customer's open sessions from the database, replaces the
// in-memory list with them, and returns how many count against the limit. On a database
// error it trusts memory.
func (s *Server) confirmOpenSessions(customerID int, now time.Time, who login) int {
	ctx, cancel := context.WithTimeout(s.ctx, time.Second)
	defer cancel()
	rows, err := s.st.Client.Session.Query().
		Where(session.CustomerID(customerID), session.Open(true)).
		Select(session.FieldID, session.FieldAcctKey, session.FieldNasID, session.FieldUpdatedAt, session.FieldCallingStationID).All(ctx)
	if err != nil {
		s.log.Warn("radius: confirming open sessions", "customer", customerID, "err", err)
		return s.snap.openCount(customerID, now, who)
	}
	m := make(map[string]*openSession, len(rows))
	list := make([]*openSession, 0, len(rows))
	for _, r := range rows {
		o := &openSession{id: r.ID, nasID: r.NasID, updated: r.UpdatedAt, mac: normMACPtr(r.CallingStationID)}
		m[r.AcctKey] = o
		list = append(list, o)
	}
	s.snap.replaceSessions(customerID, m)
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
