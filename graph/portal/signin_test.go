package portal_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/portalcode"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/portal"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

const loginQ = `mutation($u:String!,$p:String!){portalLogin(username:$u,password:$p){token expiresAt byCode subscriber{username}}}`

func TestPortalPasswordSignIn(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		for _, tc := range []struct {
			name, user, pw string
			code           string // "" when it signs in
		}{
			{"right password", "alice", alicePW, ""},
			{"user name in another case", " ALICE ", alicePW, ""},
			{"wrong password", "alice", "Kilimani-2025", "UNAUTHENTICATED"},
			{"unknown user", "carol", alicePW, "UNAUTHENTICATED"},
			{"empty", "", "", "UNAUTHENTICATED"},
			{"staff password is not a subscriber's", "admin", "correct-horse-1", "UNAUTHENTICATED"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				var out struct {
					PortalLogin struct {
						Token      string
						ExpiresAt  time.Time
						ByCode     bool
						Subscriber struct{ Username string }
					}
				}
				errs := e.portal("", loginQ, map[string]any{"u": tc.user, "p": tc.pw}, &out)
				if tc.code != "" {
					g := e.refused(errs, tc.code, tc.name)
					if g.Message != "wrong username or password" {
						t.Fatalf("the refusal must not say which part was wrong: %q", g.Message)
					}
					return
				}
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				p := out.PortalLogin
				if !strings.HasPrefix(p.Token, portal.TokenPrefix) || p.ByCode || p.Subscriber.Username != "alice" {
					t.Fatalf("sign-in: %+v", p)
				}
				if d := p.ExpiresAt.Sub(e.clock.now()); d < 29*24*time.Hour || d > 31*24*time.Hour {
					t.Fatalf("a sign-in lasts portal_token_days (30): expires in %v", d)
				}
				row, err := st.Client.PortalToken.Query().Where(portaltoken.TokenHash(portal.HashToken(p.Token))).Only(t.Context())
				if err != nil || row.CustomerID != e.alice.ID || strings.Contains(row.TokenHash, p.Token) {
					t.Fatalf("the token is stored as its hash only: %v %+v", err, row)
				}
			})
		}
		n, err := st.Client.AuditLog.Query().Where(auditlog.Action("portalLogin"), auditlog.Actor("customer:"+e.alice.AccountNo)).Count(t.Context())
		if err != nil || n != 2 {
			t.Fatalf("portalLogin audit rows by the customer: %d %v", n, err)
		}
	})
}

func TestPortalLoginThrottled(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		vars := map[string]any{"u": "bob", "p": "guess-1234"}
		for i := 0; i < 5; i++ {
			e.refused(e.portal("", loginQ, vars, nil), "UNAUTHENTICATED", "a wrong guess")
		}
		e.refused(e.portal("", loginQ, vars, nil), "TOO_MANY_REQUESTS", "the sixth guess")
		// even the right password waits: the throttle is decided before the check
		e.refused(e.portal("", loginQ, map[string]any{"u": "bob", "p": bobPW}, nil), "TOO_MANY_REQUESTS", "right password after guessing")
		// another subscriber from the same address is not locked out by bob's guesses
		if tok := e.login("alice", alicePW); tok == "" {
			t.Fatal("alice could not sign in")
		}
	})
}

const (
	requestQ = `mutation($p:String!){portalRequestCode(phone:$p)}`
	verifyQ  = `mutation($p:String!,$c:String!){portalVerifyCode(phone:$p,code:$c){token byCode subscriber{username}}}`
)

func TestPortalCodeSignIn(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		request, verify := e.requestCode, e.verifyCode

		t.Run("the code signs in once, national form of the phone", func(t *testing.T) {
			if errs := request("0712 345 678"); errs != nil {
				t.Fatal(errs)
			}
			code := e.code(alicePhone, 1)
			row, err := st.Client.PortalCode.Query().Where(portalcode.Phone(alicePhone)).Only(t.Context())
			if err != nil || row.CodeHash == code || strings.Contains(row.CodeHash, code) {
				t.Fatalf("codes are stored as a keyed hash: %v", err)
			}
			tok, errs := verify("0712345678", code)
			if errs != nil || tok == "" {
				t.Fatal(errs)
			}
			_, errs = verify(alicePhone, code)
			e.refused(errs, "UNAUTHENTICATED", "a used code")
		})
		t.Run("wrong code, then five tries spend the code", func(t *testing.T) {
			e.must("", requestQ, map[string]any{"p": bobPhone}, nil)
			code := e.code(bobPhone, 1)
			wrong := "000000"
			if code == wrong {
				wrong = "000001"
			}
			for i := 0; i < portal.CodeTries; i++ {
				_, errs := verify(bobPhone, wrong)
				e.refused(errs, "UNAUTHENTICATED", "wrong code")
			}
			_, errs := verify(bobPhone, code)
			if len(errs) == 0 || (errs[0].code() != "UNAUTHENTICATED" && errs[0].code() != "TOO_MANY_REQUESTS") {
				t.Fatalf("the right code after %d wrong tries: %+v", portal.CodeTries, errs)
			}
		})
		t.Run("an expired code", func(t *testing.T) {
			e.must("", requestQ, map[string]any{"p": alicePhone}, nil)
			code := e.code(alicePhone, 2)
			e.clock.add(portal.CodeTTL + time.Second)
			_, errs := verify(alicePhone, code)
			e.refused(errs, "UNAUTHENTICATED", "expired code")
		})
		t.Run("an unknown phone is answered the same and gets no SMS", func(t *testing.T) {
			if errs := request("+254733999888"); errs != nil {
				t.Fatal(errs)
			}
			time.Sleep(50 * time.Millisecond)
			if n := e.smsCount("+254733999888"); n != 0 {
				t.Fatalf("sent %d messages to a phone no customer has", n)
			}
			_, errs := verify("+254733999888", "123456")
			e.refused(errs, "UNAUTHENTICATED", "code for an unknown phone")
		})
		t.Run("throttled per phone", func(t *testing.T) {
			e.clock.add(2 * portal.CodeWindow)
			for i := 0; i < portal.CodesPerPhone; i++ {
				if errs := request("+254733999777"); errs != nil {
					t.Fatal(errs)
				}
			}
			e.refused(request("+254733999777"), "TOO_MANY_REQUESTS", "a fourth code in an hour")
		})
		t.Run("throttled per address", func(t *testing.T) {
			e.clock.add(2 * portal.CodeWindow)
			for i := 0; i < portal.CodesPerAddress; i++ {
				if errs := request(fmt.Sprintf("+25473399%04d", i)); errs != nil && errs[0].code() != "TOO_MANY_REQUESTS" {
					t.Fatal(errs)
				}
			}
			e.refused(request("+254733111222"), "TOO_MANY_REQUESTS", "one address asking for codes for many phones")
		})
		t.Run("not a phone number", func(t *testing.T) {
			e.refused(request("call me"), "BAD_USER_INPUT", "a phone that does not parse")
		})
	})
}

// requestCode asks for a sign-in code for phone.
func (e *env) requestCode(phone string) []gqlError {
	var out struct{ PortalRequestCode bool }
	errs := e.portal("", requestQ, map[string]any{"p": phone}, &out)
	if len(errs) == 0 && !out.PortalRequestCode {
		e.t.Fatal("portalRequestCode must answer true")
	}
	return errs
}

// verifyCode signs in with a code.
func (e *env) verifyCode(phone, code string) (string, []gqlError) {
	var out struct{ PortalVerifyCode struct{ Token string } }
	errs := e.portal("", verifyQ, map[string]any{"p": phone, "c": code}, &out)
	return out.PortalVerifyCode.Token, errs
}
