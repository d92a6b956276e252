package billing

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestRefundPaymentRules: a payment is refunded in parts up to what was paid, never more,
// never twice in full; only payments are refunded; a note is required; the balance never
// goes below zero; each refund names its payment and carries its method.
func TestRefundPaymentRules(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		p := f.profile(t, 1000, nil, nil)
		c := f.customer(t, p, t0.AddDate(0, 0, 10), 0)
		pay, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 3000, Method: "MPESA", Reference: "QK1"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Renew(ctx, c.ID); err != nil { // balance 2000 after the charge
			t.Fatal(err)
		}
		renewal := st.Client.Transaction.Query().Where(transaction.KindEQ(transaction.KindRENEWAL)).OnlyX(ctx)
		steps := []struct {
			name    string
			in      RefundInput
			cause   error
			kind    domain.Kind
			balance int64 // after the step
		}{
			{"no note", RefundInput{TransactionID: pay.ID, Amount: 100, Note: "  "}, ErrInvalidInput, domain.Invalid, 2000},
			{"zero", RefundInput{TransactionID: pay.ID, Amount: 0, Note: "x"}, ErrBadAmount, domain.Invalid, 2000},
			{"not a payment", RefundInput{TransactionID: renewal.ID, Amount: 100, Note: "x"}, ErrNotRefundable, domain.Refused, 2000},
			{"unknown", RefundInput{TransactionID: renewal.ID + 999, Amount: 100, Note: "x"}, ErrTransactionNotFound, domain.NotFound, 2000},
			{"more than paid", RefundInput{TransactionID: pay.ID, Amount: 3001, Note: "x"}, ErrOverRefund, domain.Refused, 2000},
			{"part", RefundInput{TransactionID: pay.ID, Amount: 500, Note: "line never installed"}, nil, 0, 1500},
			{"more than the balance", RefundInput{TransactionID: pay.ID, Amount: 2500, Note: "x"}, ErrInsufficientBalance, domain.Refused, 1500},
			{"the rest of the balance", RefundInput{TransactionID: pay.ID, Amount: 1500, Note: "closing"}, nil, 0, 0},
		}
		for _, s := range steps {
			t.Run(s.name, func(t *testing.T) {
				r, err := f.svc.RefundPayment(ctx, s.in)
				if s.cause == nil {
					if err != nil {
						t.Fatal(err)
					}
					if r.Kind != transaction.KindREFUND || r.Amount != -s.in.Amount || *r.RefundOfID != pay.ID ||
						*r.Method != "mpesa" || *r.Note != s.in.Note {
						t.Fatalf("refund %+v", r)
					}
				} else if !errors.Is(err, s.cause) || !domain.IsKind(err, s.kind) {
					t.Fatalf("err %v, want %v (kind %d)", err, s.cause, s.kind)
				}
				if got := f.get(t, c.ID).Balance; got != s.balance {
					t.Fatalf("balance %d, want %d", got, s.balance)
				}
			})
		}
		// 1000 of the 3000 is left of the payment; credit the balance and refund it, then nothing.
		if _, err := f.svc.Adjust(ctx, c.ID, 5000, "test credit"); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.RefundPayment(ctx, RefundInput{TransactionID: pay.ID, Amount: 1001, Note: "x"}); !errors.Is(err, ErrOverRefund) {
			t.Fatalf("over the rest: %v", err)
		}
		if _, err := f.svc.RefundPayment(ctx, RefundInput{TransactionID: pay.ID, Amount: 1000, Note: "rest"}); err != nil {
			t.Fatal(err)
		}
		_, err = f.svc.RefundPayment(ctx, RefundInput{TransactionID: pay.ID, Amount: 1, Note: "again"})
		if !errors.Is(err, ErrOverRefund) || err.Error() != "this payment is already refunded in full" {
			t.Fatalf("refunded twice: %v", err)
		}
		checkLedger(t, st, c.ID)
	})
}

// TestConcurrentRefundsNeverExceedThePayment: ten refunds of 400 of one payment of 1000 at
// once: two pass, the rest are refused.
func TestConcurrentRefundsNeverExceedThePayment(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		c := f.customer(t, f.profile(t, 1000, nil, nil), t0.AddDate(0, 0, 10), 5000)
		pay, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 1000, Method: "cash"})
		if err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok := 0
		for range 10 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.svc.RefundPayment(ctx, RefundInput{TransactionID: pay.ID, Amount: 400, Note: "dup"})
				mu.Lock()
				defer mu.Unlock()
				if err == nil {
					ok++
				} else if !errors.Is(err, ErrOverRefund) {
					t.Errorf("unexpected: %v", err)
				}
			}()
		}
		wg.Wait()
		if ok != 2 {
			t.Fatalf("%d refunds of 400 passed for a payment of 1000", ok)
		}
		checkLedger(t, st, c.ID)
	})
}

// TestMoneyLimitNeedsAdmin: above staff_money_limit, refunds and adjustments by an operator
// are FORBIDDEN; an admin passes, and so does an operator at the limit.
func TestMoneyLimitNeedsAdmin(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		if err := st.Client.Setting.Create().SetKey(settings.StaffMoneyLimit).SetValue("1000").Exec(ctx); err != nil {
			t.Fatal(err)
		}
		c := f.customer(t, f.profile(t, 1000, nil, nil), t0.AddDate(0, 0, 10), 0)
		pay, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 5000, Method: "cash"})
		if err != nil {
			t.Fatal(err)
		}
		op := auth.WithPrincipal(ctx, &auth.Principal{Role: auth.Operator})
		admin := auth.WithPrincipal(ctx, &auth.Principal{Role: auth.Admin})
		cases := []struct {
			name      string
			ctx       context.Context
			do        func(context.Context) error
			forbidden bool
		}{
			{"operator refund above", op, refundOf(f, pay, 1001), true},
			{"operator adjustment above", op, adjust(f, c.ID, -1001), true},
			{"operator credit above", op, adjust(f, c.ID, 1001), true},
			{"operator refund at the limit", op, refundOf(f, pay, 1000), false},
			{"admin refund above", admin, refundOf(f, pay, 2000), false},
			{"admin adjustment above", admin, adjust(f, c.ID, -1500), false},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.do(tc.ctx)
				if tc.forbidden != (errors.Is(err, ErrNeedsAdmin) && domain.IsKind(err, domain.Forbidden)) || (!tc.forbidden && err != nil) {
					t.Fatalf("err %v, forbidden wanted: %v", err, tc.forbidden)
				}
			})
		}
	})
}

func refundOf(f *fixture, pay *ent.Transaction, amount int64) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := f.svc.RefundPayment(ctx, RefundInput{TransactionID: pay.ID, Amount: amount, Note: "n"})
		return err
	}
}

func adjust(f *fixture, id int, amount int64) func(context.Context) error {
	return func(ctx context.Context) error {
		_, err := f.svc.Adjust(ctx, id, amount, "n")
		return err
	}
}

type gateways []string

func (g gateways) EnabledMethods(context.Context) ([]string, error) { return g, nil }

func TestPaymentMethodsFollowTheGateways(t *testing.T) {
	f := &Service{}
	cases := []struct {
		name string
		gw   GatewayMethods
		want []string
	}{
		{"no gateways", nil, []string{"cash", "bank", "card", "other"}},
		{"m-pesa", gateways{"MPESA"}, []string{"cash", "mpesa", "bank", "card", "other"}},
		{"both, and nonsense", gateways{"paystack", "mpesa", "voucher", "bitcoin"}, []string{"cash", "mpesa", "paystack", "bank", "card", "other"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f.gateways = tc.gw
			got, err := f.PaymentMethods(context.Background())
			if err != nil || len(got) != len(tc.want) {
				t.Fatalf("%v %v, want %v", got, err, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("%v, want %v", got, tc.want)
				}
			}
		})
	}
}
