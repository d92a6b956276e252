package notes

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestTimeline: staff notes, audit events (plan change with the plan's name, disconnect),
// ledger entries with their amounts and sent reminders come back merged newest first; an
// empty or too long note, or one for a missing customer, is refused; audit rows of other
// customers and unsent notifications stay out. On both databases.
func TestTimeline(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		base := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
		s := New(st)
		clock := base
		s.now = func() time.Time { return clock }
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "alice"})
		c := st.Client
		p := c.Profile.Create().SetName("Fibre 20").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(100).SaveX(ctx)
		cu := c.Customer.Create().SetAccountNo("100001").SetUsername("jane").SetPasswordEnc("x").SetPhone("+254700000001").
			SetProfile(p).SetExpiresAt(base).SaveX(ctx)
		other := c.Customer.Create().SetAccountNo("100002").SetUsername("bob").SetPasswordEnc("x").SetPhone("+254700000002").
			SetProfile(p).SetExpiresAt(base).SaveX(ctx)
		at := func(h int) time.Time { return base.Add(time.Duration(h) * time.Hour) }
		if _, err := s.Add(ctx, cu.ID, "  Called: will pay Friday  "); err != nil {
			t.Fatal(err)
		}
		mk := func(action string, id, h int, changes string) {
			c.AuditLog.Create().SetActor("bob").SetAction(action).SetTargetType("customer").SetTargetID(itoa(id)).
				SetChanges(changes).SetCreatedAt(at(h)).ExecX(ctx)
		}
		mk("changeCustomerProfile", cu.ID, 2, `{"profileID":`+itoa(p.ID)+`}`)
		mk("disconnectCustomer", cu.ID, 3, "")
		mk("disconnectCustomer", other.ID, 4, "")
		mk("exportCustomers", cu.ID, 5, "") // not a timeline action
		c.Transaction.Create().SetCustomerID(cu.ID).SetAmount(150000).SetBalanceAfter(150000).SetKind(transaction.KindPAYMENT).
			SetMethod("mpesa").SetReference("QX12").SetActor("alice").SetCreatedAt(at(6)).ExecX(ctx)
		c.Notification.Create().SetCustomerID(cu.ID).SetChannel(notification.ChannelSMS).SetKind("reminder.3d").SetDedupeKey("a").
			SetRecipient("+254700000001").SetBody("renew").SetStatus(notification.StatusSENT).SetSentAt(at(7)).SetCreatedAt(at(7)).ExecX(ctx)
		c.Notification.Create().SetCustomerID(cu.ID).SetChannel(notification.ChannelSMS).SetKind("reminder.1d").SetDedupeKey("b").
			SetRecipient("+254700000001").SetBody("renew").SetStatus(notification.StatusFAILED).SetCreatedAt(at(8)).ExecX(ctx)

		got, err := s.Timeline(ctx, cu.ID, 0)
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for _, e := range got {
			lines = append(lines, string(e.Kind)+"|"+e.Title+"|"+e.Detail+"|"+e.Actor)
		}
		want := []string{
			"REMINDER|Renewal reminder sent|by SMS, 3 days before expiry|system",
			"PAYMENT|Payment|mpesa · ref QX12|alice",
			"DISCONNECT|Disconnected||bob",
			"PLAN_CHANGE|Plan changed|to Fibre 20|bob",
			"NOTE|Note|Called: will pay Friday|alice",
		}
		if strings.Join(lines, "\n") != strings.Join(want, "\n") {
			t.Errorf("timeline:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		if got[1].Amount == nil || *got[1].Amount != 150000 {
			t.Errorf("payment amount = %v, want 150000", got[1].Amount)
		}
		if short, _ := s.Timeline(ctx, cu.ID, 2); len(short) != 2 || short[0].Kind != KindReminder {
			t.Errorf("limit 2: %d entries", len(short))
		}
		for _, bad := range []struct {
			id   int
			body string
		}{{cu.ID, "   "}, {cu.ID, strings.Repeat("x", MaxBody+1)}, {999999, "hello"}} {
			if _, err := s.Add(ctx, bad.id, bad.body); err == nil {
				t.Errorf("note %q for %d accepted", bad.body[:min(len(bad.body), 10)], bad.id)
			}
		}
		if n := c.AuditLog.Query().CountX(ctx); n != 5 {
			t.Errorf("%d audit rows, want 5 (one addCustomerNote)", n)
		}
	})
}

func itoa(i int) string { return strconv.Itoa(i) }
