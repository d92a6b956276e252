package reports

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func ptr[T any](v T) *T { return &v }

// TestFigures: expiring soon counts the customers ending within the window (the setting's
// by default), revenue sums this month's payments in the display time zone, the online
// history is oldest first; out-of-range windows are refused.
func TestFigures(t *testing.T) {
	// 1 March 2026, 00:30 in Nairobi (UTC+3) is still February in UTC.
	now := time.Date(2026, 2, 28, 21, 30, 0, 0, time.UTC)
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st)
		s.now = func() time.Time { return now }
		ctx := context.Background()
		c := st.Client
		p := c.Profile.Create().SetName("P").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(100).SaveX(ctx)
		for i, in := range []time.Duration{-time.Hour, time.Hour, 3 * 24 * time.Hour, 10 * 24 * time.Hour} {
			cu := c.Customer.Create().SetAccountNo(fmt.Sprint(100001 + i)).SetUsername(fmt.Sprintf("u%d", i)).SetPasswordEnc("v1:x:y").
				SetPhone(fmt.Sprintf("+2547000000%02d", i)).SetProfile(p).SetExpiresAt(now.Add(in)).SaveX(ctx)
			// Payments at 23:00 UTC on 28 February (this month in Nairobi) and the day before.
			for _, at := range []time.Time{now.Add(90 * time.Minute), now.Add(-24 * time.Hour)} {
				c.Transaction.Create().SetCustomerID(cu.ID).SetAmount(1000).SetBalanceAfter(1000).SetKind(transaction.KindPAYMENT).
					SetActor("test").SetCreatedAt(at).ExecX(ctx)
			}
			c.Transaction.Create().SetCustomerID(cu.ID).SetAmount(-500).SetBalanceAfter(500).SetKind(transaction.KindRENEWAL).
				SetActor("test").SetCreatedAt(now.Add(time.Hour)).ExecX(ctx)
		}
		for _, h := range []int{3, 1, 2} {
			c.OnlineSample.Create().SetAt(now.Add(-time.Duration(h) * time.Hour)).SetOnline(h).ExecX(ctx)
		}
		c.OnlineSample.Create().SetAt(now.Add(-30 * time.Hour)).SetOnline(9).ExecX(ctx)

		for _, tc := range []struct {
			days *int
			want int
		}{{nil, 2}, {ptr(0), 0}, {ptr(1), 1}, {ptr(366), 3}} {
			if n, err := s.ExpiringSoon(ctx, tc.days); err != nil || n != tc.want {
				t.Errorf("expiringSoon(%v) = %d, %v; want %d", tc.days, n, err, tc.want)
			}
		}
		if err := settings.Set(ctx, c, settings.ExpiringSoonDays, "14"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.ExpiringSoon(ctx, nil); n != 3 {
			t.Errorf("expiringSoon with expiring_soon_days 14 = %d, want 3", n)
		}
		if n, err := s.RevenueThisMonth(ctx); err != nil || n != 4000 {
			t.Errorf("revenueThisMonth = %d, %v; want 4000 (this month's payments in Nairobi)", n, err)
		}
		h, err := s.OnlineHistory(ctx, nil)
		if err != nil || len(h) != 3 || h[0].Online != 3 || h[2].Online != 1 {
			t.Errorf("onlineHistory %+v %v", h, err)
		}
		for _, bad := range []func() error{
			func() error { _, err := s.ExpiringSoon(ctx, ptr(-1)); return err },
			func() error { _, err := s.ExpiringSoon(ctx, ptr(367)); return err },
			func() error { _, err := s.OnlineHistory(ctx, ptr(0)); return err },
			func() error { _, err := s.OnlineHistory(ctx, ptr(745)); return err },
		} {
			if err := bad(); !domain.IsKind(err, domain.Invalid) {
				t.Errorf("out of range: %v, want a refusal", err)
			}
		}
	})
}

// TestStatusesCountOnceThroughTheService: every status field of one dashboard reads the same
// count.
func TestStatusesCountOnceThroughTheService(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := New(st)
		ctx := context.Background()
		d := s.Dashboard()
		if n, err := s.Customers(ctx, d); err != nil || n != 0 {
			t.Fatalf("customers %d %v", n, err)
		}
		p := st.Client.Profile.Create().SetName("P").SetDownloadKbps(1).SetUploadKbps(1).SetPrice(1).SaveX(ctx)
		st.Client.Customer.Create().SetAccountNo("100001").SetUsername("u").SetPasswordEnc("v1:x:y").
			SetPhone("+254700000001").SetProfile(p).SetExpiresAt(time.Now().Add(time.Hour)).ExecX(ctx)
		if n, _ := s.Offline(ctx, d); n != 0 {
			t.Fatalf("offline %d from a second count in the same request", n)
		}
		if n, _ := s.Offline(ctx, s.Dashboard()); n != 1 {
			t.Fatalf("offline %d in a new request, want 1", n)
		}
	})
}
