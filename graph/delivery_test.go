package graph

import (
	"bufio"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/testutil"
)

// peer is a TCP listener that answers every connection with a script and records what it
// received.
type peer struct {
	ln  net.Listener
	mu  sync.Mutex
	got strings.Builder
}

// startPeer listens on 127.0.0.1; answer writes to each connection and reads from it.
func startPeer(t *testing.T, answer func(p *peer, conn net.Conn, r *bufio.Reader)) *peer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &peer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
				answer(p, conn, bufio.NewReader(conn))
			}()
		}
	}()
	return p
}

func (p *peer) record(s string) {
	p.mu.Lock()
	p.got.WriteString(s)
	p.mu.Unlock()
}

func (p *peer) received() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.got.String()
}

func (p *peer) addr() string { return p.ln.Addr().String() }

// smtpListener speaks enough SMTP to be sent a message with AUTH PLAIN, recording every line.
func smtpListener(p *peer, conn net.Conn, r *bufio.Reader) {
	say := func(s string) { fmt.Fprint(conn, s+"\r\n") }
	say("220 listener ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		p.record(line)
		switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
		case strings.HasPrefix(cmd, "EHLO"):
			say("250-listener")
			say("250 AUTH PLAIN")
		case strings.HasPrefix(cmd, "AUTH"):
			say("235 ok")
		case cmd == "DATA":
			say("354 go on")
			for {
				l, err := r.ReadString('\n')
				if err != nil || l == ".\r\n" {
					break
				}
			}
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// remindSoon adds a customer whose subscription ends within a day (so a reminder is due),
// with a phone and an e-mail address.
func (e *env) remindSoon(now time.Time) {
	e.t.Helper()
	ctx := context.Background()
	p := e.st.Client.Profile.Create().SetName("Reminded").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	e.st.Client.Customer.Create().SetAccountNo("100001").SetUsername("reminded").SetPasswordEnc("x").
		SetPhone("+254712345678").SetEmail("reminded@example.com").SetProfileID(p.ID).
		SetExpiresAt(now.Add(20 * time.Hour)).SaveX(ctx)
}

// deliverOnce queues the due reminders and makes one delivery pass.
func (e *env) deliverOnce(now time.Time) {
	e.t.Helper()
	n := notify.New(e.st, testutil.Box(e.t), slog.New(slog.DiscardHandler))
	n.SMTPTimeout = 5 * time.Second
	if _, err := n.Enqueue(context.Background(), now); err != nil {
		e.t.Fatal(err)
	}
	if _, err := n.Deliver(context.Background(), now); err != nil {
		e.t.Fatal(err)
	}
}

// TestNewSMTPAddressGetsNoOldPassword: an admin who points smtp_address at a listener of their
// own without re-entering the password does not receive the stored password there.
func TestNewSMTPAddressGetsNoOldPassword(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	genuine := startPeer(t, smtpListener)
	attacker := startPeer(t, smtpListener)
	const password = "stored-smtp-pass-5e1d"
	e.ok(nil, e.admin, settingsMutation, "in", batch("allow_private_targets", "true", "smtp_address", genuine.addr(),
		"smtp_from", "billing@isp.example", "smtp_username", "mailer", "smtp_password", password))
	e.ok(nil, e.admin, settingsMutation, "in", batch("smtp_address", attacker.addr()))
	now := time.Now()
	e.remindSoon(now)
	e.deliverOnce(now)
	got := attacker.received()
	plain := base64.StdEncoding.EncodeToString([]byte("\x00mailer\x00" + password))
	if strings.Contains(got, plain) || strings.Contains(got, password) {
		t.Fatalf("the new SMTP address received the old password:\n%s", got)
	}
	if genuine.received() != "" {
		t.Fatal("the old SMTP address was contacted")
	}
}

// TestLastErrorShowsNoPeerText: operators read the outbox's lastError through GraphQL; what a
// peer said (an SMTP banner, an HTTP reason phrase or body, garbage instead of HTTP) never
// appears there, only a classified message.
func TestLastErrorShowsNoPeerText(t *testing.T) {
	const secret = "PEER-SECRET-9c41"
	cases := []struct {
		name, key string
		answer    func(p *peer, conn net.Conn, r *bufio.Reader)
		want      string // part of the classified message
	}{
		{"SMTP banner", "smtp_address", func(p *peer, conn net.Conn, r *bufio.Reader) {
			fmt.Fprintf(conn, "554 %s go away\r\n", secret)
		}, "554"},
		{"SMTP garbage", "smtp_address", func(p *peer, conn net.Conn, r *bufio.Reader) {
			fmt.Fprintf(conn, "+OK %s ready\r\n", secret)
		}, "protocol"},
		{"SMTP refuses MAIL", "smtp_address", func(p *peer, conn net.Conn, r *bufio.Reader) {
			fmt.Fprint(conn, "220 ok\r\n")
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if strings.HasPrefix(strings.ToUpper(line), "MAIL") {
					fmt.Fprintf(conn, "451 %s try later\r\n", secret)
					continue
				}
				fmt.Fprint(conn, "250 ok\r\n")
			}
		}, "451"},
		{"HTTP reason phrase", "sms_gateway_url", func(p *peer, conn net.Conn, r *bufio.Reader) {
			_, _ = r.ReadString('\n')
			fmt.Fprintf(conn, "HTTP/1.1 500 %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", secret, len(secret), secret)
		}, "HTTP 500"},
		{"HTTP garbage", "webhook_url", func(p *peer, conn net.Conn, r *bufio.Reader) {
			_, _ = r.ReadString('\n')
			fmt.Fprintf(conn, "%s\r\n\r\n", secret)
			_, _ = io.Copy(io.Discard, r)
		}, "protocol"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnvOn(t, testutil.SQLite, false)
			p := startPeer(t, c.answer)
			target := p.addr()
			if c.key != "smtp_address" {
				target = "http://" + target + "/x?to={{phone}}"
			}
			e.ok(nil, e.admin, settingsMutation, "in", batch("allow_private_targets", "true", c.key, target,
				"smtp_from", "billing@isp.example"))
			now := time.Now()
			e.remindSoon(now)
			e.deliverOnce(now)
			var out struct {
				Notifications struct {
					Edges []struct {
						Node struct{ Channel, Status, LastError string }
					}
				}
			}
			e.ok(&out, e.op, `{ notifications(first: 10) { edges { node { channel status lastError } } } }`)
			if len(out.Notifications.Edges) != 1 {
				t.Fatalf("%d notifications, want 1", len(out.Notifications.Edges))
			}
			n := out.Notifications.Edges[0].Node
			if strings.Contains(n.LastError, secret) || !strings.Contains(n.LastError, c.want) {
				t.Fatalf("%s lastError %q: want %q and no peer text", n.Channel, n.LastError, c.want)
			}
		})
	}
}
