package security

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// overflowed is a counter as an old build's overflow stored it: the largest bigint on
// PostgreSQL, a REAL 1.38e19 on SQLite (which no integer scan reads); negated for a counter
// that wrapped below zero.
func overflowed(kind string, negative bool) string {
	v := "9223372036854775807"
	if kind == testutil.SQLite {
		v = "1.3835058055282164e19"
	}
	if negative {
		return "-" + v
	}
	return v
}

// poisonWhileServing writes overflowed counters with SQL while the server runs, as an old build
// still running beside it in a rolling upgrade would after this build's migration repaired
// them: customer id's period usage, the byte counters of its sessions (one open), its daily
// and a monthly usage row.
func (e *counterEnv) poisonWhileServing(t *testing.T, id int) {
	t.Helper()
	e.poisonPeriod(t, id)
	bad, neg := overflowed(e.kind, false), overflowed(e.kind, true)
	for _, q := range []string{
		fmt.Sprintf("UPDATE sessions SET bytes_in = %s, bytes_out = %s WHERE customer_id = %d", bad, neg, id),
		fmt.Sprintf("UPDATE usage_dailies SET bytes_in = %s, bytes_out = %s WHERE customer_id = %d", bad, bad, id),
		fmt.Sprintf("INSERT INTO usage_monthlies (customer_id, month, bytes_in, bytes_out) VALUES (%d, '2020-01', %s, %s)", id, bad, bad),
	} {
		if _, err := e.db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// poisonPeriod writes an overflowed period usage into customer id, as poisonWhileServing does.
func (e *counterEnv) poisonPeriod(t *testing.T, id int) {
	t.Helper()
	bad := overflowed(e.kind, false)
	q := fmt.Sprintf("UPDATE customers SET period_bytes_in = %s, period_bytes_out = %s WHERE id = %d", bad, bad, id)
	if _, err := e.db.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// bounded reports a counter outside [0, 2^53).
func bounded(t *testing.T, what string, v int64) {
	t.Helper()
	if v < 0 || v > ceiling {
		t.Errorf("%s is %d, outside [0, 2^53)", what, v)
	}
}

// counters is a byte counter pair as GraphQL shows it.
type counters struct{ BytesIn, BytesOut int64 }

// checkServedPoisoned proves that the reads of the poisoned customer work and read its
// counters bounded: the customers list with usage, current session and sessions, customer(id)
// with usage, sessions and daily usage, node(id), the sessions list, both CSV exports, and
// suspending, resuming, editing it and recording a payment (each answering with its usage).
func (e *counterEnv) checkServedPoisoned(t *testing.T, victim string) {
	t.Helper()
	e.checkListPoisoned(t, victim)
	e.checkCustomerPoisoned(t, victim)
	var exp struct{ ExportCustomers string }
	e.gql(t, `{exportCustomers}`, nil, &exp)
	if !strings.Contains(exp.ExportCustomers, victim) {
		t.Errorf("exportCustomers does not list %s", victim)
	}
	if csv := e.exportHTTP(t); !strings.Contains(csv, victim) {
		t.Errorf("GET /export/customers.csv does not list %s:\n%s", victim, csv)
	}
	e.checkMutationsPoisoned(t, victim)
}

// checkListPoisoned reads the customers list with usage, current session and sessions (under
// a list, sessions(first:) is loaded for all customers at once: entgql's LimitPerRow).
func (e *counterEnv) checkListPoisoned(t *testing.T, victim string) {
	t.Helper()
	var list struct {
		Customers struct {
			Edges []struct {
				Node struct {
					Username         string
					ConnectionStatus string
					Usage            counters
					CurrentSession   *counters
					Sessions         struct{ Edges []struct{ Node counters } }
				}
			}
		}
	}
	e.gql(t, `{customers(first:100){edges{node{username connectionStatus usage{bytesIn bytesOut} currentSession{bytesIn bytesOut}
		sessions(first:5){edges{node{bytesIn bytesOut}}}}}}}`, nil, &list)
	found := false
	for _, edge := range list.Customers.Edges {
		n := edge.Node
		bounded(t, "customers list: "+n.Username+"'s usage in", n.Usage.BytesIn)
		bounded(t, "customers list: "+n.Username+"'s usage out", n.Usage.BytesOut)
		for _, s := range n.Sessions.Edges {
			bounded(t, "customers list: a session's bytes in", s.Node.BytesIn)
			bounded(t, "customers list: a session's bytes out", s.Node.BytesOut)
		}
		if n.Username != victim {
			continue
		}
		found = true
		if len(n.Sessions.Edges) < 2 {
			t.Errorf("customers list: %s has %d sessions, want 2 or more", victim, len(n.Sessions.Edges))
		}
		if n.Usage.BytesIn != ceiling || n.ConnectionStatus != "ONLINE" || n.CurrentSession == nil {
			t.Errorf("customers list: %s is %s with usage %d and session %v, want ONLINE, %d and its open session", victim, n.ConnectionStatus, n.Usage.BytesIn, n.CurrentSession, int64(ceiling))
		} else if s := n.CurrentSession; s.BytesIn != ceiling || s.BytesOut != 0 {
			t.Errorf("customers list: %s's current session reads %d/%d, want %d/0", victim, s.BytesIn, s.BytesOut, int64(ceiling))
		}
	}
	if !found {
		t.Errorf("customers list: %s missing", victim)
	}
}

// checkCustomerPoisoned reads customer(id) with usage, sessions and daily usage, node(id) and
// the sessions list.
func (e *counterEnv) checkCustomerPoisoned(t *testing.T, victim string) {
	t.Helper()
	var one struct {
		Customer struct {
			Usage    counters
			Sessions struct{ Edges []struct{ Node counters } }
			Daily    []counters `json:"dailyUsage"`
		}
		Node     struct{ Usage counters }
		Sessions struct{ Edges []struct{ Node counters } }
	}
	e.gql(t, `query($id:ID!){customer(id:$id){usage{bytesIn bytesOut} sessions(first:10){edges{node{bytesIn bytesOut}}} dailyUsage(days:7){bytesIn bytesOut}}
		node(id:$id){... on Customer{usage{bytesIn bytesOut}}} sessions(first:100){edges{node{bytesIn bytesOut}}}}`,
		map[string]any{"id": e.fx.CustomerIDs[victim]}, &one)
	bounded(t, "customer(id) usage in", one.Customer.Usage.BytesIn)
	bounded(t, "node(id) usage in", one.Node.Usage.BytesIn)
	if len(one.Customer.Sessions.Edges) < 2 || len(one.Customer.Daily) == 0 {
		t.Errorf("customer(id): %d sessions and %d days, want 2 or more and 1 or more", len(one.Customer.Sessions.Edges), len(one.Customer.Daily))
	}
	for _, s := range append(one.Customer.Sessions.Edges, one.Sessions.Edges...) {
		bounded(t, "a session's bytes in", s.Node.BytesIn)
		bounded(t, "a session's bytes out", s.Node.BytesOut)
	}
	for _, d := range one.Customer.Daily {
		bounded(t, "daily usage in", d.BytesIn)
		bounded(t, "daily usage out", d.BytesOut)
	}
}

// checkMutationsPoisoned suspends, resumes and edits the customer and records a payment,
// each after poisoning its period usage afresh (each writes the row and reads it back).
func (e *counterEnv) checkMutationsPoisoned(t *testing.T, victim string) {
	t.Helper()
	for _, m := range []struct{ name, op string }{
		{"suspendCustomer", `mutation($id:ID!){suspendCustomer(id:$id){usage{bytesIn bytesOut}}}`},
		{"resumeCustomer", `mutation($id:ID!){resumeCustomer(id:$id){usage{bytesIn bytesOut}}}`},
		{"updateCustomer", `mutation($id:ID!){updateCustomer(id:$id,input:{fullName:"Poisoned Counters"}){usage{bytesIn bytesOut}}}`},
		{"recordPayment", `mutation($id:ID!,$r:String!){recordPayment(input:{customerID:$id,amount:100,method:"cash",reference:$r}){customer{usage{bytesIn bytesOut}}}}`},
	} {
		var out map[string]struct {
			Usage    counters
			Customer struct{ Usage counters }
		}
		e.poisonPeriod(t, e.customerID(t, victim))
		vars := map[string]any{"id": e.fx.CustomerIDs[victim]}
		if strings.Contains(m.op, "$r") {
			vars["r"] = "live-" + kit.RandomPrefix()
		}
		e.gql(t, m.op, vars, &out)
		bounded(t, m.name+"'s usage in", max(out[m.name].Usage.BytesIn, out[m.name].Customer.Usage.BytesIn))
	}
}

// exportHTTP downloads GET /export/customers.csv.
func (e *counterEnv) exportHTTP(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+e.srv.HTTP+"/export/customers.csv", nil)
	req.Header.Set("Authorization", "Bearer "+e.fx.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET /export/customers.csv: HTTP %d", resp.StatusCode)
	}
	return string(raw)
}

// smsGateway is an HTTP SMS gateway on loopback recording the phone numbers it was sent.
type smsGateway struct {
	*httptest.Server
	mu     sync.Mutex
	phones []string
}

func newSMSGateway(t *testing.T) *smsGateway {
	g := &smsGateway{}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		g.phones = append(g.phones, r.URL.Query().Get("to"))
		g.mu.Unlock()
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *smsGateway) got(phone string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, p := range g.phones {
		if p == phone {
			return true
		}
	}
	return false
}

// prepareReminder points the SMS gateway setting at gw and makes user's subscription end
// within a day with nothing paid ahead, so a reminder is due.
func (e *counterEnv) prepareReminder(t *testing.T, gw *smsGateway, user string) {
	t.Helper()
	e.gql(t, `mutation($u:String!){updateSettings(input:[{key:"allow_private_targets",value:"true"},{key:"sms_gateway_url",value:$u}]){key}}`,
		map[string]any{"u": gw.URL + "/send?to={{phone}}&text={{message}}"}, nil)
	e.gql(t, `mutation($id:ID!,$t:Time!){updateCustomer(id:$id,input:{expiresAt:$t}){id}}`,
		map[string]any{"id": e.fx.CustomerIDs[user], "t": time.Now().Add(20 * time.Hour).UTC().Format(time.RFC3339)}, nil)
}

// checkReminded runs the reminders job (notify's Enqueue, as the server's scheduler does, in
// this process on the server's database) and then delivery until gw receives user's reminder.
func (e *counterEnv) checkReminded(t *testing.T, st *store.Store, gw *smsGateway, user string) {
	t.Helper()
	var phone string
	if err := e.db.QueryRow(fmt.Sprintf("SELECT phone FROM customers WHERE id = %d", e.customerID(t, user))).Scan(&phone); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	n := notify.New(st, testutil.Box(t), slog.New(slog.DiscardHandler))
	if _, err := n.Enqueue(ctx, time.Now()); err != nil {
		t.Fatalf("the reminders job failed: %v", err)
	}
	deadline := time.Now().Add(20 * time.Second)
	for !gw.got(phone) {
		if time.Now().After(deadline) {
			t.Fatalf("no reminder reached the SMS gateway for %s\n%s", user, tail(e.srv.Logs()))
		}
		if _, err := n.Deliver(ctx, time.Now()); err != nil {
			t.Fatalf("delivering reminders: %v", err)
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// servePoisonedWhileRunning is the rolling-upgrade half of TestPoisonedCountersServed: victim
// (with a closed and an open session) gets overflowed counters written while the server runs,
// and every read and the reminders job must still work.
func (e *counterEnv) servePoisonedWhileRunning(t *testing.T, st *store.Store, victim string) {
	t.Helper()
	gw := newSMSGateway(t)
	e.prepareReminder(t, gw, victim)
	e.acct(t, rfc2866.AcctStatusType_Value_Start, victim, "p-2", 0, 0, 0)
	e.poisonWhileServing(t, e.customerID(t, victim))
	e.checkServedPoisoned(t, victim)
	e.checkReminded(t, st, gw, victim)
}
