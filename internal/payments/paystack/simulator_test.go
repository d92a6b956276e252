package paystack

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCheckoutPageDeliversSignedWebhook: the simulator's hosted page pays the transaction,
// sends charge.success signed with the secret key, and returns the payer to callback_url;
// Verify then answers success with the amount.
func TestCheckoutPageDeliversSignedWebhook(t *testing.T) {
	got := make(chan Event, 1)
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !ValidSignature("sk_test_x", body, r.Header.Get(SignatureHeader)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var ev Event
		_ = json.Unmarshal(body, &ev)
		got <- ev
	}))
	defer hook.Close()
	sim := NewSimulator("sk_test_x")
	sim.WebhookURL = hook.URL
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, SecretKey: "sk_test_x"})
	ctx := context.Background()
	in, err := c.Initialize(ctx, InitializeRequest{Email: "a@example.com", Amount: 5000, Currency: "KES", Reference: "r1", CallbackURL: "https://isp.example/portal/"})
	if err != nil {
		t.Fatal(err)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Post(in.AuthorizationURL, "application/x-www-form-urlencoded", strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "https://isp.example/portal/?reference=r1") {
		t.Fatalf("checkout answered %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	if ev := <-got; ev.Event != "charge.success" || ev.Data.Reference != "r1" || ev.Data.Amount != 5000 {
		t.Fatalf("webhook %+v", ev)
	}
	tx, err := c.Verify(ctx, "r1")
	if err != nil || tx.Status != "success" || tx.Amount != 5000 {
		t.Fatalf("verify: %+v %v", tx, err)
	}
	if _, err := New(Config{BaseURL: srv.URL, SecretKey: "sk_wrong"}).Verify(ctx, "r1"); err == nil {
		t.Fatal("verify with a wrong key succeeded")
	}
}

func TestValidSignature(t *testing.T) {
	body := []byte(`{"event":"charge.success"}`)
	for _, tc := range []struct {
		name, key, sig string
		want           bool
	}{
		{"right key", "k", Sign("k", body), true},
		{"other key", "k", Sign("j", body), false},
		{"not hex", "k", "zz", false},
		{"empty", "k", "", false},
		{"no key configured", "", Sign("", body), false},
	} {
		if got := ValidSignature(tc.key, body, tc.sig); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
