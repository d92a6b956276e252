package topups_test

import (
	"context"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/internal/topups"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/sim"
)

// TestTopUpLiftsCap: a top-up bought from the balance raises the cap at once, moves a capped
// customer back to the full plan by CoA, is booked as TOPUP, and the data-cap scheduler
// counts it (no re-cap until the raised cap is used up).
func TestTopUpLiftsCap(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		router := sim.New(sim.Config{Secret: "s3cret", AuthAddr: "127.0.0.1:9", AcctAddr: "127.0.0.1:9"})
		if err := router.Start(ctx); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(router.Stop)
		c := st.Client
		after := c.Profile.Create().SetName("After cap").SetDownloadKbps(1000).SetUploadKbps(512).SetPrice(0).SaveX(ctx)
		home := c.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(1000).
			SetDataLimitBytes(1000).SetAfterCapProfileID(after.ID).SaveX(ctx)
		n := c.Nas.Create().SetName("sim").SetIPAddress("127.0.0.1").SetSecretEnc(box.MustEncrypt("s3cret")).
			SetCoaPort(router.CoAPort()).SaveX(ctx)
		cu := c.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc("x").SetPhone("+254700000001").
			SetProfileID(home.ID).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour)).SetBalance(5000).
			SetPeriodStart(time.Now().Add(-time.Hour).UTC()).SetPeriodBytesIn(1500).SetCapApplied(true).SaveX(ctx)
		info := router.Adopt("alice", "512k/1M")
		now := time.Now().UTC()
		c.Session.Create().SetAcctKey("k1").SetAcctSessionID(info.AcctSessionID).SetUsername("alice").SetCustomerID(cu.ID).
			SetNasID(n.ID).SetFramedIP(info.IP.String()).SetStartedAt(now).SetUpdatedAt(now).ExecX(ctx)

		svc := nas.NewService(st, box, nil, nil)
		svc.CoA = coa.Client{Timeout: time.Second, Retries: 2}
		t.Cleanup(svc.Close)
		bill := billing.NewService(st, nil, svc, nil)
		tops := topups.New(st, bill)

		if _, err := tops.TopUp(ctx, cu.ID, 1000, ptr(int64(9000)), ""); err == nil {
			t.Fatal("a top-up dearer than the balance was accepted")
		}
		res, err := tops.TopUp(ctx, cu.ID, 2000, ptr(int64(1200)), "")
		if err != nil {
			t.Fatal(err)
		}
		if !res.CapLifted || res.Transaction == nil || res.Transaction.Kind != transaction.KindTOPUP || res.Transaction.Amount != -1200 {
			t.Fatalf("top-up %+v: want the cap lifted and a TOPUP of -1200", res)
		}
		got := c.Customer.GetX(ctx, cu.ID)
		if got.CapApplied || got.Balance != 3800 {
			t.Fatalf("after the top-up: cap applied %v, balance %d; want false, 3800", got.CapApplied, got.Balance)
		}
		if r := router.RateOf("alice"); r != "5M/10M" {
			t.Fatalf("the router has alice at %q after the top-up, want the full plan 5M/10M", r)
		}
		rep, err := bill.Tick(ctx, time.Now())
		if err != nil || rep.CapsApplied != 0 {
			t.Fatalf("tick after the top-up capped %d (%v), want 0: 1,500 of 3,000 bytes used", rep.CapsApplied, err)
		}
		c.Customer.UpdateOneID(cu.ID).SetPeriodBytesOut(1600).ExecX(ctx)
		rep, err = bill.Tick(ctx, time.Now())
		if err != nil || rep.CapsApplied != 1 {
			t.Fatalf("tick past the raised cap capped %d (%v), want 1", rep.CapsApplied, err)
		}
		if r := router.RateOf("alice"); r != "512k/1M" {
			t.Fatalf("the router has alice at %q past the raised cap, want the after-cap plan", r)
		}
	})
}

func ptr[T any](v T) *T { return &v }
