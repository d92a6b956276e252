package billing

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/invoice"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// receiptNumbers returns every receipt number in the ledger, in order.
func receiptNumbers(t *testing.T, st *store.Store) []int64 {
	t.Helper()
	rows := st.Client.Transaction.Query().Where(transaction.ReceiptNoNotNil()).AllX(context.Background())
	var out []int64
	for _, r := range rows {
		if r.Kind != transaction.KindPAYMENT {
			t.Errorf("a %s row has receipt number %d", r.Kind, *r.ReceiptNo)
		}
		out = append(out, *r.ReceiptNo)
	}
	slices.Sort(out)
	return out
}

// wantRun checks that numbers are exactly 1…n.
func wantRun(t *testing.T, got []int64, n int) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("%d receipt numbers, want %d: %v", len(got), n, got)
	}
	for i, v := range got {
		if v != int64(i+1) {
			t.Fatalf("receipt numbers have a gap or a repeat at %d: %v", i, got)
		}
	}
}

// TestReceiptNumbersGapFreeUnderConcurrentPayments: 50 payments at once for 10 customers, with
// every fifth one made inside a caller's transaction that rolls back, leave receipt numbers
// 1…40 on the 40 that committed: no gap, no repeat, none on other kinds of rows.
func TestReceiptNumbersGapFreeUnderConcurrentPayments(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		p := f.profile(t, 1000, nil, nil)
		var cs []*ent.Customer
		for range 10 {
			cs = append(cs, f.customer(t, p, t0.Add(240*time.Hour), 500)) // an adjustment each: no receipt
		}
		errRollback := errors.New("the caller gives up")
		var wg sync.WaitGroup
		errs := make(chan error, 50)
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := PaymentInput{CustomerID: cs[i%10].ID, Amount: int64(100 + i), Method: "mpesa", Reference: fmt.Sprintf("QX%03d", i)}
				if i%5 == 4 {
					err := store.InTx(context.Background(), st.Client, func(ctx context.Context, _ *ent.Client) error {
						if _, err := f.svc.RecordPayment(ctx, in); err != nil {
							return err
						}
						return errRollback
					})
					if !errors.Is(err, errRollback) {
						errs <- fmt.Errorf("payment %d in a rolled back transaction: %v", i, err)
					}
					return
				}
				if _, err := f.svc.RecordPayment(context.Background(), in); err != nil {
					errs <- fmt.Errorf("payment %d: %w", i, err)
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		wantRun(t, receiptNumbers(t, st), 40)
		for _, c := range cs {
			checkLedger(t, st, c.ID)
		}
	})
}

// TestReplayedPaymentKeepsItsReceipt: a payment delivered again answers the first
// transaction with its receipt number and takes no new number; the next payment gets the
// next one.
func TestReplayedPaymentKeepsItsReceipt(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		c := f.customer(t, f.profile(t, 1000, nil, nil), t0.Add(240*time.Hour), 0)
		first, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 700, Method: "mpesa", Reference: "QK1"})
		if err != nil {
			t.Fatal(err)
		}
		again, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 700, Method: "MPESA", Reference: "QK1"})
		if err != nil {
			t.Fatal(err)
		}
		if first.ReceiptNo == nil || again.ReceiptNo == nil || *first.ReceiptNo != 1 || *again.ReceiptNo != 1 || again.ID != first.ID {
			t.Fatalf("first %d receipt %v, replay %d receipt %v; want the same transaction with receipt 1",
				first.ID, first.ReceiptNo, again.ID, again.ReceiptNo)
		}
		next, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 300, Method: "cash"})
		if err != nil {
			t.Fatal(err)
		}
		if next.ReceiptNo == nil || *next.ReceiptNo != 2 {
			t.Fatalf("next payment's receipt %v, want 2", next.ReceiptNo)
		}
		if _, err := f.svc.Refund(ctx, c.ID, 100, "", "", "returned"); err != nil {
			t.Fatal(err)
		}
		wantRun(t, receiptNumbers(t, st), 2)
	})
}

// TestRenewalsIssueNumberedInvoices: with a 16% tax included in the price, each renewal
// charge gets the next invoice number and the tax taken out of its price; with the tax
// excluded, the renewal charges the price plus the tax and a balance covering only the
// price does not renew.
func TestRenewalsIssueNumberedInvoices(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.svc.WithInvoices(documents.New(st))
		set := func(k, v string) {
			if err := settings.Set(ctx, st.Client, k, v); err != nil {
				t.Fatal(err)
			}
		}
		set(settings.TaxRate, "16")
		set(settings.ISPName, "Kilele Net")
		p := f.profile(t, 1160, nil, nil)
		c := f.customer(t, p, t0.Add(-time.Hour), 5000)
		for range 2 {
			if _, err := f.svc.Renew(ctx, c.ID); err != nil {
				t.Fatal(err)
			}
		}
		invs := st.Client.Invoice.Query().Order(ent.Asc(invoice.FieldSeq)).AllX(ctx)
		if len(invs) != 2 || invs[0].Number != "INV-000001" || invs[1].Number != "INV-000002" {
			t.Fatalf("invoices %v", invs)
		}
		first := invs[0]
		if first.Total != 1160 || first.Tax != 160 || first.Subtotal != 1000 || !first.TaxInclusive || first.TaxBasisPoints != 1600 ||
			first.Issuer["name"] != "Kilele Net" || first.Plan != p.Name || !first.PeriodStart.Equal(t0) ||
			!first.PeriodEnd.Equal(t0.AddDate(0, 0, 30)) || !invs[1].PeriodStart.Equal(first.PeriodEnd) {
			t.Fatalf("first invoice %+v", first)
		}
		charge := st.Client.Transaction.GetX(ctx, first.TransactionID)
		if charge.Kind != transaction.KindRENEWAL || charge.Amount != -1160 {
			t.Fatalf("invoiced transaction %+v", charge)
		}

		set(settings.PricesIncludeTax, "false")
		q := f.profile(t, 1000, nil, nil)
		poor := f.customer(t, q, t0.Add(-time.Hour), 1100)
		var ib *InsufficientBalanceError
		if _, err := f.svc.Renew(ctx, poor.ID); !errors.As(err, &ib) || ib.Needed != 1160 {
			t.Fatalf("renewal with 1100 for a 1000 plan plus 16%%: %v, want insufficient balance needing 1160", err)
		}
		rich := f.customer(t, q, t0.Add(-time.Hour), 1200)
		if _, err := f.svc.Renew(ctx, rich.ID); err != nil {
			t.Fatal(err)
		}
		inv := st.Client.Invoice.Query().Where(invoice.CustomerID(rich.ID)).OnlyX(ctx)
		if inv.Number != "INV-000003" || inv.Subtotal != 1000 || inv.Tax != 160 || inv.Total != 1160 || inv.TaxInclusive {
			t.Fatalf("tax-exclusive invoice %+v", inv)
		}
		if got := f.get(t, rich.ID).Balance; got != 40 {
			t.Fatalf("balance after a tax-exclusive renewal %d, want 40", got)
		}
		checkLedger(t, st, rich.ID)
	})
}
