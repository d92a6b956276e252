package portal_test

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

const meQ = `query($d:Int,$n:Int){
  me{accountNo username fullName phone email status connectionStatus restriction autoRenew expiresAt daysLeft balance
    profile{id name description downloadKbps uploadKbps dataLimitBytes validityDays price}
    pendingProfile{id name}
    usage{periodStart bytesIn bytesOut limitBytes}
    dailyUsage(days:$d){day bytesIn bytesOut}
    currentSession{acctSessionID framedIP startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut open}
    sessions(first:$n){acctSessionID open}
    transactions(first:$n){id amount balanceAfter kind method reference createdAt}
    connectionAttempts(first:$n){at accepted message}}
  offeredPlans{id name price}
  isp{name logo color supportPhone supportEmail supportWhatsapp paymentInstructions currency timeZone}}`

type meOut struct {
	Me struct {
		AccountNo, Username, Phone, Status, ConnectionStatus string
		FullName, Email, Restriction                         *string
		AutoRenew                                            bool
		ExpiresAt                                            time.Time
		DaysLeft                                             int
		Balance                                              int64
		Profile                                              struct {
			ID, Name                               string
			DownloadKbps, UploadKbps, ValidityDays int
			DataLimitBytes                         *int64
			Price                                  int64
		}
		PendingProfile *struct{ ID, Name string }
		Usage          struct {
			BytesIn, BytesOut int64
			LimitBytes        *int64
		}
		DailyUsage []struct {
			Day               string
			BytesIn, BytesOut int64
		}
		CurrentSession *struct {
			AcctSessionID string
			FramedIP      *string
			BytesIn       int64
			Open          bool
		}
		Sessions []struct {
			AcctSessionID string
			Open          bool
		}
		Transactions []struct {
			ID, Kind string
			Amount   int64
			Method   *string
		}
		ConnectionAttempts []struct {
			At       time.Time
			Accepted bool
			Message  string
		}
	}
	OfferedPlans []struct {
		ID, Name string
		Price    int64
	}
	Isp struct {
		Name, Currency, TimeZone                 string
		Color, SupportPhone, PaymentInstructions *string
	}
}

func TestPortalEveryField(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ip := seedActivity(t, e)
		tok := e.login("alice", alicePW)
		var out meOut
		e.must(tok, meQ, map[string]any{"d": 7, "n": 10}, &out)
		m := out.Me
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"accountNo", m.AccountNo, e.alice.AccountNo},
			{"username", m.Username, "alice"},
			{"fullName", *m.FullName, "Alice Wanjiru"},
			{"phone", m.Phone, alicePhone},
			{"email", m.Email == nil, true},
			{"status", m.Status, "ACTIVE"},
			{"connectionStatus", m.ConnectionStatus, "ONLINE"},
			{"restriction", m.Restriction == nil, true},
			{"autoRenew", m.AutoRenew, false},
			{"expiresAt", m.ExpiresAt.Equal(e.alice.ExpiresAt), true},
			{"daysLeft", m.DaysLeft == 9 || m.DaysLeft == 10, true},
			{"balance", m.Balance, int64(200000)},
			{"profile", m.Profile.Name + " " + strconv.FormatInt(m.Profile.Price, 10), "Home 10M 150000"},
			{"profile.id", m.Profile.ID, strconv.Itoa(e.home10.ID)},
			{"profile.dataLimitBytes", *m.Profile.DataLimitBytes, int64(100e9)},
			{"pendingProfile", m.PendingProfile == nil, true},
			{"usage", [3]int64{m.Usage.BytesIn, m.Usage.BytesOut, *m.Usage.LimitBytes}, [3]int64{5010, 900020, 100e9}},
			{"dailyUsage", len(m.DailyUsage) == 1 && m.DailyUsage[0].BytesOut == 900020, true},
			{"currentSession", m.CurrentSession != nil && m.CurrentSession.AcctSessionID == "live-2" && *m.CurrentSession.FramedIP == ip, true},
			{"sessions (own only, newest first)", len(m.Sessions) == 2 && m.Sessions[0].AcctSessionID == "live-2", true},
			{"transactions", len(m.Transactions) == 1 && m.Transactions[0].Kind == "PAYMENT" && m.Transactions[0].Amount == 200000 &&
				m.Transactions[0].ID == strconv.Itoa(e.aliceTx), true},
			{"connectionAttempts (own only)", len(m.ConnectionAttempts), 3},
			{"attempt accepted", m.ConnectionAttempts[2].Accepted && strings.HasPrefix(m.ConnectionAttempts[2].Message, "your router connected at "), true},
			{"attempt wrong password", strings.HasPrefix(m.ConnectionAttempts[1].Message, "wrong password from your router at "), true},
			{"attempt expired", strings.Contains(m.ConnectionAttempts[0].Message, "subscription expired on "), true},
			{"offeredPlans (visible, cheapest first)", len(out.OfferedPlans) == 2 && out.OfferedPlans[0].Name == "Home 10M" && out.OfferedPlans[1].Name == "Home 20M", true},
			{"isp.name", out.Isp.Name, "Kilimani Fibre"},
			{"isp.color", *out.Isp.Color, "#1c7ed6"},
			{"isp.supportPhone", *out.Isp.SupportPhone, "+254 700 123 456"},
			{"isp.paymentInstructions", *out.Isp.PaymentInstructions, "Paybill 123456"},
			{"isp.currency", out.Isp.Currency, "KES"},
			{"isp.timeZone", out.Isp.TimeZone, "Africa/Nairobi"},
		} {
			if c.got != c.want {
				t.Errorf("%s: got %v, want %v", c.what, c.got, c.want)
			}
		}
		raw, _ := json.Marshal(out)
		if strings.Contains(string(raw), "bobs") || strings.Contains(string(raw), "MAC") {
			t.Fatalf("another customer's rows reached alice: %s", raw)
		}
		// isp needs no token
		var anon struct{ Isp struct{ Name string } }
		e.must("", `{isp{name}}`, nil, &anon)
		if anon.Isp.Name != "Kilimani Fibre" {
			t.Fatalf("isp without a token: %+v", anon)
		}
	})
}

// seedActivity gives alice a closed and an open session, today's usage, three connection
// attempts and the ISP's branding, and bob an open session and a refused attempt; it returns
// alice's address.
func seedActivity(t *testing.T, e *env) string {
	t.Helper()
	st := e.st
	ctx := context.Background()
	now := e.clock.now()
	ip := "100.64.0.7"
	// a closed session, an open one, usage of today, and connection attempts
	if _, err := st.Client.Session.Create().SetAcctKey("k1").SetAcctSessionID("old-1").SetUsername("alice").
		SetCustomerID(e.alice.ID).SetNasID(e.nasID).SetStartedAt(now.Add(-5 * time.Hour)).SetUpdatedAt(now.Add(-4 * time.Hour)).
		SetStoppedAt(now.Add(-4 * time.Hour)).SetOpen(false).SetBytesIn(10).SetBytesOut(20).Save(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Client.Session.Create().SetAcctKey("k2").SetAcctSessionID("live-2").SetUsername("alice").
		SetCustomerID(e.alice.ID).SetNasID(e.nasID).SetFramedIP(ip).SetStartedAt(now.Add(-time.Hour)).SetUpdatedAt(now).
		SetOpen(true).SetBytesIn(5000).SetBytesOut(900000).Save(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Client.Session.Create().SetAcctKey("k3").SetAcctSessionID("bobs").SetUsername("bob").
		SetCustomerID(e.bob.ID).SetNasID(e.nasID).SetStartedAt(now).SetUpdatedAt(now).SetOpen(true).Save(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Client.Customer.UpdateOneID(e.alice.ID).SetPeriodBytesIn(5010).SetPeriodBytesOut(900020).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if err := st.Client.UsageDaily.Create().SetCustomerID(e.alice.ID).SetDay(now.Format("2006-01-02")).SetBytesIn(5010).SetBytesOut(900020).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for i, ev := range []struct {
		res    authevent.Result
		reason authevent.Reason
	}{{authevent.ResultACCEPT, authevent.ReasonOK}, {authevent.ResultREJECT, authevent.ReasonWRONG_PASSWORD}, {authevent.ResultREJECT, authevent.ReasonEXPIRED}} {
		if err := st.Client.AuthEvent.Create().SetUsername("alice").SetCustomerID(e.alice.ID).SetMethod("pap").
			SetResult(ev.res).SetReason(ev.reason).SetCreatedAt(now.Add(-time.Duration(3-i) * time.Minute)).Exec(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.Client.AuthEvent.Create().SetUsername("bob").SetCustomerID(e.bob.ID).SetMethod("pap").
		SetResult(authevent.ResultREJECT).SetReason(authevent.ReasonMAC_MISMATCH).Exec(ctx); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"isp_name": "Kilimani Fibre", "isp_color": "#1c7ed6", "support_phone": "+254 700 123 456",
		"payment_instructions": "Paybill 123456"} {
		e.mustStaff(e.staff, `mutation($k:String!,$v:String!){updateSettings(input:[{key:$k,value:$v}]){key}}`, map[string]any{"k": k, "v": v}, nil)
	}

	return ip
}

func TestPortalAttemptWording(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		tok := e.login("alice", alicePW)
		if _, err := e.custs.SetPassword(e.staffCtx(), e.alice.ID, strPtr("Brand-New-Pass-9")); err != nil {
			t.Fatal(err)
		}
		tok = e.login("alice", "Brand-New-Pass-9")
		if err := st.Client.AuthEvent.Create().SetUsername("alice").SetCustomerID(e.alice.ID).SetMethod("chap").
			SetResult(authevent.ResultREJECT).SetReason(authevent.ReasonWRONG_PASSWORD).SetCreatedAt(e.clock.now().Add(time.Minute)).Exec(context.Background()); err != nil {
			t.Fatal(err)
		}
		var out struct {
			Me struct{ ConnectionAttempts []struct{ Message string } }
		}
		e.must(tok, `{me{connectionAttempts(first:1){message}}}`, nil, &out)
		if msg := out.Me.ConnectionAttempts[0].Message; !strings.Contains(msg, "the router still has the old password") {
			t.Fatalf("a wrong password after a change: %q", msg)
		}
	})
}

func strPtr(s string) *string { return &s }
