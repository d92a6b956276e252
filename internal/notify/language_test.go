package notify

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// A customer's reminders are written in their language (else the installation's), from that
// language's template when it has one.
func TestRemindersInTheCustomersLanguage(t *testing.T) {
	sw, fr := "sw", "fr"
	nairobi, _ := time.LoadLocation("Africa/Nairobi")
	expires := time.Date(2026, 12, 10, 10, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		installLang string
		own         *string
		swTemplate  string
		want        []string
	}{
		{"English by default", "en", nil, "", []string{"Dear Amina", "expires on 10 Dec 2026 13:00", "KES 1,500.00"}},
		{"the customer's Swahili", "en", &sw, "", []string{"Mpendwa Amina", "kinaisha tarehe 10 Des 2026 13:00"}},
		{"the installation's French", "fr", nil, "", []string{"Cher(e) Amina", "expire le 10 déc. 2026 13:00"}},
		{"own French over an installation's Swahili", "sw", &fr, "", []string{"Cher(e) Amina"}},
		{"an admin's Swahili template", "en", &sw, "Habari {{name}}, lipa {{amount}}", []string{"Habari Amina, lipa KES 1,500.00"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := settings.Defaults()
			v[settings.DefaultLanguage] = tc.installLang
			v[settings.SMSGatewayURL] = "http://127.0.0.1:9/?to={{phone}}&m={{message}}"
			if tc.swTemplate != "" {
				v[settings.TemplateKey(settings.ReminderSMSTemplate, "sw")] = tc.swTemplate
			}
			pl := newReminderPlan(v, expires.Add(-48*time.Hour))
			pl.loc, pl.currency, pl.smsOn = nairobi, "KES", true
			name := "Amina"
			c := &ent.Customer{Username: "amina", FullName: &name, AccountNo: "100001", Phone: "+254700000001",
				ExpiresAt: expires, Language: tc.own, Edges: ent.CustomerEdges{Profile: &ent.Profile{Name: "Home", Price: 150000}}}
			items, err := pl.reminders(c, 3)
			if err != nil || len(items) != 1 || items[0].ch != notification.ChannelSMS {
				t.Fatalf("reminders = %+v, %v", items, err)
			}
			for _, w := range tc.want {
				if !strings.Contains(items[0].body, w) {
					t.Errorf("SMS %q lacks %q", items[0].body, w)
				}
			}
		})
	}
}

// A French customer's cap alert is French, hint and subject included.
func TestCapAlertInTheCustomersLanguage(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		set(t, st, settings.SMSGatewayURL, "http://127.0.0.1:9/send?to={{phone}}&text={{message}}",
			settings.SMTPAddress, "127.0.0.1:2525", settings.SMTPFrom, "isp@example.com",
			settings.PublicURL, "https://isp.example")
		c := st.Client
		home := c.Profile.Create().SetName("Maison").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(1000).
			SetDataLimitBytes(10_000_000_000).SaveX(ctx)
		c.Customer.Create().SetAccountNo("100001").SetUsername("aline").SetPasswordEnc("x").SetPhone("+254700000001").
			SetEmail("aline@example.com").SetLanguage("fr").SetProfileID(home.ID).SetExpiresAt(time.Now().Add(30 * 24 * time.Hour)).
			SetPeriodStart(time.Now().Add(-time.Hour).UTC()).SetPeriodBytesIn(8_500_000_000).SaveX(ctx)
		if k, err := New(st, nil, nil).EnqueueCapAlerts(ctx, time.Now().UTC()); err != nil || k != 2 {
			t.Fatalf("%d alerts (%v), want SMS and e-mail", k, err)
		}
		for _, n := range c.Notification.Query().AllX(ctx) {
			want := "Bonjour aline, vous avez utilisé 80 % de vos données Maison pour cette période (8.5 GB sur 10 GB). " +
				"Achetez un complément de données avec votre solde sur https://isp.example/portal/."
			if n.Body != want {
				t.Errorf("%s body %q, want %q", n.Channel, n.Body, want)
			}
			if n.Channel == notification.ChannelEMAIL && n.Subject != "80 % de vos données utilisées" {
				t.Errorf("subject %q", n.Subject)
			}
		}
	})
}
