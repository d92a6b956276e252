package security

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// ceiling is store.MaxCounter: no stored counter or sum goes above 2^53 − 1.
const ceiling = 1<<53 - 1

// lineRate is the fastest a session may grow a counter: 10 Gbit/s, in bytes per second.
const lineRate = 10_000_000_000 / 8

// capLimit is the data cap of the capped plan the tests move customers onto.
const capLimit = 1_000_000

// counterEnv is a `linedesk serve` on PostgreSQL or SQLite with a scheduler ticking every
// second, its fixture, direct SQL access to its database, and a capped plan.
type counterEnv struct {
	*env
	st     *store.Store // the server's database, opened by the test
	kind   string
	capped string // global ID of the capped plan
}

func startCounters(t *testing.T, kind, prefix string, n int) *counterEnv {
	t.Helper()
	dsn := testutil.DSN(t, kind)
	e := &env{srv: kit.Watch(t.Name(), testutil.StartServer(t, dsn, "LINEDESK_TICK=1s"))}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e.db = st.DB
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if e.fx, err = kit.Setup(ctx, e.srv, "127.0.0.1", nasSecret, prefix, n); err != nil {
		t.Fatalf("setup: %v\n%s", err, tail(e.srv.Logs()))
	}
	ce := &counterEnv{env: e, st: st, kind: kind}
	var prof struct{ CreateProfile struct{ ID string } }
	ce.gql(t, `mutation($n:String!,$l:Int!){createProfile(input:{name:$n,downloadKbps:20000,uploadKbps:5000,validityDays:30,price:150000,dataLimitBytes:$l}){id}}`,
		map[string]any{"n": "Capped " + prefix, "l": capLimit}, &prof)
	ce.capped = prof.CreateProfile.ID
	return ce
}

func (e *counterEnv) gql(t *testing.T, query string, vars map[string]any, out any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := kit.GQL(ctx, e.srv, e.fx.Token, query, vars, out); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Fields(query)[0], err, tail(e.srv.Logs()))
	}
}

// moveToCapped puts user on the capped plan.
func (e *counterEnv) moveToCapped(t *testing.T, user string) {
	t.Helper()
	e.gql(t, `mutation($id:ID!,$p:ID!){changeCustomerProfile(id:$id,profileID:$p){customer{id}}}`,
		map[string]any{"id": e.fx.CustomerIDs[user], "p": e.capped}, nil)
}

// acct sends one Accounting-Request and fails unless it is answered within 10 s.
func (e *counterEnv) acct(t *testing.T, status rfc2866.AcctStatusType, user, sid string, in, out uint64, stime uint32) {
	t.Helper()
	p := client.NewAccountingRequest([]byte(nasSecret), status, user, sid)
	client.SetCounters(p, in, out, stime)
	ctx := context.Background()
	if _, err := kit.SendFrom(ctx, "", e.srv.Acct, p, client.VerifyAccounting(p), 500*time.Millisecond, 10*time.Second); err != nil {
		t.Fatalf("%v for %s/%s (%d/%d bytes) was not answered: %v\n%s", status, user, sid, in, out, err, tail(e.srv.Logs()))
	}
}

func (e *counterEnv) customerID(t *testing.T, user string) int {
	t.Helper()
	var id int
	if err := e.db.QueryRow(fmt.Sprintf("SELECT id FROM customers WHERE username = '%s'", user)).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

// waitCapped waits up to 15 s for the data-cap job to mark user's customer capped.
func (e *counterEnv) waitCapped(t *testing.T, user string) {
	t.Helper()
	id := e.customerID(t, user)
	deadline := time.Now().Add(15 * time.Second)
	for {
		var capped bool
		err := e.db.QueryRow(fmt.Sprintf("SELECT cap_applied FROM customers WHERE id = %d", id)).Scan(&capped)
		if err == nil && capped {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the data-cap job never capped %s (%v)\n%s", user, err, tail(e.srv.Logs()))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// access sends a PAP Access-Request for user and returns the reply code.
func (e *counterEnv) access(t *testing.T, user string) radius.Code {
	t.Helper()
	p, verify, err := client.NewAccessRequest([]byte(nasSecret), client.PAP, user, e.fx.Passwords[user])
	if err != nil {
		t.Fatal(err)
	}
	reply, err := kit.SendFrom(context.Background(), "", e.srv.Auth, p, verify, 500*time.Millisecond, 5*time.Second)
	if err != nil {
		t.Fatalf("Access-Request for %s: %v", user, err)
	}
	return reply.Code
}

// checkServed proves that the reads and jobs the issue found broken work: the customers
// list with usage, customer(id), renewCustomer (after a payment), both CSV exports, and a
// snapshot refresh (suspending bystander reaches RADIUS).
func (e *counterEnv) checkServed(t *testing.T, victim, bystander string) {
	t.Helper()
	var list struct {
		Customers struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					Username string
					Usage    struct{ BytesIn, BytesOut int64 }
				}
			}
		}
	}
	e.gql(t, `{customers(first:100){totalCount edges{node{username usage{bytesIn bytesOut}}}}}`, nil, &list)
	if list.Customers.TotalCount != len(e.fx.Usernames) {
		t.Errorf("customers list: %d customers, want %d", list.Customers.TotalCount, len(e.fx.Usernames))
	}
	for _, edge := range list.Customers.Edges {
		if u := edge.Node.Usage; u.BytesIn > ceiling || u.BytesOut > ceiling || u.BytesIn < 0 || u.BytesOut < 0 {
			t.Errorf("customers list: %s's usage %d/%d is outside [0, 2^53)", edge.Node.Username, u.BytesIn, u.BytesOut)
		}
	}
	var one struct{ Customer struct{ Username string } }
	e.gql(t, `query($id:ID!){customer(id:$id){username usage{bytesIn bytesOut limitBytes}}}`, map[string]any{"id": e.fx.CustomerIDs[victim]}, &one)
	if one.Customer.Username != victim {
		t.Errorf("customer(id) of %s returned %q", victim, one.Customer.Username)
	}
	e.gql(t, `mutation($id:ID!,$r:String!){recordPayment(input:{customerID:$id,amount:150000,method:"cash",reference:$r}){id}}`,
		map[string]any{"id": e.fx.CustomerIDs[victim], "r": "ovf-" + kit.RandomPrefix()}, nil)
	var renewed struct {
		RenewCustomer struct {
			Usage struct{ BytesIn, BytesOut int64 }
		}
	}
	e.gql(t, `mutation($id:ID!){renewCustomer(id:$id){usage{bytesIn bytesOut}}}`, map[string]any{"id": e.fx.CustomerIDs[victim]}, &renewed)
	if u := renewed.RenewCustomer.Usage; u.BytesIn != 0 || u.BytesOut != 0 {
		t.Errorf("renewCustomer left usage %d/%d, want a new period", u.BytesIn, u.BytesOut)
	}
	var exp struct{ ExportCustomers string }
	e.gql(t, `{exportCustomers}`, nil, &exp)
	if !strings.Contains(exp.ExportCustomers, victim) {
		t.Errorf("exportCustomers does not list %s", victim)
	}
	e.gql(t, `mutation($id:ID!){suspendCustomer(id:$id){id}}`, map[string]any{"id": e.fx.CustomerIDs[bystander]}, nil)
	deadline := time.Now().Add(5 * time.Second)
	for e.access(t, bystander) != radius.CodeAccessReject {
		if time.Now().After(deadline) {
			t.Fatalf("the snapshot never saw %s suspended\n%s", bystander, tail(e.srv.Logs()))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestAccountingCounterOverflow replays issue 13's attack on PostgreSQL and SQLite: one
// customer's router sends, for three sessions, Interim-Updates and Stops carrying the largest
// counters RADIUS can (octets and gigawords 0xffffffff). Every record is answered, each
// stored session grew by no more than 10 Gbit/s over its time (plus 5 s), the period usage is
// the sum of its sessions, the clamps are counted on /metrics, the data-cap job still caps a
// customer of the same plan who crossed the cap with ordinary traffic, and the customers list,
// customer(id), renewCustomer, the CSV export and the snapshot refresh all work.
func TestAccountingCounterOverflow(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			e := startCounters(t, kind, "ovf", 3)
			victim, near, bystander := e.fx.Usernames[0], e.fx.Usernames[1], e.fx.Usernames[2]
			e.moveToCapped(t, victim)
			e.moveToCapped(t, near)
			before, err := kit.Scrape(context.Background(), e.srv.HTTP)
			if err != nil {
				t.Fatal(err)
			}

			began := time.Now()
			const most = math.MaxUint64
			for i := range 3 {
				sid := fmt.Sprintf("max-%d", i)
				e.acct(t, rfc2866.AcctStatusType_Value_Start, victim, sid, 0, 0, 0)
				e.acct(t, rfc2866.AcctStatusType_Value_InterimUpdate, victim, sid, most, most, 300)
				e.acct(t, rfc2866.AcctStatusType_Value_Stop, victim, sid, most, most, 600)
			}
			bound := int64(lineRate * (time.Since(began).Seconds() + 5))
			e.acct(t, rfc2866.AcctStatusType_Value_Start, near, "near-1", 0, 0, 0)
			e.acct(t, rfc2866.AcctStatusType_Value_Stop, near, "near-1", capLimit/2, capLimit/2+1, 60)

			id := e.customerID(t, victim)
			time.Sleep(kit.RollUpBound) // period usage is rolled up from the sessions within it
			var sumIn, sumOut, period [2]int64
			if err := e.db.QueryRow(fmt.Sprintf("SELECT COALESCE(SUM(bytes_in),0), COALESCE(SUM(bytes_out),0), COALESCE(MAX(bytes_in),0), COALESCE(MAX(bytes_out),0) FROM sessions WHERE customer_id = %d", id)).
				Scan(&sumIn[0], &sumOut[0], &sumIn[1], &sumOut[1]); err != nil {
				t.Fatal(err)
			}
			if err := e.db.QueryRow(fmt.Sprintf("SELECT period_bytes_in, period_bytes_out FROM customers WHERE id = %d", id)).Scan(&period[0], &period[1]); err != nil {
				t.Fatalf("reading the victim's period usage: %v", err)
			}
			if sumIn[1] > bound || sumOut[1] > bound || sumIn[1] <= 0 {
				t.Errorf("a session stored %d/%d bytes, want each within (0, %d] (10 Gbit/s for the %v the test took, plus 5 s)", sumIn[1], sumOut[1], bound, time.Since(began).Round(time.Millisecond))
			}
			if period[0] != sumIn[0] || period[1] != sumOut[0] {
				t.Errorf("period usage %v, want the sum of the sessions %d/%d", period, sumIn[0], sumOut[0])
			}

			e.waitCapped(t, near)
			e.waitCapped(t, victim)
			after, err := kit.Scrape(context.Background(), e.srv.HTTP)
			if err != nil {
				t.Fatal(err)
			}
			clamped := after.Sum("linedesk_radius_acct_counters_clamped_total", kit.Label("reason", "above_line_rate")) -
				before.Sum("linedesk_radius_acct_counters_clamped_total", kit.Label("reason", "above_line_rate"))
			if clamped < 6 {
				t.Errorf("linedesk_radius_acct_counters_clamped_total{reason=above_line_rate} grew by %v, want at least 6", clamped)
			}
			e.checkServed(t, victim, bystander)
			fmt.Printf("counter overflow (%s): 9 records with maximal counters answered; sessions stored at most %d bytes (bound %d), period %d/%d, %v clamps counted; %s capped by the job\n",
				kind, max(sumIn[1], sumOut[1]), bound, period[0], period[1], clamped, near)
		})
	}
}

// TestPoisonedCountersServed starts linedesk on PostgreSQL and SQLite databases where the old
// code's overflow had already stored usage out of range (written with SQL while the server
// is stopped, as that code would have: the largest bigint on PostgreSQL, a REAL 1.38e19 on
// SQLite, in a customer's period usage and daily usage). After the restart the server
// starts, that customer's new accounting is answered, the data-cap job caps another customer
// of the same plan, and the customers list, customer(id), renewCustomer, the CSV export and
// the snapshot refresh all work. Then, as an old build still running beside this one in a
// rolling upgrade would, SQL writes such values again while the server runs (after its
// migration repaired the first ones), into the customer's period usage, the counters of its
// closed and open sessions, its daily usage and a monthly row: the customers list (usage,
// current session), customer(id) with usage, sessions and daily usage, node(id), the
// sessions list, both CSV exports, suspending, resuming and editing the customer, a payment,
// and the reminders job all still work and read every counter within [0, 2^53).
func TestPoisonedCountersServed(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			e := startCounters(t, kind, "poi", 3)
			victim, near, bystander := e.fx.Usernames[0], e.fx.Usernames[1], e.fx.Usernames[2]
			e.moveToCapped(t, victim)
			e.moveToCapped(t, near)
			vid, nid := e.customerID(t, victim), e.customerID(t, near)
			e.srv.Stop()

			bad := "9223372036854775807"
			if kind == testutil.SQLite {
				bad = "1.3835058055282164e19"
			}
			day := time.Now().UTC().Format("2006-01-02")
			for _, q := range []string{
				fmt.Sprintf("UPDATE customers SET period_bytes_in = %s, period_bytes_out = %s WHERE id = %d", bad, bad, vid),
				fmt.Sprintf("INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) VALUES (%d, '%s', %s, %s)", vid, day, bad, bad),
				fmt.Sprintf("UPDATE customers SET period_bytes_in = %d, period_bytes_out = %d WHERE id = %d", capLimit/2, capLimit/2+1, nid),
			} {
				if _, err := e.db.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			e.srv.Restart()

			e.acct(t, rfc2866.AcctStatusType_Value_Start, victim, "p-1", 0, 0, 0)
			e.acct(t, rfc2866.AcctStatusType_Value_Stop, victim, "p-1", 1000, 2000, 60)
			var in, out int64
			if err := e.db.QueryRow(fmt.Sprintf("SELECT period_bytes_in, period_bytes_out FROM customers WHERE id = %d", vid)).Scan(&in, &out); err != nil || in != ceiling || out != ceiling {
				t.Errorf("the poisoned customer's period usage reads %d/%d (%v), want %d/%d", in, out, err, int64(ceiling), int64(ceiling))
			}
			e.waitCapped(t, near)
			e.checkServed(t, victim, bystander)
			e.servePoisonedWhileRunning(t, e.st, victim)
			fmt.Printf("poisoned database (%s): served after restart (period usage repaired to %d/%d) and with counters poisoned while running\n", kind, in, out)
		})
	}
}
