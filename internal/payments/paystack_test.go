package payments_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPaystackWebhook: a checkout is initialised (the payer goes to authorization_url); a
// charge.success webhook signed with another key is refused (401) and books nothing; the
// genuine one is verified with /transaction/verify and booked once, however often it comes.
func TestPaystackWebhook(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000020", 100000, time.Now().Add(240*time.Hour))
		if _, err := w.svc.InitPaystack(ctx, c.ID, 5000, ""); !isKind(err, domain.Invalid) {
			t.Fatalf("no e-mail: %v", err)
		}
		mp := must(w.svc.InitPaystack(ctx, c.ID, 5000, "payer@example.com"))
		if mp.CheckoutURL == nil || !strings.Contains(*mp.CheckoutURL, "/checkout/") {
			t.Fatalf("checkout %+v", mp)
		}
		g := must(w.svc.Gateways(ctx))[1]
		urls := must(w.svc.CallbackURLs(ctx, g))
		ev := must(w.ps.Pay(mp.CheckoutID))
		if code := must(w.ps.Deliver(ctx, urls[0], ev, "sk_test_forged")); code != http.StatusUnauthorized {
			t.Fatalf("forged webhook answered %d", code)
		}
		if rows := w.ledger(t, "paystack", mp.CheckoutID); len(rows) != 0 {
			t.Fatal("a forged webhook was booked")
		}
		for range 3 {
			if code := must(w.ps.Deliver(ctx, urls[0], ev, psKey)); code != http.StatusOK {
				t.Fatalf("webhook answered %d", code)
			}
		}
		got := must(w.svc.MobilePayment(ctx, mp.ID))
		if rows := w.ledger(t, "paystack", mp.CheckoutID); len(rows) != 1 || got.Status != mobilepayment.StatusPAID ||
			w.get(t, c.ID).Balance != 5000 {
			t.Fatalf("after the webhook: %d rows, %s, balance %d", len(rows), got.Status, w.get(t, c.ID).Balance)
		}
	})
}

// TestPaystackChargeFromElsewhere: a charge linedesk did not start is verified and booked for
// the account its metadata names, or kept as unmatched when it names none.
func TestPaystackChargeFromElsewhere(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000021", 100000, time.Now().Add(240*time.Hour))
		url := must(w.svc.CallbackURLs(ctx, must(w.svc.Gateways(ctx))[1]))[0]
		known := w.ps.Charge("page-1", "x@example.com", "KES", 7000, map[string]any{"account_no": c.AccountNo})
		unknown := w.ps.Charge("page-2", "y@example.com", "KES", 8000, nil)
		for _, ev := range []*paystack.Event{known, unknown} {
			if code := must(w.ps.Deliver(ctx, url, ev, psKey)); code != http.StatusOK {
				t.Fatalf("webhook answered %d", code)
			}
		}
		if rows := w.ledger(t, "paystack", "page-1"); len(rows) != 1 || rows[0].CustomerID != c.ID {
			t.Fatalf("charge with an account: %+v", rows)
		}
		if n := must(w.svc.Unmatched(ctx, nil, nil, nil)).TotalCount; n != 1 {
			t.Fatalf("%d unmatched, want the charge without an account", n)
		}
	})
}
