package vouchers

import (
	"context"
	"testing"

	"github.com/linedesk/linedesk/ent/datatopup"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
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
