package kit

import (
	"bufio"
	"context"
	"database/sql"
	"io"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

func echoServer(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() { _, _ = io.Copy(c, c); c.Close() }()
		}
	}()
	return ln.Addr().String()
}

func TestProxyCutAndRestore(t *testing.T) {
	p, err := NewProxy(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	roundTrip := func(c net.Conn) error {
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write([]byte("ping")); err != nil {
			return err
		}
		buf := make([]byte, 4)
		_, err := io.ReadFull(c, buf)
		return err
	}
	if err := roundTrip(c); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}
	if n := p.Cut(); n != 2 {
		t.Errorf("Cut dropped %d connections, want 2 (both sides of one)", n)
	}
	if err := roundTrip(c); err == nil {
		t.Fatal("a cut connection still carried data")
	}
	c2, err := net.Dial("tcp", p.Addr())
	if err == nil {
		if roundTrip(c2) == nil {
			t.Fatal("a new connection was served during the outage")
		}
		c2.Close()
	}
	if p.Refused.Load() == 0 {
		t.Error("no refused connection counted")
	}
	p.Restore()
	c3, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c3.Close()
	if err := roundTrip(c3); err != nil {
		t.Fatalf("after Restore: %v", err)
	}
}

// TestProxyPostgres checks the proxy against the real database: queries fail during a cut and
// work again afterwards, and TerminateBackends ends other sessions.
func TestProxyPostgres(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	target, err := TargetOf(dsn)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewProxy(target)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pdsn, err := p.RewriteDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	viaProxy, err := sql.Open("postgres", pdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer viaProxy.Close()
	ctx := context.Background()
	if err := viaProxy.PingContext(ctx); err != nil {
		t.Fatalf("through the proxy: %v", err)
	}
	p.Cut()
	qctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	if _, err := Count(qctx, viaProxy, "SELECT 1"); err == nil {
		t.Fatal("query succeeded while the database was cut off")
	}
	cancel()
	p.Restore()
	var ok bool
	for i := 0; i < 20 && !ok; i++ {
		_, err := Count(ctx, viaProxy, "SELECT 1")
		ok = err == nil
		if !ok {
			time.Sleep(100 * time.Millisecond)
		}
	}
	if !ok {
		t.Fatal("queries did not recover after Restore")
	}
	direct, err := OpenDB(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	n, err := TerminateBackends(ctx, direct)
	if err != nil {
		t.Fatal(err)
	}
	if n < 1 {
		t.Fatalf("TerminateBackends ended %d backends, want the proxied one", n)
	}
	t.Logf("proxy: %d forwarded, %d refused, %d cut; %d backends terminated", p.Accepts.Load(), p.Refused.Load(), p.Dropped.Load(), n)
}

// fakeAcct is an accounting server that stores the newest counters per session, can stay
// silent for a while (an outage) and answers retransmissions again.
type fakeAcct struct {
	conn   *net.UDPConn
	secret []byte
	down   atomic.Bool
	mu     sync.Mutex
	in     map[string]uint64
	out    map[string]uint64
	open   map[string]bool
}

func newFakeAcct(t *testing.T, secret []byte) *fakeAcct {
	conn, err := net.ListenUDP("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeAcct{conn: conn, secret: secret, in: map[string]uint64{}, out: map[string]uint64{}, open: map[string]bool{}}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			if f.down.Load() {
				continue
			}
			raw := buf[:n]
			if !radius.IsAuthenticRequest(raw, secret) {
				continue
			}
			p, err := radius.Parse(raw, secret)
			if err != nil {
				continue
			}
			id := rfc2866.AcctSessionID_GetString(p)
			in := uint64(rfc2866.AcctInputOctets_Get(p)) | uint64(rfc2869.AcctInputGigawords_Get(p))<<32
			out := uint64(rfc2866.AcctOutputOctets_Get(p)) | uint64(rfc2869.AcctOutputGigawords_Get(p))<<32
			f.mu.Lock()
			f.in[id], f.out[id] = max(f.in[id], in), max(f.out[id], out)
			switch rfc2866.AcctStatusType_Get(p) {
			case rfc2866.AcctStatusType_Value_Stop:
				f.open[id] = false
			case rfc2866.AcctStatusType_Value_Start:
				f.open[id] = true
			}
			f.mu.Unlock()
			reply, _ := p.Response(radius.CodeAccountingResponse).Encode()
			_, _ = conn.WriteToUDP(reply, from)
		}
	}()
	return f
}

func (f *fakeAcct) rows() map[string][]SessionRow {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]SessionRow{}
	for id := range f.in {
		out[id] = []SessionRow{{AcctSessionID: id, BytesIn: int64(f.in[id]), BytesOut: int64(f.out[id]), Open: f.open[id]}}
	}
	return out
}

func TestAcctLoadRetransmitsThroughAnOutage(t *testing.T) {
	secret := []byte("kit-secret")
	srv := newFakeAcct(t, secret)
	users := []string{"u1", "u2", "u3", "u4"}
	load := &AcctLoad{Addr: srv.conn.LocalAddr().String(), Secret: secret, Users: users, Prefix: RandomPrefix(),
		Sessions: 2, Interims: 5, Pause: 20 * time.Millisecond, Retry: 100 * time.Millisecond, Timeout: 10 * time.Second, LeaveOpen: true}
	done := make(chan error, 1)
	go func() { done <- load.Run(context.Background()) }()
	time.Sleep(80 * time.Millisecond)
	srv.down.Store(true)
	time.Sleep(400 * time.Millisecond)
	srv.down.Store(false)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	sent, tx, answered, gaveUp := load.Counters()
	if sent != int64(len(users))*(2*7-1) || answered != sent || gaveUp != 0 {
		t.Fatalf("sent %d answered %d gave up %d", sent, answered, gaveUp)
	}
	if tx <= sent {
		t.Errorf("no retransmission counted across the outage (%d datagrams for %d requests)", tx, sent)
	}
	rep := CheckAccounting(load.States(), srv.rows())
	if !rep.OK() || rep.Sessions != 8 {
		t.Fatal(rep)
	}
	// A lost record must be seen: tamper with the server's copy.
	rows := srv.rows()
	for id, r := range rows {
		r[0].BytesOut--
		rows[id] = append(r, r[0])
		break
	}
	if rep := CheckAccounting(load.States(), rows); rep.Wrong != 1 || rep.Duplicated != 1 {
		t.Fatalf("tampered rows not detected: %s", rep)
	}
	t.Logf("kit accounting: %d sent, %d datagrams, %d answered; %s", sent, tx, answered, rep)
}

func TestAcctLoadGivesUp(t *testing.T) {
	secret := []byte("kit-secret")
	srv := newFakeAcct(t, secret)
	srv.down.Store(true)
	load := &AcctLoad{Addr: srv.conn.LocalAddr().String(), Secret: secret, Users: []string{"u1"}, Prefix: "x-",
		Interims: 1, Retry: 50 * time.Millisecond, Timeout: 300 * time.Millisecond}
	if err := load.Run(context.Background()); err == nil {
		t.Fatal("a load nobody answered reported success")
	}
	if _, _, _, gaveUp := load.Counters(); gaveUp != 1 {
		t.Fatalf("gave up %d, want 1", gaveUp)
	}
}

func TestCountersUseGigawords(t *testing.T) {
	_, out := counters(3, 10)
	if out <= 1<<32 {
		t.Fatalf("session 3's counters stay below 4 GiB (%d)", out)
	}
	a, b := counters(1, 5)
	c, d := counters(1, 6)
	if c <= a || d <= b {
		t.Fatal("counters do not grow")
	}
}

func TestMetricsSum(t *testing.T) {
	text := `# HELP x
linedesk_radius_dropped_total{reason="unknown_client"} 12
linedesk_radius_dropped_total{reason="malformed"} 3
linedesk_radius_requests_total{outcome="accept",type="access"} 7
`
	m, err := ParseMetrics(bufio.NewScanner(strings.NewReader(text)))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Sum("linedesk_radius_dropped_total"); got != 15 {
		t.Errorf("sum %v", got)
	}
	if got := m.Sum("linedesk_radius_dropped_total", Label("reason", "malformed")); got != 3 {
		t.Errorf("malformed %v", got)
	}
	if got := m.Sum("linedesk_radius_requests_total", Label("type", "access"), Label("outcome", "accept")); got != 7 {
		t.Errorf("accept %v", got)
	}
}

func TestSecretsFind(t *testing.T) {
	var s Secrets
	s.Add("NAS secret", "nas-secret-123")
	s.Add("short", "abc")
	if got := s.Find("level=info msg=ok secret=nas-secret-123"); len(got) != 1 || strings.Contains(got[0], "nas-secret-123") {
		t.Fatalf("Find = %v", got)
	}
	if got := s.Find("abc nothing"); len(got) != 0 {
		t.Fatalf("short strings must not be registered: %v", got)
	}
}

func TestGate(t *testing.T) {
	g := NewGate()
	g.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := g.Wait(ctx); err == nil {
		t.Fatal("closed gate let through")
	}
	g.Open()
	if err := g.Wait(context.Background()); err != nil {
		t.Fatal(err)
	}
	_ = rfc2865.UserName_Type
}

// TestClientExchangeAccounting is radius/client's documented use for accounting
// (NewAccountingRequest, then Exchange with VerifyAccounting) against a correct server. It
// fails while VerifyAccounting checks the reply against p.Authenticator, which Encode leaves
// at its random value instead of the Request Authenticator it computed and sent.
func TestClientExchangeAccounting(t *testing.T) {
	secret := []byte("kit-secret")
	srv := newFakeAcct(t, secret)
	p := client.NewAccountingRequest(secret, rfc2866.AcctStatusType_Value_Start, "u1", "s1")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if _, err := client.Exchange(ctx, srv.conn.LocalAddr().String(), p, client.VerifyAccounting(p), 200*time.Millisecond); err != nil {
		t.Fatalf("radius/client: a correct Accounting-Response was refused: %v", err)
	}
}

// TestProxyLosesCommitAcks checks the lost-acknowledgement fault against PostgreSQL: the
// client's COMMIT fails, yet the row is committed.
func TestProxyLosesCommitAcks(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	target, _ := TargetOf(dsn)
	p, err := NewProxy(target)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	pdsn, _ := p.RewriteDSN(dsn)
	db, err := sql.Open("postgres", pdsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, `CREATE TABLE ack (v int)`); err != nil {
		t.Fatal(err)
	}
	p.LoseCommitAcks(1)
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO ack VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err == nil {
		t.Fatal("COMMIT reported success although its answer was dropped")
	}
	direct, err := OpenDB(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer direct.Close()
	n, err := Count(ctx, direct, `SELECT count(*) FROM ack`)
	if err != nil || n != 1 {
		t.Fatalf("rows after the lost acknowledgement: %d, %v (want 1: committed)", n, err)
	}
	// The next transaction goes through normally.
	tx, _ = db.BeginTx(ctx, nil)
	_, _ = tx.ExecContext(ctx, `INSERT INTO ack VALUES (2)`)
	if err := tx.Commit(); err != nil {
		t.Fatalf("commit after the fault: %v", err)
	}
	if p.CommitAcksLost.Load() != 1 {
		t.Fatalf("CommitAcksLost = %d", p.CommitAcksLost.Load())
	}
}
