package security

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// closeForbidden is the close code of a socket whose token was refused or no longer holds.
const closeForbidden = 4403

// router is a NAS sending accounting for one PPPoE session, as a MikroTik does.
type router struct {
	t        *testing.T
	addr     string // the accounting port
	user, id string
	bytes    uint64
}

func newRouter(ctx context.Context, t *testing.T, addr, user string) *router {
	r := &router{t: t, addr: addr, user: user, id: "ws-" + kit.RandomPrefix()}
	r.send(ctx, rfc2866.AcctStatusType_Value_Start)
	return r
}

func (r *router) send(ctx context.Context, status rfc2866.AcctStatusType) {
	r.t.Helper()
	p := client.NewAccountingRequest([]byte(nasSecret), status, r.user, r.id)
	client.SetCounters(p, r.bytes, r.bytes*3, uint32(r.bytes/1000))
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if _, err := client.Exchange(cctx, r.addr, p, client.VerifyAccounting(p), 300*time.Millisecond); err != nil {
		r.t.Fatalf("accounting to %s: %v", r.addr, err)
	}
}

// interim sends an Interim-Update with larger counters: every one is a sessionUpdated event.
func (r *router) interim(ctx context.Context) {
	r.bytes += 10_000
	r.send(ctx, rfc2866.AcctStatusType_Value_InterimUpdate)
}

const sessionSub = `subscription { sessionUpdated { id bytesIn } }`

// liveSubscription subscribes to sessionUpdated on ws with token and returns once it delivers
// the router's Interims, and everything sent before has arrived.
func liveSubscription(ctx context.Context, t *testing.T, ws, token string, r *router) *testutil.Subscription {
	t.Helper()
	sub, err := testutil.Subscribe(ctx, ws, "", token, sessionSub, nil)
	if err != nil {
		t.Fatalf("subscribing: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		r.interim(ctx)
		select {
		case <-sub.Next:
			for quiet := time.After(500 * time.Millisecond); ; {
				select {
				case <-sub.Next:
					quiet = time.After(500 * time.Millisecond)
					continue
				case <-quiet:
				}
				return sub
			}
		case err := <-sub.Err:
			t.Fatalf("the subscription ended before delivering: %v", err)
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("a valid subscription delivered no Interim within 10 s")
		}
	}
}

// expectNothingThenForbidden sends Interims every 200 ms: none may be delivered (but those
// sent within grace, the time a revocation takes to reach another instance), and the socket
// must be closed with 4403 within 5 s. It returns the close reason and how long it took.
func expectNothingThenForbidden(ctx context.Context, t *testing.T, sub *testutil.Subscription, r *router, grace time.Duration) (string, time.Duration) {
	t.Helper()
	began := time.Now()
	delivered := 0
	for time.Since(began) < 5*time.Second {
		sent := time.Since(began)
		r.interim(ctx)
		select {
		case data := <-sub.Next:
			delivered++
			if sent >= grace {
				t.Errorf("an Interim sent %v after the authorisation ended was delivered: %s", sent.Round(time.Millisecond), data)
			} else {
				t.Logf("an Interim sent %v after the withdrawal, before it reached this instance, was delivered", sent.Round(time.Millisecond))
			}
		case err := <-sub.Err:
			var ce websocket.CloseError
			if !errors.As(err, &ce) || int(ce.Code) != closeForbidden {
				t.Fatalf("the socket ended with %v, want close code %d", err, closeForbidden)
			}
			return ce.Reason, time.Since(began)
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatalf("the socket was not closed within 5 s (%d Interims delivered meanwhile)", delivered)
	return "", 0
}

// withdrawal is one way a subscriber's authorisation ends: subject makes the subscriber's
// token on api; withdraw ends it there.
type withdrawal struct {
	name     string
	prefix   string // of the close reason
	reason   string // in the close reason
	reopens  bool   // the token may open a new socket (with its new, lower role)
	subject  func(api *testutil.Server) string
	withdraw func(api *testutil.Server, token string)
}

func withdrawals(ctx context.Context, t *testing.T, admin string) []withdrawal {
	gql := func(api *testutil.Server, token, q string, vars map[string]any, out any) {
		t.Helper()
		if err := kit.GQL(ctx, api, token, q, vars, out); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	staff := map[string]string{} // token → staff id
	login := func(api *testutil.Server, role string) string {
		user, pass := "ws-"+strings.ToLower(role)+"-"+testutil.RandomHex(3), "Ws-Pass-"+testutil.RandomHex(6)
		kit.Known.Add("staff password", pass)
		var out struct{ CreateStaff struct{ ID string } }
		gql(api, admin, `mutation($u:String!,$p:String!,$r:Role!){createStaff(input:{username:$u,password:$p,role:$r}){id}}`,
			map[string]any{"u": user, "p": pass, "r": role}, &out)
		tok, err := api.Login(ctx, user, pass)
		if err != nil {
			t.Fatal(err)
		}
		kit.Known.Add("login token", tok)
		staff[tok] = out.CreateStaff.ID
		return tok
	}
	tokenIDs := map[string]string{}
	return []withdrawal{
		{"logout", "Unauthenticated: ", "revoked", false, func(api *testutil.Server) string { return login(api, "VIEWER") },
			func(api *testutil.Server, tok string) { gql(api, tok, `mutation { logout }`, nil, nil) }},
		{"revokeApiToken", "Unauthenticated: ", "revoked", false, func(api *testutil.Server) string {
			var out struct {
				CreateApiToken struct {
					Token    string
					ApiToken struct{ ID string }
				}
			}
			gql(api, admin, `mutation { createApiToken(name:"ws-integration", role:VIEWER){ token apiToken{ id } } }`, nil, &out)
			kit.Known.Add("API token", out.CreateApiToken.Token)
			tokenIDs[out.CreateApiToken.Token] = out.CreateApiToken.ApiToken.ID
			return out.CreateApiToken.Token
		}, func(api *testutil.Server, tok string) {
			gql(api, admin, `mutation($id:ID!){ revokeApiToken(id:$id){ id } }`, map[string]any{"id": tokenIDs[tok]}, nil)
		}},
		{"staff disabled (updateStaff)", "Unauthenticated: ", "disabled", false, func(api *testutil.Server) string { return login(api, "OPERATOR") },
			func(api *testutil.Server, tok string) {
				gql(api, admin, `mutation($id:ID!){ updateStaff(id:$id, input:{disabled:true}){ id } }`, map[string]any{"id": staff[tok]}, nil)
			}},
		{"role lowered (admin to viewer)", "Forbidden: ", "role", true, func(api *testutil.Server) string { return login(api, "ADMIN") },
			func(api *testutil.Server, tok string) {
				gql(api, admin, `mutation($id:ID!){ updateStaff(id:$id, input:{role:VIEWER}){ id } }`, map[string]any{"id": staff[tok]}, nil)
			}},
	}
}

// TestSubscriptionsEndWithAuthorisation subscribes to sessionUpdated, ends the subscriber's
// authorisation (logout, revokeApiToken, staff disabled, role lowered) and sends more
// Interim-Updates over RADIUS: none may be delivered, and the socket must be closed with 4403
// and a reason within 5 s. A connection_init with a refused token is closed with 4403 too.
func TestSubscriptionsEndWithAuthorisation(t *testing.T) {
	e := start(t, "wsa", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	ws := "ws://" + e.srv.HTTP + "/graphql"
	r := newRouter(ctx, t, e.srv.Acct, e.fx.Usernames[0])
	var report []string
	for _, w := range withdrawals(ctx, t, e.fx.Token) {
		tok := w.subject(e.srv)
		sub := liveSubscription(ctx, t, ws, tok, r)
		w.withdraw(e.srv, tok)
		reason, took := expectNothingThenForbidden(ctx, t, sub, r, 0)
		sub.Close()
		kit.Record(reason)
		if !strings.Contains(reason, w.reason) || !strings.HasPrefix(reason, w.prefix) {
			t.Errorf("%s: close reason %q, want %s… %s", w.name, reason, w.prefix, w.reason)
		}
		report = append(report, fmt.Sprintf("%s: nothing delivered, closed 4403 %q after %v", w.name, reason, took.Round(time.Millisecond)))

		// A revoked token cannot open a socket again: connection_init is refused with 4403.
		// A demoted staff member's login can, with the lower role it now has.
		again, err := testutil.Subscribe(ctx, ws, "", tok, sessionSub, nil)
		var ce websocket.CloseError
		switch {
		case w.reopens && err != nil:
			t.Errorf("%s: the token, still valid with its new role, cannot open a socket: %v", w.name, err)
		case w.reopens:
			again.Close()
		case !errors.As(err, &ce) || int(ce.Code) != closeForbidden:
			t.Errorf("%s: a new connection_init with the old token answered %v, want close code %d", w.name, err, closeForbidden)
		}
	}
	fmt.Printf("subscriptions end with their authorisation:\n  %s\n", strings.Join(report, "\n  "))
}

// crossGrace is how long a revocation on one instance may take to reach another: it is sent
// (NOTIFY) before the mutation answers, but PostgreSQL hands it to the other instance's
// listener asynchronously, within milliseconds normally and a few hundred on a loaded machine.
const crossGrace = 500 * time.Millisecond

// TestSubscriptionsEndWithAuthorisationOnAnotherInstance runs two instances on one database:
// the subscriber and the router talk to B, the authorisation is withdrawn on A. B delivers no
// Interim sent later than crossGrace after the withdrawal and closes the socket with 4403.
func TestSubscriptionsEndWithAuthorisationOnAnotherInstance(t *testing.T) {
	e := start(t, "wsx", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	b := kit.Watch(t.Name()+" (B)", testutil.StartServer(t, e.srv.DSN))
	user := e.fx.Usernames[0]
	if err := kit.WaitAccept(ctx, b.Auth, "", []byte(nasSecret), user, e.fx.Passwords[user], 15*time.Second); err != nil {
		t.Fatalf("instance B: %v", err)
	}
	ws := "ws://" + b.HTTP + "/graphql"
	r := newRouter(ctx, t, b.Acct, user)
	var report []string
	for _, w := range withdrawals(ctx, t, e.fx.Token) {
		tok := w.subject(e.srv)
		sub := liveSubscription(ctx, t, ws, tok, r)
		w.withdraw(e.srv, tok)
		reason, took := expectNothingThenForbidden(ctx, t, sub, r, crossGrace)
		sub.Close()
		if !strings.Contains(reason, w.reason) {
			t.Errorf("%s: close reason %q, want … %s", w.name, reason, w.reason)
		}
		report = append(report, fmt.Sprintf("%s on A: nothing delivered on B, closed 4403 after %v", w.name, took.Round(time.Millisecond)))
	}
	fmt.Printf("subscriptions end with their authorisation across instances:\n  %s\n", strings.Join(report, "\n  "))
}
