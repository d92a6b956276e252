package radius

import (
	"net/netip"
	"strconv"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2869"
	"layeh.com/radius/vendors/microsoft"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/radius/ipv6"
)

// The authentication policy is a list of steps run in DESIGN.md's order: lookup, password,
// status, expiry, cap, sessions, MAC; then the reply. Each step reads the attempt and what the
// steps before it decided, adds its own decision, and either lets the attempt go on (it
// returns "") or refuses it with the reason recorded in the AuthEvent.

// policyStep is one step of the policy; the constants are in the order the steps run.
type policyStep int

const (
	stepLookup policyStep = iota
	stepPassword
	stepStatus
	stepExpiry
	stepCap
	stepSessions
	stepMAC
	policySteps // how many steps there are
)

var stepNames = [policySteps]string{"lookup", "password", "status", "expiry", "cap", "sessions", "mac"}

func (s policyStep) String() string { return stepNames[s] }

// check runs one step. (A switch rather than a table of functions: called statically, the
// steps let the attempt stay on the stack of the packet handler.)
func (pol *policy) check(step policyStep, a *attempt) authevent.Reason {
	switch step {
	case stepLookup:
		return pol.lookup(a)
	case stepPassword:
		return pol.password(a)
	case stepStatus:
		return pol.status(a)
	case stepExpiry:
		return pol.expiry(a)
	case stepCap:
		return pol.dataCap(a)
	case stepSessions:
		return pol.sessions(a)
	case stepMAC:
		return pol.macLock(a)
	}
	panic("radius: no policy step " + strconv.Itoa(int(step)))
}

// policy is what the steps read besides the request: the snapshot and, for the session
// limit, a recount of the customer's open sessions in the database.
type policy struct {
	snap *snapshot
	// recount is asked only when the in-memory count says the limit is reached; it returns
	// how many of the customer's open sessions count against it.
	recount func(customerID int, now time.Time, who login) int
}

// attempt is one Access-Request going through the policy, and what the steps decided.
type attempt struct {
	p      *radius.Packet
	method string // credentialMethod
	who    login  // the NAS and the normalised Calling-Station-Id
	now    time.Time

	sub     *subscriber    // lookup: the customer (nil when unknown)
	accept  *radius.Packet // password: the Access-Accept, with what the proof adds (MS-CHAP)
	prof    *planInfo      // status: the customer's profile
	tune    tunables       // expiry: the settings the reply uses
	grant   grant          // status, expiry, cap: what an accepted login gets
	v6      ipv6.Grant     // the login's IPv6 (ipv6grant.go), set once every step let it through
	v6pools v6Pools        // the IPv6 pools its prefixes come from (poolprefix.go)
	detail  string         // why, for the AuthEvent's detail
}

// grant is what an accepted login gets.
type grant struct {
	rateLimit string
	pool      string     // Framed-Pool, "" for none
	timeout   uint32     // Session-Timeout, seconds
	expired   bool       // accepted into the profile's expired pool
	framedIP  netip.Addr // given from the plan's address pool (pooladdr.go)
}

// newAttempt reads an Access-Request from nasID into a new attempt.
func newAttempt(p *radius.Packet, nasID int, now time.Time) *attempt {
	a := &attempt{}
	a.init(p, nasID, now)
	return a
}

// init reads an Access-Request from nasID into a.
func (a *attempt) init(p *radius.Packet, nasID int, now time.Time) {
	*a = attempt{
		p: p, method: credentialMethod(p), now: now,
		who: login{nasID: nasID, mac: normMAC(rfc2865.CallingStationID_GetString(p))},
	}
}

// decide runs the steps in order: the first refusal, or ReasonOK.
func (pol *policy) decide(a *attempt) authevent.Reason {
	for step := range policySteps {
		if r := pol.check(step, a); r != "" {
			return r
		}
	}
	a.v6 = pol.snap.ipv6Grant(a)
	return authevent.ReasonOK
}

// lookup finds the customer by user name (trimmed, in lower case).
func (pol *policy) lookup(a *attempt) authevent.Reason {
	if username := strings.ToLower(strings.TrimSpace(string(rfc2865.UserName_Get(a.p)))); username != "" {
		a.sub = pol.snap.subscriber(username)
	}
	if a.sub == nil {
		return authevent.ReasonUNKNOWN_USER
	}
	return ""
}

// password checks the proof of the password (PAP, CHAP, MS-CHAPv1, MS-CHAPv2); for MS-CHAP
// it adds what the Access-Accept must carry.
func (pol *policy) password(a *attempt) authevent.Reason {
	if a.sub.passwordErr {
		a.detail = "stored password cannot be decrypted with this key"
		return authevent.ReasonWRONG_PASSWORD
	}
	if a.accept == nil {
		a.accept = a.p.Response(radius.CodeAccessAccept)
	}
	if ok, detail := checkCredentials(a.p, a.accept, rfc2865.UserName_Get(a.p), a.sub.password, a.method); !ok {
		a.detail = detail
		return authevent.ReasonWRONG_PASSWORD
	}
	return ""
}

// status refuses an archived, suspended or disabled customer, or one whose profile is gone,
// and starts the grant from the profile.
func (pol *policy) status(a *attempt) authevent.Reason {
	if a.sub.archived {
		return authevent.ReasonARCHIVED
	}
	switch a.sub.status {
	case customer.StatusSUSPENDED:
		return authevent.ReasonSUSPENDED
	case customer.StatusDISABLED:
		return authevent.ReasonDISABLED
	}
	a.prof = pol.snap.profile(a.sub.profileID)
	if a.prof == nil {
		a.detail = "profile not found"
		return authevent.ReasonDISABLED
	}
	a.grant.rateLimit = pol.snap.rateNow(a.prof, a.now)
	if a.prof.p.Pool != nil {
		a.grant.pool = *a.prof.p.Pool
	}
	return ""
}

// expiry sets the Session-Timeout (to expiry, capped by the setting) and refuses an expired
// customer, unless the profile has an expired pool: then the login is accepted into it for
// the capped timeout.
func (pol *policy) expiry(a *attempt) authevent.Reason {
	a.tune = pol.snap.tunables()
	capTimeout := a.tune.timeoutCap
	a.grant.timeout = plan.SessionTimeout(a.now, a.sub.expiresAt, capTimeout)
	if a.now.Before(a.sub.expiresAt) {
		return ""
	}
	expiredPool := a.prof.p.ExpiredPool
	if expiredPool == nil || *expiredPool == "" {
		return authevent.ReasonEXPIRED
	}
	a.grant.expired = true
	a.grant.pool = *expiredPool
	a.grant.timeout = plan.SessionTimeout(a.now, a.now.Add(capTimeout), capTimeout)
	a.detail = "expired: accepted into pool " + a.grant.pool
	return ""
}

// dataCap applies the profile's data cap to the period usage (not to a login accepted into
// the expired pool): refused, or accepted at the after-cap profile's rate (and pool).
func (pol *policy) dataCap(a *attempt) authevent.Reason {
	limit := a.prof.p.DataLimitBytes
	if a.grant.expired || limit == nil || a.sub.usedIn.Load()+a.sub.usedOut.Load() < *limit+a.sub.extraBytes {
		return ""
	}
	var after *planInfo
	if id := a.prof.p.AfterCapProfileID; id != nil {
		after = pol.snap.profile(*id)
	}
	if after == nil {
		return authevent.ReasonDATA_CAP
	}
	a.grant.rateLimit = after.rateLimit
	if after.p.Pool != nil && *after.p.Pool != "" {
		a.grant.pool = *after.p.Pool
	}
	a.detail = "data cap reached: after-cap profile " + after.p.Name
	return ""
}

// sessions refuses a login beyond the customer's open-session limit. The in-memory count
// decides; only when it says the limit is reached is it confirmed against the database
// (which also repairs the in-memory list).
func (pol *policy) sessions(a *attempt) authevent.Reason {
	limit := a.sub.maxSessions
	if pol.snap.openCount(a.sub.id, a.now, a.who) < limit {
		return ""
	}
	if pol.recount != nil && pol.recount(a.sub.id, a.now, a.who) < limit {
		return ""
	}
	return authevent.ReasonTOO_MANY_SESSIONS
}

// macLock refuses a device other than the one the customer is locked to.
func (pol *policy) macLock(a *attempt) authevent.Reason {
	if a.sub.macLock != "" && a.who.mac != a.sub.macLock {
		return authevent.ReasonMAC_MISMATCH
	}
	return ""
}

// acceptReply is the Access-Accept of an attempt every step let through.
func (a *attempt) acceptReply() *radius.Packet {
	r := a.accept
	if r == nil {
		r = a.p.Response(radius.CodeAccessAccept)
	}
	_ = mikrotik.MikrotikRateLimit_SetString(r, a.grant.rateLimit)
	_ = rfc2865.SessionTimeout_Set(r, rfc2865.SessionTimeout(a.grant.timeout))
	_ = rfc2869.AcctInterimInterval_Set(r, rfc2869.AcctInterimInterval(a.tune.interim/time.Second))
	a.setAddress(r)
	a.addIPv6(r)
	_ = rfc2865.Class_Set(r, newLoginID())
	return r
}

// rejectReply is the Access-Reject of an attempt refused for reason.
func (a *attempt) rejectReply(reason authevent.Reason) *radius.Packet {
	r := a.p.Response(radius.CodeAccessReject)
	if a.method == "mschapv1" || a.method == "mschapv2" {
		// E=691: authentication failure; R=0: no retry. The router shows it to the user.
		ident := byte(0)
		if v := microsoft.MSCHAP2Response_Get(a.p); len(v) > 0 {
			ident = v[0]
		} else if v := microsoft.MSCHAPResponse_Get(a.p); len(v) > 0 {
			ident = v[0]
		}
		_ = microsoft.MSCHAPError_Add(r, append([]byte{ident}, "E=691 R=0 V=3"...))
	}
	_ = rfc2865.ReplyMessage_SetString(r, replyMessage(reason))
	return r
}

func replyMessage(r authevent.Reason) string {
	switch r {
	case authevent.ReasonUNKNOWN_USER, authevent.ReasonWRONG_PASSWORD:
		return "Wrong user name or password"
	case authevent.ReasonSUSPENDED:
		return "Account suspended"
	case authevent.ReasonDISABLED, authevent.ReasonARCHIVED:
		return "Account disabled"
	case authevent.ReasonEXPIRED:
		return "Subscription expired"
	case authevent.ReasonDATA_CAP:
		return "Data limit reached"
	case authevent.ReasonTOO_MANY_SESSIONS:
		return "Already connected"
	case authevent.ReasonMAC_MISMATCH:
		return "Device not allowed"
	case authevent.ReasonPOOL_EXHAUSTED:
		return "No address available"
	}
	return ""
}
