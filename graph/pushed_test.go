package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// The dashboard's subscriptions (frontend/src/lib/live.ts, features/customer/live.ts), with
// its fragments spelled out.
const (
	statusSub  = `subscription($c: ID) { connectionStatusChanged(customerId: $c) { id connectionStatus status expiresAt } }`
	sessionSub = `subscription($c: ID) { sessionUpdated(customerId: $c) { id customerID open startedAt ...Row ...Current } }
fragment Row on Session { id acctSessionId framedIp callingStationId startedAt updatedAt stoppedAt sessionTime bytesIn bytesOut terminateCause open nas { id name } }
fragment Current on Session { id framedIp callingStationId startedAt updatedAt sessionTime bytesIn bytesOut open nas { id name } }`
	// wideSub asks for a field no event carries: it must read.
	wideSub = `subscription { sessionUpdated { id customer { phone } } }`
)

// TestSubscriptionsReadNothingPerDelivery opens N subscribers of each of the dashboard's
// subscriptions and publishes M session events carrying their rows (as accounting does):
// every subscriber receives every event with the values the event carries, and the database
// is asked nothing for them. A subscription selecting more than events carry still reads
// (so the count is real).
func TestSubscriptionsReadNothingPerDelivery(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) { readNothingPerDelivery(t, newWSEnv(t, kind)) })
	}
}

func readNothingPerDelivery(t *testing.T, w *wsEnv) {
	const n, m = 4, 20
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cid := fmt.Sprint(w.cust)
	var statuses, sessions []*testutil.Subscription
	for range n {
		statuses = append(statuses, w.open(ctx, statusSub, cid))
		sessions = append(sessions, w.open(ctx, sessionSub, cid))
	}
	w.warmUp(append(append([]*testutil.Subscription{}, statuses...), sessions...))

	rc := countReads(w.st.Client)
	evs := w.sessionEvents(m)
	reads := rc.during(func() {
		for _, e := range evs {
			w.bus.Publish(e)
		}
		for _, sub := range sessions {
			got := receive(t, sub, m)
			last := got[m-1]["sessionUpdated"]
			if last["open"] != false || last["bytesIn"] != float64(1000*(m-1)) || last["terminateCause"] != "User-Request" ||
				last["nas"].(map[string]any)["name"] == "" {
				t.Errorf("last session delivered: %v", last)
			}
		}
		for _, sub := range statuses {
			got := receive(t, sub, 2) // the start and the stop
			if a, b := got[0]["connectionStatusChanged"]["connectionStatus"], got[1]["connectionStatusChanged"]["connectionStatus"]; a != "ONLINE" || b != "OFFLINE" {
				t.Errorf("connection statuses delivered: %v then %v, want ONLINE then OFFLINE", a, b)
			}
		}
	})
	for typ, k := range reads {
		if typ == "Customer" || typ == "Session" || typ == "Nas" {
			t.Errorf("%d deliveries read %d %s rows; want none", n*(m+2), k, typ)
		}
	}

	wide := w.open(ctx, wideSub, "")
	w.warmUp([]*testutil.Subscription{wide})
	reads = rc.during(func() {
		w.bus.Publish(evs[1])
		receive(t, wide, 1)
	})
	if reads["Customer"] == 0 {
		t.Errorf("a subscription selecting the session's customer read %v; want the customer read", reads)
	}
}

// open subscribes to query for customer id ("" for all) as the admin.
func (w *wsEnv) open(ctx context.Context, query, id string) *testutil.Subscription {
	w.t.Helper()
	var vars map[string]any
	if id != "" {
		vars = map[string]any{"c": id}
	}
	sub, err := testutil.Subscribe(ctx, w.url, "", w.admin, query, vars)
	if err != nil {
		w.t.Fatalf("subscribing: %v", err)
	}
	w.t.Cleanup(sub.Close)
	return sub
}

// warmUp publishes the customer's state until every subscription has delivered it, then
// drains what they received.
func (w *wsEnv) warmUp(subs []*testutil.Subscription) {
	w.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for i := 0; i < len(subs); {
		if time.Now().After(deadline) {
			w.t.Fatalf("%d of %d subscriptions delivered nothing within 10 s", len(subs)-i, len(subs))
		}
		w.bus.Publish(w.sessionEvents(2)[0])
		select {
		case <-subs[i].Next:
			i++
		case err := <-subs[i].Err:
			w.t.Fatalf("subscription ended: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(300 * time.Millisecond)
	for _, sub := range subs {
		for len(sub.Next) > 0 {
			<-sub.Next
		}
	}
}

// sessionEvents are the events accounting publishes for the test session: started, m-2
// Interims, stopped; each carries the row and the customer's state as they would be stored.
func (w *wsEnv) sessionEvents(m int) []events.Event {
	w.t.Helper()
	ctx := context.Background()
	row := w.st.Client.Session.Query().Where(session.ID(w.sess)).WithNas().OnlyX(ctx)
	state, err := store.CustomerState(ctx, w.st.Client, w.cust)
	if err != nil {
		w.t.Fatal(err)
	}
	var out []events.Event
	for i := range m {
		kind := events.SessionUpdated
		row.BytesIn, row.Open, state.Online = int64(1000*i), true, true
		switch i {
		case 0:
			kind = events.SessionStarted
		case m - 1:
			kind = events.SessionStopped
			cause, at := "User-Request", row.UpdatedAt.Add(time.Minute)
			row.Open, row.TerminateCause, row.StoppedAt, state.Online = false, &cause, &at, false
		}
		c := *state
		out = append(out, events.Event{Kind: kind, SessionID: row.ID, CustomerID: w.cust, NasID: row.NasID,
			Session: store.SessionPayload(row, row.Edges.Nas.Name), Customer: &c})
	}
	return out
}

// receive waits for k deliveries of sub.
func receive(t *testing.T, sub *testutil.Subscription, k int) []map[string]map[string]any {
	t.Helper()
	var out []map[string]map[string]any
	for len(out) < k {
		select {
		case data := <-sub.Next:
			var v map[string]map[string]any
			if err := json.Unmarshal(data, &v); err != nil {
				t.Fatal(err)
			}
			out = append(out, v)
		case err := <-sub.Err:
			t.Fatalf("subscription ended after %d of %d deliveries: %v", len(out), k, err)
		case <-time.After(10 * time.Second):
			t.Fatalf("%d of %d deliveries within 10 s", len(out), k)
		}
	}
	return out
}
