package radius

import (
	"context"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/testutil"
)

// Interop tests: the real FreeRADIUS clients from Debian's freeradius-utils against the
// running server over UDP on loopback.

func needTool(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		testutil.Missing(t, name+" (Debian package freeradius-utils)")
	}
	return p
}

func run(t *testing.T, stdin string, name string, args ...string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	if stdin != "" {
		cmd.Stdin = strings.NewReader(stdin)
	}
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestInteropRadtest(t *testing.T) {
	radtest := needTool(t, "radtest")
	needTool(t, "radclient")
	f := newFixture(t, testutil.Postgres)
	f.customer("alice")
	f.customer("dave", func(c *ent.CustomerCreate) { c.SetExpiresAt(time.Now().Add(-time.Hour)) })
	f.start()
	addr := f.srv.AuthAddr().String()

	tests := []struct {
		name, method, user, pass string
		accept                   bool
		reason                   authevent.Reason
	}{
		{"pap", "pap", "alice", "pw-alice", true, authevent.ReasonOK},
		{"chap", "chap", "alice", "pw-alice", true, authevent.ReasonOK},
		{"mschap", "mschap", "alice", "pw-alice", true, authevent.ReasonOK},
		{"wrong password", "pap", "alice", "wrong", false, authevent.ReasonWRONG_PASSWORD},
		{"wrong password chap", "chap", "alice", "wrong", false, authevent.ReasonWRONG_PASSWORD},
		{"wrong password mschap", "mschap", "alice", "wrong", false, authevent.ReasonWRONG_PASSWORD},
		{"expired", "pap", "dave", "pw-dave", false, authevent.ReasonEXPIRED},
		{"unknown user", "pap", "nobody", "x", false, authevent.ReasonUNKNOWN_USER},
	}
	timeoutRe := regexp.MustCompile(`Session-Timeout = (\d+)`)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := f.authEventID(tt.user)
			out, err := run(t, "", radtest, "-t", tt.method, tt.user, tt.pass, addr, "0", testSecret, "0", "127.0.0.1")
			if tt.accept {
				if err != nil || !strings.Contains(out, "Received Access-Accept") {
					t.Fatalf("radtest: %v\n%s", err, out)
				}
				if !strings.Contains(out, `Mikrotik-Rate-Limit = "5M/20M"`) {
					t.Errorf("no Mikrotik-Rate-Limit 5M/20M:\n%s", out)
				}
				m := timeoutRe.FindStringSubmatch(out)
				if m == nil {
					t.Fatalf("no Session-Timeout:\n%s", out)
				}
				if n, _ := strconv.Atoi(m[1]); n < 7100 || n > 7200 {
					t.Errorf("Session-Timeout = %d, want about 7200 (two hours to expiry)", n)
				}
			} else if !strings.Contains(out, "Received Access-Reject") {
				t.Fatalf("radtest: want Access-Reject: %v\n%s", err, out)
			}
			if ev := f.nextAuthEvent(tt.user, before); ev.Reason != tt.reason {
				t.Errorf("AuthEvent reason = %s, want %s", ev.Reason, tt.reason)
			}
		})
	}
	t.Run("wrong secret gets no reply", func(t *testing.T) {
		in := "User-Name = \"alice\"\nUser-Password = \"pw-alice\"\nMessage-Authenticator = 0x00\n"
		out, err := run(t, in, "radclient", "-x", "-r", "1", "-t", "1", addr, "auth", "not-the-secret")
		if err == nil || !strings.Contains(out, "No reply from server") {
			t.Fatalf("want no reply: %v\n%s", err, out)
		}
	})
}

func TestInteropRadclientAccounting(t *testing.T) {
	radclient := needTool(t, "radclient")
	f := newFixture(t, testutil.Postgres)
	alice := f.customer("alice")
	f.customer("bob")
	f.start()
	addr := f.srv.AcctAddr().String()
	send := func(attrs string) {
		t.Helper()
		out, err := run(t, attrs, radclient, "-x", "-r", "3", "-t", "2", addr, "acct", testSecret)
		if err != nil || !strings.Contains(out, "Received Accounting-Response") {
			t.Fatalf("radclient: %v\n%s", err, out)
		}
	}
	common := "User-Name = \"alice\"\nAcct-Session-Id = \"81a00001\"\nNAS-IP-Address = 127.0.0.1\nClass = 0x6c643a31\nFramed-IP-Address = 10.0.0.9\nCalling-Station-Id = \"aa:bb:cc:dd:ee:ff\"\n"
	send(common + "Acct-Status-Type = Start\n")
	interim := common + "Acct-Status-Type = Interim-Update\nAcct-Input-Octets = 1000\nAcct-Output-Octets = 123\nAcct-Output-Gigawords = 1\nAcct-Session-Time = 300\n"
	for i := 0; i < 3; i++ {
		send(interim)
	}
	// (Gigawords 1 again: the whole exchange takes well under a second, and a counter may not
	// grow faster than 10 Gbit/s plus 5 s of slack since the session started.)
	send(common + "Acct-Status-Type = Stop\nAcct-Input-Octets = 5000\nAcct-Output-Octets = 700\nAcct-Output-Gigawords = 1\nAcct-Session-Time = 600\nAcct-Terminate-Cause = Lost-Carrier\n")
	ss := f.sessions("alice")
	if len(ss) != 1 {
		t.Fatalf("%d sessions, want 1", len(ss))
	}
	s := ss[0]
	wantOut := int64(1)<<32 + 700
	if s.BytesIn != 5000 || s.BytesOut != wantOut || s.Open || s.SessionTime != 600 ||
		s.FramedIP == nil || *s.FramedIP != "10.0.0.9" || *s.TerminateCause != "Lost-Carrier" {
		t.Fatalf("session = %+v", s)
	}
	if in, out := f.usage(alice); in != 5000 || out != wantOut {
		t.Fatalf("usage = %d/%d, want 5000/%d (counted once)", in, out, wantOut)
	}

	// Accounting-On closes the NAS's open sessions.
	send("User-Name = \"bob\"\nAcct-Session-Id = \"b1\"\nAcct-Status-Type = Start\nNAS-IP-Address = 127.0.0.1\n")
	if ss := f.sessions("bob"); len(ss) != 1 || !ss[0].Open {
		t.Fatalf("bob's session: %+v", ss)
	}
	time.Sleep(10 * time.Millisecond)
	send("Acct-Status-Type = Accounting-On\nNAS-IP-Address = 127.0.0.1\nAcct-Session-Id = \"0\"\n")
	if ss := f.sessions("bob"); len(ss) != 1 || ss[0].Open {
		t.Fatalf("bob's session after Accounting-On: %+v", ss)
	}
}

// TestInteropRadclientProxyState sends, with FreeRADIUS's radclient, an Access-Request (accepted
// and rejected) and an Accounting-Request, each carrying two Proxy-State attributes, as a
// proxy in front of linedesk would: radclient must print both, in order, in every reply.
func TestInteropRadclientProxyState(t *testing.T) {
	radclient := needTool(t, "radclient")
	f := newFixture(t, testutil.SQLite)
	f.customer("alice")
	f.start()
	const states = "Proxy-State = 0x70726f78792d6f6e65\nProxy-State = 0x00ff02\n"
	want := regexp.MustCompile(`(?s)Received \S+ .*Proxy-State = 0x70726f78792d6f6e65\s+Proxy-State = 0x00ff02`)
	for _, tt := range []struct {
		name, addr, kind, attrs, reply string
	}{
		{"Access-Accept", f.srv.AuthAddr().String(), "auth",
			"User-Name = \"alice\"\nUser-Password = \"pw-alice\"\nMessage-Authenticator = 0x00\n", "Access-Accept"},
		{"Access-Reject", f.srv.AuthAddr().String(), "auth",
			"User-Name = \"alice\"\nUser-Password = \"wrong\"\nMessage-Authenticator = 0x00\n", "Access-Reject"},
		{"Accounting-Response", f.srv.AcctAddr().String(), "acct",
			"User-Name = \"alice\"\nAcct-Session-Id = \"ps-1\"\nAcct-Status-Type = Start\nNAS-IP-Address = 127.0.0.1\n", "Accounting-Response"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, err := run(t, tt.attrs+states, radclient, "-x", "-r", "3", "-t", "2", tt.addr, tt.kind, testSecret)
			if !strings.Contains(out, "Received "+tt.reply) {
				t.Fatalf("radclient: want %s: %v\n%s", tt.reply, err, out)
			}
			if !want.MatchString(out) {
				t.Errorf("the %s does not carry both Proxy-State attributes in order:\n%s", tt.reply, out)
			}
		})
	}
}
