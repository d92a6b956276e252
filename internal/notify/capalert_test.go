package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestCapAlertsOncePerPeriod: the 80 % and 100 % alerts go out once each per period, not
// again after more Interims; a top-up raises the period's data they are counted against, and a
// new period alerts again.
func TestCapAlertsOncePerPeriod(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		set(t, st, settings.SMSGatewayURL, "http://127.0.0.1:9/send?to={{phone}}&text={{message}}",
			settings.PublicURL, "https://isp.example")
		n := New(st, nil, nil)
		c := st.Client
		home := c.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(1000).
			SetDataLimitBytes(10_000).SaveX(ctx)
		period := time.Now().Add(-time.Hour).UTC().Truncate(time.Second)
		cu := c.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc("x").SetPhone("+254700000001").
			SetProfileID(home.ID).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour)).SetPeriodStart(period).SaveX(ctx)
		steps := []struct {
			name      string
			in, out   int64
			topup     int64
			newPeriod bool
			want      int
			wantKind  string
		}{
			{"below 80 %", 4000, 3000, 0, false, 0, ""},
			{"80 % reached", 5000, 3000, 0, false, 1, "cap.80"},
			{"80 % again after an Interim", 5000, 3500, 0, false, 0, ""},
			{"100 % reached", 6000, 4000, 0, false, 1, "cap.100"},
			{"100 % again after an Interim", 7000, 4000, 0, false, 0, ""},
			{"a top-up counts, then a new period alerts again", 5000, 3000, 5000, true, 1, "cap.80"},
			{"new period, still 80 %", 5000, 3100, 0, false, 0, ""},
		}
		for _, s := range steps {
			u := c.Customer.UpdateOneID(cu.ID).SetPeriodBytesIn(s.in).SetPeriodBytesOut(s.out)
			if s.newPeriod {
				period = period.Add(time.Minute)
				u.SetPeriodStart(period)
			}
			u.ExecX(ctx)
			if s.topup > 0 {
				c.DataTopup.Create().SetCustomerID(cu.ID).SetBytes(s.topup).SetPrice(0).SetSource("staff").
					SetCreatedAt(period.Add(time.Second)).ExecX(ctx)
				// 8,000 of 15,000 is 53 %: no alert until 80 % of the raised data.
				if k, err := n.EnqueueCapAlerts(ctx, time.Now().UTC()); err != nil || k != 0 {
					t.Fatalf("%s: %d alerts below 80 %% of the topped-up data (%v)", s.name, k, err)
				}
				c.Customer.UpdateOneID(cu.ID).SetPeriodBytesIn(9000).SetPeriodBytesOut(3000).ExecX(ctx)
			}
			k, err := n.EnqueueCapAlerts(ctx, time.Now().UTC())
			if err != nil {
				t.Fatal(err)
			}
			if k != s.want {
				t.Fatalf("%s: %d alerts queued, want %d", s.name, k, s.want)
			}
			if s.want > 0 {
				last := c.Notification.Query().AllX(ctx)
				got := last[len(last)-1]
				if got.Kind != s.wantKind || got.Channel != notification.ChannelSMS || !strings.Contains(got.Body, "top-up") ||
					!strings.Contains(got.Body, "https://isp.example/portal/") {
					t.Fatalf("%s: alert %s %s %q", s.name, got.Kind, got.Channel, got.Body)
				}
			}
		}
	})
}
