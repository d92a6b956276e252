// Package notify sends renewal reminders through an outbox (the notifications table).
//
// Enqueue creates, for each customer whose expiry is near, one entry per reminder day and
// channel (SMS, e-mail, webhook); a unique dedupe key (customer, expiry date, days before,
// channel) makes sure each reminder is created once however often it runs and on however
// many instances. Deliver sends the entries that are due, with retries and exponential
// backoff, and records PENDING → SENT (or FAILED after the last attempt) with the number of
// attempts and the last error. An entry is never sent again once marked SENT. The one
// at-least-once window: if the process dies after the gateway accepted a message but before
// the SENT mark is written, the entry is retried after its claim expires (ClaimFor) and the
// customer may get that message twice.
//
// Every function takes the current time as a parameter, so tests run on a fake clock.
package notify

import (
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Notifier queues and delivers reminders.
type Notifier struct {
	st  *store.Store
	box *secret.Box
	log *slog.Logger

	// HTTPTimeout bounds one SMS gateway or webhook request. Default 15 s. (The client is made
	// for each delivery pass from the settings: connections checked against
	// allow_private_targets, no proxy, no redirects.)
	HTTPTimeout time.Duration
	// MaxAttempts is how often an entry is tried before it is marked FAILED. Default 10.
	MaxAttempts int
	// Backoff is the wait after the n-th failed attempt (n ≥ 1). Default 1 min · 2^(n-1),
	// at most 1 hour.
	Backoff func(n int) time.Duration
	// ClaimFor is how long an entry being sent is hidden from other senders; it bounds the
	// wait before a send interrupted by a crash is retried. Default 5 minutes.
	ClaimFor time.Duration
	// SMTPTimeout bounds one whole SMTP conversation. Default 30 s.
	SMTPTimeout time.Duration
	// SMTPTLS is the base TLS configuration for SMTP (e.g. RootCAs of a private CA); nil means
	// the system roots. ServerName is always set to the SMTP host.
	SMTPTLS *tls.Config
	// Batch is how many entries one Deliver pass reads at a time. Default 100.
	Batch int
}

// New makes a Notifier. box decrypts the SMTP password and SMS gateway key settings (stored "v1:…").
func New(st *store.Store, box *secret.Box, logger *slog.Logger) *Notifier {
	if logger == nil {
		logger = slog.Default()
	}
	return &Notifier{
		st: st, box: box, log: logger.With("component", "notify"),
		HTTPTimeout: 15 * time.Second,
		MaxAttempts: 10,
		Backoff: func(n int) time.Duration {
			if n > 7 {
				return time.Hour
			}
			return min(time.Minute<<(n-1), time.Hour)
		},
		ClaimFor:    5 * time.Minute,
		SMTPTimeout: 30 * time.Second,
		Batch:       100,
	}
}

// Kinds of outbox entries.
const (
	KindReminderExpiry = "reminder.expiry" // on the day of expiry
	// Reminders before expiry are "reminder.<n>d", e.g. "reminder.7d".
)

// KindReminder is the kind of the reminder sent days before expiry (0: on the day).
func KindReminder(days int) string {
	if days == 0 {
		return KindReminderExpiry
	}
	return fmt.Sprintf("reminder.%dd", days)
}

// DedupeKey identifies one reminder: customer, expiry date (in the display time zone),
// days before expiry and channel.
func DedupeKey(customerID int, expiryDate string, days int, ch notification.Channel) string {
	return fmt.Sprintf("reminder:%d:%s:%d:%s", customerID, expiryDate, days, ch)
}

// WebhookRecipient is the recipient recorded for webhook entries: the URL itself (which may
// carry a token) is read from the settings when sending and never stored in the outbox.
const WebhookRecipient = "webhook"

// WebhookPayload is the JSON body POSTed to the webhook for a reminder.
type WebhookPayload struct {
	Event      string    `json:"event"` // "renewal_reminder"
	Key        string    `json:"key"`   // stable per reminder: use it to drop duplicates
	DaysBefore int       `json:"daysBefore"`
	CustomerID int       `json:"customerId"`
	AccountNo  string    `json:"accountNo"`
	Username   string    `json:"username"`
	Name       string    `json:"name"`
	Phone      string    `json:"phone"`
	Email      string    `json:"email,omitempty"`
	Plan       string    `json:"plan"`
	ExpiresAt  time.Time `json:"expiresAt"`
	AmountDue  int64     `json:"amountDue"` // minor units
	Currency   string    `json:"currency"`
	Message    string    `json:"message"` // the SMS text
}

// day is a calendar date in the display time zone, as days since an epoch.
func day(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Enqueue creates the reminders due at now and returns how many outbox entries it created.
//
// Reminder days come from the settings (default 7, 3, 1, plus the day of expiry), counted in
// calendar days in the display time zone. On a given day a customer gets the reminder of the
// nearest configured day not yet passed: a reminder missed during downtime is sent late once,
// and never together with the earlier ones. Reminders go to ACTIVE customers whose balance
// does not already cover an automatic renewal; {{amount}} is what they still have to pay.
// Channels without settings (gateway URL, SMTP address and From, webhook URL) are skipped.
func (n *Notifier) Enqueue(ctx context.Context, now time.Time) (int, error) {
	now = now.UTC()
	v, err := settings.Load(ctx, n.st.Client)
	if err != nil {
		return 0, err
	}
	plan := newReminderPlan(v, now)
	if len(plan.stages) == 0 || !(plan.smsOn || plan.mailOn || plan.hookOn) {
		return 0, nil
	}
	horizon := now.Add(time.Duration(plan.stages[0]+2) * 24 * time.Hour)
	custs, err := n.st.Client.Customer.Query().Where(
		customer.StatusEQ(customer.StatusACTIVE), customer.ArchivedAtIsNil(),
		customer.ExpiresAtGT(now.Add(-48*time.Hour)), customer.ExpiresAtLTE(horizon),
	).WithProfile().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reminders: listing customers: %w", err)
	}
	created := 0
	for _, c := range custs {
		stage, ok := plan.stageFor(c)
		if !ok {
			continue
		}
		items, err := plan.reminders(c, stage)
		if err != nil {
			return created, err
		}
		k, err := n.queue(ctx, c.ID, stage, items, now)
		created += k
		if err != nil {
			return created, err
		}
	}
	return created, nil
}

// reminderPlan is what one Enqueue pass has read from the settings.
type reminderPlan struct {
	v                     settings.Values
	now                   time.Time
	loc                   *time.Location
	today                 int   // day(now, loc)
	stages                []int // days before expiry, largest first; 0 is the day of expiry
	smsOn, mailOn, hookOn bool  // channels with settings
	currency              string
}

func newReminderPlan(v settings.Values, now time.Time) reminderPlan {
	loc := v.Location()
	stages := v.Days(settings.ReminderDays) // largest first
	if v.Bool(settings.ReminderOnExpiry) {
		stages = append(stages, 0)
	}
	return reminderPlan{
		v: v, now: now, loc: loc, today: day(now, loc), stages: stages,
		smsOn:    v[settings.SMSGatewayURL] != "",
		mailOn:   v[settings.SMTPAddress] != "" && v[settings.SMTPFrom] != "",
		hookOn:   v[settings.WebhookURL] != "",
		currency: v[settings.Currency],
	}
}

// stageFor returns the reminder day due for c today, and false when c gets no reminder:
// no profile, already expired, too early, or its balance covers an automatic renewal.
func (pl reminderPlan) stageFor(c *ent.Customer) (int, bool) {
	p := c.Edges.Profile
	if p == nil {
		return 0, false
	}
	left := day(c.ExpiresAt, pl.loc) - pl.today
	if left < 0 {
		return 0, false
	}
	stage := -1
	for _, d := range pl.stages { // largest first: the last one ≥ left is the nearest
		if d >= left {
			stage = d
		}
	}
	if stage < 0 || (stage > 0 && !c.ExpiresAt.After(pl.now)) {
		return 0, false // too early; or a before-expiry reminder after the expiry itself
	}
	if c.AutoRenew && c.Balance >= p.Price {
		return 0, false // the scheduler renews it; nothing to ask for
	}
	return stage, true
}

// reminder is one outbox entry to create.
type reminder struct {
	ch                notification.Channel
	expDate           string // the expiry date in the display time zone, for the dedupe key
	to, subject, body string
}

// reminders renders c's reminder for stage on every channel that has settings and an address.
func (pl reminderPlan) reminders(c *ent.Customer, stage int) ([]reminder, error) {
	p := c.Edges.Profile
	due := max(p.Price-c.Balance, 0)
	name := c.Username
	if c.FullName != nil && strings.TrimSpace(*c.FullName) != "" {
		name = *c.FullName
	}
	lang := pl.v.Language(c.Language)
	vars := Vars{Name: name, Account: c.AccountNo, Plan: p.Name, Expiry: FormatExpiryIn(c.ExpiresAt, pl.loc, lang),
		Amount: FormatAmount(due, pl.currency)}
	expDate := c.ExpiresAt.In(pl.loc).Format("2006-01-02")
	sms := Render(pl.v.Template(settings.ReminderSMSTemplate, lang), vars)
	var items []reminder
	if pl.smsOn && c.Phone != "" {
		items = append(items, reminder{notification.ChannelSMS, expDate, c.Phone, "", sms})
	}
	if pl.mailOn && c.Email != nil && *c.Email != "" {
		items = append(items, reminder{notification.ChannelEMAIL, expDate, *c.Email,
			Render(pl.v.Template(settings.ReminderEmailSubject, lang), vars), Render(pl.v.Template(settings.ReminderEmailTemplate, lang), vars)})
	}
	if pl.hookOn {
		email := ""
		if c.Email != nil {
			email = *c.Email
		}
		body, err := json.Marshal(WebhookPayload{
			Event: "renewal_reminder", Key: DedupeKey(c.ID, expDate, stage, notification.ChannelWEBHOOK),
			DaysBefore: stage, CustomerID: c.ID, AccountNo: c.AccountNo, Username: c.Username, Name: name,
			Phone: c.Phone, Email: email, Plan: p.Name, ExpiresAt: c.ExpiresAt.UTC(), AmountDue: due,
			Currency: pl.currency, Message: sms,
		})
		if err != nil {
			return nil, fmt.Errorf("reminders: webhook payload: %w", err)
		}
		items = append(items, reminder{notification.ChannelWEBHOOK, expDate, WebhookRecipient, "", string(body)})
	}
	return items, nil
}

// queue creates the outbox entries of customerID's reminder for stage, skipping those created
// before, and returns how many it created.
func (n *Notifier) queue(ctx context.Context, customerID, stage int, items []reminder, now time.Time) (int, error) {
	created := 0
	for _, it := range items {
		err := n.st.Client.Notification.Create().
			SetCustomerID(customerID).SetChannel(it.ch).SetKind(KindReminder(stage)).
			SetDedupeKey(DedupeKey(customerID, it.expDate, stage, it.ch)).
			SetRecipient(truncate(it.to, 500)).SetSubject(truncate(oneLine(it.subject), 200)).SetBody(it.body).
			SetStatus(notification.StatusPENDING).SetNextAttemptAt(now).SetCreatedAt(now).
			Exec(ctx)
		if store.AsConflict(err) != nil {
			continue // created before: once each
		}
		if err != nil {
			return created, fmt.Errorf("reminders: queueing for customer %d: %w", customerID, err)
		}
		created++
	}
	return created, nil
}

// Run delivers due entries every interval until ctx ends. Reminders are queued by the billing
// scheduler (billing.Service.WithReminders); Run only sends.
func (n *Notifier) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 15 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := n.Deliver(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			n.log.Error("delivering notifications", "err", err)
		}
		if rep.Sent+rep.Failed > 0 {
			n.log.Info("notifications delivered", "sent", rep.Sent, "failed_attempts", rep.Failed, "gave_up", rep.GaveUp)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	s = s[:max]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// oneLine removes line breaks (header injection in e-mail subjects).
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("\r", " ", "\n", " ").Replace(s)), " ")
}
