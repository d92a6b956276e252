package notify

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestSendSMS: a one-off message (the portal's codes) goes through the configured gateway at
// once, with the stored settings and egress policy; errors name no URL.
func TestSendSMS(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	var mu sync.Mutex
	var got []string
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, r.URL.Query().Get("to")+" "+r.URL.Query().Get("text")+" "+r.URL.Query().Get("key"))
		w.WriteHeader(status)
	}))
	defer srv.Close()
	n := New(st, nil, quiet)
	for _, tc := range []struct {
		name     string
		settings []string
		status   int
		wantErr  string // "" for sent
		wantSeen string
	}{
		{"no gateway", nil, http.StatusOK, "URL is not set", ""},
		{"a private gateway is refused unless allowed", []string{settings.SMSGatewayURL, srv.URL + "/s?to={{phone}}&text={{message}}"}, http.StatusOK, "SMS gateway", ""},
		{"sent", []string{settings.AllowPrivateTargets, "true"}, http.StatusOK, "", "+254712345678 code 123456 "},
		{"the gateway refuses", nil, http.StatusBadRequest, "HTTP 400", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.settings) > 0 {
				set(t, st, tc.settings...)
			}
			mu.Lock()
			got, status = nil, tc.status
			mu.Unlock()
			err := n.SendSMS(ctx, "+254712345678", "code 123456")
			if tc.wantErr == "" && err != nil || tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)) {
				t.Fatalf("err %v, want %q", err, tc.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), srv.URL) {
				t.Fatalf("the error names the gateway URL: %v", err)
			}
			mu.Lock()
			defer mu.Unlock()
			if tc.wantSeen != "" && (len(got) != 1 || got[0] != tc.wantSeen) {
				t.Fatalf("gateway saw %q", got)
			}
		})
	}
}
