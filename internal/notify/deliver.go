package notify

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/lease"
	"github.com/linedesk/linedesk/internal/settings"
)

// LeaseDeliver is the lease under which one instance at a time delivers.
const LeaseDeliver = "notify.deliver"

// DeliverReport says what one Deliver pass did.
type DeliverReport struct {
	Sent      int  // entries delivered and marked SENT
	Cancelled int  // reminders made pointless before delivery (renewed, account no longer active)
	Failed    int  // attempts that failed (the entry is retried later unless it gave up)
	GaveUp    int  // entries marked FAILED (last attempt failed, or a permanent error)
	Skipped   bool // another instance was delivering
}

// pass is what one delivery pass sends with: the settings read at its start and an HTTP
// client whose connections the egress policy of those settings checks.
type pass struct {
	v    settings.Values
	http *http.Client
}

// Deliver sends the outbox entries due at now. Each entry is first claimed (attempts+1, hidden
// for ClaimFor), then sent, then marked SENT or scheduled for a retry with backoff; the claim
// is conditional, so two senders never send the same entry, and a SENT entry is never read
// again. It runs under a lease, one instance at a time.
func (n *Notifier) Deliver(ctx context.Context, now time.Time) (DeliverReport, error) {
	var rep DeliverReport
	ran, err := lease.Run(ctx, n.st, LeaseDeliver, func(ctx context.Context) error {
		return n.deliver(ctx, now.UTC(), &rep)
	})
	if !ran && err == nil {
		rep.Skipped = true
	}
	return rep, err
}

func (n *Notifier) deliver(ctx context.Context, now time.Time, rep *DeliverReport) error {
	v, err := settings.Load(ctx, n.st.Client)
	if err != nil {
		return err
	}
	p := &pass{v: v, http: settings.Policy(v, settings.SMSGatewayURL).HTTPClient(n.HTTPTimeout)}
	defer p.http.CloseIdleConnections()
	seen := map[int]bool{}
	for round := 0; round < 100; round++ {
		rows, err := n.st.Client.Notification.Query().
			Where(notification.StatusEQ(notification.StatusPENDING), notification.NextAttemptAtLTE(now)).
			Order(ent.Asc(notification.FieldNextAttemptAt), ent.Asc(notification.FieldID)).
			Limit(n.Batch).All(ctx)
		if err != nil {
			return fmt.Errorf("reading outbox: %w", err)
		}
		progress := false
		for _, row := range rows {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if seen[row.ID] {
				continue
			}
			seen[row.ID] = true
			progress = true
			if err := n.deliverOne(ctx, p, row, now, rep); err != nil {
				return err
			}
		}
		if !progress || len(rows) < n.Batch {
			return nil
		}
	}
	return nil
}

// deliverOne claims, sends and records one entry. It returns only database errors.
func (n *Notifier) deliverOne(ctx context.Context, p *pass, row *ent.Notification, now time.Time, rep *DeliverReport) error {
	if why := n.obsolete(ctx, p.v, row); why != "" {
		// Never sent: marked FAILED with the reason, so it stays visible.
		k, err := n.st.Client.Notification.Update().
			Where(notification.ID(row.ID), notification.StatusEQ(notification.StatusPENDING), notification.Attempts(row.Attempts)).
			SetStatus(notification.StatusFAILED).SetLastError("cancelled: " + why).Save(ctx)
		if err != nil {
			return fmt.Errorf("cancelling notification %d: %w", row.ID, err)
		}
		rep.Cancelled += k
		return nil
	}
	attempt := row.Attempts + 1
	claimed, err := n.st.Client.Notification.Update().
		Where(notification.ID(row.ID), notification.StatusEQ(notification.StatusPENDING),
			notification.Attempts(row.Attempts), notification.NextAttemptAtLTE(now)).
		SetAttempts(attempt).SetNextAttemptAt(now.Add(n.ClaimFor)).Save(ctx)
	if err != nil {
		return fmt.Errorf("claiming notification %d: %w", row.ID, err)
	}
	if claimed == 0 {
		return nil // another sender has it
	}
	sendErr := n.send(ctx, p, row, now)
	// Record the outcome even when ctx ended meanwhile: a sent message must be marked.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if sendErr == nil {
		if err := n.st.Client.Notification.UpdateOneID(row.ID).
			SetStatus(notification.StatusSENT).SetSentAt(now).Exec(wctx); err != nil {
			// The at-least-once window: sent but not marked; retried after ClaimFor.
			n.log.Error("notification sent but not marked SENT; it may be sent again", "notification", row.ID, "err", err)
			return fmt.Errorf("marking notification %d sent: %w", row.ID, err)
		}
		rep.Sent++
		return nil
	}
	rep.Failed++
	f := asFailure(sendErr)
	upd := n.st.Client.Notification.UpdateOneID(row.ID).SetLastError(truncate(f.msg, 500))
	if attempt >= n.MaxAttempts || f.permanent {
		upd.SetStatus(notification.StatusFAILED)
		rep.GaveUp++
	} else {
		upd.SetNextAttemptAt(now.Add(n.Backoff(attempt)))
	}
	n.log.Warn("notification delivery failed", "notification", row.ID, "channel", row.Channel,
		"attempt", attempt, "error", f.msg)
	n.log.Debug("notification delivery failure detail", "notification", row.ID, "detail", f.err)
	if err := upd.Exec(wctx); err != nil {
		return fmt.Errorf("recording failed notification %d: %w", row.ID, err)
	}
	return nil
}

// obsolete says why a queued reminder should no longer be sent ("" when it should): the
// customer renewed (its expiry date is no longer the one the reminder was for) or is no longer
// ACTIVE. A "pay to renew" message after paying is worse than none.
func (n *Notifier) obsolete(ctx context.Context, v settings.Values, row *ent.Notification) string {
	if row.CustomerID == nil || !strings.HasPrefix(row.Kind, "reminder.") {
		return ""
	}
	parts := strings.Split(row.DedupeKey, ":") // reminder:<customer>:<expiry date>:<days>:<channel>
	if len(parts) != 5 {
		return ""
	}
	c, err := n.st.Client.Customer.Get(ctx, *row.CustomerID)
	switch {
	case ent.IsNotFound(err):
		return "the customer was deleted"
	case err != nil:
		return "" // send rather than drop on a read error
	case c.Status != customer.StatusACTIVE:
		return "the customer is " + strings.ToLower(string(c.Status))
	case c.ExpiresAt.In(v.Location()).Format("2006-01-02") != parts[2]:
		return "the subscription was renewed or its expiry changed before delivery"
	}
	return ""
}

func (n *Notifier) send(ctx context.Context, p *pass, row *ent.Notification, now time.Time) error {
	switch row.Channel {
	case notification.ChannelSMS:
		return n.sendSMS(ctx, p, row.Recipient, row.Body)
	case notification.ChannelEMAIL:
		return n.sendEmail(ctx, p, row, now)
	case notification.ChannelWEBHOOK:
		return n.sendWebhook(ctx, p, row)
	}
	return failed("outbox", fmt.Sprintf("unknown channel %q", row.Channel), true)
}

// asFailure returns err as a failure; any other error (none is expected) is shown to
// operators only as "delivery failed".
func asFailure(err error) *failure {
	var f *failure
	if errors.As(err, &f) {
		return f
	}
	return &failure{msg: "delivery failed", err: err}
}
