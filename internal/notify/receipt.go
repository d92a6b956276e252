package notify

import (
	"context"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/settings"
)

// KindReceipt is the kind of the message that confirms a payment with its receipt number.
const KindReceipt = "receipt"

// ReceiptKey identifies the receipt message of a payment on a channel (one each).
func ReceiptKey(transactionID int, ch notification.Channel) string {
	return fmt.Sprintf("receipt:%d:%s", transactionID, ch)
}

// QueueReceipt queues, in tx (the payment's transaction: the message exists only if the
// payment commits), the receipt message of payment t to customer c on the channels the
// receipt_send setting names and that have settings and an address. The message gives the
// receipt number, the amount and the new balance, and the portal's address when public_url
// is set (where the subscriber downloads the receipt). Deliver sends it like a reminder.
func (n *Notifier) QueueReceipt(ctx context.Context, tx *ent.Client, t *ent.Transaction, c *ent.Customer) error {
	if t.ReceiptNo == nil {
		return nil
	}
	v, err := settings.Load(ctx, tx)
	if err != nil {
		return err
	}
	mode := v[settings.ReceiptSend]
	if mode == settings.ReceiptSendNone || mode == "" {
		return nil
	}
	isp := v[settings.ISPName]
	if isp == "" {
		isp = "Your internet provider"
	}
	cur := v[settings.Currency]
	text := fmt.Sprintf("%s: payment of %s received for account %s on %s. Receipt %s. Balance %s.",
		isp, documents.FormatMoney(t.Amount, cur), c.AccountNo, FormatExpiry(t.CreatedAt, v.Location()),
		documents.ReceiptNumber(*t.ReceiptNo), documents.FormatMoney(t.BalanceAfter, cur))
	if u := strings.TrimRight(v[settings.PublicURL], "/"); u != "" {
		text += " Download it at " + u + "/portal/"
	}
	var items []reminder
	if (mode == settings.ReceiptSendSMS || mode == settings.ReceiptSendBoth) && v[settings.SMSGatewayURL] != "" && c.Phone != "" {
		items = append(items, reminder{ch: notification.ChannelSMS, to: c.Phone, body: text})
	}
	if (mode == settings.ReceiptSendEmail || mode == settings.ReceiptSendBoth) && v[settings.SMTPAddress] != "" &&
		v[settings.SMTPFrom] != "" && c.Email != nil && *c.Email != "" {
		items = append(items, reminder{ch: notification.ChannelEMAIL, to: *c.Email,
			subject: "Receipt " + documents.ReceiptNumber(*t.ReceiptNo) + " from " + isp, body: text + "\n"})
	}
	for _, it := range items {
		err := tx.Notification.Create().
			SetCustomerID(c.ID).SetChannel(it.ch).SetKind(KindReceipt).
			SetDedupeKey(ReceiptKey(t.ID, it.ch)).
			SetRecipient(truncate(it.to, 500)).SetSubject(truncate(oneLine(it.subject), 200)).SetBody(it.body).
			SetStatus(notification.StatusPENDING).SetNextAttemptAt(t.CreatedAt).SetCreatedAt(t.CreatedAt).
			Exec(ctx)
		if err != nil {
			return fmt.Errorf("queueing receipt %s: %w", documents.ReceiptNumber(*t.ReceiptNo), err)
		}
	}
	return nil
}
