package payments_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/ent/unmatchedpayment"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestC2BValidationAndMatching: Daraja's validation accepts a payment whose bill reference is
// an account number (spaces and case forgiven) or a username, or whose phone is exactly one
// customer's, and rejects anything else with C2B00012; an accepted payment's confirmation is
// booked for that customer with TransID as the reference.
func TestC2BValidationAndMatching(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		future := time.Now().Add(240 * time.Hour)
		alice := w.customer(t, "+254711000001", 100000, future)
		bob := w.customer(t, "+254711000002", 100000, future)
		for _, tc := range []struct {
			name, account, msisdn string
			want                  string
			who                   int
		}{
			{"account number", alice.AccountNo, "254799999999", mpesa.Accepted, alice.ID},
			{"account number with spaces", " " + bob.AccountNo[:3] + " " + bob.AccountNo[3:] + " ", "254799999999", mpesa.Accepted, bob.ID},
			{"username in upper case", strings.ToUpper(alice.Username), "", mpesa.Accepted, alice.ID},
			{"unknown account, known phone", "nobody", "254711000002", mpesa.Accepted, bob.ID},
			{"unknown account and phone", "999999", "254799999999", mpesa.InvalidAccount, 0},
			{"masked phone", "999999", "2547 ***** 002", mpesa.InvalidAccount, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := w.get(t, max(tc.who, alice.ID)).Balance
				req, ans, err := w.mp.C2B(ctx, tc.account, tc.msisdn, 250)
				if err != nil {
					t.Fatal(err)
				}
				if ans.ResultCode != tc.want {
					t.Fatalf("validation answered %+v, want %s", ans, tc.want)
				}
				rows := w.ledger(t, "mpesa", req.TransID)
				if tc.who == 0 {
					if len(rows) != 0 {
						t.Fatalf("a rejected payment was booked: %+v", rows)
					}
					return
				}
				if len(rows) != 1 || rows[0].CustomerID != tc.who || rows[0].Amount != 25000 {
					t.Fatalf("ledger for %s: %+v, want one 25000 payment of customer %d", req.TransID, rows, tc.who)
				}
				if got := w.get(t, tc.who).Balance; got != before+25000 {
					t.Fatalf("balance %d, want %d", got, before+25000)
				}
			})
		}
	})
}

// TestConfirmationBookedOnce: a confirmation delivered five times, then ten times at once to
// each of two instances (two services with their own HTTP servers on one database), is one
// ledger row and one balance change.
func TestConfirmationBookedOnce(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000003", 100000, time.Now().Add(240*time.Hour))
		req, _, err := w.mp.C2B(ctx, c.AccountNo, "254711000003", 500)
		if err != nil {
			t.Fatal(err)
		}
		for range 4 {
			if err := w.mp.Confirm(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
		other := httptest.NewServer(payments.New(st, testutil.Box(t), billing.NewService(st, nil, nil, quiet), nil, quiet).Handler())
		defer other.Close()
		confirmation, _ := w.mp.RegisteredURLs()
		elsewhere := other.URL + strings.TrimPrefix(confirmation, w.pub)
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for range 10 {
			wg.Add(2)
			go func() { defer wg.Done(); errs <- w.mp.Confirm(ctx, req) }()
			go func() { defer wg.Done(); errs <- w.mp.Send(ctx, elsewhere, req, nil) }()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("a concurrent delivery failed: %v", err)
			}
		}
		if rows := w.ledger(t, "mpesa", req.TransID); len(rows) != 1 {
			t.Fatalf("%d ledger rows for one payment delivered 25 times", len(rows))
		}
		if got := w.get(t, c.ID).Balance; got != 50000 {
			t.Fatalf("balance %d, want 50000", got)
		}
	})
}

// TestUnmatchedKeptAndAssigned: a confirmation (validation is optional at Daraja) for an
// unknown account is kept once however often it comes, is not booked behind staff's back when
// a matching customer appears, and is booked exactly once when staff assign it.
func TestUnmatchedKeptAndAssigned(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		req := mpesa.C2BRequest{TransactionType: "Pay Bill", TransID: "SLU0000001", TransTime: "20261207101010",
			TransAmount: 70000, BusinessShortCode: shortCode, BillRefNumber: "ACC-TYPO", MSISDN: "254700000009", FirstName: "JANE"}
		for range 3 {
			if err := w.mp.Confirm(ctx, req); err != nil {
				t.Fatal(err)
			}
		}
		list := must(w.svc.Unmatched(ctx, nil, nil, nil))
		if list.TotalCount != 1 || list.Edges[0].Node.Amount != 70000 || list.Edges[0].Node.AccountRef != "ACC-TYPO" {
			t.Fatalf("unmatched list %+v, want the one payment", list)
		}
		u := list.Edges[0].Node
		c := w.customer(t, "+254700000009", 100000, time.Now().Add(240*time.Hour))
		if err := w.mp.Confirm(ctx, req); err != nil { // its phone now matches: still left to staff
			t.Fatal(err)
		}
		if rows := w.ledger(t, "mpesa", req.TransID); len(rows) != 0 {
			t.Fatal("an unmatched payment was booked without staff")
		}
		staff := audit.WithActor(ctx, audit.Actor{Name: "alice"})
		tx := must(w.svc.Assign(staff, u.ID, c.ID))
		if tx.Amount != 70000 || tx.CustomerID != c.ID || *tx.Reference != "SLU0000001" {
			t.Fatalf("assigned as %+v", tx)
		}
		if _, err := w.svc.Assign(staff, u.ID, c.ID); !isKind(err, domain.Conflict) {
			t.Fatalf("second assignment: %v, want a conflict", err)
		}
		if err := w.mp.Confirm(ctx, req); err != nil {
			t.Fatal(err)
		}
		if rows := w.ledger(t, "mpesa", req.TransID); len(rows) != 1 || w.get(t, c.ID).Balance != 70000 {
			t.Fatalf("after assignment and a redelivery: %d rows, balance %d", len(rows), w.get(t, c.ID).Balance)
		}
		got := must(st.Client.UnmatchedPayment.Get(ctx, u.ID))
		if got.Status != unmatchedpayment.StatusASSIGNED || got.ResolvedBy != "alice" || *got.TransactionID != tx.ID {
			t.Fatalf("unmatched payment after assignment: %+v", got)
		}
	})
}

func isKind(err error, k domain.Kind) bool {
	var de *domain.Error
	return errors.As(err, &de) && de.Kind == k
}

// TestUnmatchedRefunded: staff mark an unmatched payment refunded with a note; it leaves the
// list, enters no ledger, and cannot be assigned after.
func TestUnmatchedRefunded(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "bob"})
		req := mpesa.C2BRequest{TransID: "SLU0000002", TransAmount: 1000, BillRefNumber: "x", MSISDN: "254700000010"}
		if err := w.mp.Confirm(ctx, req); err != nil {
			t.Fatal(err)
		}
		u := must(w.svc.Unmatched(ctx, nil, nil, nil)).Edges[0].Node
		if _, err := w.svc.Refund(ctx, u.ID, " "); !isKind(err, domain.Invalid) {
			t.Fatalf("refund without a note: %v", err)
		}
		r := must(w.svc.Refund(ctx, u.ID, "sent back by M-Pesa reversal"))
		if r.Status != unmatchedpayment.StatusREFUNDED || !strings.Contains(r.Note, "reversal") {
			t.Fatalf("refunded: %+v", r)
		}
		if n := must(w.svc.Unmatched(ctx, nil, nil, nil)).TotalCount; n != 0 {
			t.Fatalf("%d still unmatched", n)
		}
		c := w.customer(t, "+254700000011", 100, time.Now())
		if _, err := w.svc.Assign(ctx, u.ID, c.ID); !isKind(err, domain.Conflict) {
			t.Fatalf("assigning a refunded payment: %v", err)
		}
	})
}

// TestSTKPushBookedAfterQuery: an STK push started for a customer reaches Daraja with the
// documented password; the customer pays, the callback comes (six times, five at once with the
// settling job), the result is confirmed
// with stkpushquery and booked once, with CheckoutRequestID as the reference and the receipt
// in the note.
func TestSTKPushBookedAfterQuery(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000004", 100000, time.Now().Add(240*time.Hour))
		if _, err := w.svc.StartSTKPush(ctx, c.ID, 12345, ""); !isKind(err, domain.Invalid) {
			t.Fatalf("an amount in cents that is not whole shillings: %v", err)
		}
		mp := must(w.svc.StartSTKPush(ctx, c.ID, 150000, "0711000004"))
		push := w.mp.Pushes()[mp.CheckoutID]
		if mp.Status != mobilepayment.StatusPENDING || push.Request.Amount != 1500 || push.Request.PhoneNumber != "254711000004" ||
			push.Request.AccountReference != c.AccountNo || !strings.HasPrefix(push.Request.CallBackURL, w.pub+"/pay/stk/") {
			t.Fatalf("push %+v for %+v", push.Request, mp)
		}
		cb, err := w.mp.Answer(ctx, mp.CheckoutID, mpesa.ResultPaid, true)
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for range 5 { // delivered again, at once, while the settling job asks too
			wg.Add(2)
			go func() {
				defer wg.Done()
				if err := w.mp.Send(ctx, push.Request.CallBackURL, cb, nil); err != nil {
					t.Error(err)
				}
			}()
			go func() { defer wg.Done(); _, _ = w.svc.Settle(ctx, mp.ID) }()
		}
		wg.Wait()
		got := must(w.svc.MobilePayment(ctx, mp.ID))
		rows := w.ledger(t, "mpesa", mp.CheckoutID)
		receipt := cb.Body.STKCallback.Value("MpesaReceiptNumber")
		if got.Status != mobilepayment.StatusPAID || len(rows) != 1 || rows[0].Amount != 150000 ||
			got.TransactionID == nil || *got.TransactionID != rows[0].ID || !strings.Contains(*rows[0].Note, receipt) {
			t.Fatalf("after the callback: %+v, ledger %+v", got, rows)
		}
	})
}

// TestSTKSettledByQuery: a push whose callback never comes is settled by the settling job's
// stkpushquery: paid is booked, cancelled is recorded, and a gateway that is down leaves it
// pending for the next pass.
func TestSTKSettledByQuery(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		w.svc.SettleAfter = -time.Second
		ctx := context.Background()
		c := w.customer(t, "+254711000005", 100000, time.Now().Add(240*time.Hour))
		paid := must(w.svc.StartSTKPush(ctx, c.ID, 20000, ""))
		cancelled := must(w.svc.StartSTKPush(ctx, c.ID, 30000, ""))
		waiting := must(w.svc.StartSTKPush(ctx, c.ID, 40000, ""))
		must(w.mp.Answer(ctx, paid.CheckoutID, mpesa.ResultPaid, false))
		must(w.mp.Answer(ctx, cancelled.CheckoutID, mpesa.ResultCancelled, false))

		w.mp.Down.Store(true)
		must(w.svc.SettleDue(ctx))
		if got := must(w.svc.MobilePayment(ctx, paid.ID)); got.Status != mobilepayment.StatusPENDING {
			t.Fatalf("settled while the gateway was down: %s", got.Status)
		}
		w.mp.Down.Store(false)
		if n := must(w.svc.SettleDue(ctx)); n != 3 {
			t.Fatalf("asked about %d payments, want 3", n)
		}
		for _, tc := range []struct {
			id   int
			want mobilepayment.Status
		}{{paid.ID, mobilepayment.StatusPAID}, {cancelled.ID, mobilepayment.StatusCANCELLED}, {waiting.ID, mobilepayment.StatusPENDING}} {
			if got := must(w.svc.MobilePayment(ctx, tc.id)); got.Status != tc.want {
				t.Errorf("payment %d: %s, want %s", tc.id, got.Status, tc.want)
			}
		}
		if b := w.get(t, c.ID).Balance; b != 20000 {
			t.Fatalf("balance %d, want 20000", b)
		}
	})
}

// TestExpiredCustomerRenewedByPayment: an expired customer with auto-renew whose M-Pesa payment
// covers the plan is renewed at once, as a staff payment would renew it.
func TestExpiredCustomerRenewedByPayment(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000006", 100000, time.Now().Add(-time.Hour))
		if _, _, err := w.mp.C2B(ctx, c.AccountNo, "254711000006", 1000); err != nil {
			t.Fatal(err)
		}
		got := w.get(t, c.ID)
		if !got.ExpiresAt.After(time.Now().Add(29*24*time.Hour)) || got.Balance != 0 {
			t.Fatalf("after paying the plan price: expires %s, balance %d", got.ExpiresAt, got.Balance)
		}
	})
}

// TestOAuthTokenCached: one OAuth token serves every call until it expires.
func TestOAuthTokenCached(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000007", 100000, time.Now().Add(240*time.Hour))
		for range 3 {
			must(w.svc.StartSTKPush(ctx, c.ID, 10000, ""))
		}
		if n := w.mp.TokensIssued(); n != 1 {
			t.Fatalf("%d tokens fetched for four calls", n)
		}
	})
}

// TestCallbackGuards: a wrong path token answers 404 and books nothing; with
// mpesa_callback_sources set, a callback from elsewhere answers 403.
func TestCallbackGuards(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		w := newWorld(t, st)
		ctx := context.Background()
		c := w.customer(t, "+254711000008", 100000, time.Now().Add(240*time.Hour))
		req := mpesa.C2BRequest{TransID: "SLG0000001", TransAmount: 1000, BillRefNumber: c.AccountNo}
		err := w.mp.Send(ctx, w.pub+"/pay/c2b/"+strings.Repeat("A", 43)+"/confirmation", req, nil)
		var ae *mpesa.APIError
		if !errors.As(err, &ae) || ae.Status != http.StatusNotFound {
			t.Fatalf("wrong token: %v, want 404", err)
		}
		if err := st.Client.Setting.Create().SetKey("mpesa_callback_sources").SetValue("196.201.214.0/24").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		if err := w.mp.Confirm(ctx, req); !errors.As(err, &ae) || ae.Status != http.StatusForbidden {
			t.Fatalf("from outside the allowlist: %v, want 403", err)
		}
		if rows := w.ledger(t, "mpesa", "SLG0000001"); len(rows) != 0 {
			t.Fatal("a refused callback was booked")
		}
	})
}
