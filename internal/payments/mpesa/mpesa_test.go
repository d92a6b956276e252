package mpesa

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestParseAmount(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		ok   bool
	}{{"200", 20000, true}, {"200.00", 20000, true}, {"200.5", 20050, true}, {"0.01", 1, true},
		{"", 0, false}, {"1.234", 0, false}, {"-5", 0, false}, {"1e3", 0, false}, {"12,00", 0, false}} {
		got, err := ParseAmount(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("ParseAmount(%q) = %d, %v; want %d, ok %v", tc.in, got, err, tc.want, tc.ok)
		}
	}
}

// TestAutoAnswerPaysAndCallsBack: with AutoAnswer the simulated customer pays every push and
// the callback, in Daraja's shape, reaches CallBackURL; the query then answers result 0.
func TestAutoAnswerPaysAndCallsBack(t *testing.T) {
	got := make(chan Callback, 1)
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var cb Callback
		_ = json.NewDecoder(r.Body).Decode(&cb)
		got <- cb
	}))
	defer app.Close()
	sim := NewSimulator("174379", "pk", "k", "s")
	sim.AutoAnswer = 10 * time.Millisecond
	srv := httptest.NewServer(sim)
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, ConsumerKey: "k", ConsumerSecret: "s", ShortCode: "174379", Passkey: "pk"})
	ctx := context.Background()
	if _, err := c.Query(ctx, "ws_CO_none"); err == nil {
		t.Fatal("a query for an unknown push succeeded")
	}
	p, err := c.Push(ctx, "254712345678", 15, "100001", app.URL)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Query(ctx, p.CheckoutRequestID); err != ErrProcessing && len(got) == 0 {
		t.Fatalf("query before the answer: %v, want ErrProcessing", err)
	}
	cb := <-got
	r := cb.Body.STKCallback
	if r.CheckoutRequestID != p.CheckoutRequestID || r.ResultCode.Int() != ResultPaid || r.Value("Amount") != "15" || r.Value("MpesaReceiptNumber") == "" {
		t.Fatalf("callback %+v", r)
	}
	q, err := c.Query(ctx, p.CheckoutRequestID)
	if err != nil || q.ResultCode.Int() != ResultPaid {
		t.Fatalf("query after the answer: %+v %v", q, err)
	}
	if n := sim.TokensIssued(); n != 1 {
		t.Fatalf("%d tokens for four calls", n)
	}
}
