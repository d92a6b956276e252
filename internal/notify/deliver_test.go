package notify

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// recorder is an HTTP server that records the requests it received.
type recorder struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []*http.Request
}

func newRecorder(t *testing.T, h http.HandlerFunc) *recorder {
	rec := &recorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.reqs = append(rec.reqs, r.Clone(context.Background()))
		rec.mu.Unlock()
		if h != nil {
			h(w, r)
		}
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (r *recorder) requests() []*http.Request {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*http.Request(nil), r.reqs...)
}

// dueReminder queues one reminder for a customer whose subscription ends within a day.
func dueReminder(t *testing.T, st *store.Store, n *Notifier, now time.Time) {
	t.Helper()
	ctx := context.Background()
	p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	mkCustomer(t, st, p, 1, now.Add(20*time.Hour), "a@example.com", 0, true)
	if k, err := n.Enqueue(ctx, now); err != nil || k != 1 {
		t.Fatalf("queued %d (%v), want 1", k, err)
	}
}

// TestRedirectsAreNotFollowed: a gateway or webhook answering with a redirect (302 or 307) is
// not followed: the redirect target receives nothing (neither the SMS URL with its API key in a
// Referer nor a re-POSTed body), no request carries a Referer, and the entry fails for good.
func TestRedirectsAreNotFollowed(t *testing.T) {
	for _, tc := range []struct {
		key, method string
		status      int
	}{
		{"sms_gateway_url", "GET", http.StatusFound},
		{"sms_gateway_url", "POST", http.StatusTemporaryRedirect},
		{"webhook_url", "POST", http.StatusFound},
		{"webhook_url", "POST", http.StatusTemporaryRedirect},
		{"webhook_url", "POST", http.StatusPermanentRedirect},
	} {
		t.Run(fmt.Sprintf("%s %s %d", tc.key, tc.method, tc.status), func(t *testing.T) {
			st := testutil.OpenStore(t, testutil.SQLite)
			elsewhere := newRecorder(t, nil)
			gw := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				http.Redirect(w, r, elsewhere.URL+"/collect", tc.status)
			})
			target := gw.URL + "/send?key=SECRETKEY&to={{phone}}&text={{message}}"
			if tc.key == "webhook_url" {
				target = gw.URL + "/hook?token=SECRETKEY"
			}
			set(t, st, "allow_private_targets", "true", tc.key, target, "sms_gateway_method", tc.method)
			n := New(st, nil, quiet)
			now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
			dueReminder(t, st, n, now)
			rep, err := n.Deliver(context.Background(), now)
			if err != nil {
				t.Fatal(err)
			}
			if got := elsewhere.requests(); len(got) != 0 {
				t.Fatalf("the redirect was followed: %s %s Referer %q", got[0].Method, got[0].URL, got[0].Referer())
			}
			for _, r := range gw.requests() {
				if r.Header.Get("Referer") != "" {
					t.Fatalf("request with Referer %q", r.Referer())
				}
			}
			row := st.Client.Notification.Query().OnlyX(context.Background())
			if rep.GaveUp != 1 || row.Status != notification.StatusFAILED || !strings.Contains(row.LastError, fmt.Sprint(tc.status)) {
				t.Fatalf("%+v: status %s, last error %q; want FAILED with %d", rep, row.Status, row.LastError, tc.status)
			}
		})
	}
}

// TestDeliveryChecksTheDialledAddress: delivery addresses stored without the save-time check
// (as when a name's DNS answer changes after it was saved) are checked again on every
// connection: "localhost" and a loopback IP are refused before connecting unless
// allow_private_targets is set, and operators read only "refused: loopback address".
func TestDeliveryChecksTheDialledAddress(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		gw := newRecorder(t, nil)
		hook := newRecorder(t, nil)
		smtpSrv := startSMTP(t)
		_, gwPort, _ := net.SplitHostPort(gw.Listener.Addr().String())
		_, smtpPort, _ := net.SplitHostPort(smtpSrv.ln.Addr().String())
		set(t, st, "sms_gateway_url", "http://localhost:"+gwPort+"/send?to={{phone}}&text={{message}}",
			"webhook_url", hook.URL+"/hook", "smtp_address", "localhost:"+smtpPort, "smtp_from", "billing@isp.example")
		n := New(st, nil, quiet)
		now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
		p := st.Client.Profile.Create().SetName("Basic").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
		mkCustomer(t, st, p, 1, now.Add(20*time.Hour), "a@example.com", 0, true)
		if k, err := n.Enqueue(ctx, now); err != nil || k != 3 {
			t.Fatalf("queued %d (%v), want 3", k, err)
		}
		rep, err := n.Deliver(ctx, now)
		if err != nil || rep.Sent != 0 || rep.Failed != 3 {
			t.Fatalf("%+v %v: want 3 failed attempts", rep, err)
		}
		if len(gw.requests())+len(hook.requests())+len(smtpSrv.messages()) != 0 {
			t.Fatal("a loopback target was contacted")
		}
		for _, row := range st.Client.Notification.Query().AllX(ctx) {
			if !strings.HasSuffix(row.LastError, "refused: loopback address") {
				t.Fatalf("%s: last error %q", row.Channel, row.LastError)
			}
		}
		set(t, st, "allow_private_targets", "true")
		rep, err = n.Deliver(ctx, now.Add(time.Hour))
		if err != nil || rep.Sent != 3 {
			t.Fatalf("with allow_private_targets: %+v %v", rep, err)
		}
	})
}

// TestPeerTextNeverInLastError: what the peer says (an SMTP banner, an HTTP reason phrase) is
// not copied into the outbox's last error; a closed port reads "connection refused".
func TestPeerTextNeverInLastError(t *testing.T) {
	const secret = "BANNER-SECRET-31aa"
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedAddr := closed.Addr().String()
	closed.Close()
	banner, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer banner.Close()
	go func() {
		for {
			c, err := banner.Accept()
			if err != nil {
				return
			}
			fmt.Fprintf(c, "421 %s closing\r\n", secret)
			c.Close()
		}
	}()
	gw := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, secret, http.StatusBadGateway)
	})
	for _, tc := range []struct{ key, value, want string }{
		{"smtp_address", banner.Addr().String(), "SMTP server: 421"},
		{"smtp_address", closedAddr, "SMTP server: connection refused"},
		{"sms_gateway_url", gw.URL + "/send?to={{phone}}", "SMS gateway: HTTP 502"},
		{"sms_gateway_url", "http://" + closedAddr + "/send", "SMS gateway: connection refused"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			st := testutil.OpenStore(t, testutil.SQLite)
			set(t, st, "allow_private_targets", "true", tc.key, tc.value, "smtp_from", "billing@isp.example")
			n := New(st, nil, quiet)
			now := time.Date(2026, 12, 1, 6, 0, 0, 0, time.UTC)
			dueReminder(t, st, n, now)
			if _, err := n.Deliver(context.Background(), now); err != nil {
				t.Fatal(err)
			}
			row := st.Client.Notification.Query().OnlyX(context.Background())
			if strings.Contains(row.LastError, secret) || !strings.HasPrefix(row.LastError, tc.want) || strings.Contains(row.LastError, "127.0.0.1") {
				t.Fatalf("last error %q, want %q without peer text or address", row.LastError, tc.want)
			}
		})
	}
}
