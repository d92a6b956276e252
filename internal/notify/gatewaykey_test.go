package notify

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestSMSGatewayKey: the sms_gateway_key setting (stored encrypted) is decrypted and put,
// URL-escaped, where the URL template says {{key}}, in the query of a GET or the form body of
// a POST; a key written literally into the URL still works; a template asking for a key that
// is not set, or that this installation's key cannot decrypt, sends nothing and says why in
// lastError, which never holds the key.
func TestSMSGatewayKey(t *testing.T) {
	const key = "GW-KEY&7/9+x"
	for _, tc := range []struct {
		name, path, method string
		stored             func(box *secret.Box) string
		wantKey            string // the key the gateway received ("" when it received no request)
		wantErr            string // part of lastError when nothing was sent
	}{
		{"GET with {{key}}", "/send?key={{key}}&to={{phone}}&text={{message}}", "GET",
			func(b *secret.Box) string { return b.MustEncrypt(key) }, key, ""},
		{"POST with {{key}}", "/send?key={{key}}&to={{phone}}&text={{message}}", "POST",
			func(b *secret.Box) string { return b.MustEncrypt(key) }, key, ""},
		{"literal key in the URL", "/send?key=LITERAL-5&to={{phone}}&text={{message}}", "GET",
			func(*secret.Box) string { return "" }, "LITERAL-5", ""},
		{"{{key}} without a key", "/send?key={{key}}&to={{phone}}&text={{message}}", "GET",
			func(*secret.Box) string { return "" }, "", "SMS gateway key is not set"},
		{"key of another installation", "/send?key={{key}}&to={{phone}}&text={{message}}", "GET",
			func(*secret.Box) string { return otherBox(t).MustEncrypt(key) }, "", "cannot be decrypted"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := testutil.OpenStore(t, testutil.SQLite)
			box := testutil.Box(t)
			var mu sync.Mutex
			var got []string
			gw := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				_ = r.ParseForm()
				mu.Lock()
				got = append(got, r.Form.Get("key"))
				mu.Unlock()
			})
			set(t, st, settings.AllowPrivateTargets, "true", settings.SMSGatewayURL, gw.URL+tc.path,
				settings.SMSGatewayMethod, tc.method, settings.SMSGatewayKey, tc.stored(box))
			n := New(st, box, quiet)
			now := time.Now()
			dueReminder(t, st, n, now)
			if _, err := n.Deliver(context.Background(), now); err != nil {
				t.Fatal(err)
			}
			row := st.Client.Notification.Query().OnlyX(context.Background())
			mu.Lock()
			defer mu.Unlock()
			if strings.Contains(row.LastError, key) || strings.Contains(row.LastError, "LITERAL") {
				t.Fatalf("lastError %q holds the key", row.LastError)
			}
			if tc.wantKey == "" {
				if len(got) != 0 || row.Status == notification.StatusSENT || !strings.Contains(row.LastError, tc.wantErr) {
					t.Fatalf("gateway got %q, status %s, lastError %q; want nothing sent and %q", got, row.Status, row.LastError, tc.wantErr)
				}
				return
			}
			if len(got) != 1 || got[0] != tc.wantKey || row.Status != notification.StatusSENT {
				t.Fatalf("gateway got keys %q, status %s (%s); want [%q], SENT", got, row.Status, row.LastError, tc.wantKey)
			}
		})
	}
}

// otherBox is the secret box of another installation.
func otherBox(t *testing.T) *secret.Box {
	t.Helper()
	box, err := secret.New([]byte(strings.Repeat("o", 32)))
	if err != nil {
		t.Fatal(err)
	}
	return box
}
