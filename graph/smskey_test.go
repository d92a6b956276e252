package graph

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/testutil"
)

// keyGateway is an HTTP SMS gateway on loopback that records the key of every request (the
// "key" query or form value) and answers with status, echoing the key in its reason phrase
// and body when it fails.
type keyGateway struct {
	*httptest.Server
	mu     sync.Mutex
	keys   []string
	status int
}

func newKeyGateway(t *testing.T, status int) *keyGateway {
	t.Helper()
	g := &keyGateway{status: status}
	g.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		k := r.Form.Get("key")
		g.mu.Lock()
		g.keys = append(g.keys, k)
		g.mu.Unlock()
		if g.status != http.StatusOK {
			http.Error(w, "refused key "+k, g.status)
			return
		}
		fmt.Fprintln(w, "OK")
	}))
	t.Cleanup(g.Close)
	return g
}

func (g *keyGateway) received() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.keys...)
}

// remindCustomer adds the n-th customer whose subscription ends within a day, with a phone.
func (e *env) remindCustomer(n int, now time.Time) {
	e.t.Helper()
	ctx := context.Background()
	p := e.st.Client.Profile.Create().SetName(fmt.Sprintf("Reminded %d", n)).SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(5000).SaveX(ctx)
	e.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100100 + n)).SetUsername(fmt.Sprintf("reminded%d", n)).SetPasswordEnc("x").
		SetPhone(fmt.Sprintf("+2547123456%02d", n)).SetProfileID(p.ID).SetExpiresAt(now.Add(20 * time.Hour)).SaveX(ctx)
}

// deliverLogged queues the due reminders and makes one delivery pass, logging at debug level
// into log.
func (e *env) deliverLogged(now time.Time, log *bytes.Buffer) {
	e.t.Helper()
	n := notify.New(e.st, testutil.Box(e.t), slog.New(slog.NewTextHandler(log, &slog.HandlerOptions{Level: slog.LevelDebug})))
	if _, err := n.Enqueue(context.Background(), now); err != nil {
		e.t.Fatal(err)
	}
	if _, err := n.Deliver(context.Background(), now); err != nil {
		e.t.Fatal(err)
	}
}

// keyStep is one updateSettings batch followed by a reminder and a delivery pass.
type keyStep struct {
	name    string
	batch   []string
	gw      *keyGateway // the gateway the URL names (nil: unreachable)
	wantKey string      // the key that gateway must receive ("" when it must receive nothing)
	wantErr string      // part of the reminder's lastError when it was not sent
}

// keySteps are TestSMSGatewayKey's steps, using keys.
func keySteps(t *testing.T, keys []string) []keyStep {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closedURL := "http://" + closed.Addr().String()
	closed.Close()
	const tmpl = "/send?key={{key}}&to={{phone}}&text={{message}}"
	genuine, other, failing := newKeyGateway(t, http.StatusOK), newKeyGateway(t, http.StatusOK), newKeyGateway(t, http.StatusInternalServerError)
	return []keyStep{
		{"URL and key", []string{"allow_private_targets", "true", "sms_gateway_url", genuine.URL + tmpl, "sms_gateway_key", keys[0]},
			genuine, keys[0], ""},
		{"POST", []string{"sms_gateway_method", "POST"}, genuine, keys[0], ""},
		{"new URL without the key", []string{"sms_gateway_method", "GET", "sms_gateway_url", other.URL + tmpl},
			other, "", "SMS gateway key is not set"},
		{"new URL with a new key", []string{"sms_gateway_key", keys[1], "sms_gateway_url", genuine.URL + tmpl + "&v=2"},
			genuine, keys[1], ""},
		{"unreachable gateway", []string{"sms_gateway_url", closedURL + tmpl, "sms_gateway_key", keys[2]},
			nil, "", "connection refused"},
		{"gateway echoing the key", []string{"sms_gateway_url", failing.URL + tmpl, "sms_gateway_key", keys[3]},
			failing, keys[3], "HTTP 500"},
		{"literal key in the URL", []string{"sms_gateway_url", other.URL + "/send?key=LITERAL-KEY-6&to={{phone}}"},
			other, "LITERAL-KEY-6", ""},
	}
}

// run applies the step's batch, queues the n-th reminder, delivers it and checks what the
// gateway received and how the reminder ended.
func (s keyStep) run(e *env, n int, log *bytes.Buffer) {
	t := e.t
	t.Helper()
	var before []string
	if s.gw != nil {
		before = s.gw.received()
	}
	e.ok(nil, e.admin, settingsMutation, "in", batch(s.batch...))
	now := time.Now()
	e.remindCustomer(n, now)
	e.deliverLogged(now, log)
	rows := e.st.Client.Notification.Query().Order(notification.ByID()).AllX(context.Background())
	last := rows[len(rows)-1]
	if s.gw != nil {
		got := s.gw.received()[len(before):]
		switch {
		case s.wantKey == "" && len(got) > 0:
			t.Fatalf("%s: the gateway received %d requests (keys %q), want none", s.name, len(got), got)
		case s.wantKey != "" && (len(got) != 1 || got[0] != s.wantKey):
			t.Fatalf("%s: the gateway received keys %q, want [%q]", s.name, got, s.wantKey)
		}
	}
	if s.wantErr == "" && last.Status != notification.StatusSENT {
		t.Fatalf("%s: reminder %s (%s), want SENT", s.name, last.Status, last.LastError)
	}
	if s.wantErr != "" && (last.Status == notification.StatusSENT || !strings.Contains(last.LastError, s.wantErr)) {
		t.Fatalf("%s: reminder %s, lastError %q; want it not sent and %q", s.name, last.Status, last.LastError, s.wantErr)
	}
}

// TestSMSGatewayKey, on SQLite and PostgreSQL, step by step through updateSettings and a
// delivery pass each: the gateway named by the URL receives sms_gateway_key where the URL
// says {{key}} (GET query or POST form); a new URL without the key in the same batch clears
// it, and that gateway receives no request (so no key); a new URL with a new key in the same
// batch gets the new key; a key written into the URL still works. Then the key is stored
// encrypted (the raw row holds no plain text), the settings query shows it as set with a null
// value, and no audit row, lastError or log line ever held a key, also when the gateway was
// unreachable or echoed the key in a failure.
func TestSMSGatewayKey(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			keys := []string{"GWKEY-1&a=b+c/d", "GWKEY-2-5f0e", "GWKEY-3-c2d1", "GWKEY-4-98aa"}
			var log bytes.Buffer
			for i, s := range keySteps(t, keys) {
				s.run(e, i, &log)
			}
			if _, set := e.setting("sms_gateway_key"); set {
				t.Fatal("the key is still set after the URL changed to one with the key written in it")
			}
			e.ok(nil, e.admin, settingsMutation, "in", batch("sms_gateway_key", keys[0]))
			e.checkKeyHidden(append(keys, "GWKEY", "LITERAL-KEY"), log.String())
		})
	}
}

// checkKeyHidden checks that sms_gateway_key is set, shown as null and stored encrypted, and
// that none of keys is in the stored setting, log, an audit row or a lastError.
func (e *env) checkKeyHidden(keys []string, log string) {
	t := e.t
	t.Helper()
	var out struct {
		Settings []struct {
			Key   string
			Value *string
			IsSet bool
		}
	}
	e.ok(&out, e.admin, `{ settings { key value isSet } }`)
	for _, s := range out.Settings {
		if s.Key == "sms_gateway_key" && (s.Value != nil || !s.IsSet) {
			t.Fatalf("settings shows sms_gateway_key with a value: %v (set %v), want null and set", s.Value != nil, s.IsSet)
		}
	}
	ctx := context.Background()
	raw := e.st.Client.Setting.Query().Where(setting.Key("sms_gateway_key")).OnlyX(ctx).Value
	if !strings.HasPrefix(raw, "v1:") {
		t.Fatalf("sms_gateway_key stored as %q, want it encrypted", raw)
	}
	var seen strings.Builder
	seen.WriteString(raw + "\n" + log)
	for _, a := range e.st.Client.AuditLog.Query().AllX(ctx) {
		seen.WriteString(a.Changes + "\n")
	}
	var notes struct {
		Notifications struct {
			Edges []struct{ Node struct{ LastError *string } }
		}
	}
	e.ok(&notes, e.admin, `{ notifications(first: 50) { edges { node { lastError } } } }`)
	for _, n := range notes.Notifications.Edges {
		if n.Node.LastError != nil {
			seen.WriteString(*n.Node.LastError + "\n")
		}
	}
	for _, k := range keys {
		if strings.Contains(seen.String(), k) {
			t.Fatalf("the key %q appears in the stored setting, a log line, an audit row or a lastError:\n%s", k, seen.String())
		}
	}
}
