package billing

import (
	"context"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestRenewStartsThePendingPlan: a plan chosen for the next renewal (the portal's
// next_renewal rule) is what a renewal charges and starts, by staff, the portal or the
// scheduler; the choice is then cleared and the new plan reaches the routers.
func TestRenewStartsThePendingPlan(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		cheap, dear := f.profile(t, 1500, nil, nil), f.profile(t, 2500, nil, nil)
		for _, tc := range []struct {
			name    string
			balance int64
			renew   func(id int) error
			want    int64 // balance after; -1: not renewed
		}{
			{"renewCustomer", 3000, func(id int) error { _, err := f.svc.Renew(ctx, id); return err }, 500},
			{"scheduler", 3000, func(int) error { _, err := f.svc.Tick(ctx, t0.Add(2*time.Hour)); return err }, 500},
			{"scheduler without the new plan's price", 2000, func(int) error { _, err := f.svc.Tick(ctx, t0.Add(2*time.Hour)); return err }, -1},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := f.customer(t, cheap, t0.Add(time.Hour), tc.balance)
				st.Client.Customer.UpdateOneID(c.ID).SetPendingProfileID(dear.ID).ExecX(ctx)
				if err := tc.renew(c.ID); err != nil {
					t.Fatal(err)
				}
				got := f.get(t, c.ID)
				if tc.want < 0 {
					if got.ProfileID != cheap.ID || got.PendingProfileID == nil || got.Balance != tc.balance {
						t.Fatalf("not renewed: profile %d pending %v balance %d", got.ProfileID, got.PendingProfileID, got.Balance)
					}
					return
				}
				if got.ProfileID != dear.ID || got.PendingProfileID != nil || got.Balance != tc.want {
					t.Fatalf("renewed: profile %d (want %d) pending %v balance %d", got.ProfileID, dear.ID, got.PendingProfileID, got.Balance)
				}
				if _, applies := f.enf.counts(c.ID); applies != 1 {
					t.Fatalf("the new plan was applied %d times, want 1", applies)
				}
				checkLedger(t, st, c.ID)
			})
		}
	})
}
