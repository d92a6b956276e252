package fault

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// payment is one recordPayment the client attempted.
type payment struct {
	customer, reference string
	amount              int
	acked               bool // the client saw it succeed
	refused             string
}

// payer records payments with unique references until stopped; a payment whose answer was
// lost (the process died) is retried with the same reference, as a payment gateway does.
type payer struct {
	srv       *testutil.Server
	token     string
	customers []string // global IDs
	mu        sync.Mutex
	payments  []*payment
	sent      atomic.Int64
	unknown   atomic.Int64
}

const payQ = `mutation($c:ID!,$a:Int!,$r:String!){recordPayment(input:{customerID:$c,amount:$a,method:"mpesa",reference:$r}){id amount}}`

func (p *payer) once(ctx context.Context, pm *payment) (done bool) {
	p.sent.Add(1)
	qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	errs, err := p.srv.GraphQL(qctx, p.token, payQ, map[string]any{"c": pm.customer, "a": pm.amount, "r": pm.reference}, nil)
	switch {
	case err != nil:
		p.unknown.Add(1) // connection refused or reset: the outcome is unknown
		return false
	case len(errs) > 0:
		code, _ := errs[0].Extensions["code"].(string)
		if code == "UNAVAILABLE" || code == "INTERNAL_SERVER_ERROR" {
			p.unknown.Add(1)
			return false
		}
		pm.refused = code + ": " + errs[0].Message
		return true
	default:
		pm.acked = true
		return true
	}
}

func (p *payer) run(ctx context.Context, worker int) {
	for i := 0; ctx.Err() == nil; i++ {
		pm := &payment{customer: p.customers[(worker+i)%len(p.customers)], reference: fmt.Sprintf("K%d-%d-%s", worker, i, testutil.RandomHex(3)), amount: 100 + i}
		p.mu.Lock()
		p.payments = append(p.payments, pm)
		p.mu.Unlock()
		for !p.once(ctx, pm) && ctx.Err() == nil {
			time.Sleep(100 * time.Millisecond)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSIGKILLUnderLoad kills `linedesk serve` with SIGKILL while a router sends accounting
// and a gateway records payments, and restarts it: no acknowledged accounting is lost, open
// sessions are still open, every acknowledged payment exists exactly once and every balance
// equals the sum of its ledger.
func TestSIGKILLUnderLoad(t *testing.T) {
	e := start(t, false, "kil", 40, "LINEDESK_TICK=500ms")
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	users := sortedUsers(e.fx)
	gate := kit.NewGate()
	// Customers 0-14 keep their session open at the end; their router holds back new requests
	// while linedesk is down, so what was acknowledged before the kill can be checked alone.
	// Customers 15-29 hang up at the end; their router keeps sending and retransmitting
	// through the restart. Customers 30-37 pay. The subscriptions of 38 and 39 run out while
	// linedesk is down: the scheduler must catch up after the restart.
	open := &kit.AcctLoad{Addr: e.srv.Acct, Secret: []byte(nasSecret), Users: users[:15], Prefix: "kilo-" + kit.RandomPrefix(),
		Sessions: 1, Interims: 40, Pause: 150 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 90 * time.Second, LeaveOpen: true, Gate: gate}
	closed := &kit.AcctLoad{Addr: e.srv.Acct, Secret: []byte(nasSecret), Users: users[15:30], Prefix: "kilc-" + kit.RandomPrefix(),
		Sessions: 2, Interims: 18, Pause: 150 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 90 * time.Second}
	var payIDs []string
	for _, u := range users[30:38] {
		payIDs = append(payIDs, e.fx.CustomerIDs[u])
	}
	pay := &payer{srv: e.srv, token: e.fx.Token, customers: payIDs}

	errc := make(chan error, 2)
	for _, l := range []*kit.AcctLoad{open, closed} {
		go func() { errc <- l.Run(ctx) }()
	}
	payCtx, stopPay := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() { defer wg.Done(); pay.run(payCtx, w) }()
	}

	time.Sleep(3 * time.Second)
	e.srv.Kill()
	killedAt := time.Now()
	gate.Close() // open's router retransmits what is in flight, but sends nothing new
	openAtKillStates := open.States()
	atKill := append(append([]kit.SessionState(nil), openAtKillStates...), closed.States()...)
	expiring := users[38:]
	if _, err := e.db.ExecContext(ctx, `UPDATE customers SET expires_at = now() - interval '1 minute', auto_renew = false
		WHERE username = ANY($1)`, pqList(expiring)); err != nil {
		t.Fatal(err)
	}
	e.srv.Restart()
	restartedAt := time.Now()
	t.Logf("SIGKILL, restarted in %v", time.Since(killedAt).Round(time.Millisecond))

	// Before anything new arrives: what was acknowledged is stored, open sessions are open.
	rows := map[string][]kit.SessionRow{}
	for _, p := range []string{open.Prefix, closed.Prefix} {
		r, err := kit.SessionRows(ctx, e.db, p)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range r {
			rows[k] = v
		}
	}
	checked, problems := kit.CheckNotBehind(atKill, rows)
	// (Only the held-back router's sessions: the other router may hang up right after the restart.)
	openAtKill, stillOpen := 0, 0
	for _, st := range openAtKillStates {
		if st.Acked > 0 && !st.Stopped {
			openAtKill++
			if r := rows[st.ID]; len(r) == 1 && r[0].Open {
				stillOpen++
			}
		}
	}
	gate.Open()

	// The scheduler catches up: the subscriptions that ran out while linedesk was down are
	// enforced (expiry_enforced_at set) soon after the restart.
	var enforced int
	var caughtUp time.Duration
	for time.Since(restartedAt) < 30*time.Second {
		n, err := kit.Count(ctx, e.db, `SELECT count(*) FROM customers WHERE username = ANY($1) AND expiry_enforced_at IS NOT NULL`, pqList(expiring))
		if err != nil {
			t.Fatal(err)
		}
		if enforced = n; n == len(expiring) {
			caughtUp = time.Since(restartedAt)
			break
		}
		time.Sleep(200 * time.Millisecond)
	}

	for range 2 {
		if err := <-errc; err != nil {
			t.Errorf("accounting load: %v", err)
		}
	}
	stopPay()
	wg.Wait()
	// Retry the payments whose outcome the client never learned, with the same reference.
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

	// Final accounting state.
	final := map[string][]kit.SessionRow{}
	for _, p := range []string{open.Prefix, closed.Prefix} {
		r, err := kit.SessionRows(ctx, e.db, p)
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range r {
			final[k] = v
		}
	}
	rep := kit.CheckAccounting(append(open.States(), closed.States()...), final)
	s1, tx1, a1, g1 := open.Counters()
	s2, tx2, a2, g2 := closed.Counters()
	usageChecked, usageProblems, err := kit.UsageMismatches(ctx, e.db, users[:30])
	if err != nil {
		t.Fatal(err)
	}

	// Payments: acknowledged ones exist exactly once; balances equal their ledgers.
	var acked, refused, missing, dup int
	var payProblems []string
	for _, pm := range payments {
		n, err := kit.Count(ctx, e.db, `SELECT count(*) FROM transactions WHERE method='mpesa' AND reference=$1`, pm.reference)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case pm.acked:
			acked++
			if n != 1 {
				payProblems = append(payProblems, fmt.Sprintf("acknowledged payment %s stored %d times", pm.reference, n))
				if n == 0 {
					missing++
				} else {
					dup++
				}
			}
		case pm.refused != "":
			refused++
			payProblems = append(payProblems, fmt.Sprintf("payment %s refused: %s", pm.reference, pm.refused))
		case n > 1:
			dup++
			payProblems = append(payProblems, fmt.Sprintf("unacknowledged payment %s stored %d times", pm.reference, n))
		}
	}
	badBalances, err := kit.Count(ctx, e.db, `SELECT count(*) FROM customers c
		WHERE c.balance <> COALESCE((SELECT sum(amount) FROM transactions t WHERE t.customer_id = c.id), 0)`)
	if err != nil {
		t.Fatal(err)
	}
	halfWritten, err := kit.Count(ctx, e.db, `SELECT count(*) FROM transactions t WHERE t.balance_after <>
		(SELECT sum(amount) FROM transactions u WHERE u.customer_id = t.customer_id AND u.id <= t.id)`)
	if err != nil {
		t.Fatal(err)
	}
	customers, _ := kit.Count(ctx, e.db, `SELECT count(*) FROM customers`)

	// Sessions left open are still online after the restart, through the API too.
	var online struct {
		Customer struct {
			ConnectionStatus string
			CurrentSession   *struct{ AcctSessionID string }
		}
	}
	if err := kit.GQL(ctx, e.srv, e.fx.Token, `query($id:ID!){customer(id:$id){connectionStatus currentSession{acctSessionId}}}`,
		map[string]any{"id": e.fx.CustomerIDs[users[0]]}, &online); err != nil {
		t.Errorf("customer query after restart: %v", err)
	}

	fmt.Printf("SIGKILL: accounting: %s sent, %s stored sessions, %d duplicated, %d lost, %d wrong, %s retransmissions, %d unanswered; "+
		"at the kill %d sessions acknowledged: %d behind the DB; %d open (held-back router): %d still open after restart; usage of %d customers, %d wrong\n",
		thousands(s1+s2), thousands(int64(rep.Stored)), rep.Duplicated, rep.Lost, rep.Wrong, thousands(tx1+tx2-s1-s2), g1+g2,
		checked, len(problems), openAtKill, stillOpen, usageChecked, len(usageProblems))
	fmt.Printf("SIGKILL: payments: %d attempted (%d requests, %d with unknown outcome retried), %d acknowledged, %d refused, %d missing, %d duplicated; "+
		"%d customers with balance ≠ ledger sum, %d transactions with a wrong balance_after (of %d customers)\n",
		len(payments), pay.sent.Load(), pay.unknown.Load(), acked, refused, missing, dup, badBalances, halfWritten, customers)

	fmt.Printf("SIGKILL: scheduler: %d of %d subscriptions that ran out while linedesk was down enforced %v after the restart\n",
		enforced, len(expiring), caughtUp.Round(100*time.Millisecond))
	if enforced != len(expiring) {
		t.Errorf("the scheduler did not catch up: %d of %d expiries enforced within 30 s of the restart", enforced, len(expiring))
	}
	if len(problems) > 0 {
		t.Errorf("acknowledged accounting lost by SIGKILL:\n  %s", strings.Join(problems, "\n  "))
	}
	if stillOpen != openAtKill || openAtKill == 0 {
		t.Errorf("%d of %d open sessions still open after the restart", stillOpen, openAtKill)
	}
	if !rep.OK() || a1+a2 != s1+s2 {
		t.Errorf("accounting after the restart: %s", rep)
	}
	if len(usageProblems) > 0 {
		t.Errorf("usage:\n  %s", strings.Join(usageProblems, "\n  "))
	}
	if len(payProblems) > 0 || acked == 0 {
		t.Errorf("payments (%d acknowledged):\n  %s", acked, strings.Join(payProblems, "\n  "))
	}
	if badBalances > 0 || halfWritten > 0 {
		t.Errorf("%d balances differ from their ledger, %d transactions carry a wrong balance_after", badBalances, halfWritten)
	}
	if online.Customer.ConnectionStatus != "ONLINE" || online.Customer.CurrentSession == nil {
		t.Errorf("customer with a session left open is %+v after the restart, want ONLINE with its session", online.Customer)
	}
}

// TestSIGTERMDrains sends a burst of Interim-Updates (each sent once) and SIGTERM right after:
// every request sent before the signal is committed and answered before the process exits.
func TestSIGTERMDrains(t *testing.T) {
	const sessions, perSession = 20, 20
	e := start(t, false, "trm", sessions)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	users := sortedUsers(e.fx)
	prefix := "trm-" + kit.RandomPrefix()
	// Open the sessions first.
	startLoad := &kit.AcctLoad{Addr: e.srv.Acct, Secret: []byte(nasSecret), Users: users, Prefix: prefix, Interims: 0, LeaveOpen: true}
	if err := startLoad.Run(ctx); err != nil {
		t.Fatal(err)
	}

	type sock struct {
		conn    *net.UDPConn
		reqs    map[byte]*radius.Packet
		in      map[byte]uint64
		answers atomic.Int64
		maxIn   atomic.Uint64
	}
	raddr, _ := net.ResolveUDPAddr("udp", e.srv.Acct)
	socks := make([]*sock, sessions)
	for i := range socks {
		c, err := net.DialUDP("udp", nil, raddr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		s := &sock{conn: c, reqs: map[byte]*radius.Packet{}, in: map[byte]uint64{}}
		socks[i] = s
		for k := 1; k <= perSession; k++ {
			id := fmt.Sprintf("%s%05d", prefix, i)
			p := client.NewAccountingRequest([]byte(nasSecret), rfc2866.AcctStatusType_Value_InterimUpdate, users[i], id,
				client.String(rfc2865.NASIdentifier_Type, "fault-router"))
			client.SetCounters(p, uint64(k)*1000, uint64(k)*5000, uint32(k))
			p.Identifier = byte(k)
			s.reqs[byte(k)] = p
			s.in[byte(k)] = uint64(k) * 1000
		}
	}
	var readers sync.WaitGroup
	var stopReading atomic.Bool
	for _, s := range socks {
		readers.Add(1)
		go func() {
			defer readers.Done()
			buf := make([]byte, 4096)
			for {
				_ = s.conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
				n, err := s.conn.Read(buf)
				if err != nil {
					var ne net.Error
					if errors.As(err, &ne) && ne.Timeout() && stopReading.Load() || errors.Is(err, net.ErrClosed) {
						return
					}
					continue
				}
				if n < 20 {
					continue
				}
				p := s.reqs[buf[1]]
				if p == nil {
					continue
				}
				if _, err := client.VerifyAccounting(p)(buf[:n]); err == nil {
					s.answers.Add(1)
					for {
						old := s.maxIn.Load()
						if s.in[buf[1]] <= old || s.maxIn.CompareAndSwap(old, s.in[buf[1]]) {
							break
						}
					}
				}
			}
		}()
	}
	sent := 0
	for k := 1; k <= perSession; k++ {
		for _, s := range socks {
			raw, err := s.reqs[byte(k)].Encode()
			if err != nil {
				t.Fatal(err)
			}
			copy(s.reqs[byte(k)].Authenticator[:], raw[4:20])
			if _, err := s.conn.Write(raw); err != nil {
				t.Fatal(err)
			}
			sent++
		}
	}
	time.Sleep(50 * time.Millisecond) // on the wire and in linedesk's socket buffer
	termAt := time.Now()
	e.srv.Stop() // SIGTERM, waits for the exit
	exitIn := time.Since(termAt)
	// Answers still in our sockets' buffers are read; then stop the readers.
	time.Sleep(500 * time.Millisecond)
	stopReading.Store(true)
	readers.Wait()

	var answered int64
	rows, err := kit.SessionRows(ctx, e.db, prefix)
	if err != nil {
		t.Fatal(err)
	}
	var behind []string
	for i, s := range socks {
		answered += s.answers.Load()
		id := fmt.Sprintf("%s%05d", prefix, i)
		if r := rows[id]; len(r) != 1 || uint64(r[0].BytesIn) < s.maxIn.Load() {
			behind = append(behind, fmt.Sprintf("%s: answered up to %d bytes in, stored %+v", id, s.maxIn.Load(), r))
		}
	}
	fmt.Printf("SIGTERM: %d Interim-Updates sent once each before the signal, %d answered, %d unanswered, %d answered but not stored; exit after %v\n",
		sent, answered, int64(sent)-answered, len(behind), exitIn.Round(time.Millisecond))
	if int(answered) != sent {
		t.Errorf("%d of %d accounting requests sent before SIGTERM were not answered\n%s", int64(sent)-answered, sent, tail(e.srv.Logs()))
	}
	if len(behind) > 0 {
		t.Errorf("answered but not committed:\n  %s", strings.Join(behind, "\n  "))
	}
}
