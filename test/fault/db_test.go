package fault

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/test/fault/kit"
)

// TestDatabaseOutage cuts PostgreSQL off (every connection dropped, new ones refused for
// four seconds) and later terminates linedesk's backends, both in the middle of a router's
// sustained accounting and authentication load. Accounting must end exactly as the router
// sent it, authentication must keep answering from the snapshot, the AuthEvents of the
// outage must be written afterwards, and GraphQL must say UNAVAILABLE meanwhile.
func TestDatabaseOutage(t *testing.T) {
	const acctCustomers, authCustomers = 40, 10
	e := start(t, true, "dbf", acctCustomers+authCustomers)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()

	acctUsers := e.fx.Usernames[:0:0]
	authUsers := map[string]string{}
	for i, u := range sortedUsers(e.fx) {
		if i == acctCustomers+authCustomers-1 {
			continue // Setup's Access-Requests for the last customer logged events of their own
		}
		if i < acctCustomers {
			acctUsers = append(acctUsers, u)
		} else {
			authUsers[u] = e.fx.Passwords[u]
		}
	}
	acct := &kit.AcctLoad{Addr: e.srv.Acct, Secret: []byte(nasSecret), Users: acctUsers, Prefix: "dbf-" + kit.RandomPrefix(),
		Sessions: 2, Interims: 25, Pause: 200 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 60 * time.Second}
	auth := &kit.AuthLoad{Addr: e.srv.Auth, Secret: []byte(nasSecret), Users: authUsers, Workers: 2,
		Pause: 20 * time.Millisecond, Retry: 300 * time.Millisecond, Timeout: 3 * time.Second, Max: 5000}

	authCtx, stopAuth := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); auth.Run(authCtx) }()
	acctDone := make(chan error, 1)
	go func() { acctDone <- acct.Run(ctx) }()

	// Fault 1: the database is unreachable for four seconds.
	time.Sleep(3 * time.Second)
	outageStart := time.Now()
	dropped := e.proxy.Cut()
	t.Logf("database cut off: %d proxied connections dropped", dropped)
	codes := map[string]int{}
	var sample string
	for time.Since(outageStart) < 4*time.Second {
		qctx, qcancel := context.WithTimeout(ctx, 10*time.Second)
		code, msg, err := gqlCode(qctx, e.srv, e.fx.Token, `{customers(first:5){totalCount edges{node{id username}}}}`)
		qcancel()
		switch {
		case err != nil:
			codes["transport error: "+err.Error()]++
		case code == "":
			codes["no error"]++
		default:
			codes[code]++
			if code != "UNAVAILABLE" && sample == "" {
				sample = msg
			}
		}
		time.Sleep(250 * time.Millisecond)
	}
	e.proxy.Restore()
	outageEnd := time.Now()
	t.Logf("database back after %v; GraphQL answers during the outage: %v", outageEnd.Sub(outageStart).Round(time.Millisecond), codes)

	// Fault 2: an administrator (or a PostgreSQL restart) terminates every backend.
	time.Sleep(3 * time.Second)
	terminated, err := kit.TerminateBackends(ctx, e.db)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("pg_terminate_backend: %d backends of the test database ended", terminated)

	if err := <-acctDone; err != nil {
		t.Errorf("accounting load: %v", err)
	}
	stopAuth()
	wg.Wait()

	// GraphQL is back.
	var back bool
	for i := 0; i < 40 && !back; i++ {
		code, _, err := gqlCode(ctx, e.srv, e.fx.Token, `{customers(first:1){totalCount}}`)
		back = err == nil && code == ""
		if !back {
			time.Sleep(250 * time.Millisecond)
		}
	}
	if !back {
		t.Errorf("GraphQL did not recover after the database came back\n%s", tail(e.srv.Logs()))
	}

	// Accounting: every session stored once with the router's last counters.
	rows, err := kit.SessionRows(ctx, e.db, acct.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	rep := kit.CheckAccounting(acct.States(), rows)
	sent, tx, answered, gaveUp := acct.Counters()
	usageChecked, usageProblems, err := kit.UsageMismatches(ctx, e.db, acctUsers)
	if err != nil {
		t.Fatal(err)
	}
	// Authentication: answered during the outage, and AuthEvents written afterwards.
	results := auth.Results()
	all := kit.Tally(results, time.Time{}, time.Time{})
	during := kit.Tally(results, outageStart, outageEnd)
	answeredAuth := all[kit.Accept] + all[kit.Reject]
	authUserList := make([]string, 0, len(authUsers))
	for u := range authUsers {
		authUserList = append(authUserList, u)
	}
	var events int
	for i := 0; i < 60; i++ {
		events, err = kit.Count(ctx, e.db, `SELECT count(*) FROM auth_events WHERE username = ANY($1)`, pqList(authUserList))
		if err != nil {
			t.Fatal(err)
		}
		if events >= answeredAuth {
			break
		}
		time.Sleep(500 * time.Millisecond)
	}
	// The same event twice (same user and instant): a batch written again after a commit
	// whose answer was lost.
	dupEvents, err := kit.Count(ctx, e.db, `SELECT count(*) - count(DISTINCT (username, created_at, method))
		FROM auth_events WHERE username = ANY($1)`, pqList(authUserList))
	if err != nil {
		t.Fatal(err)
	}
	m, err := kit.Scrape(ctx, e.srv.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	evDropped := int(m.Sum("linedesk_radius_authevents_total", kit.Label("result", "dropped")))

	// Nothing can be committed while the database is unreachable, so nothing may be
	// acknowledged then (after a grace for commits that completed as the cut began).
	ackedInOutage := acct.AckedBetween(outageStart.Add(500*time.Millisecond), outageEnd)
	fmt.Printf("database outage: accounting: %d Accounting-Responses received while the database was unreachable\n", ackedInOutage)
	if ackedInOutage > 0 {
		t.Errorf("%d accounting requests were acknowledged while the database was unreachable (acknowledged before commit)", ackedInOutage)
	}
	fmt.Printf("database outage: accounting: %s sent, %s stored, %d duplicated, %d lost, %d wrong, %s datagrams (%s retransmissions), %d unanswered; "+
		"usage of %d customers checked, %d wrong; 1 cut of %v + pg_terminate_backend of %d backends\n",
		thousands(sent), thousands(int64(rep.Stored)), rep.Duplicated, rep.Lost, rep.Wrong, thousands(tx), thousands(tx-sent), gaveUp,
		usageChecked, len(usageProblems), outageEnd.Sub(outageStart).Round(100*time.Millisecond), terminated)
	fmt.Printf("database outage: authentication: %d requests, %d accepted, %d rejected, %d unanswered; during the outage %d accepted, %d rejected, %d unanswered; "+
		"auth events stored %d of %d answered (%d duplicated, %d dropped by the queue); GraphQL during the outage: %v\n",
		len(results), all[kit.Accept], all[kit.Reject], all[kit.NoAnswer], during[kit.Accept], during[kit.Reject], during[kit.NoAnswer],
		events, answeredAuth, dupEvents, evDropped, codes)

	if !rep.OK() || answered != sent {
		t.Errorf("accounting after the outage: %s (sent %d, answered %d)", rep, sent, answered)
	}
	if len(usageProblems) > 0 {
		t.Errorf("period usage not counted exactly once:\n  %s", strings.Join(usageProblems, "\n  "))
	}
	if during[kit.Accept] == 0 {
		t.Errorf("no Access-Request was accepted during the outage")
	}
	if during[kit.Reject]+during[kit.NoAnswer] > 0 || all[kit.Reject]+all[kit.NoAnswer] > 0 {
		t.Errorf("existing customers were refused or unanswered: during the outage %d rejected, %d unanswered; overall %d rejected, %d unanswered",
			during[kit.Reject], during[kit.NoAnswer], all[kit.Reject], all[kit.NoAnswer])
		if rows, err := e.db.QueryContext(ctx, `SELECT username, method, reason, detail, created_at FROM auth_events
			WHERE result = 'REJECT' AND username = ANY($1) ORDER BY id LIMIT 10`, pqList(authUserList)); err == nil {
			for rows.Next() {
				var u, m, r, d string
				var at time.Time
				_ = rows.Scan(&u, &m, &r, &d, &at)
				t.Logf("rejected: %s %s %s %q at %s", u, m, r, d, at.Format(time.RFC3339Nano))
			}
			rows.Close()
		}
	}
	if events != answeredAuth-evDropped || evDropped != 0 {
		t.Errorf("auth events: %d stored for %d answered requests (%d of them duplicates, %d dropped by the queue), want one each",
			events, answeredAuth, dupEvents, evDropped)
	}
	if codes["UNAVAILABLE"] == 0 || len(codes) != 1 {
		t.Errorf("GraphQL during the outage answered %v, want only extensions.code UNAVAILABLE (e.g. %q)", codes, sample)
	}
	if e.srv.Exited() {
		t.Errorf("linedesk serve exited during the outage\n%s", tail(e.srv.Logs()))
	}
}

func sortedUsers(f *kit.Fixture) []string {
	out := append([]string(nil), f.Usernames...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}

// pqList is a text[] literal.
func pqList(ss []string) string {
	return "{" + strings.Join(ss, ",") + "}"
}
