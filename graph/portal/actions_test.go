package portal_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

const (
	changePWQ = `mutation($c:String!,$n:String!,$d:Boolean){changePassword(current:$c,new:$n,disconnectNow:$d){disconnected message subscriber{username}}}`
	setPWQ    = `mutation($n:String!,$d:Boolean){setPassword(new:$n,disconnectNow:$d){disconnected message}}`
	planQ     = `mutation($id:ID!){changePlan(profileID:$id){appliedNow transaction{amount balanceAfter kind} subscriber{balance profile{name} pendingProfile{name}}}}`
)

func TestPortalChangePassword(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		tok := e.login("alice", alicePW)
		other := e.login("alice", alicePW)
		for _, tc := range []struct {
			name, current, next, code, field string
		}{
			{"wrong current password", "not-it-at-all", "Another-Pass-1", "BAD_USER_INPUT", "current"},
			{"too short", alicePW, "short", "BAD_USER_INPUT", "new"},
			{"common password", alicePW, "password1", "BAD_USER_INPUT", "new"},
			{"contains the username", alicePW, "alice-2024-x", "BAD_USER_INPUT", "new"},
			{"the same as before", alicePW, alicePW, "BAD_USER_INPUT", "new"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				g := e.refused(e.portal(tok, changePWQ, map[string]any{"c": tc.current, "n": tc.next}, nil), tc.code, tc.name)
				if g.Extensions["field"] != tc.field {
					t.Fatalf("field: %+v", g)
				}
			})
		}
		var out struct {
			ChangePassword struct {
				Disconnected bool
				Message      string
			}
		}
		e.must(tok, changePWQ, map[string]any{"c": alicePW, "n": "Kahawa-Sukari-42"}, &out)
		if out.ChangePassword.Disconnected || !strings.Contains(out.ChangePassword.Message, "router") {
			t.Fatalf("without disconnectNow: %+v", out)
		}
		if !e.signedIn(tok) || e.signedIn(other) {
			t.Fatal("the sign-in that changed the password stays; the others end")
		}
		if e.login("alice", "Kahawa-Sukari-42") == "" {
			t.Fatal("the new password signs in")
		}
		// with disconnectNow the open session is dropped through the router
		if _, err := st.Client.Session.Create().SetAcctKey("k").SetAcctSessionID("s").SetUsername("alice").SetCustomerID(e.alice.ID).
			SetNasID(e.nasID).SetOpen(true).SetStartedAt(e.clock.now()).SetUpdatedAt(e.clock.now()).Save(context.Background()); err != nil {
			t.Fatal(err)
		}
		e.must(tok, changePWQ, map[string]any{"c": "Kahawa-Sukari-42", "n": "Chai-Mandazi-77", "d": true}, &out)
		if !out.ChangePassword.Disconnected || !strings.Contains(out.ChangePassword.Message, "restarted") {
			t.Fatalf("with disconnectNow: %+v", out)
		}
		if calls := e.router.Calls(); len(calls) != 1 || calls[0] != "disconnect:alice" {
			t.Fatalf("router calls: %v", calls)
		}
		n, err := st.Client.AuditLog.Query().Where(auditlog.Action("changePassword"), auditlog.Actor("customer:"+e.alice.AccountNo)).Count(context.Background())
		if err != nil || n != 2 {
			t.Fatalf("changePassword audit rows by the customer: %d %v", n, err)
		}
		// setPassword needs a sign-in by code
		e.refused(e.portal(tok, setPWQ, map[string]any{"n": "Without-Current-1"}, nil), "FORBIDDEN", "setPassword after a password sign-in")
		byCode := e.loginByCode(alicePhone)
		var set struct{ SetPassword struct{ Message string } }
		e.must(byCode, setPWQ, map[string]any{"n": "Forgot-It-Again-3"}, &set)
		if e.login("alice", "Forgot-It-Again-3") == "" || e.signedIn(tok) {
			t.Fatal("setPassword by code: the new password works and the other sign-ins end")
		}
	})
}

func TestPortalRenewAndAutoRenew(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		tok := e.login("alice", alicePW)
		var out struct {
			Renew struct {
				Balance  int64
				DaysLeft int
			}
		}
		e.must(tok, `mutation{renew{balance daysLeft}}`, nil, &out)
		if out.Renew.Balance != 50000 || out.Renew.DaysLeft < 39 {
			t.Fatalf("renewed: %+v", out)
		}
		g := e.refused(e.portal(tok, `mutation{renew{balance}}`, nil, nil), "BAD_USER_INPUT", "renew without the balance")
		if !strings.Contains(g.Message, "KES 1,000.00 more") {
			t.Fatalf("the shortfall in the installation's currency: %q", g.Message)
		}
		var ar struct{ SetAutoRenew struct{ AutoRenew bool } }
		e.must(tok, `mutation{setAutoRenew(on:true){autoRenew}}`, nil, &ar)
		if !ar.SetAutoRenew.AutoRenew {
			t.Fatal("setAutoRenew")
		}
		for _, action := range []string{"renewCustomer", "updateCustomer"} {
			if n, _ := st.Client.AuditLog.Query().Where(auditlog.Action(action), auditlog.Actor("customer:"+e.alice.AccountNo)).Count(context.Background()); n != 1 {
				t.Fatalf("%s audited by the customer: %d rows", action, n)
			}
		}
	})
}

func TestPortalChangePlan(t *testing.T) {
	for _, rule := range []string{"next_renewal", "prorate"} {
		t.Run(rule, func(t *testing.T) {
			testutil.EachDB(t, func(t *testing.T, st *store.Store) {
				e := newEnv(t, st)
				e.mustStaff(e.staff, `mutation($v:String!){updateSettings(input:[{key:"portal_plan_change",value:$v}]){key}}`, map[string]any{"v": rule}, nil)
				tok := e.login("alice", alicePW)
				e.refused(e.portal(tok, planQ, map[string]any{"id": strconv.Itoa(e.hidden.ID)}, nil), "NOT_FOUND", "a plan not offered")
				e.refused(e.portal(tok, planQ, map[string]any{"id": strconv.Itoa(e.home10.ID)}, nil), "BAD_USER_INPUT", "the plan it has")
				var out struct {
					ChangePlan struct {
						AppliedNow  bool
						Transaction *struct {
							Amount, BalanceAfter int64
							Kind                 string
						}
						Subscriber struct {
							Balance        int64
							Profile        struct{ Name string }
							PendingProfile *struct{ Name string }
						}
					}
				}
				e.must(tok, planQ, map[string]any{"id": strconv.Itoa(e.home20.ID)}, &out)
				pc := out.ChangePlan
				if rule == "next_renewal" {
					if pc.AppliedNow || pc.Transaction != nil || pc.Subscriber.Profile.Name != "Home 10M" || pc.Subscriber.PendingProfile == nil ||
						pc.Subscriber.PendingProfile.Name != "Home 20M" {
						t.Fatalf("at the next renewal: %+v", pc)
					}
					// the renewal charges and starts the new plan
					if _, err := e.bill.RecordPayment(e.staffCtx(), billing.PaymentInput{CustomerID: e.alice.ID, Amount: 100000, Method: "cash"}); err != nil {
						t.Fatal(err)
					}
					var r struct {
						Renew struct {
							Balance        int64
							Profile        struct{ Name string }
							PendingProfile *struct{ Name string }
						}
					}
					e.must(tok, `mutation{renew{balance profile{name} pendingProfile{name}}}`, nil, &r)
					if r.Renew.Balance != 50000 || r.Renew.Profile.Name != "Home 20M" || r.Renew.PendingProfile != nil {
						t.Fatalf("renewal onto the next plan: %+v", r)
					}
					return
				}
				// 10 of 30 days left: credit 50,000 of Home 10M, charge 83,333 of Home 20M
				if !pc.AppliedNow || pc.Transaction == nil || pc.Transaction.Kind != "ADJUSTMENT" || pc.Subscriber.Profile.Name != "Home 20M" {
					t.Fatalf("prorated: %+v", pc)
				}
				if pc.Transaction.Amount > -33000 || pc.Transaction.Amount < -34000 || pc.Subscriber.Balance != 200000+pc.Transaction.Amount {
					t.Fatalf("prorated charge: %+v", pc.Transaction)
				}
				if calls := e.router.Calls(); len(calls) != 1 || calls[0] != "apply:alice:Home 20M" {
					t.Fatalf("the plan reaches the router by CoA: %v", calls)
				}
				// and back down: a credit
				e.must(tok, planQ, map[string]any{"id": strconv.Itoa(e.home10.ID)}, &out)
				if out.ChangePlan.Transaction == nil || out.ChangePlan.Transaction.Amount <= 0 {
					t.Fatalf("a cheaper plan credits: %+v", out.ChangePlan)
				}
			})
		})
	}
}

func TestPortalContactChanges(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		tok := e.login("alice", alicePW)
		var em struct{ UpdateEmail struct{ Email *string } }
		e.must(tok, `mutation{updateEmail(email:"alice@example.org"){email}}`, nil, &em)
		if em.UpdateEmail.Email == nil || *em.UpdateEmail.Email != "alice@example.org" {
			t.Fatalf("updateEmail: %+v", em)
		}
		e.refused(e.portal(tok, `mutation{updateEmail(email:"not an address"){email}}`, nil, nil), "BAD_USER_INPUT", "a bad e-mail")
		e.must(tok, `mutation{updateEmail(email:""){email}}`, nil, &em)
		if em.UpdateEmail.Email != nil {
			t.Fatal("an empty e-mail clears it")
		}
		const newPhone = "+254799888777"
		e.refused(e.portal(tok, `mutation{requestPhoneChange(phone:"0712345678")}`, nil, nil), "BAD_USER_INPUT", "the phone it has")
		e.must(tok, `mutation($p:String!){requestPhoneChange(phone:$p)}`, map[string]any{"p": "0799 888 777"}, nil)
		code := e.code(newPhone, 1)
		e.refused(e.portal(tok, `mutation($p:String!){confirmPhoneChange(phone:$p,code:"999999"){phone}}`, map[string]any{"p": newPhone}, nil),
			"BAD_USER_INPUT", "a wrong code")
		// bob cannot use a code sent for alice's change
		bobTok := e.login("bob", bobPW)
		e.refused(e.portal(bobTok, `mutation($p:String!,$c:String!){confirmPhoneChange(phone:$p,code:$c){phone}}`, map[string]any{"p": newPhone, "c": code}, nil),
			"BAD_USER_INPUT", "another customer's code")
		var ph struct{ ConfirmPhoneChange struct{ Phone string } }
		e.must(tok, `mutation($p:String!,$c:String!){confirmPhoneChange(phone:$p,code:$c){phone}}`, map[string]any{"p": newPhone, "c": code}, &ph)
		if ph.ConfirmPhoneChange.Phone != newPhone {
			t.Fatalf("confirmPhoneChange: %+v", ph)
		}
	})
}
