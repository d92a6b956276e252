package portal_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPortalTokenEnds: a sign-in ends on every path that must end it, and only the
// customer's own.
func TestPortalTokenEnds(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		for _, tc := range []struct {
			name string
			end  func(t *testing.T, tok string, id int)
		}{
			{"logout", func(t *testing.T, tok string, _ int) {
				var out struct{ PortalLogout bool }
				e.must(tok, `mutation{portalLogout}`, nil, &out)
				if !out.PortalLogout {
					t.Fatal("portalLogout must answer true")
				}
			}},
			{"staff set the password", func(t *testing.T, _ string, id int) {
				e.mustStaff(e.staff, `mutation($id:ID!){setCustomerPassword(id:$id,password:"Set-By-Staff-55"){generatedPassword}}`,
					map[string]any{"id": strconv.Itoa(id)}, nil)
			}},
			{"suspended", func(t *testing.T, _ string, id int) {
				e.mustStaff(e.staff, `mutation($id:ID!){suspendCustomer(id:$id){status}}`, map[string]any{"id": strconv.Itoa(id)}, nil)
			}},
			{"disabled (deleted with ledger history)", func(t *testing.T, _ string, id int) {
				if _, _, err := e.custs.Delete(e.staffCtx(), id); err != nil {
					t.Fatal(err)
				}
			}},
			{"deleted", func(t *testing.T, _ string, id int) {
				if deleted, _, err := e.custs.Delete(e.staffCtx(), id); err != nil || !deleted {
					t.Fatalf("delete: %v %v", deleted, err)
				}
			}},
			{"staff ended the portal sessions", func(t *testing.T, _ string, id int) {
				if n, err := e.custs.EndPortalSessions(e.staffCtx(), id); err != nil || n != 1 {
					t.Fatalf("ended %d: %v", n, err)
				}
			}},
			{"expired", func(t *testing.T, _ string, _ int) { e.clock.add(31 * 24 * time.Hour) }},
		} {
			t.Run(tc.name, func(t *testing.T) {
				user := strings.NewReplacer(" ", "", "(", "", ")", "").Replace(tc.name)
				if len(user) > 20 {
					user = user[:20]
				}
				cu := e.customer(e.staffCtx(), strings.ToLower(user), "Some-Pass-1234", "+2547000"+strconv.Itoa(10000+len(tc.name)*7), "X")
				if strings.HasPrefix(tc.name, "disabled") {
					if _, err := e.bill.Adjust(e.staffCtx(), cu.ID, 100, "history"); err != nil {
						t.Fatal(err)
					}
				}
				tok := e.login(strings.ToLower(user), "Some-Pass-1234")
				aliceTok := e.login("alice", alicePW)
				if !e.signedIn(tok) {
					t.Fatal("not signed in")
				}
				tc.end(t, tok, cu.ID)
				if e.signedIn(tok) {
					t.Fatal("the sign-in still works")
				}
				if tc.name != "expired" && !e.signedIn(aliceTok) {
					t.Fatal("another customer's sign-in ended too")
				}
			})
		}
	})
}

// TestPortalReadOnlyWhileSuspended: a sign-in while suspended reads, and every action is
// refused with the reason.
func TestPortalReadOnlyWhileSuspended(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		if _, err := e.custs.Suspend(e.staffCtx(), e.alice.ID); err != nil {
			t.Fatal(err)
		}
		tok := e.login("alice", alicePW)
		var out struct {
			Me struct {
				Status      string
				Restriction *string
				Balance     int64
			}
		}
		e.must(tok, `{me{status restriction balance}}`, nil, &out)
		if out.Me.Status != "SUSPENDED" || out.Me.Restriction == nil || !strings.Contains(*out.Me.Restriction, "suspended") || out.Me.Balance != 200000 {
			t.Fatalf("read-only reads: %+v", out)
		}
		for _, op := range []string{
			`mutation{changePassword(current:"` + alicePW + `",new:"Another-One-77"){message}}`,
			`mutation{setPassword(new:"Another-One-77"){message}}`,
			`mutation{renew{balance}}`,
			`mutation{setAutoRenew(on:true){autoRenew}}`,
			`mutation{changePlan(profileID:"` + strconv.Itoa(e.home20.ID) + `"){appliedNow}}`,
			`mutation{requestPhoneChange(phone:"+254799000111")}`,
			`mutation{confirmPhoneChange(phone:"+254799000111",code:"123456"){phone}}`,
			`mutation{updateEmail(email:"a@b.example"){email}}`,
		} {
			g := e.refused(e.portal(tok, op, nil, nil), "FORBIDDEN", op)
			if !strings.Contains(g.Message, "suspended") {
				t.Fatalf("%s: the refusal says why: %q", op, g.Message)
			}
		}
		// resumed: the read-only sign-in still may not act, a new one may
		if _, err := e.custs.Resume(e.staffCtx(), e.alice.ID); err != nil {
			t.Fatal(err)
		}
		e.refused(e.portal(tok, `mutation{setAutoRenew(on:true){autoRenew}}`, nil, nil), "FORBIDDEN", "read-only sign-in after resume")
		e.must(e.login("alice", alicePW), `mutation{setAutoRenew(on:true){autoRenew}}`, nil, nil)
	})
}

// TestPortalSessionUpdated: the subscription delivers the subscriber's own sessions only, and
// the socket closes with 4403 when the sign-in ends.
func TestPortalSessionUpdated(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		now := e.clock.now()
		mine, err := st.Client.Session.Create().SetAcctKey("a").SetAcctSessionID("alice-live").SetUsername("alice").SetCustomerID(e.alice.ID).
			SetNasID(e.nasID).SetOpen(true).SetStartedAt(now).SetUpdatedAt(now).SetBytesOut(42).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := st.Client.Session.Create().SetAcctKey("b").SetAcctSessionID("bob-live").SetUsername("bob").SetCustomerID(e.bob.ID).
			SetNasID(e.nasID).SetOpen(true).SetStartedAt(now).SetUpdatedAt(now).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		tok := e.login("alice", alicePW)
		url := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/portal/graphql"
		sub, err := testutil.Subscribe(ctx, url, "", tok, `subscription{sessionUpdated{acctSessionID bytesOut open}}`, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer sub.Close()
		// a staff token cannot open the portal's socket
		if _, err := testutil.Subscribe(ctx, url, "", e.staff, `subscription{sessionUpdated{acctSessionID}}`, nil); err == nil {
			t.Fatal("a staff token opened the portal's WebSocket")
		}
		time.Sleep(200 * time.Millisecond)
		e.bus.Publish(events.Event{Kind: events.SessionUpdated, CustomerID: e.bob.ID, SessionID: theirs.ID})
		e.bus.Publish(events.Event{Kind: events.SessionUpdated, CustomerID: e.alice.ID, SessionID: mine.ID})
		select {
		case got := <-sub.Next:
			if !strings.Contains(string(got), "alice-live") {
				t.Fatalf("first delivery is not alice's own session: %s", got)
			}
		case err := <-sub.Err:
			t.Fatal(err)
		case <-ctx.Done():
			t.Fatal("no delivery")
		}
		var out struct{ PortalLogout bool }
		e.must(tok, `mutation{portalLogout}`, nil, &out)
		e.bus.Publish(events.Event{Kind: events.SessionUpdated, CustomerID: e.alice.ID, SessionID: mine.ID})
		select {
		case got := <-sub.Next:
			t.Fatalf("delivered after the sign-in ended: %s", got)
		case err := <-sub.Err:
			if websocket.CloseStatus(err) != 4403 {
				t.Fatalf("closed with %v, want 4403", err)
			}
		case <-ctx.Done():
			t.Fatal("the socket stayed open after logout")
		}
	})
}

// TestPortalLastUsed: a sign-in's use is recorded on the customer (portal_last_used_at) at
// most once a minute per token.
func TestPortalLastUsed(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		lastUsed := func() time.Time {
			cu, err := st.Client.Customer.Get(context.Background(), e.alice.ID)
			if err != nil || cu.PortalLastUsedAt == nil {
				t.Fatalf("portal_last_used_at: %v %v", err, cu)
			}
			return *cu.PortalLastUsedAt
		}
		tok := e.login("alice", alicePW)
		signedInAt := lastUsed()
		e.clock.add(30 * time.Second)
		e.signedIn(tok)
		if !lastUsed().Equal(signedInAt) {
			t.Fatal("recorded again within a minute")
		}
		e.clock.add(time.Minute)
		e.signedIn(tok)
		if got := lastUsed(); !got.Equal(e.clock.now()) {
			t.Fatalf("a use after a minute: %v, want %v", got, e.clock.now())
		}
	})
}
