package notify_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPaymentQueuesItsReceipt: with receipt_send, a payment queues one message per
// configured channel naming the receipt number and amount, in the payment's transaction
// (a rolled back payment leaves none, a replayed one adds none); with none, nothing.
func TestPaymentQueuesItsReceipt(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
		bill := billing.NewService(st, events.NewBus(), nil, quiet).WithReceipts(notify.New(st, testutil.Box(t), quiet))
		p := st.Client.Profile.Create().SetName("Home").SetDownloadKbps(1000).SetUploadKbps(1000).SetValidityDays(30).SetPrice(1000).SaveX(ctx)
		c := st.Client.Customer.Create().SetAccountNo("100001").SetUsername("amina").SetPasswordEnc("x").
			SetPhone("+254712345678").SetEmail("amina@example.org").SetProfileID(p.ID).
			SetExpiresAt(time.Now().Add(240 * time.Hour)).SaveX(ctx)
		pay := func(ctx context.Context, ref string) {
			t.Helper()
			if _, err := bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: c.ID, Amount: 150050, Method: "mpesa", Reference: ref}); err != nil {
				t.Fatal(err)
			}
		}
		pay(ctx, "QA1") // receipt_send is none by default
		if n := st.Client.Notification.Query().CountX(ctx); n != 0 {
			t.Fatalf("%d messages with receipt_send none", n)
		}
		for k, v := range map[string]string{settings.ReceiptSend: settings.ReceiptSendSMS, settings.SMSGatewayURL: "https://sms.example/send?to={{phone}}&m={{message}}",
			settings.ISPName: "Kilele Net", settings.PublicURL: "https://isp.example"} {
			if err := settings.Set(ctx, st.Client, k, v); err != nil {
				t.Fatal(err)
			}
		}
		pay(ctx, "QA2")
		pay(ctx, "QA2") // delivered again: no second message
		_ = store.InTx(ctx, st.Client, func(ctx context.Context, _ *ent.Client) error {
			pay(ctx, "QA3")
			return context.Canceled // the caller rolls back
		})
		rows := st.Client.Notification.Query().AllX(ctx)
		if len(rows) != 1 {
			t.Fatalf("%d messages, want 1: %+v", len(rows), rows)
		}
		m := rows[0]
		want := "Kilele Net: payment of KES 1,500.50 received for account 100001"
		if m.Channel != notification.ChannelSMS || m.Kind != notify.KindReceipt || m.Recipient != "+254712345678" ||
			!strings.HasPrefix(m.Body, want) || !strings.Contains(m.Body, "Receipt R-000002.") ||
			!strings.HasSuffix(m.Body, "https://isp.example/portal/") {
			t.Fatalf("message %+v", m)
		}
	})
}
