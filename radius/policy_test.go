package radius

import (
	"net"
	"strings"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2869"
	"layeh.com/radius/vendors/microsoft"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/radius/client"
)

// The policy's steps run in DESIGN.md's order.
func TestPolicyOrder(t *testing.T) {
	var got []string
	for s := range policySteps {
		got = append(got, s.String())
	}
	if want := "lookup password status expiry cap sessions mac"; strings.Join(got, " ") != want {
		t.Fatalf("steps %v, want %s", got, want)
	}
}

// policyFixture is a snapshot with profiles 1 (pool "pool-home"), 2 (capped at 1000 bytes,
// after-cap profile 3), 3 (the after-cap profile, pool "pool-slow"), 4 (capped, no after-cap
// profile), 5 (with an expired pool) and 6 (after-cap profile 7, which does not exist),
// tunables of a 300 s interim interval, a one-day Session-Timeout cap and a 900 s stale window.
func policyFixture() (*policy, time.Time) {
	snap := newSnapshot()
	str := func(s string) *string { return &s }
	i64 := func(v int64) *int64 { return &v }
	id := func(v int) *int { return &v }
	for _, p := range []*ent.Profile{
		{ID: 1, Name: "Home", UploadKbps: 5000, DownloadKbps: 20000, Pool: str("pool-home")},
		{ID: 2, Name: "Capped", UploadKbps: 2000, DownloadKbps: 4000, Pool: str("pool-capped"), DataLimitBytes: i64(1000), AfterCapProfileID: id(3)},
		{ID: 3, Name: "Slow", UploadKbps: 512, DownloadKbps: 1000, Pool: str("pool-slow")},
		{ID: 4, Name: "Hard cap", UploadKbps: 2000, DownloadKbps: 4000, DataLimitBytes: i64(1000)},
		{ID: 5, Name: "Grace", UploadKbps: 1000, DownloadKbps: 1000, ExpiredPool: str("pool-expired")},
		{ID: 6, Name: "Dangling", UploadKbps: 1000, DownloadKbps: 1000, DataLimitBytes: i64(1000), AfterCapProfileID: id(7)},
		{ID: 8, Name: "Slow, no pool", UploadKbps: 256, DownloadKbps: 512},
		{ID: 9, Name: "Capped to no pool", UploadKbps: 1000, DownloadKbps: 1000, Pool: str("pool-nine"), DataLimitBytes: i64(1000), AfterCapProfileID: id(8)},
	} {
		snap.profiles[p.ID] = &planInfo{p: p, rateLimit: plan.RateLimit(p)}
	}
	snap.tune = tunables{interim: 300 * time.Second, timeoutCap: 24 * time.Hour, stale: 900 * time.Second}
	return &policy{snap: snap}, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
}

// sub is an active customer of profile 1 with password "pw", expiring a day after now.
func sub(now time.Time, mut ...func(*subscriber)) *subscriber {
	s := &subscriber{id: 7, username: "alice", password: "pw", status: customer.StatusACTIVE, profileID: 1,
		expiresAt: now.Add(24 * time.Hour), maxSessions: 1}
	for _, m := range mut {
		m(s)
	}
	return s
}

// request is an Access-Request of alice from NAS 1 with the given proof.
func request(t *testing.T, m client.Method, user, pass string, attrs ...*radius.AVP) *radius.Packet {
	t.Helper()
	p, _, err := client.NewAccessRequest([]byte(testSecret), m, user, pass, attrs...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicyLookup(t *testing.T) {
	pol, now := policyFixture()
	alice := sub(now)
	pol.snap.byName["alice"] = alice
	pol.snap.byName[""] = sub(now) // an empty user name never matches, whatever is stored
	tests := []struct {
		name, user string
		want       authevent.Reason
	}{
		{"known", "alice", ""},
		{"case and spaces do not matter", "  Alice ", ""},
		{"unknown", "bob", authevent.ReasonUNKNOWN_USER},
		{"empty", "", authevent.ReasonUNKNOWN_USER},
		{"blank", "   ", authevent.ReasonUNKNOWN_USER},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAttempt(request(t, client.PAP, tt.user, "pw"), 1, now)
			if got := pol.lookup(a); got != tt.want {
				t.Fatalf("lookup(%q) = %q, want %q", tt.user, got, tt.want)
			}
			if (a.sub == alice) != (tt.want == "") {
				t.Fatalf("lookup(%q) found %v", tt.user, a.sub)
			}
		})
	}
}

func TestPolicyPassword(t *testing.T) {
	pol, now := policyFixture()
	tests := []struct {
		name       string
		method     client.Method
		pass       string
		sub        func(*subscriber)
		want       authevent.Reason
		wantDetail string
		wantAttr   radius.Type // on the Access-Accept when accepted (vendor-specific: 26)
	}{
		{name: "pap", method: client.PAP, pass: "pw"},
		{name: "pap wrong", method: client.PAP, pass: "nope", want: authevent.ReasonWRONG_PASSWORD},
		{name: "chap", method: client.CHAP, pass: "pw"},
		{name: "chap wrong", method: client.CHAP, pass: "nope", want: authevent.ReasonWRONG_PASSWORD},
		{name: "chap with challenge", method: client.CHAPChallenge, pass: "pw"},
		{name: "mschapv1", method: client.MSCHAPv1, pass: "pw", wantAttr: 26},
		{name: "mschapv1 wrong", method: client.MSCHAPv1, pass: "nope", want: authevent.ReasonWRONG_PASSWORD},
		{name: "mschapv2", method: client.MSCHAPv2, pass: "pw", wantAttr: 26},
		{name: "mschapv2 wrong", method: client.MSCHAPv2, pass: "nope", want: authevent.ReasonWRONG_PASSWORD},
		{name: "stored password unreadable", method: client.PAP, pass: "pw", sub: func(s *subscriber) { s.passwordErr = true },
			want: authevent.ReasonWRONG_PASSWORD, wantDetail: "stored password cannot be decrypted with this key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAttempt(request(t, tt.method, "alice", tt.pass), 1, now)
			a.sub = sub(now)
			if tt.sub != nil {
				tt.sub(a.sub)
			}
			if got := pol.password(a); got != tt.want || a.detail != tt.wantDetail {
				t.Fatalf("password = %q (detail %q), want %q (detail %q)", got, a.detail, tt.want, tt.wantDetail)
			}
			if tt.wantAttr != 0 && a.accept.Get(tt.wantAttr) == nil {
				t.Errorf("accept carries no attribute %d", tt.wantAttr)
			}
		})
	}
	t.Run("no credentials", func(t *testing.T) {
		p := radius.New(radius.CodeAccessRequest, []byte(testSecret))
		_ = rfc2865.UserName_SetString(p, "alice")
		a := newAttempt(p, 1, now)
		a.sub = sub(now)
		if got := pol.password(a); got != authevent.ReasonWRONG_PASSWORD || a.detail != "no supported credentials (PAP, CHAP, MS-CHAP)" {
			t.Fatalf("password = %q (detail %q)", got, a.detail)
		}
	})
}

func TestPolicyStatus(t *testing.T) {
	pol, now := policyFixture()
	tests := []struct {
		name       string
		status     customer.Status
		profileID  int
		archived   bool
		want       authevent.Reason
		wantDetail string
		wantGrant  grant
	}{
		{"active", customer.StatusACTIVE, 1, false, "", "", grant{rateLimit: "5M/20M", pool: "pool-home"}},
		{"active, profile without pool", customer.StatusACTIVE, 4, false, "", "", grant{rateLimit: "2M/4M"}},
		{"suspended", customer.StatusSUSPENDED, 1, false, authevent.ReasonSUSPENDED, "", grant{}},
		{"disabled", customer.StatusDISABLED, 1, false, authevent.ReasonDISABLED, "", grant{}},
		{"profile gone", customer.StatusACTIVE, 99, false, authevent.ReasonDISABLED, "profile not found", grant{}},
		{"archived", customer.StatusACTIVE, 1, true, authevent.ReasonARCHIVED, "", grant{}},
		{"archived and suspended", customer.StatusSUSPENDED, 1, true, authevent.ReasonARCHIVED, "", grant{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &attempt{now: now, sub: sub(now, func(s *subscriber) { s.status, s.profileID, s.archived = tt.status, tt.profileID, tt.archived })}
			if got := pol.status(a); got != tt.want || a.detail != tt.wantDetail || a.grant != tt.wantGrant {
				t.Fatalf("status = %q (detail %q, grant %+v), want %q (detail %q, grant %+v)",
					got, a.detail, a.grant, tt.want, tt.wantDetail, tt.wantGrant)
			}
		})
	}
}

func TestPolicyExpiry(t *testing.T) {
	pol, now := policyFixture()
	tests := []struct {
		name       string
		profileID  int
		expiresIn  time.Duration
		want       authevent.Reason
		wantDetail string
		wantGrant  grant
	}{
		{"two hours left", 1, 2 * time.Hour, "", "", grant{pool: "pool-home", timeout: 7200}},
		{"timeout capped by the setting", 1, 60 * 24 * time.Hour, "", "", grant{pool: "pool-home", timeout: 86400}},
		{"expired", 1, -time.Hour, authevent.ReasonEXPIRED, "", grant{pool: "pool-home", timeout: 1}},
		{"expires right now", 1, 0, authevent.ReasonEXPIRED, "", grant{pool: "pool-home", timeout: 1}},
		{"expired into the expired pool", 5, -time.Hour, "", "expired: accepted into pool pool-expired",
			grant{pool: "pool-expired", timeout: 86400, expired: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &attempt{now: now, sub: sub(now, func(s *subscriber) { s.expiresAt = now.Add(tt.expiresIn) }),
				prof: pol.snap.profile(tt.profileID)}
			if a.prof.p.Pool != nil {
				a.grant.pool = *a.prof.p.Pool
			}
			if got := pol.expiry(a); got != tt.want || a.detail != tt.wantDetail || a.grant != tt.wantGrant {
				t.Fatalf("expiry = %q (detail %q, grant %+v), want %q (detail %q, grant %+v)",
					got, a.detail, a.grant, tt.want, tt.wantDetail, tt.wantGrant)
			}
			if a.tune.interim != 300*time.Second {
				t.Errorf("tunables not read: %+v", a.tune)
			}
		})
	}
}

func TestPolicyDataCap(t *testing.T) {
	pol, now := policyFixture()
	tests := []struct {
		name       string
		profileID  int
		usedIn     int64
		expired    bool
		want       authevent.Reason
		wantDetail string
		wantRate   string
		wantPool   string
	}{
		{"no cap", 1, 1 << 40, false, "", "", "start", "start-pool"},
		{"under the cap", 2, 999, false, "", "", "start", "start-pool"},
		{"at the cap: after-cap profile", 2, 1000, false, "", "data cap reached: after-cap profile Slow", "512k/1M", "pool-slow"},
		{"after-cap profile without pool keeps the pool", 9, 5000, false, "", "data cap reached: after-cap profile Slow, no pool", "256k/512k", "start-pool"},
		{"at the cap: no after-cap profile", 4, 1000, false, authevent.ReasonDATA_CAP, "", "start", "start-pool"},
		{"after-cap profile gone", 6, 1000, false, authevent.ReasonDATA_CAP, "", "start", "start-pool"},
		{"expired pool: no cap", 4, 5000, true, "", "", "start", "start-pool"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &attempt{now: now, sub: sub(now), prof: pol.snap.profile(tt.profileID),
				grant: grant{rateLimit: "start", pool: "start-pool", expired: tt.expired}}
			a.sub.usedIn.Store(tt.usedIn / 2)
			a.sub.usedOut.Store(tt.usedIn - tt.usedIn/2)
			got := pol.dataCap(a)
			if got != tt.want || a.detail != tt.wantDetail || a.grant.rateLimit != tt.wantRate || a.grant.pool != tt.wantPool {
				t.Fatalf("cap = %q (detail %q, rate %q, pool %q), want %q (detail %q, rate %q, pool %q)",
					got, a.detail, a.grant.rateLimit, a.grant.pool, tt.want, tt.wantDetail, tt.wantRate, tt.wantPool)
			}
		})
	}
}

func TestPolicySessions(t *testing.T) {
	_, now := policyFixture()
	fresh, stale := now.Add(-time.Minute), now.Add(-time.Hour)
	tests := []struct {
		name         string
		max          int
		open         []*openSession // in memory
		recount      int            // what the database says, -1: no recount function
		want         authevent.Reason
		wantRecounts int
	}{
		{"none open", 1, nil, 0, "", 0},
		{"one open, one allowed", 1, []*openSession{{id: 1, nasID: 1, updated: fresh, mac: "aabbcc000002"}}, 1, authevent.ReasonTOO_MANY_SESSIONS, 1},
		{"memory is out of date", 1, []*openSession{{id: 1, nasID: 1, updated: fresh}}, 0, "", 1},
		{"no database: memory decides", 1, []*openSession{{id: 1, nasID: 1, updated: fresh}}, -1, authevent.ReasonTOO_MANY_SESSIONS, 0},
		{"two allowed", 2, []*openSession{{id: 1, nasID: 1, updated: fresh}}, 1, "", 0},
		{"stale session does not count", 1, []*openSession{{id: 1, nasID: 1, updated: stale}}, 1, "", 0},
		{"same device re-dialling does not count", 1, []*openSession{{id: 1, nasID: 1, updated: fresh, mac: "aabbcc000001"}}, 1, "", 0},
		{"same device on another NAS counts", 1, []*openSession{{id: 1, nasID: 2, updated: fresh, mac: "aabbcc000001"}}, 1, authevent.ReasonTOO_MANY_SESSIONS, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pol, _ := policyFixture()
			recounts := 0
			if tt.recount >= 0 {
				pol.recount = func(customerID int, _ time.Time, _ login) int {
					if customerID != 7 {
						t.Errorf("recount of customer %d", customerID)
					}
					recounts++
					return tt.recount
				}
			}
			for i, o := range tt.open {
				pol.snap.putSession(7, "k"+string(rune('a'+i)), o)
			}
			a := &attempt{now: now, sub: sub(now, func(s *subscriber) { s.maxSessions = tt.max }),
				who: login{nasID: 1, mac: "aabbcc000001"}}
			if got := pol.sessions(a); got != tt.want || recounts != tt.wantRecounts {
				t.Fatalf("sessions = %q after %d recounts, want %q after %d", got, recounts, tt.want, tt.wantRecounts)
			}
		})
	}
}

func TestPolicyMACLock(t *testing.T) {
	pol, now := policyFixture()
	mac := func(s string) *radius.AVP { return client.String(rfc2865.CallingStationID_Type, s) }
	tests := []struct {
		name  string
		lock  string // as stored, normalised
		attrs []*radius.AVP
		want  authevent.Reason
	}{
		{"no lock", "", []*radius.AVP{mac("11:22:33:44:55:66")}, ""},
		{"no lock, no MAC", "", nil, ""},
		{"same device, other notation", "aabbccddeeff", []*radius.AVP{mac("AA-BB-CC-DD-EE-FF")}, ""},
		{"other device", "aabbccddeeff", []*radius.AVP{mac("11:22:33:44:55:66")}, authevent.ReasonMAC_MISMATCH},
		{"no MAC sent", "aabbccddeeff", nil, authevent.ReasonMAC_MISMATCH},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAttempt(request(t, client.PAP, "alice", "pw", tt.attrs...), 1, now)
			a.sub = sub(now, func(s *subscriber) { s.macLock = tt.lock })
			if got := pol.macLock(a); got != tt.want {
				t.Fatalf("mac = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPolicyReply(t *testing.T) {
	pol, now := policyFixture()
	tests := []struct {
		name     string
		grant    grant
		staticIP string
		wantIP   string
		wantPool string
	}{
		{"pool", grant{rateLimit: "5M/20M", pool: "pool-home", timeout: 7200}, "", "", "pool-home"},
		{"no pool", grant{rateLimit: "5M/20M", timeout: 7200}, "", "", ""},
		{"static IP instead of the pool", grant{rateLimit: "5M/20M", pool: "pool-home", timeout: 7200}, "10.9.8.7", "10.9.8.7", ""},
		{"expired pool instead of the static IP", grant{rateLimit: "1M/1M", pool: "pool-expired", timeout: 86400, expired: true}, "10.9.8.7", "", "pool-expired"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := newAttempt(request(t, client.PAP, "alice", "pw"), 1, now)
			a.sub = sub(now, func(s *subscriber) { s.staticIP = net.ParseIP(tt.staticIP).To4() })
			a.grant, a.tune = tt.grant, pol.snap.tune
			r := a.acceptReply()
			if r.Code != radius.CodeAccessAccept || mikrotik.MikrotikRateLimit_GetString(r) != tt.grant.rateLimit ||
				uint32(rfc2865.SessionTimeout_Get(r)) != tt.grant.timeout || rfc2869.AcctInterimInterval_Get(r) != 300 {
				t.Fatalf("accept %v: rate %q timeout %d interim %d", r.Code, mikrotik.MikrotikRateLimit_GetString(r),
					rfc2865.SessionTimeout_Get(r), rfc2869.AcctInterimInterval_Get(r))
			}
			if ip := rfc2865.FramedIPAddress_Get(r); (ip == nil && tt.wantIP != "") || (ip != nil && ip.String() != tt.wantIP) {
				t.Errorf("Framed-IP-Address %v, want %q", ip, tt.wantIP)
			}
			if got := rfc2869.FramedPool_GetString(r); got != tt.wantPool {
				t.Errorf("Framed-Pool %q, want %q", got, tt.wantPool)
			}
			if c := rfc2865.Class_GetString(r); !strings.HasPrefix(c, "ld:") || len(c) != 19 {
				t.Errorf("Class %q", c)
			}
		})
	}
	for _, tt := range []struct {
		method  client.Method
		reason  authevent.Reason
		message string
		mschap  bool
	}{
		{client.PAP, authevent.ReasonWRONG_PASSWORD, "Wrong user name or password", false},
		{client.CHAP, authevent.ReasonSUSPENDED, "Account suspended", false},
		{client.MSCHAPv1, authevent.ReasonDATA_CAP, "Data limit reached", true},
		{client.MSCHAPv2, authevent.ReasonMAC_MISMATCH, "Device not allowed", true},
	} {
		t.Run("reject "+string(tt.method), func(t *testing.T) {
			a := newAttempt(request(t, tt.method, "alice", "pw"), 1, now)
			r := a.rejectReply(tt.reason)
			if r.Code != radius.CodeAccessReject || rfc2865.ReplyMessage_GetString(r) != tt.message {
				t.Fatalf("reject %v %q", r.Code, rfc2865.ReplyMessage_GetString(r))
			}
			if e := microsoft.MSCHAPError_Get(r); tt.mschap != (len(e) > 0 && strings.HasSuffix(string(e), "E=691 R=0 V=3")) {
				t.Errorf("MS-CHAP-Error %q, want one: %v", e, tt.mschap)
			}
		})
	}
}

// A refusal by a later step keeps the detail an earlier step gave (as the AuthEvent always
// recorded it), and decide stops at the first refusal.
func TestPolicyDecide(t *testing.T) {
	pol, now := policyFixture()
	pol.snap.byName["erin"] = sub(now, func(s *subscriber) { s.username, s.profileID, s.expiresAt = "erin", 5, now.Add(-time.Hour) })
	pol.snap.putSession(7, "k", &openSession{id: 1, nasID: 1, updated: now.Add(-time.Minute)})
	pol.recount = func(int, time.Time, login) int { return 1 }
	a := newAttempt(request(t, client.PAP, "erin", "pw"), 1, now)
	if got := pol.decide(a); got != authevent.ReasonTOO_MANY_SESSIONS || a.detail != "expired: accepted into pool pool-expired" {
		t.Fatalf("decide = %q (detail %q)", got, a.detail)
	}
	pol.snap.dropSession(7, "k")
	a = newAttempt(request(t, client.PAP, "erin", "pw"), 1, now)
	if got := pol.decide(a); got != authevent.ReasonOK || a.acceptReply().Code != radius.CodeAccessAccept {
		t.Fatalf("decide = %q", got)
	}
	a = newAttempt(request(t, client.PAP, "erin", "wrong"), 1, now)
	if got := pol.decide(a); got != authevent.ReasonWRONG_PASSWORD || a.prof != nil {
		t.Fatalf("decide = %q, later steps ran: %v", got, a.prof != nil)
	}
}
