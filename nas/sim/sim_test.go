package sim_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3576"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/internal/fakeradius"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius/client"
)

const secret = "sim-secret"

func start(t *testing.T, users map[string]string) (*sim.Router, *fakeradius.Server) {
	t.Helper()
	fr := fakeradius.Start(t, secret, users)
	r := sim.New(sim.Config{Secret: secret, AuthAddr: fr.AuthAddr, AcctAddr: fr.AcctAddr, Retry: 200 * time.Millisecond, Timeout: 3 * time.Second})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	return r, fr
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func statuses(fr *fakeradius.Server, user string) []string {
	var out []string
	for _, p := range fr.Accounting() {
		if u := rfc2865.UserName_GetString(p); u == user || user == "" {
			out = append(out, rfc2866.AcctStatusType_Get(p).String())
		}
	}
	return out
}

func TestDialMethods(t *testing.T) {
	r, fr := start(t, map[string]string{"alice": "pw-alice"})
	for _, m := range []client.Method{client.PAP, client.CHAP, client.CHAPChallenge, client.MSCHAPv2} {
		t.Run(string(m), func(t *testing.T) {
			info, err := r.DialWith(context.Background(), "alice", "pw-alice", m)
			if err != nil {
				t.Fatal(err)
			}
			if info.Rate != "2M/10M" || string(info.Class) != "login-alice" || len(info.AcctSessionID) != 8 {
				t.Fatalf("session %+v", info)
			}
			if _, err := r.DialWith(context.Background(), "alice", "wrong", m); err == nil {
				t.Fatal("wrong password accepted")
			} else if !strings.Contains(err.Error(), "rejected") {
				t.Fatalf("error %v", err)
			}
			if err := r.Hangup(context.Background(), "alice"); err != nil {
				t.Fatal(err)
			}
		})
	}
	if _, bad := fr.Counts(); bad != 0 {
		t.Fatalf("%d Access-Requests had a bad Message-Authenticator", bad)
	}
	acct := fr.Accounting()
	if len(acct) != 8 {
		t.Fatalf("%d accounting requests, want 8 (4 Start + 4 Stop)", len(acct))
	}
	for _, p := range acct {
		if string(rfc2865.Class_Get(p)) != "login-alice" {
			t.Errorf("accounting without the Class from the Accept")
		}
		if rfc2866.AcctStatusType_Get(p) == rfc2866.AcctStatusType_Value_Stop &&
			rfc2866.AcctTerminateCause_Get(p) != rfc2866.AcctTerminateCause_Value_UserRequest {
			t.Errorf("hangup Stop cause %v", rfc2866.AcctTerminateCause_Get(p))
		}
	}
}

func TestGigawords(t *testing.T) {
	r, fr := start(t, map[string]string{"bob": "pw"})
	if _, err := r.Dial(context.Background(), "bob", "pw"); err != nil {
		t.Fatal(err)
	}
	r.AddUsage("bob", 5<<32+7, 3<<32+9)
	if err := r.Interim(context.Background(), "bob"); err != nil {
		t.Fatal(err)
	}
	acct := fr.Accounting()
	last := acct[len(acct)-1]
	in := uint64(rfc2866.AcctInputOctets_Get(last)) | uint64(last.Get(52)[3])<<32
	if rfc2866.AcctStatusType_Get(last) != rfc2866.AcctStatusType_Value_InterimUpdate || in != 5<<32+7 {
		t.Fatalf("interim %v in=%d", rfc2866.AcctStatusType_Get(last), in)
	}
}

func TestDisconnectAndCoA(t *testing.T) {
	r, fr := start(t, map[string]string{"alice": "a", "bob": "b"})
	ctx := context.Background()
	a, err := r.Dial(ctx, "alice", "a")
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.Dial(ctx, "bob", "b")
	if err != nil {
		t.Fatal(err)
	}
	c := &coa.Client{Timeout: 300 * time.Millisecond, Retries: 1, RequireMessageAuthenticator: true}
	req := func(s sim.SessionInfo) coa.Request {
		return coa.Request{Addr: r.CoAAddr(), Secret: []byte(secret), UserName: s.Username, AcctSessionID: s.AcctSessionID, FramedIP: s.IP, NASIP: net.IPv4(127, 0, 0, 1)}
	}

	// CoA: new rate, session stays.
	rq := req(a)
	rq.RateLimit = "10M/50M"
	if res := c.CoA(ctx, rq); res.Outcome != coa.ACK {
		t.Fatalf("CoA: %s %s", res.Outcome, res.Message())
	}
	if got := r.RateOf("alice"); got != "10M/50M" || !r.Connected("alice") {
		t.Fatalf("rate %q connected %v", got, r.Connected("alice"))
	}

	// Disconnect: session dropped, Stop with Admin-Reset.
	if res := c.Disconnect(ctx, req(b)); res.Outcome != coa.ACK {
		t.Fatalf("Disconnect: %s %s", res.Outcome, res.Message())
	}
	if r.Connected("bob") {
		t.Fatal("bob still connected")
	}
	waitFor(t, "bob's Stop", func() bool { s := statuses(fr, "bob"); return len(s) == 2 && s[1] == "Stop" })

	// Unknown session: NAK 503, for both kinds.
	for _, kind := range []string{"disconnect", "coa"} {
		var res coa.Result
		if kind == "coa" {
			res = c.CoA(ctx, req(b))
		} else {
			res = c.Disconnect(ctx, coa.Request{Addr: r.CoAAddr(), Secret: []byte(secret), UserName: "nobody"})
		}
		if res.Outcome != coa.NAK || res.ErrorCause != rfc3576.ErrorCause_Value_SessionContextNotFound {
			t.Fatalf("%s of unknown session: %s %d", kind, res.Outcome, res.ErrorCause)
		}
	}

	// A request with the wrong secret is dropped silently.
	bad := req(a)
	bad.Secret = []byte("wrong")
	if res := c.Disconnect(ctx, bad); res.Outcome != coa.Timeout {
		t.Fatalf("wrong secret: %s", res.Outcome)
	}
	if !r.Connected("alice") {
		t.Fatal("a request with the wrong secret disconnected alice")
	}
	got := r.Received()
	if len(got) < 5 {
		t.Fatalf("received %d packets", len(got))
	}
	if !got[0].AuthOK || !got[0].MAOK {
		t.Fatalf("first packet not verified: %+v", got[0])
	}
	if last := got[len(got)-1]; last.AuthOK || last.Answer != "" {
		t.Fatalf("wrong-secret packet %+v", last)
	}

	// Modes for the service tests.
	r.SetCoAMode(sim.CoANakAll)
	if res := c.CoA(ctx, req(a)); res.Outcome != coa.NAK {
		t.Fatalf("NAK mode: %s", res.Outcome)
	}
	r.SetCoAMode(sim.CoASilent)
	if res := c.Disconnect(ctx, req(a)); res.Outcome != coa.Timeout {
		t.Fatalf("silent mode: %s", res.Outcome)
	}
}

func TestRadclientDisconnect(t *testing.T) {
	path, err := exec.LookPath("radclient")
	if err != nil {
		testutil.Missing(t, "radclient (Debian freeradius-utils)")
	}
	r, _ := start(t, map[string]string{"carol": "c"})
	s, err := r.Dial(context.Background(), "carol", "c")
	if err != nil {
		t.Fatal(err)
	}
	// Unknown session first: radclient sees a Disconnect-NAK.
	run := func(attrs string) string {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		cmd := exec.CommandContext(ctx, path, "-x", "-r", "2", "-t", "2", r.CoAAddr(), "disconnect", secret)
		cmd.Stdin = strings.NewReader(attrs)
		out, _ := cmd.CombinedOutput()
		return string(out)
	}
	out := run("User-Name = \"nobody\"\nMessage-Authenticator = 0x00\n")
	if !strings.Contains(out, "Disconnect-NAK") || !strings.Contains(out, "Session-Context-Not-Found") {
		t.Fatalf("radclient for an unknown session:\n%s", out)
	}
	out = run(fmt.Sprintf("User-Name = \"carol\"\nAcct-Session-Id = \"%s\"\nFramed-IP-Address = %s\nNAS-IP-Address = 127.0.0.1\nMessage-Authenticator = 0x00\n", s.AcctSessionID, s.IP))
	if !strings.Contains(out, "Received Disconnect-ACK") {
		t.Fatalf("radclient did not get an ACK:\n%s", out)
	}
	if r.Connected("carol") {
		t.Fatal("carol still connected after radclient's Disconnect")
	}
	rec := r.Received()
	if len(rec) != 2 || !rec[1].AuthOK || !rec[1].MAPresent || !rec[1].MAOK {
		t.Fatalf("radclient's packet not verified: %+v", rec)
	}
}

func TestReboot(t *testing.T) {
	r, fr := start(t, map[string]string{"a": "1", "b": "2"})
	ctx := context.Background()
	for _, u := range []string{"a", "b"} {
		if _, err := r.Dial(ctx, u, map[string]string{"a": "1", "b": "2"}[u]); err != nil {
			t.Fatal(err)
		}
	}
	back, err := r.Reboot(ctx)
	if err != nil || len(back) != 2 {
		t.Fatalf("reboot: %v, %d back", err, len(back))
	}
	all := statuses(fr, "")
	want := []string{"Start", "Start", "Accounting-On", "Start", "Start"}
	if strings.Join(all, ",") != strings.Join(want, ",") {
		t.Fatalf("accounting %v, want %v", all, want)
	}
}

func TestDropSilently(t *testing.T) {
	r, fr := start(t, map[string]string{"d": "1"})
	if _, err := r.Dial(context.Background(), "d", "1"); err != nil {
		t.Fatal(err)
	}
	if n := r.DropSilently("d"); n != 1 || r.Connected("d") {
		t.Fatalf("dropped %d", n)
	}
	time.Sleep(100 * time.Millisecond)
	if s := statuses(fr, "d"); len(s) != 1 {
		t.Fatalf("accounting after a silent drop: %v", s)
	}
}

// An accounting server that ignores the first copy of each request: the sim must retransmit
// the same bytes until answered.
func TestAccountingRetransmission(t *testing.T) {
	fr := fakeradius.Start(t, secret, map[string]string{"e": "1"})
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var mu sync.Mutex
	var got [][]byte
	go func() {
		buf := make([]byte, 4096)
		for {
			n, from, err := conn.ReadFrom(buf)
			if err != nil {
				return
			}
			raw := append([]byte(nil), buf[:n]...)
			mu.Lock()
			got = append(got, raw)
			first := len(got)%2 == 1
			mu.Unlock()
			if first {
				continue
			}
			p, err := radius.Parse(raw, []byte(secret))
			if err != nil || !radius.IsAuthenticRequest(raw, []byte(secret)) {
				continue
			}
			out, _ := p.Response(radius.CodeAccountingResponse).Encode()
			_, _ = conn.WriteTo(out, from)
		}
	}()
	r := sim.New(sim.Config{Secret: secret, AuthAddr: fr.AuthAddr, AcctAddr: conn.LocalAddr().String(), Retry: 100 * time.Millisecond, Timeout: 3 * time.Second})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	defer r.Stop()
	if _, err := r.Dial(context.Background(), "e", "1"); err != nil {
		t.Fatal(err)
	}
	sent, answered, pending := r.Stats()
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 2 || !bytes.Equal(got[0], got[1]) {
		t.Fatalf("server saw %d copies (identical: %v)", len(got), len(got) == 2 && bytes.Equal(got[0], got[1]))
	}
	if sent != 1 || answered != 1 || pending != 0 {
		t.Fatalf("stats %d/%d/%d", sent, answered, pending)
	}
}

// The API wire format, against the byte examples of the protocol documentation.
func TestAPILengthEncoding(t *testing.T) {
	for _, tc := range []struct {
		n    int
		want []byte
	}{
		{0, []byte{0x00}},
		{0x7f, []byte{0x7f}},
		{0x80, []byte{0x80, 0x80}},
		{0x3fff, []byte{0xbf, 0xff}},
		{0x4000, []byte{0xc0, 0x40, 0x00}},
		{0x1fffff, []byte{0xdf, 0xff, 0xff}},
		{0x200000, []byte{0xe0, 0x20, 0x00, 0x00}},
		{0xfffffff, []byte{0xef, 0xff, 0xff, 0xff}},
		{0x10000000, []byte{0xf0, 0x10, 0x00, 0x00, 0x00}},
	} {
		got := sim.EncodeLength(tc.n)
		if !bytes.Equal(got, tc.want) {
			t.Errorf("encode %#x = % x, want % x", tc.n, got, tc.want)
		}
		n, err := sim.DecodeLength(bufio.NewReader(bytes.NewReader(tc.want)))
		if err != nil || n != tc.n {
			t.Errorf("decode % x = %#x, %v", tc.want, n, err)
		}
	}
}

// RouterOS answers a retransmitted request with the same answer, without acting twice.
func TestCoARetransmissionGetsSameAnswer(t *testing.T) {
	r, fr := start(t, map[string]string{"zed": "z"})
	s, err := r.Dial(context.Background(), "zed", "z")
	if err != nil {
		t.Fatal(err)
	}
	_, wire, err := coa.Build(radius.CodeDisconnectRequest, coa.Request{Secret: []byte(secret), UserName: "zed", AcctSessionID: s.AcctSessionID})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("udp", r.CoAAddr())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var answers [][]byte
	for range 2 {
		if _, err := conn.Write(wire); err != nil {
			t.Fatal(err)
		}
		_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
		buf := make([]byte, 4096)
		n, err := conn.Read(buf)
		if err != nil {
			t.Fatal(err)
		}
		answers = append(answers, buf[:n])
	}
	if !bytes.Equal(answers[0], answers[1]) || radius.Code(answers[0][0]) != radius.CodeDisconnectACK {
		t.Fatalf("answers differ or are not ACKs: %v %v", radius.Code(answers[0][0]), radius.Code(answers[1][0]))
	}
	time.Sleep(200 * time.Millisecond)
	if st := statuses(fr, "zed"); len(st) != 2 {
		t.Fatalf("accounting %v, want one Start and one Stop", st)
	}
}
