package retention

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/usagemonthly"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestPruneAndRollUp(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		now := time.Date(2026, 6, 15, 12, 0, 0, 0, time.UTC)
		c := st.Client
		p := c.Profile.Create().SetName("P").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(100).SaveX(ctx)
		cust := c.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc("v1:x:y").
			SetPhone("+254700000001").SetProfile(p).SetExpiresAt(now).SaveX(ctx)
		nas := c.Nas.Create().SetName("r1").SetIPAddress("127.0.0.1").SetSecretEnc("v1:x:y").SaveX(ctx)

		old := now.AddDate(-2, 0, 0)
		var sessions []*ent.SessionCreate
		for i := 0; i < BatchSize+5; i++ { // more than one batch
			sessions = append(sessions, c.Session.Create().SetAcctKey(fmt.Sprintf("k%d", i)).SetAcctSessionID(fmt.Sprint(i)).
				SetUsername("alice").SetCustomer(cust).SetNas(nas).SetStartedAt(old).SetUpdatedAt(old).SetStoppedAt(old).SetOpen(false))
		}
		for start := 0; start < len(sessions); start += 500 {
			c.Session.CreateBulk(sessions[start:min(start+500, len(sessions))]...).ExecX(ctx)
		}
		// Kept: an old session still open, and a recent closed one.
		c.Session.Create().SetAcctKey("open-old").SetAcctSessionID("x").SetUsername("alice").SetNas(nas).
			SetStartedAt(old).SetUpdatedAt(old).SetOpen(true).ExecX(ctx)
		c.Session.Create().SetAcctKey("recent").SetAcctSessionID("y").SetUsername("alice").SetNas(nas).
			SetStartedAt(now.Add(-time.Hour)).SetUpdatedAt(now).SetStoppedAt(now).SetOpen(false).ExecX(ctx)
		c.AuthEvent.Create().SetUsername("alice").SetResult("REJECT").SetReason("WRONG_PASSWORD").SetCreatedAt(old).ExecX(ctx)
		c.AuthEvent.Create().SetUsername("alice").SetResult("ACCEPT").SetReason("OK").SetCreatedAt(now).ExecX(ctx)
		for _, d := range []string{"2026-05-30", "2026-05-31", "2026-06-01", "2026-06-14"} {
			c.UsageDaily.Create().SetCustomerID(cust.ID).SetDay(d).SetBytesIn(10).SetBytesOut(100).ExecX(ctx)
		}
		c.UsageDaily.Create().SetCustomerID(cust.ID).SetDay("2024-01-01").SetBytesIn(1).SetBytesOut(1).ExecX(ctx)

		for pass := 0; pass < 2; pass++ { // a second pass changes nothing
			r, err := Prune(ctx, st, now)
			if err != nil {
				t.Fatal(err)
			}
			wantSessions, wantAuth, wantDailies := BatchSize+5, 1, 1
			if pass == 1 {
				wantSessions, wantAuth, wantDailies = 0, 0, 0
			}
			if r.Sessions != wantSessions || r.AuthEvents != wantAuth || r.Dailies != wantDailies {
				t.Fatalf("pass %d pruned %+v, want sessions %d, auth %d, dailies %d", pass, r, wantSessions, wantAuth, wantDailies)
			}
		}
		if n := c.Session.Query().CountX(ctx); n != 2 {
			t.Fatalf("sessions left = %d, want 2 (the open one and the recent one)", n)
		}
		may := c.UsageMonthly.Query().Where(usagemonthly.Month("2026-05")).OnlyX(ctx)
		jun := c.UsageMonthly.Query().Where(usagemonthly.Month("2026-06")).OnlyX(ctx)
		if may.BytesIn != 20 || may.BytesOut != 200 || jun.BytesIn != 20 || jun.BytesOut != 200 {
			t.Fatalf("monthly roll-up: May %d/%d June %d/%d, want 20/200 each", may.BytesIn, may.BytesOut, jun.BytesIn, jun.BytesOut)
		}
		if n, err := SampleOnline(ctx, st, now); err != nil || n != 1 {
			t.Fatalf("SampleOnline = %d, %v; want 1", n, err)
		}
	})
}
