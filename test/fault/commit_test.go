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

// TestLostCommitAcknowledgements makes PostgreSQL commit transactions whose answer never
// reaches linedesk (the proxy drops the connection after forwarding COMMIT), 30 times over a
// load of accounting, authentication and payments. Whatever linedesk retries after such an
// ambiguous commit must not be applied twice: accounting ends exactly as the router sent it,
// one AuthEvent per answered request, every acknowledged payment exactly once, every balance
// equal to its ledger.
func TestLostCommitAcknowledgements(t *testing.T) {
	e := start(t, true, "ack", 36)
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	users := sortedUsers(e.fx)
	acctUsers, authUsers, payUsers := users[:20], map[string]string{}, users[30:35]
	for _, u := range users[20:30] {
		authUsers[u] = e.fx.Passwords[u]
	}
	acct := &kit.AcctLoad{Addr: e.srv.Acct, Secret: []byte(nasSecret), Users: acctUsers, Prefix: "ack-" + kit.RandomPrefix(),
		Sessions: 2, Interims: 20, Pause: 150 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 60 * time.Second}
	auth := &kit.AuthLoad{Addr: e.srv.Auth, Secret: []byte(nasSecret), Users: authUsers, Workers: 2,
		Pause: 20 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 5 * time.Second, Max: 5000}
	var payIDs []string
	for _, u := range payUsers {
		payIDs = append(payIDs, e.fx.CustomerIDs[u])
	}
	pay := &payer{srv: e.srv, token: e.fx.Token, customers: payIDs}

	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(3)
	go func() { defer wg.Done(); auth.Run(loadCtx) }()
	go func() { defer wg.Done(); pay.run(loadCtx, 0) }()
	go func() { defer wg.Done(); pay.run(loadCtx, 1) }()
	acctDone := make(chan error, 1)
	go func() { acctDone <- acct.Run(ctx) }()

	const faults = 30
	time.Sleep(time.Second)
	for i := 0; i < faults; i++ {
		e.proxy.LoseCommitAcks(1)
		time.Sleep(300 * time.Millisecond)
	}
	if err := <-acctDone; err != nil {
		t.Errorf("accounting load: %v", err)
	}
	stopLoad()
	wg.Wait()
	lost := e.proxy.CommitAcksLost.Load()

	// Payments whose outcome the client never learned are retried with the same reference.
	pay.mu.Lock()
	payments := append([]*payment(nil), pay.payments...)
	pay.mu.Unlock()
	for _, pm := range payments {
		for i := 0; !pm.acked && pm.refused == "" && i < 20; i++ {
			if !pay.once(ctx, pm) {
				time.Sleep(200 * time.Millisecond)
			}
		}
	}

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
	results := auth.Results()
	all := kit.Tally(results, time.Time{}, time.Time{})
	answeredAuth := all[kit.Accept] + all[kit.Reject]
	authList := make([]string, 0, len(authUsers))
	for u := range authUsers {
		authList = append(authList, u)
	}
	var events int
	for i := 0; i < 40; i++ {
		if events, err = kit.Count(ctx, e.db, `SELECT count(*) FROM auth_events WHERE username = ANY($1)`, pqList(authList)); err != nil {
			t.Fatal(err)
		}
		if events >= answeredAuth {
			break
		}
		time.Sleep(250 * time.Millisecond)
	}
	time.Sleep(time.Second) // a late duplicate would show now
	events, _ = kit.Count(ctx, e.db, `SELECT count(*) FROM auth_events WHERE username = ANY($1)`, pqList(authList))
	dupEvents, err := kit.Count(ctx, e.db, `SELECT count(*) - count(DISTINCT (username, created_at, method)) FROM auth_events WHERE username = ANY($1)`, pqList(authList))
	if err != nil {
		t.Fatal(err)
	}
	var acked, missing, dup int
	var payProblems []string
	for _, pm := range payments {
		n, err := kit.Count(ctx, e.db, `SELECT count(*) FROM transactions WHERE method='mpesa' AND reference=$1`, pm.reference)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case pm.acked && n != 1:
			payProblems = append(payProblems, fmt.Sprintf("acknowledged payment %s stored %d times", pm.reference, n))
		case pm.refused != "":
			payProblems = append(payProblems, fmt.Sprintf("payment %s refused: %s", pm.reference, pm.refused))
		case n > 1:
			payProblems = append(payProblems, fmt.Sprintf("payment %s stored %d times", pm.reference, n))
		}
		if pm.acked {
			acked++
		}
		if n == 0 && pm.acked {
			missing++
		}
		if n > 1 {
			dup++
		}
	}
	badBalances, err := kit.Count(ctx, e.db, `SELECT count(*) FROM customers c
		WHERE c.balance <> COALESCE((SELECT sum(amount) FROM transactions t WHERE t.customer_id = c.id), 0)`)
	if err != nil {
		t.Fatal(err)
	}

	fmt.Printf("lost commit acknowledgements: %d armed, %d COMMITs executed without their answer reaching linedesk\n", faults, lost)
	fmt.Printf("lost commit acknowledgements: accounting: %s sent, %s retransmissions, %d unanswered; %s; usage of %d customers, %d wrong\n",
		thousands(sent), thousands(tx-sent), gaveUp, rep, usageChecked, len(usageProblems))
	fmt.Printf("lost commit acknowledgements: authentication: %d requests, %d accepted, %d rejected, %d unanswered; auth events %d stored for %d answered, %d duplicated\n",
		len(results), all[kit.Accept], all[kit.Reject], all[kit.NoAnswer], events, answeredAuth, dupEvents)
	fmt.Printf("lost commit acknowledgements: payments: %d attempted (%d requests, %d with unknown outcome retried), %d acknowledged, %d missing, %d duplicated; %d balances ≠ ledger\n",
		len(payments), pay.sent.Load(), pay.unknown.Load(), acked, missing, dup, badBalances)

	if lost == 0 {
		t.Errorf("no COMMIT lost its acknowledgement: the fault was not exercised")
	}
	if !rep.OK() || answered != sent {
		t.Errorf("accounting: %s (sent %d, answered %d)", rep, sent, answered)
	}
	if len(usageProblems) > 0 {
		t.Errorf("usage counted more than once:\n  %s", strings.Join(usageProblems, "\n  "))
	}
	if all[kit.Reject]+all[kit.NoAnswer] > 0 {
		t.Errorf("authentication: %d rejected, %d unanswered", all[kit.Reject], all[kit.NoAnswer])
	}
	if dupEvents > 0 || events != answeredAuth {
		t.Errorf("auth events: %d stored for %d answered requests, %d duplicated (written again after a commit whose answer was lost)", events, answeredAuth, dupEvents)
	}
	if len(payProblems) > 0 || badBalances > 0 || acked == 0 {
		t.Errorf("payments (%d acknowledged, %d balances ≠ ledger):\n  %s", acked, badBalances, strings.Join(payProblems, "\n  "))
	}
}
