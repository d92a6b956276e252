package security

import (
	"context"
	"crypto/rand"
	"fmt"
	mrand "math/rand/v2"
	"net"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// flood is one kind of hostile traffic: packets to send from an address, and the drop
// reason linedesk should count them under.
type flood struct {
	name    string
	source  string // local address
	port    string // "auth" or "acct"
	reasons []string
	packets func(i int) []byte
	sent    int
}

func accessRequest(t *testing.T, secret []byte, user, pass string) *radius.Packet {
	p, _, err := client.NewAccessRequest(secret, client.PAP, user, pass)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func mustSign(t *testing.T, p *radius.Packet) []byte {
	raw, err := client.Encode(p)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// malformed returns a broken variant of a valid packet.
func malformed(valid []byte, i int) []byte {
	b := append([]byte(nil), valid...)
	switch i % 8 {
	case 0: // shorter than a header
		return b[:i%19]
	case 1: // length field larger than the datagram
		b[2], b[3] = 0x0f, 0xa0
	case 2: // length field below the minimum
		b[2], b[3] = 0, 19
	case 3: // an attribute of length 0
		b[21] = 0
	case 4: // an attribute of length 1
		b[21] = 1
	case 5: // an attribute running past the end
		b[21] = 250
	case 6: // oversized: 4,097 to 9,000 bytes of attributes
		n := 4097 + i%4900
		big := make([]byte, n)
		copy(big, b)
		for j := len(b); j+2 <= n; j += 255 {
			l := min(255, n-j)
			big[j], big[j+1] = 26, byte(l)
		}
		big[2], big[3] = byte(n>>8), byte(n)
		return big
	case 7: // random bytes after a valid header
		_, _ = rand.Read(b[20:])
	}
	return b
}

// TestRADIUSFloods sends floods of hostile packets (unknown source 127.0.0.2, wrong secrets,
// no Message-Authenticator, malformed and oversized packets, replays) interleaved with 1,000
// genuine Access-Requests: the hostile ones get no answer and are counted per reason, every
// genuine one is answered, memory stays bounded, and replayed accounting changes nothing.
func TestRADIUSFloods(t *testing.T) {
	e := start(t, "flo", 5)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	user := e.fx.Usernames[0]
	pass := e.fx.Passwords[user]
	secret := []byte(nasSecret)
	wrong := []byte("not-the-secret-42")
	kit.Known.Add("wrong NAS secret", string(wrong))

	// A genuine session with two interims; the older one is replayed later.
	acctID := "replay-" + kit.RandomPrefix()
	mkAcct := func(status rfc2866.AcctStatusType, in uint64) *radius.Packet {
		p := client.NewAccountingRequest(secret, status, user, acctID)
		client.SetCounters(p, in, in*3, uint32(in/1000))
		return p
	}
	send := func(p *radius.Packet) []byte {
		raw := mustSign(t, p)
		copy(p.Authenticator[:], raw[4:20])
		if _, err := kit.SendFrom(ctx, "", e.srv.Acct, p, client.VerifyAccounting(p), 300*time.Millisecond, 10*time.Second); err != nil {
			t.Fatalf("genuine accounting: %v", err)
		}
		return raw
	}
	send(mkAcct(rfc2866.AcctStatusType_Value_Start, 0))
	oldInterim := send(mkAcct(rfc2866.AcctStatusType_Value_InterimUpdate, 10_000))
	send(mkAcct(rfc2866.AcctStatusType_Value_InterimUpdate, 50_000))
	usageBefore, _, err := usage(ctx, e, user)
	if err != nil {
		t.Fatal(err)
	}

	validAuth := mustSign(t, accessRequest(t, secret, user, pass))
	floods := []*flood{
		{name: "unknown source 127.0.0.2 (valid packets)", source: "127.0.0.2", port: "auth", reasons: []string{"unknown_client"},
			packets: func(i int) []byte { return mustSign(t, accessRequest(t, secret, user, pass)) }},
		{name: "unknown source 127.0.0.2 accounting", source: "127.0.0.2", port: "acct", reasons: []string{"unknown_client"},
			packets: func(i int) []byte {
				return mustSign(t, mkAcct(rfc2866.AcctStatusType_Value_InterimUpdate, uint64(1e9+i)))
			}},
		{name: "wrong secret", source: "127.0.0.1", port: "auth", reasons: []string{"bad_message_authenticator"},
			packets: func(i int) []byte { return mustSign(t, accessRequest(t, wrong, user, pass)) }},
		{name: "wrong secret accounting", source: "127.0.0.1", port: "acct", reasons: []string{"bad_request_authenticator"},
			packets: func(i int) []byte {
				p := client.NewAccountingRequest(wrong, rfc2866.AcctStatusType_Value_InterimUpdate, user, acctID)
				client.SetCounters(p, uint64(2e9+i), 1, 1)
				return mustSign(t, p)
			}},
		{name: "no Message-Authenticator", source: "127.0.0.1", port: "auth", reasons: []string{"missing_message_authenticator"},
			packets: func(i int) []byte {
				raw, err := accessRequest(t, secret, user, pass).Encode()
				if err != nil {
					t.Fatal(err)
				}
				return raw
			}},
		{name: "malformed and oversized", source: "127.0.0.1", port: "auth", reasons: []string{"malformed", "bad_message_authenticator", "missing_message_authenticator"},
			packets: func(i int) []byte { return malformed(validAuth, i) }},
	}
	const perFlood = 3000

	pid := e.srv.PID()
	rssBefore, err := kit.RSS(pid)
	if err != nil {
		t.Fatalf("reading the server's memory: %v", err)
	}
	before, err := kit.Scrape(ctx, e.srv.HTTP)
	if err != nil {
		t.Fatal(err)
	}

	// Genuine Access-Requests, interleaved with the floods.
	// (Another customer: user's session is open, and one session is its limit.)
	gu := e.fx.Usernames[1]
	genuine := &kit.AuthLoad{Addr: e.srv.Auth, Secret: secret, Users: map[string]string{gu: e.fx.Passwords[gu]}, Workers: 4,
		Pause: 2 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 10 * time.Second, Max: 1000}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); genuine.Run(ctx) }()
	// The peak resident size while the floods last.
	peak := rssBefore
	sampling, stopSampling := context.WithCancel(ctx)
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		for sampling.Err() == nil {
			if r, err := kit.RSS(pid); err == nil && r > peak {
				peak = r
			}
			time.Sleep(50 * time.Millisecond)
		}
	}()

	for round := 0; round < 2; round++ {
		for _, f := range floods {
			addr := e.srv.Auth
			if f.port == "acct" {
				addr = e.srv.Acct
			}
			raddr, _ := net.ResolveUDPAddr("udp", addr)
			conn, err := net.DialUDP("udp", &net.UDPAddr{IP: net.ParseIP(f.source)}, raddr)
			if err != nil {
				t.Fatalf("%s: %v", f.name, err)
			}
			go drain(conn, f)
			for i := 0; i < perFlood/2; i++ {
				_, _ = conn.Write(f.packets(round*perFlood + i))
				f.sent++
				if i%100 == 99 {
					time.Sleep(10 * time.Millisecond) // ~10k/s: a flood, not a kernel-buffer overrun
				}
			}
			time.Sleep(100 * time.Millisecond)
			conn.Close()
		}
	}
	// Replays: the old interim again and again (a captured packet), and a genuine Access-Request
	// replayed byte for byte.
	replays := 0
	for i := 0; i < 200; i++ {
		if _, err := kit.SendFrom(ctx, "", e.srv.Acct, replayPacket(oldInterim), func(b []byte) (*radius.Packet, error) { return nil, nil }, 50*time.Millisecond, 60*time.Millisecond); err == nil {
			replays++
		}
	}
	wg.Wait()
	stopSampling()
	<-sampled
	time.Sleep(500 * time.Millisecond)
	after, err := kit.Scrape(ctx, e.srv.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	rssAfter, err := kit.RSS(pid)
	if err != nil {
		t.Fatal(err)
	}
	results := genuine.Results()
	tally := kit.Tally(results, time.Time{}, time.Time{})
	usageAfter, stored, err := usage(ctx, e, user)
	if err != nil {
		t.Fatal(err)
	}

	var lines []string
	failed := false
	byReason := map[string]float64{}
	for _, r := range []string{"unknown_client", "bad_message_authenticator", "bad_request_authenticator", "missing_message_authenticator", "malformed"} {
		byReason[r] = after.Sum("linedesk_radius_dropped_total", kit.Label("reason", r)) - before.Sum("linedesk_radius_dropped_total", kit.Label("reason", r))
	}
	counted := map[string]bool{}
	for _, f := range floods {
		for _, r := range f.reasons[:1] {
			if counted[r] {
				continue
			}
			counted[r] = true
			var sent int
			for _, g := range floods {
				if g.reasons[0] == r {
					sent += g.sent
				}
			}
			lines = append(lines, fmt.Sprintf("%s: %d sent, %.0f counted", r, sent, byReason[r]))
			if byReason[r] < float64(sent)/2 {
				failed = true
				t.Errorf("drop reason %q counted %.0f of %d packets sent", r, byReason[r], sent)
			}
		}
	}
	var answered int
	for _, f := range floods {
		answered += f.answers()
	}
	sort.Strings(lines)
	fmt.Printf("RADIUS floods: %d hostile packets (%s); %d answered; genuine Access-Requests: %d sent, %d accepted, %d rejected, %d unanswered; "+
		"%d replays of an old Interim-Update answered, session stays at %d bytes in, usage %d → %d; server RSS %d KiB before, %d KiB peak, %d KiB after\n",
		totalSent(floods), strings.Join(lines, ", "), answered, len(results), tally[kit.Accept], tally[kit.Reject], tally[kit.NoAnswer],
		replays, stored, usageBefore, usageAfter, rssBefore, peak, rssAfter)

	if answered > 0 {
		t.Errorf("%d hostile packets were answered", answered)
	}
	if len(results) != 1000 || tally[kit.Accept] != 1000 {
		t.Errorf("genuine requests during the floods: %d sent, %d accepted, %d rejected, %d unanswered; want 1,000 accepted",
			len(results), tally[kit.Accept], tally[kit.Reject], tally[kit.NoAnswer])
	}
	if usageAfter != usageBefore || stored != 50_000 {
		t.Errorf("replayed old Interim-Update changed the session (%d bytes in, want 50000) or usage (%d → %d)", stored, usageBefore, usageAfter)
	}
	// Bounded: the floods may not grow the server by more than 64 MiB (it holds no per-packet state).
	if peak-rssBefore > 64*1024 || rssAfter-rssBefore > 64*1024 {
		t.Errorf("server RSS grew from %d to %d KiB (peak) during the floods", rssBefore, peak)
	}
	if e.srv.Exited() {
		t.Fatalf("linedesk serve died during the floods\n%s", tail(e.srv.Logs()))
	}
	_ = failed
}

func totalSent(fs []*flood) int {
	n := 0
	for _, f := range fs {
		n += f.sent
	}
	return n
}

var answersMu sync.Mutex
var answersBy = map[*flood]int{}

// drain counts any answer to a hostile packet.
func drain(conn *net.UDPConn, f *flood) {
	buf := make([]byte, 4096)
	for {
		_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
		if _, err := conn.Read(buf); err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return
			}
			if strings.Contains(err.Error(), "closed") {
				return
			}
			continue
		}
		answersMu.Lock()
		answersBy[f]++
		answersMu.Unlock()
	}
}

func (f *flood) answers() int {
	answersMu.Lock()
	defer answersMu.Unlock()
	return answersBy[f]
}

// replayPacket parses raw so SendFrom can resend exactly those bytes.
func replayPacket(raw []byte) *radius.Packet {
	p, _ := radius.Parse(raw, []byte(nasSecret))
	return p
}

// usage reads the user's period usage (once the roll-up has had its bound) and the bytes of
// its replayed session.
func usage(ctx context.Context, e *env, user string) (period int64, sessionIn int64, err error) {
	time.Sleep(kit.RollUpBound)
	err = e.db.QueryRowContext(ctx, `SELECT c.period_bytes_in + c.period_bytes_out, COALESCE(max(s.bytes_in),0)
		FROM customers c LEFT JOIN sessions s ON s.customer_id = c.id AND s.acct_session_id LIKE 'replay-%'
		WHERE c.username = $1 GROUP BY c.id`, user).Scan(&period, &sessionIn)
	return period, sessionIn, err
}

var _ = mrand.IntN
var _ = rfc2865.UserName_Type
