package billing

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// A refused renewal or debit names its amounts in the installation's currency, with the
// currency's own decimals, never in minor units.
func TestInsufficientBalanceInCurrency(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		p := f.profile(t, 150000, nil, nil)
		for _, tc := range []struct {
			currency string // "" leaves the default (KES)
			want     string
		}{
			{"", "insufficient balance for renewal of " + p.Name + ": it needs KES 1,500.00, the balance is KES 200.00, so KES 1,300.00 more must be paid first"},
			{"UGX", "insufficient balance for renewal of " + p.Name + ": it needs UGX 150,000, the balance is UGX 20,000, so UGX 130,000 more must be paid first"},
			{"KWD", "insufficient balance for renewal of " + p.Name + ": it needs KWD 150.000, the balance is KWD 20.000, so KWD 130.000 more must be paid first"},
		} {
			if tc.currency != "" {
				if err := settings.Set(ctx, st.Client, settings.Currency, tc.currency); err != nil {
					t.Fatal(err)
				}
			}
			c := f.customer(t, p, t0.Add(-time.Hour), 20000)
			_, err := f.svc.Renew(ctx, c.ID)
			var ie *InsufficientBalanceError
			if !errors.As(err, &ie) || err.Error() != tc.want {
				t.Errorf("renewal refused with %q, want %q", err, tc.want)
			}
			_, err = f.svc.Refund(ctx, c.ID, 150000, "cash", "", "too much")
			if err == nil || !errors.Is(err, ErrInsufficientBalance) {
				t.Fatalf("refund above the balance: %v", err)
			}
			if want := "so " + map[string]string{"": "KES 1,300.00", "UGX": "UGX 130,000", "KWD": "KWD 130.000"}[tc.currency]; !strings.Contains(err.Error(), want) {
				t.Errorf("refund refused with %q, want it to say %q", err, want)
			}
		}
	})
}

// The same payment delivered twice is reported as recorded before the second time.
func TestPaymentReplayReported(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		p := f.profile(t, 1000, nil, nil)
		c := f.customer(t, p, t0.Add(240*time.Hour), 0)
		in := PaymentInput{CustomerID: c.ID, Amount: 500, Method: "mpesa", Reference: "QZ9"}
		first, again, err := f.svc.RecordPaymentOnce(ctx, in)
		if err != nil || again {
			t.Fatalf("first delivery: replayed %v, err %v", again, err)
		}
		f.now = t0.Add(time.Hour)
		second, again, err := f.svc.RecordPaymentOnce(ctx, in)
		if err != nil || !again || second.ID != first.ID || !second.CreatedAt.Equal(first.CreatedAt) {
			t.Fatalf("second delivery: replayed %v, transaction %d (first %d), err %v", again, second.ID, first.ID, err)
		}
		// A cash payment without a reference is never a replay.
		for i := 0; i < 2; i++ {
			if _, again, err := f.svc.RecordPaymentOnce(ctx, PaymentInput{CustomerID: c.ID, Amount: 500, Method: "cash"}); err != nil || again {
				t.Fatalf("cash payment %d: replayed %v, err %v", i, again, err)
			}
		}
		if got := f.get(t, c.ID).Balance; got != 1500 {
			t.Fatalf("balance %d, want 1500", got)
		}
	})
}
