package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
)

// wsEnv is a test API served over a real listener, for WebSockets.
type wsEnv struct {
	*env
	url   string
	nasID int
	sess  int
	cust  int
}

func newWSEnv(t *testing.T, kind string) *wsEnv {
	t.Helper()
	e := newEnvOn(t, kind, false)
	h := NewHandler(Deps{Store: e.st, Box: testutil.Box(t), Bus: e.bus,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	w := &wsEnv{env: e, url: "ws" + strings.TrimPrefix(srv.URL, "http") + "/graphql"}
	c := e.customer("ws.user", "0712000077", e.profile("Home", 30, nil))
	w.cust = atoi(t, c.ID)
	w.nasID = makeNas(t, e.st)
	w.sess = openSession(t, e.st, w.cust, w.nasID).ID
	return w
}

// subscribe opens a sessionUpdated subscription with token and checks it delivers.
func (w *wsEnv) subscribe(ctx context.Context, token string) *testutil.Subscription {
	w.t.Helper()
	sub, err := testutil.Subscribe(ctx, w.url, "", token, `subscription { sessionUpdated { id bytesIn } }`, nil)
	if err != nil {
		w.t.Fatalf("subscribing: %v", err)
	}
	tick := time.NewTicker(100 * time.Millisecond) // until the subscription listens
	defer tick.Stop()
	deadline := time.After(5 * time.Second)
	for {
		w.interim()
		select {
		case <-sub.Next:
			// Let what was published before it listened arrive: every event from now on is
			// published after the test's next step.
			for quiet := time.After(300 * time.Millisecond); ; {
				select {
				case <-sub.Next:
					quiet = time.After(300 * time.Millisecond)
					continue
				case <-quiet:
				}
				break
			}
			return sub
		case err := <-sub.Err:
			w.t.Fatalf("subscription ended before its first event: %v", err)
		case <-deadline:
			w.t.Fatal("no event delivered to a valid subscription")
		case <-tick.C:
		}
	}
}

// interim publishes what RADIUS accounting publishes for an Interim-Update.
func (w *wsEnv) interim() {
	w.bus.Publish(events.Event{Kind: events.SessionUpdated, SessionID: w.sess, CustomerID: w.cust, NasID: w.nasID})
}

// expectClosed sends Interims while waiting: the subscription must deliver none of them
// (unless periodic: the withdrawal is only found by the periodic check) and be closed with
// 4403 within 5 s. It returns the close reason.
func (w *wsEnv) expectClosed(sub *testutil.Subscription, periodic bool) string {
	w.t.Helper()
	w.interim()
	deadline := time.After(5 * time.Second)
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case data := <-sub.Next:
			if !periodic {
				w.t.Fatalf("an event was delivered after the authorisation ended: %s", data)
			}
		case err := <-sub.Err:
			var ce websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != CloseForbidden {
				w.t.Fatalf("socket ended with %v, want close code %d", err, CloseForbidden)
			}
			return ce.Reason
		case <-tick.C:
			w.interim()
		case <-deadline:
			w.t.Fatal("the socket was not closed within 5 s")
		}
	}
}

func (w *wsEnv) staffLogin(name string, role auth.Role) (string, int) {
	w.t.Helper()
	s, err := auth.CreateStaff(context.Background(), w.st.Client, name, "correct-horse-1", role)
	if err != nil {
		w.t.Fatal(err)
	}
	return w.login(name, "correct-horse-1"), s.ID
}

// TestSocketClosesWhenAuthorisationEnds subscribes, withdraws the subscriber's authorisation
// in each way there is, and sends more session events: none may be delivered, and the socket
// must be closed with 4403 and a reason within 5 s.
func TestSocketClosesWhenAuthorisationEnds(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) { socketClosesWhenAuthorisationEnds(t, newWSEnv(t, kind)) })
	}
}

func socketClosesWhenAuthorisationEnds(t *testing.T, w *wsEnv) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	gid := func(id int) string { return fmt.Sprint(id) }
	cases := []struct {
		name   string
		reason string
		token  func() (token string, withdraw func(token string))
	}{
		{"logout", "revoked", func() (string, func(string)) {
			tok, _ := w.staffLogin("ws-logout", auth.Viewer)
			return tok, func(tok string) { w.ok(nil, tok, `mutation { logout }`) }
		}},
		{"revokeApiToken", "revoked", func() (string, func(string)) {
			var out struct {
				CreateAPIToken struct {
					Token    string
					APIToken struct{ ID string } `json:"apiToken"`
				} `json:"createApiToken"`
			}
			w.ok(&out, w.admin, `mutation { createApiToken(name:"ws-crm", role:VIEWER){ token apiToken{ id } } }`)
			return out.CreateAPIToken.Token, func(string) {
				w.ok(nil, w.admin, `mutation($id:ID!){ revokeApiToken(id:$id){ id } }`, "id", out.CreateAPIToken.APIToken.ID)
			}
		}},
		{"staff disabled", "disabled", func() (string, func(string)) {
			tok, id := w.staffLogin("ws-disabled", auth.Operator)
			return tok, func(string) {
				w.ok(nil, w.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{disabled:true}){ id } }`, "id", gid(id))
			}
		}},
		{"role lowered", "role", func() (string, func(string)) {
			tok, id := w.staffLogin("ws-demoted", auth.Admin)
			return tok, func(string) {
				w.ok(nil, w.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{role:VIEWER}){ id } }`, "id", gid(id))
			}
		}},
		{"password changed", "revoked", func() (string, func(string)) {
			tok, id := w.staffLogin("ws-newpass", auth.Viewer)
			return tok, func(string) {
				w.ok(nil, w.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{password:"another-horse-2"}){ id } }`, "id", gid(id))
			}
		}},
		{"token expired (no event: the periodic check)", "expired", func() (string, func(string)) {
			tok, id := w.staffLogin("ws-expired", auth.Viewer)
			return tok, func(string) {
				_, err := w.st.DB.ExecContext(ctx, `UPDATE api_tokens SET expires_at = $1 WHERE staff_id = $2`, time.Now().Add(-time.Minute), id)
				if err != nil {
					w.t.Fatal(err)
				}
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			parent := w.env.t
			w.env.t = t // the helpers report on the subtest
			defer func() { w.env.t = parent }()
			tok, withdraw := tc.token()
			sub := w.subscribe(ctx, tok)
			defer sub.Close()
			began := time.Now()
			withdraw(tok)
			reason := w.expectClosed(sub, strings.HasPrefix(tc.name, "token expired"))
			t.Logf("closed after %v: %q", time.Since(began).Round(time.Millisecond), reason)
			prefix := "Unauthenticated: "
			if tc.name == "role lowered" {
				prefix = "Forbidden: "
			}
			if !strings.HasPrefix(reason, prefix) || !strings.Contains(reason, tc.reason) {
				t.Errorf("close reason %q, want %s… %s", reason, prefix, tc.reason)
			}
		})
	}
}

// TestSocketStaysOpenWhileAuthorised: an unrelated revocation, a promotion and the periodic
// check leave a valid socket open and delivering.
func TestSocketStaysOpenWhileAuthorised(t *testing.T) {
	w := newWSEnv(t, testutil.Postgres)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	tok, id := w.staffLogin("ws-stays", auth.Operator)
	sub := w.subscribe(ctx, tok)
	defer sub.Close()
	other, _ := w.staffLogin("ws-other", auth.Viewer)
	w.ok(nil, other, `mutation { logout }`)
	w.ok(nil, w.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{role:ADMIN}){ id } }`, "id", fmt.Sprint(id))
	time.Sleep(RecheckEvery + 500*time.Millisecond)
	w.interim()
	select {
	case <-sub.Next:
	case err := <-sub.Err:
		t.Fatalf("a valid socket was closed: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("a valid socket stopped delivering")
	}
}

// TestSocketInitRefusedWith4403: a connection_init without a valid token is closed with 4403
// (graphql-transport-ws), not 1000, which clients would retry.
func TestSocketInitRefusedWith4403(t *testing.T) {
	w := newWSEnv(t, testutil.Postgres)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	revoked, _ := w.staffLogin("ws-gone", auth.Viewer)
	w.ok(nil, revoked, `mutation { logout }`)
	for name, tok := range map[string]string{"no token": "", "unknown token": "ldt_not-a-token", "revoked token": revoked} {
		_, err := testutil.Subscribe(ctx, w.url, "", tok, `subscription { sessionUpdated { id } }`, nil)
		var ce websocket.CloseError
		if !errors.As(err, &ce) || ce.Code != CloseForbidden {
			t.Errorf("%s: connection_init answered %v, want close code %d", name, err, CloseForbidden)
		}
	}
}
