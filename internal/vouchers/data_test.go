package vouchers

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/datatopup"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/internal/topups"
)

// TestDataVoucherAddsTopup: a voucher of a batch carrying data adds it to the customer's
// period as a top-up (and lifts an applied cap), besides the money it carries.
func TestDataVoucherAddsTopup(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		p := f.profile(t, 1500)
		p = st.Client.Profile.UpdateOne(p).SetDataLimitBytes(1000).SaveX(ctx)
		c := f.customer(t, p, t0.AddDate(0, 0, 10))
		st.Client.Customer.UpdateOne(c).SetCapApplied(true).SetPeriodBytesIn(1200).SetPeriodStart(t0.AddDate(0, 0, -20)).ExecX(ctx)
		res := f.batch(t, BatchInput{Count: 1, Amount: amount(100), ExpiresAt: t0.AddDate(0, 1, 0)})
		if err := f.svc.SetBatchData(ctx, res.Batch.ID, 5000); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Redeem(f.ctx(""), c.ID, res.Codes[0]); err != nil {
			t.Fatal(err)
		}
		row := st.Client.DataTopup.Query().Where(datatopup.CustomerID(c.ID)).OnlyX(ctx)
		got := st.Client.Customer.GetX(ctx, c.ID)
		if row.Bytes != 5000 || row.Source != "voucher" || got.CapApplied || got.Balance != 100 {
			t.Fatalf("top-up %+v, cap applied %v, balance %d; want 5000 bytes from a voucher, cap lifted, balance 100",
				row, got.CapApplied, got.Balance)
		}
	})
}

// countingEnforcer counts the router actions billing asks for after commit.
type countingEnforcer struct{ apply, disconnect int }

func (e *countingEnforcer) DisconnectCustomer(context.Context, int) ([]domain.SessionResult, error) {
	e.disconnect++
	return nil, nil
}

func (e *countingEnforcer) ApplyCustomerProfile(context.Context, int) ([]domain.SessionResult, error) {
	e.apply++
	return nil, nil
}

// TestBatchWithDataLiftsCapByCoA: a batch made with DataBytes carries the data; redeeming one
// of its vouchers for a capped customer raises the cap, clears the cap flag and applies the
// full plan to the open sessions (CoA) once, after commit. Bad sizes are refused.
func TestBatchWithDataLiftsCapByCoA(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		enf := &countingEnforcer{}
		f.bill = billing.NewService(st, nil, enf, slog.New(slog.NewTextHandler(io.Discard, nil)))
		f.bill.Now = func() time.Time { return f.now }
		f.svc = New(st, f.bill)
		f.svc.Now = func() time.Time { return f.now }
		ctx := context.Background()
		for _, bad := range []int64{0, -1, topups.MaxBytes + 1} {
			if _, err := f.svc.CreateBatch(f.ctx(""), BatchInput{Count: 1, Amount: amount(100), ExpiresAt: t0.AddDate(0, 1, 0), DataBytes: &bad}); err == nil {
				t.Fatalf("dataBytes %d accepted", bad)
			}
		}
		p := st.Client.Profile.UpdateOne(f.profile(t, 1500)).SetDataLimitBytes(1000).SaveX(ctx)
		c := f.customer(t, p, t0.AddDate(0, 0, 10))
		st.Client.Customer.UpdateOne(c).SetCapApplied(true).SetPeriodBytesIn(1200).SetPeriodStart(t0.AddDate(0, 0, -20)).ExecX(ctx)
		gb := int64(2e9)
		res := f.batch(t, BatchInput{Count: 2, Amount: amount(100), ExpiresAt: t0.AddDate(0, 1, 0), DataBytes: &gb})
		if got, err := BatchData(ctx, st.Client, res.Batch.ID); err != nil || got != gb {
			t.Fatalf("batch data %d, %v", got, err)
		}
		if _, err := f.svc.Redeem(f.ctx(""), c.ID, res.Codes[0]); err != nil {
			t.Fatal(err)
		}
		got := st.Client.Customer.GetX(ctx, c.ID)
		row := st.Client.DataTopup.Query().Where(datatopup.CustomerID(c.ID)).OnlyX(ctx)
		if got.CapApplied || row.Bytes != gb || enf.apply != 1 || enf.disconnect != 0 {
			t.Fatalf("cap applied %v, top-up %d, apply %d, disconnect %d; want lifted, %d, 1, 0", got.CapApplied, row.Bytes, enf.apply, enf.disconnect, gb)
		}
	})
}
