package radius

import (
	"bytes"
	"strings"
	"sync"
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
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

func TestAuthPolicy(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { testAuthPolicy(t, kind) })
	}
}

func testAuthPolicy(t *testing.T, kind string) {
	f := newFixture(t, kind)
	ctx := f.ctx
	limit := int64(1000)
	slow := f.st.Client.Profile.Create().SetName("After cap").SetUploadKbps(512).SetDownloadKbps(1000).SetPrice(0).SaveX(ctx)
	capped := f.st.Client.Profile.Create().SetName("Capped").SetUploadKbps(2000).SetDownloadKbps(4000).SetPrice(1).
		SetDataLimitBytes(limit).SetAfterCapProfileID(slow.ID).SetPool("pool-capped").SaveX(ctx)
	hardCap := f.st.Client.Profile.Create().SetName("Hard cap").SetUploadKbps(2000).SetDownloadKbps(4000).SetPrice(1).
		SetDataLimitBytes(limit).SaveX(ctx)
	grace := f.st.Client.Profile.Create().SetName("Grace").SetUploadKbps(1000).SetDownloadKbps(1000).SetPrice(1).
		SetExpiredPool("pool-expired").SaveX(ctx)
	burst := f.st.Client.Profile.Create().SetName("Burst").SetUploadKbps(4000).SetDownloadKbps(8000).SetPrice(1).
		SetBurstUploadKbps(8000).SetBurstDownloadKbps(16000).SaveX(ctx)

	f.customer("alice")
	f.customer("bob", func(c *ent.CustomerCreate) { c.SetStatus(customer.StatusSUSPENDED) })
	f.customer("carol", func(c *ent.CustomerCreate) { c.SetStatus(customer.StatusDISABLED) })
	f.customer("dave", func(c *ent.CustomerCreate) { c.SetExpiresAt(time.Now().Add(-time.Hour)) })
	f.customer("erin", func(c *ent.CustomerCreate) {
		c.SetExpiresAt(time.Now().Add(-time.Hour)).SetProfileID(grace.ID)
	})
	f.customer("frank", func(c *ent.CustomerCreate) { c.SetProfileID(capped.ID).SetPeriodBytesIn(600).SetPeriodBytesOut(400) })
	f.customer("grace", func(c *ent.CustomerCreate) { c.SetProfileID(hardCap.ID).SetPeriodBytesIn(2000) })
	f.customer("heidi", func(c *ent.CustomerCreate) { c.SetProfileID(capped.ID).SetPeriodBytesIn(999) })
	ivan := f.customer("ivan")
	judy := f.customer("judy")
	quinn := f.customer("quinn")
	f.customer("mallory", func(c *ent.CustomerCreate) { c.SetMACLock("AA-BB-CC-DD-EE-FF") })
	f.customer("oscar", func(c *ent.CustomerCreate) { c.SetStaticIP("10.9.8.7") })
	f.customer("peggy", func(c *ent.CustomerCreate) { c.SetExpiresAt(time.Now().Add(60 * 24 * time.Hour)) })
	f.customer("trent", func(c *ent.CustomerCreate) { c.SetProfileID(burst.ID) })
	f.customer("victor", func(c *ent.CustomerCreate) { c.SetMaxSessions(2) })

	// ivan has an open session, fresh; judy's open session is stale (no update for hours).
	now := time.Now().UTC()
	f.st.Client.Session.Create().SetAcctKey("k-ivan").SetAcctSessionID("s1").SetUsername("ivan").SetCustomerID(ivan.ID).
		SetNasID(f.nas.ID).SetStartedAt(now.Add(-time.Minute)).SetUpdatedAt(now.Add(-time.Minute)).SaveX(ctx)
	f.st.Client.Session.Create().SetAcctKey("k-judy").SetAcctSessionID("s2").SetUsername("judy").SetCustomerID(judy.ID).
		SetNasID(f.nas.ID).SetStartedAt(now.Add(-5 * time.Hour)).SetUpdatedAt(now.Add(-5 * time.Hour)).SaveX(ctx)
	f.st.Client.Session.Create().SetAcctKey("k-quinn").SetAcctSessionID("s3").SetUsername("quinn").SetCustomerID(quinn.ID).
		SetNasID(f.nas.ID).SetStartedAt(now.Add(-time.Minute)).SetUpdatedAt(now.Add(-time.Minute)).
		SetCallingStationID("AA:BB:CC:00:00:01").SaveX(ctx)
	f.start()

	mac := func(s string) *radius.AVP { return client.String(rfc2865.CallingStationID_Type, s) }
	type want struct {
		accept    bool
		reason    authevent.Reason
		rateLimit string
		pool      string
		framedIP  string
		timeout   [2]uint32 // inclusive range
	}
	tests := []struct {
		name   string
		method client.Method
		user   string
		pass   string // default pw-<user>
		attrs  []*radius.AVP
		want   want
	}{
		{"pap accept", client.PAP, "alice", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "5M/20M", pool: "pool-home", timeout: [2]uint32{7100, 7200}}},
		{"chap accept", client.CHAP, "alice", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "5M/20M"}},
		{"chap with challenge accept", client.CHAPChallenge, "alice", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "5M/20M"}},
		{"mschapv1 accept", client.MSCHAPv1, "alice", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "5M/20M"}},
		{"mschapv2 accept", client.MSCHAPv2, "alice", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "5M/20M"}},
		{"user name case-insensitive", client.PAP, "Alice", "pw-alice", nil, want{accept: true, reason: authevent.ReasonOK}},
		{"unknown user", client.PAP, "nobody", "x", nil, want{reason: authevent.ReasonUNKNOWN_USER}},
		{"pap wrong password", client.PAP, "alice", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"chap wrong password", client.CHAP, "alice", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"chap challenge wrong password", client.CHAPChallenge, "alice", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"mschapv1 wrong password", client.MSCHAPv1, "alice", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"mschapv2 wrong password", client.MSCHAPv2, "alice", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"suspended", client.PAP, "bob", "", nil, want{reason: authevent.ReasonSUSPENDED}},
		{"suspended wrong password says wrong password", client.PAP, "bob", "nope", nil, want{reason: authevent.ReasonWRONG_PASSWORD}},
		{"disabled", client.CHAP, "carol", "", nil, want{reason: authevent.ReasonDISABLED}},
		{"expired", client.PAP, "dave", "", nil, want{reason: authevent.ReasonEXPIRED}},
		{"expired into pool", client.PAP, "erin", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "1M/1M", pool: "pool-expired", timeout: [2]uint32{86400, 86400}}},
		{"data cap with after-cap profile", client.PAP, "frank", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "512k/1M", pool: "pool-capped"}},
		{"data cap reject", client.PAP, "grace", "", nil, want{reason: authevent.ReasonDATA_CAP}},
		{"under the cap", client.PAP, "heidi", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "2M/4M", pool: "pool-capped"}},
		{"too many sessions", client.PAP, "ivan", "", nil, want{reason: authevent.ReasonTOO_MANY_SESSIONS}},
		{"open session, another device", client.PAP, "quinn", "", []*radius.AVP{mac("aa:bb:cc:00:00:02")}, want{reason: authevent.ReasonTOO_MANY_SESSIONS}},
		{"open session, same device re-dialling", client.PAP, "quinn", "", []*radius.AVP{mac("aa:bb:cc:00:00:01")}, want{accept: true, reason: authevent.ReasonOK}},
		{"stale session does not count", client.PAP, "judy", "", nil, want{accept: true, reason: authevent.ReasonOK}},
		{"two sessions allowed", client.PAP, "victor", "", nil, want{accept: true, reason: authevent.ReasonOK}},
		{"mac mismatch", client.PAP, "mallory", "", []*radius.AVP{mac("11:22:33:44:55:66")}, want{reason: authevent.ReasonMAC_MISMATCH}},
		{"mac missing", client.PAP, "mallory", "", nil, want{reason: authevent.ReasonMAC_MISMATCH}},
		{"mac match other format", client.PAP, "mallory", "", []*radius.AVP{mac("aa:bb:cc:dd:ee:ff")}, want{accept: true, reason: authevent.ReasonOK}},
		{"static ip", client.MSCHAPv2, "oscar", "", nil, want{accept: true, reason: authevent.ReasonOK, framedIP: "10.9.8.7"}},
		{"session timeout capped", client.PAP, "peggy", "", nil, want{accept: true, reason: authevent.ReasonOK, timeout: [2]uint32{86400, 86400}}},
		{"burst", client.CHAP, "trent", "", nil, want{accept: true, reason: authevent.ReasonOK, rateLimit: "4M/8M 8M/16M 3M/6M 10/10"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pass := tt.pass
			if pass == "" {
				pass = "pw-" + tt.user
			}
			before := f.authEventID(strings.ToLower(tt.user))
			reply, err := f.access(tt.method, tt.user, pass, 3*time.Second, tt.attrs...)
			if err != nil {
				t.Fatalf("no valid reply: %v", err)
			}
			if got := reply.Code == radius.CodeAccessAccept; got != tt.want.accept {
				t.Fatalf("code = %v, want accept=%v", reply.Code, tt.want.accept)
			}
			ev := f.nextAuthEvent(tt.user, before)
			if ev.Reason != tt.want.reason {
				t.Errorf("AuthEvent reason = %s, want %s", ev.Reason, tt.want.reason)
			}
			if ev.NasID == nil || *ev.NasID != f.nas.ID {
				t.Errorf("AuthEvent NAS = %v", ev.NasID)
			}
			if !tt.want.accept {
				if reply.Get(rfc2865.Class_Type) != nil || mikrotik.MikrotikRateLimit_GetString(reply) != "" {
					t.Error("reject carries accept attributes")
				}
				return
			}
			if tt.want.rateLimit != "" {
				if got := mikrotik.MikrotikRateLimit_GetString(reply); got != tt.want.rateLimit {
					t.Errorf("Mikrotik-Rate-Limit = %q, want %q", got, tt.want.rateLimit)
				}
			}
			if tt.want.pool != "" {
				if got := rfc2869.FramedPool_GetString(reply); got != tt.want.pool {
					t.Errorf("Framed-Pool = %q, want %q", got, tt.want.pool)
				}
			}
			if tt.want.framedIP != "" {
				if got := rfc2865.FramedIPAddress_Get(reply); got.String() != tt.want.framedIP {
					t.Errorf("Framed-IP-Address = %v, want %s", got, tt.want.framedIP)
				}
				if rfc2869.FramedPool_GetString(reply) != "" {
					t.Error("static IP and Framed-Pool both sent")
				}
			}
			if r := tt.want.timeout; r[1] != 0 {
				if got := uint32(rfc2865.SessionTimeout_Get(reply)); got < r[0] || got > r[1] {
					t.Errorf("Session-Timeout = %d, want %d..%d", got, r[0], r[1])
				}
			}
			if got := rfc2869.AcctInterimInterval_Get(reply); got != 300 {
				t.Errorf("Acct-Interim-Interval = %d", got)
			}
			if c := rfc2865.Class_GetString(reply); !strings.HasPrefix(c, "ld:") {
				t.Errorf("Class = %q", c)
			}
			if tt.method == client.MSCHAPv2 {
				// client.Exchange already checked MS-CHAP2-Success; the MPPE keys decrypt.
				send := microsoft.MSMPPESendKey_Get(reply, reply)
				recv := microsoft.MSMPPERecvKey_Get(reply, reply)
				if len(send) != 16 || len(recv) != 16 || bytes.Equal(send, recv) {
					t.Errorf("MPPE keys: send %x recv %x", send, recv)
				}
			}
		})
	}
}

// The snapshot sees a change made by another process (through the change feed) within a
// second: a password change and a suspension.
func TestSnapshotFollowsChanges(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	c := f.customer("zoe")
	f.start()
	if r, err := f.access(client.PAP, "zoe", "pw-zoe", 2*time.Second); err != nil || r.Code != radius.CodeAccessAccept {
		t.Fatalf("first login: %v %v", r, err)
	}
	// Another process: its own store, no events on our bus.
	other, err := openSameDB(f)
	if err != nil {
		t.Fatal(err)
	}
	other.Client.Customer.UpdateOneID(c.ID).SetPasswordEnc(f.box.MustEncrypt("new-pw")).ExecX(f.ctx)
	newUser := other.Client.Customer.Create().SetAccountNo("999001").SetUsername("yann").
		SetPasswordEnc(f.box.MustEncrypt("pw-yann")).SetPhone("+254700000001").SetProfileID(f.profile.ID).
		SetExpiresAt(time.Now().Add(time.Hour)).SaveX(f.ctx)
	_ = newUser
	deadline := time.Now().Add(time.Second)
	for {
		r, err := f.access(client.PAP, "zoe", "new-pw", time.Second)
		r2, err2 := f.access(client.PAP, "yann", "pw-yann", time.Second)
		if err == nil && err2 == nil && r.Code == radius.CodeAccessAccept && r2.Code == radius.CodeAccessAccept {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("change not seen within a second: %v %v", err, err2)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Settings too: the interim interval.
	other.Client.Setting.Create().SetKey("interim_interval_seconds").SetValue("120").ExecX(f.ctx)
	deadline = time.Now().Add(time.Second)
	for {
		r, err := f.access(client.PAP, "yann", "pw-yann", time.Second)
		if err == nil && rfc2869.AcctInterimInterval_Get(r) == 120 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("setting change not seen within a second")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Suspension via GraphQL in this process publishes an event; the poll catches it anyway.
	other.Client.Customer.UpdateOneID(c.ID).SetStatus(customer.StatusSUSPENDED).ExecX(f.ctx)
	time.Sleep(700 * time.Millisecond)
	r, err := f.access(client.PAP, "zoe", "new-pw", time.Second)
	if err != nil || r.Code != radius.CodeAccessReject {
		t.Fatalf("suspended customer: %v %v", r, err)
	}
}

// Login ids (the Class of every Access-Accept) are "ld:" and 16 hex digits, and never repeat
// within a process, also from many goroutines at once.
func TestLoginIDsUnique(t *testing.T) {
	const goroutines, each = 8, 5000
	ids := make(chan string, goroutines*each)
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				ids <- string(newLoginID())
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := make(map[string]bool, goroutines*each)
	for id := range ids {
		if len(id) != 19 || !strings.HasPrefix(id, "ld:") || strings.Trim(id[3:], "0123456789abcdef") != "" {
			t.Fatalf("login id %q is not ld: and 16 hex digits", id)
		}
		if seen[id] {
			t.Fatalf("login id %q given twice", id)
		}
		seen[id] = true
	}
}
