package notify

import (
	"bufio"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// smtpServer is a tiny SMTP server: enough of EHLO, AUTH PLAIN, MAIL, RCPT, DATA and QUIT.
type smtpServer struct {
	ln   net.Listener
	tls  *tls.Config // offer STARTTLS with it when set
	mu   sync.Mutex
	msgs []smtpMsg
	auth []string // decoded AUTH PLAIN credentials
}

type smtpMsg struct {
	from, to, data string
	overTLS        bool
	authOverTLS    bool
}

func startSMTP(t *testing.T) *smtpServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(conn)
		}
	}()
	return s
}

func (s *smtpServer) serve(conn net.Conn) {
	defer func() { conn.Close() }()
	r := bufio.NewReader(conn)
	say := func(line string) { fmt.Fprintf(conn, "%s\r\n", line) }
	say("220 test.example ESMTP")
	var m smtpMsg
	secure, authed := false, false
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		line = strings.TrimRight(line, "\r\n")
		cmd := strings.ToUpper(line)
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250-test.example")
			say("250-8BITMIME")
			if s.tls != nil && !secure {
				say("250-STARTTLS")
			}
			say("250 AUTH PLAIN")
		case cmd == "STARTTLS" && s.tls != nil:
			say("220 go ahead")
			tc := tls.Server(conn, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			conn, r, secure = tc, bufio.NewReader(tc), true
		case strings.HasPrefix(cmd, "AUTH PLAIN "):
			raw, _ := base64.StdEncoding.DecodeString(line[len("AUTH PLAIN "):])
			s.mu.Lock()
			s.auth = append(s.auth, string(raw))
			s.mu.Unlock()
			authed = secure
			say("235 ok")
		case strings.HasPrefix(cmd, "MAIL FROM:"):
			m = smtpMsg{from: line[len("MAIL FROM:"):]}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT TO:"):
			m.to = line[len("RCPT TO:"):]
			say("250 ok")
		case cmd == "DATA":
			say("354 go on")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.data = b.String()
			m.overTLS, m.authOverTLS = secure, authed
			s.mu.Lock()
			s.msgs = append(s.msgs, m)
			s.mu.Unlock()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		case cmd == "RSET", cmd == "NOOP":
			say("250 ok")
		default:
			say("502 not implemented")
		}
	}
}

func (s *smtpServer) messages() []smtpMsg {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]smtpMsg(nil), s.msgs...)
}

// gateway is an HTTP SMS gateway (or webhook receiver) that fails the first failFirst requests.
type gateway struct {
	mu        sync.Mutex
	failFirst int
	hits      int
	accepted  []string // "phone|message" for SMS, the body for webhooks
}

func (g *gateway) handler(kind string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		g.mu.Lock()
		defer g.mu.Unlock()
		g.hits++
		if g.hits <= g.failFirst {
			http.Error(w, "try later", http.StatusInternalServerError)
			return
		}
		switch kind {
		case "sms":
			if r.Method == http.MethodPost {
				_ = r.ParseForm()
			}
			q := r.URL.Query()
			if r.Method == http.MethodPost {
				q = r.PostForm
			}
			g.accepted = append(g.accepted, q.Get("to")+"|"+q.Get("text"))
		default:
			b, _ := io.ReadAll(r.Body)
			g.accepted = append(g.accepted, string(b))
		}
		fmt.Fprintln(w, "OK")
	}
}

func (g *gateway) get() (hits int, accepted []string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.hits, append([]string(nil), g.accepted...)
}

func set(t *testing.T, st *store.Store, kv ...string) {
	t.Helper()
	for i := 0; i < len(kv); i += 2 {
		if err := settings.Set(context.Background(), st.Client, kv[i], kv[i+1]); err != nil {
			t.Fatal(err)
		}
	}
}

func mkCustomer(t *testing.T, st *store.Store, p *ent.Profile, n int, expires time.Time, email string, balance int64, autoRenew bool) *ent.Customer {
	t.Helper()
	c := st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100000 + n)).SetUsername(fmt.Sprintf("user%d", n)).
		SetPasswordEnc("x").SetPhone(fmt.Sprintf("+25471234567%d", n)).SetFullName(fmt.Sprintf("Wanjiku %d", n)).
		SetProfileID(p.ID).SetExpiresAt(expires).SetBalance(balance).SetAutoRenew(autoRenew)
	if email != "" {
		c.SetEmail(email)
	}
	return c.SaveX(context.Background())
}

// TestRemindersOnceOnTheRightDays walks a fake clock through ten days: the SMS, e-mail and
// webhook reminders go out 7, 3 and 1 days before expiry and on the day (Nairobi dates), each
// once; the SMS gateway's first failure is retried and delivered once.
func TestRemindersOnceOnTheRightDays(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		smtpSrv := startSMTP(t)
		sms := &gateway{failFirst: 1}
		smsSrv := httptest.NewServer(sms.handler("sms"))
		defer smsSrv.Close()
		hook := &gateway{}
		hookSrv := httptest.NewServer(hook.handler("webhook"))
		defer hookSrv.Close()
		set(t, st,
			settings.AllowPrivateTargets, "true", // the test's servers listen on loopback
			settings.SMSGatewayURL, smsSrv.URL+"/send?key=SECRETKEY&to={{phone}}&text={{message}}",
			settings.SMTPAddress, smtpSrv.ln.Addr().String(),
			settings.SMTPFrom, "Fibre ISP <billing@isp.example>",
			settings.SMTPUsername, "mailer",
			settings.SMTPPassword, box.MustEncrypt("hunter2"),
			settings.WebhookURL, hookSrv.URL+"/hook",
			settings.Currency, "KES",
		)
		p := st.Client.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetPrice(150000).SaveX(ctx)
		// Expires 10 Dec 2026 13:00 in Nairobi (UTC+3).
		expiry := time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)
		c := mkCustomer(t, st, p, 1, expiry, "wanjiku@example.com", 50000, true)
		mkCustomer(t, st, p, 2, expiry, "paid@example.com", 150000, true) // auto-renew covers it: no reminders
		noMail := mkCustomer(t, st, p, 3, expiry.Add(30*24*time.Hour), "", 0, true)
		_ = noMail

		n := New(st, box, quiet)
		nairobi, _ := time.LoadLocation("Africa/Nairobi")
		sentOn := map[string][]string{} // kind+channel → local dates on which it was delivered
		var lastSent = map[int]bool{}
		for now := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC); now.Before(time.Date(2026, 12, 12, 0, 0, 0, 0, time.UTC)); now = now.Add(3 * time.Hour) {
			if _, err := n.Enqueue(ctx, now); err != nil {
				t.Fatal(err)
			}
			if _, err := n.Deliver(ctx, now); err != nil {
				t.Fatal(err)
			}
			rows := st.Client.Notification.Query().Where(notification.StatusEQ(notification.StatusSENT)).AllX(ctx)
			for _, r := range rows {
				if !lastSent[r.ID] {
					lastSent[r.ID] = true
					k := r.Kind + " " + string(r.Channel)
					sentOn[k] = append(sentOn[k], now.In(nairobi).Format("01-02"))
				}
			}
		}
		want := map[string][]string{}
		for kind, date := range map[string]string{"reminder.7d": "12-03", "reminder.3d": "12-07", "reminder.1d": "12-09", "reminder.expiry": "12-10"} {
			for _, ch := range []string{"SMS", "EMAIL", "WEBHOOK"} {
				want[kind+" "+ch] = []string{date}
			}
		}
		if fmt.Sprint(sentOn) != fmt.Sprint(want) {
			t.Fatalf("delivered:\n%v\nwant:\n%v", sentOn, want)
		}
		// Nothing else was queued (customer 2 is covered by auto-renew, customer 3 not due).
		total := st.Client.Notification.Query().CountX(ctx)
		if total != 12 {
			t.Fatalf("%d outbox entries, want 12", total)
		}

		hits, accepted := sms.get()
		if hits != 5 || len(accepted) != 4 {
			t.Fatalf("SMS gateway: %d requests, %d accepted; want 5 (one failure retried) and 4", hits, len(accepted))
		}
		wantSMS := "+254712345671|Dear Wanjiku 1, your Home 10M internet plan (account 100001) expires on 10 Dec 2026 13:00. Pay KES 1,000.00 to renew."
		for _, a := range accepted {
			if a != wantSMS {
				t.Fatalf("SMS %q\nwant %q", a, wantSMS)
			}
		}
		first := st.Client.Notification.Query().Where(notification.ChannelEQ(notification.ChannelSMS), notification.Kind("reminder.7d")).OnlyX(ctx)
		if first.Status != notification.StatusSENT || first.Attempts != 2 || !strings.Contains(first.LastError, "500") {
			t.Fatalf("retried SMS: status %s attempts %d last error %q", first.Status, first.Attempts, first.LastError)
		}
		if strings.Contains(first.LastError, "SECRETKEY") {
			t.Fatal("the gateway URL's key leaked into last_error")
		}

		msgs := smtpSrv.messages()
		if len(msgs) != 4 {
			t.Fatalf("%d e-mails, want 4", len(msgs))
		}
		m := msgs[0]
		if !strings.HasPrefix(m.from, "<billing@isp.example>") || m.to != "<wanjiku@example.com>" ||
			!strings.Contains(m.data, "Subject: Your internet plan expires on 10 Dec 2026 13:00\r\n") ||
			!strings.Contains(m.data, "Please pay KES 1,000.00 to renew it.") {
			t.Fatalf("e-mail from %s to %s:\n%s", m.from, m.to, m.data)
		}
		smtpSrv.mu.Lock()
		auth := smtpSrv.auth
		smtpSrv.mu.Unlock()
		if len(auth) == 0 || auth[0] != "\x00mailer\x00hunter2" {
			t.Fatalf("SMTP AUTH %q: the decrypted password was not used", auth)
		}

		_, hooks := hook.get()
		if len(hooks) != 4 {
			t.Fatalf("%d webhooks, want 4", len(hooks))
		}
		var pl WebhookPayload
		if err := json.Unmarshal([]byte(hooks[0]), &pl); err != nil {
			t.Fatal(err)
		}
		if pl.CustomerID != c.ID || pl.DaysBefore != 7 || pl.AmountDue != 100000 || pl.Currency != "KES" || !pl.ExpiresAt.Equal(expiry) {
			t.Fatalf("webhook payload %+v", pl)
		}
	})
}

// TestFailedDeliveryRetriedThenSentOnce: a gateway answering 500 is retried after the backoff,
// never before, and the entry is sent exactly once.
func TestFailedDeliveryRetriedThenSentOnce(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	sms := &gateway{failFirst: 2}
	srv := httptest.NewServer(sms.handler("sms"))
	defer srv.Close()
	set(t, st, settings.AllowPrivateTargets, "true", settings.SMSGatewayURL, srv.URL+"/send", settings.SMSGatewayMethod, "POST",
		settings.ReminderSMSTemplate, "Hi {{name}}: {{amount}} & more")
	set(t, st, settings.SMSGatewayURL, srv.URL+"/send?to={{phone}}&text={{message}}")
	p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	mkCustomer(t, st, p, 1, now.Add(2*24*time.Hour), "", 0, true) // the 3-day reminder is due
	n := New(st, nil, quiet)
	if k, err := n.Enqueue(ctx, now); err != nil || k != 1 {
		t.Fatalf("queued %d (%v), want 1", k, err)
	}
	if k, _ := n.Enqueue(ctx, now.Add(time.Hour)); k != 0 {
		t.Fatalf("queued %d again", k)
	}
	steps := []struct {
		at   time.Duration
		hits int
		want notification.Status
	}{
		{0, 1, notification.StatusPENDING},                // fails, retry in 1 min
		{30 * time.Second, 1, notification.StatusPENDING}, // not yet due
		{time.Minute, 2, notification.StatusPENDING},      // fails again, retry in 2 min
		{3 * time.Minute, 3, notification.StatusSENT},     // delivered
		{time.Hour, 3, notification.StatusSENT},           // never again
		{48 * time.Hour, 3, notification.StatusSENT},
	}
	for _, s := range steps {
		if _, err := n.Deliver(ctx, now.Add(s.at)); err != nil {
			t.Fatal(err)
		}
		hits, _ := sms.get()
		row := st.Client.Notification.Query().OnlyX(ctx)
		if hits != s.hits || row.Status != s.want {
			t.Fatalf("at +%v: %d requests, status %s; want %d, %s", s.at, hits, row.Status, s.hits, s.want)
		}
	}
	_, acc := sms.get()
	if len(acc) != 1 || acc[0] != "+254712345671|Hi Wanjiku 1: KES 50.00 & more" {
		t.Fatalf("accepted %q", acc)
	}
}

func TestSMSPostAndPermanentFailure(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	var mu sync.Mutex
	var got []string
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = r.ParseForm()
		got = append(got, r.Method+" "+r.URL.RawQuery+" "+r.PostForm.Get("to")+" "+r.PostForm.Get("text"))
		w.WriteHeader(status)
	}))
	defer srv.Close()
	set(t, st, settings.AllowPrivateTargets, "true", settings.SMSGatewayURL, srv.URL+"/send?to={{phone}}&text={{message}}", settings.SMSGatewayMethod, "POST",
		settings.ReminderSMSTemplate, "Pay {{amount}}")
	p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	mkCustomer(t, st, p, 1, now.Add(20*time.Hour), "", 0, true)
	mkCustomer(t, st, p, 2, now.Add(6*24*time.Hour), "", 0, true)
	n := New(st, nil, quiet)
	if _, err := n.Enqueue(ctx, now); err != nil {
		t.Fatal(err)
	}
	rep, err := n.Deliver(ctx, now)
	if err != nil || rep.Sent != 2 {
		t.Fatalf("%+v %v", rep, err)
	}
	sort.Strings(got)
	if got[0] != "POST  +254712345671 Pay KES 50.00" {
		t.Fatalf("gateway saw %q", got)
	}
	// A refusal (4xx) is not retried.
	status = http.StatusBadRequest
	mkCustomer(t, st, p, 4, now.Add(3*24*time.Hour), "", 0, true)
	if _, err := n.Enqueue(ctx, now); err != nil {
		t.Fatal(err)
	}
	rep, err = n.Deliver(ctx, now)
	if err != nil || rep.GaveUp != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
}

// TestEmailSTARTTLS: the password goes over SMTP only after STARTTLS when the server offers it.
func TestEmailSTARTTLS(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	hs := httptest.NewTLSServer(http.NotFoundHandler()) // for its certificate (127.0.0.1)
	defer hs.Close()
	smtpSrv := startSMTP(t)
	smtpSrv.tls = &tls.Config{Certificates: hs.TLS.Certificates}
	box := testutil.Box(t)
	set(t, st, settings.AllowPrivateTargets, "true", settings.SMTPAddress, smtpSrv.ln.Addr().String(), settings.SMTPFrom, "billing@isp.example",
		settings.SMTPUsername, "mailer", settings.SMTPPassword, box.MustEncrypt("s3cret"))
	p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	mkCustomer(t, st, p, 1, now.Add(20*time.Hour), "a@example.com", 0, true)
	n := New(st, box, quiet)
	if _, err := n.Enqueue(ctx, now); err != nil {
		t.Fatal(err)
	}
	// Untrusted certificate: the attempt fails and nothing is sent in clear.
	if rep, err := n.Deliver(ctx, now); err != nil || rep.Sent != 0 || rep.Failed != 1 {
		t.Fatalf("untrusted certificate: %+v %v", rep, err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(hs.Certificate())
	n.SMTPTLS = &tls.Config{RootCAs: pool}
	if rep, err := n.Deliver(ctx, now.Add(time.Hour)); err != nil || rep.Sent != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	msgs := smtpSrv.messages()
	if len(msgs) != 1 || !msgs[0].overTLS || !msgs[0].authOverTLS {
		t.Fatalf("messages %+v: want one, sent and authenticated over TLS", msgs)
	}
	smtpSrv.mu.Lock()
	defer smtpSrv.mu.Unlock()
	if len(smtpSrv.auth) != 1 || smtpSrv.auth[0] != "\x00mailer\x00s3cret" {
		t.Fatalf("auth %q", smtpSrv.auth)
	}
}

// TestReminderCancelledAfterRenewal: a reminder still queued (its gateway failed) is not sent
// once the customer has renewed.
func TestReminderCancelledAfterRenewal(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	sms := &gateway{failFirst: 1}
	srv := httptest.NewServer(sms.handler("sms"))
	defer srv.Close()
	set(t, st, settings.AllowPrivateTargets, "true", settings.SMSGatewayURL, srv.URL+"/send?to={{phone}}&text={{message}}")
	p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
	c := mkCustomer(t, st, p, 1, now.Add(20*time.Hour), "", 0, true)
	n := New(st, nil, quiet)
	if _, err := n.Enqueue(ctx, now); err != nil {
		t.Fatal(err)
	}
	if rep, _ := n.Deliver(ctx, now); rep.Failed != 1 {
		t.Fatalf("%+v", rep)
	}
	st.Client.Customer.UpdateOneID(c.ID).SetExpiresAt(c.ExpiresAt.AddDate(0, 0, 30)).ExecX(ctx) // renewed
	rep, err := n.Deliver(ctx, now.Add(time.Hour))
	if err != nil || rep.Cancelled != 1 || rep.Sent != 0 {
		t.Fatalf("%+v %v", rep, err)
	}
	if hits, _ := sms.get(); hits != 1 {
		t.Fatalf("gateway called %d times, want 1", hits)
	}
	row := st.Client.Notification.Query().OnlyX(ctx)
	if row.Status != notification.StatusFAILED || !strings.HasPrefix(row.LastError, "cancelled: ") {
		t.Fatalf("status %s, last error %q", row.Status, row.LastError)
	}
}

func TestFormatAmount(t *testing.T) {
	for _, tc := range []struct {
		minor int64
		cur   string
		want  string
	}{
		{150000, "KES", "KES 1,500.00"},
		{5, "KES", "KES 0.05"},
		{0, "USD", "USD 0.00"},
		{-123456789, "EUR", "EUR -1,234,567.89"},
		{5000, "UGX", "UGX 5,000"},
		{1234, "KWD", "KWD 1.234"},
		{100, "", "1.00"},
	} {
		if got := FormatAmount(tc.minor, tc.cur); got != tc.want {
			t.Errorf("FormatAmount(%d, %q) = %q, want %q", tc.minor, tc.cur, got, tc.want)
		}
	}
}

func TestRender(t *testing.T) {
	got := Render("{{name}}/{{account}}/{{plan}}/{{expiry}}/{{amount}}/{{unknown}}",
		Vars{Name: "A", Account: "100001", Plan: "P", Expiry: "E", Amount: "KES 1.00"})
	if got != "A/100001/P/E/KES 1.00/{{unknown}}" {
		t.Fatal(got)
	}
	for _, tc := range []struct{ tmpl, message, key, want string }{
		{"https://g/s?to={{phone}}&m={{message}}", "a b&c", "", "https://g/s?to=%2B254712345678&m=a+b%26c"},
		{"https://g/s?key={{key}}&to={{phone}}", "x", "k&y=1+2/3 ", "https://g/s?key=k%26y%3D1%2B2%2F3+&to=%2B254712345678"},
		{"https://g/s?key=LITERAL&to={{phone}}", "x", "unused", "https://g/s?key=LITERAL&to=%2B254712345678"},
		// A message holding {{key}} does not reveal the key: it is escaped, never expanded.
		{"https://g/s?m={{message}}&k={{key}}", "{{key}}", "K", "https://g/s?m=%7B%7Bkey%7D%7D&k=K"},
	} {
		if u := SMSURL(tc.tmpl, "+254712345678", tc.message, tc.key); u != tc.want {
			t.Errorf("SMSURL(%q, %q, %q) = %q, want %q", tc.tmpl, tc.message, tc.key, u, tc.want)
		}
	}
}

var quiet = slog.New(slog.DiscardHandler)
