package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/datatopup"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Cap alerts: when a customer's use of the period reaches a share of the period's data (the
// plan's limit plus the period's top-ups) named in the cap_alert_percents setting, one SMS
// and one e-mail go out through the outbox, once per period and share (the dedupe key names
// the customer, the period's start and the share), with a hint on how to top up.

// KindCapAlert is the outbox kind of the alert at percent of the period's data.
func KindCapAlert(percent int) string { return fmt.Sprintf("cap.%d", percent) }

// CapAlertKey identifies one alert: customer, period (its start), percent and channel.
func CapAlertKey(customerID int, periodStart time.Time, percent int, ch notification.Channel) string {
	return fmt.Sprintf("cap:%d:%d:%d:%s", customerID, periodStart.Unix(), percent, ch)
}

// EnqueueCapAlerts queues the cap alerts due at now and returns how many entries it created.
// A customer past several shares at once gets the highest only.
func (n *Notifier) EnqueueCapAlerts(ctx context.Context, now time.Time) (int, error) {
	v, err := settings.Load(ctx, n.st.Client)
	if err != nil {
		return 0, err
	}
	percents, err := settings.ParsePercents(v[settings.CapAlertPercents])
	smsOn, mailOn := v[settings.SMSGatewayURL] != "", v[settings.SMTPAddress] != "" && v[settings.SMTPFrom] != ""
	if err != nil || len(percents) == 0 || !(smsOn || mailOn) {
		return 0, err
	}
	custs, err := n.st.Client.Customer.Query().Where(customer.StatusEQ(customer.StatusACTIVE), customer.ExpiresAtGT(now),
		customer.HasProfileWith(profile.DataLimitBytesNotNil())).WithProfile().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("cap alerts: listing customers: %w", err)
	}
	extras, err := periodExtras(ctx, n.st.Client, custs)
	if err != nil {
		return 0, err
	}
	created := 0
	for _, c := range custs {
		total := *c.Edges.Profile.DataLimitBytes + extras[c.ID]
		used := store.SaturatingAdd(c.PeriodBytesIn, c.PeriodBytesOut)
		pct := 0
		for _, p := range percents {
			if total > 0 && used >= total/100*int64(p)+total%100*int64(p)/100 {
				pct = p
			}
		}
		if pct == 0 {
			continue
		}
		k, err := n.queueCapAlert(ctx, c, v, pct, used, total, smsOn, mailOn, now)
		created += k
		if err != nil {
			return created, err
		}
	}
	return created, nil
}

// periodExtras sums each customer's top-ups of the current period.
func periodExtras(ctx context.Context, c *ent.Client, custs []*ent.Customer) (map[int]int64, error) {
	out := map[int]int64{}
	starts := map[int]time.Time{}
	ids := make([]int, 0, len(custs))
	for _, cu := range custs {
		starts[cu.ID] = cu.PeriodStart
		ids = append(ids, cu.ID)
	}
	for len(ids) > 0 {
		part := ids[:min(len(ids), 1000)]
		ids = ids[len(part):]
		rows, err := c.DataTopup.Query().Where(datatopup.CustomerIDIn(part...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("cap alerts: reading top-ups: %w", err)
		}
		for _, r := range rows {
			if !r.CreatedAt.Before(starts[r.CustomerID]) {
				out[r.CustomerID] += r.Bytes
			}
		}
	}
	return out, nil
}

// queueCapAlert creates c's alert at pct on each channel it has, once.
func (n *Notifier) queueCapAlert(ctx context.Context, c *ent.Customer, v settings.Values, pct int, used, total int64,
	smsOn, mailOn bool, now time.Time) (int, error) {
	name := c.Username
	if c.FullName != nil && strings.TrimSpace(*c.FullName) != "" {
		name = *c.FullName
	}
	lang := v.Language(c.Language)
	vars := Vars{Name: name, Account: c.AccountNo, Plan: c.Edges.Profile.Name, Percent: fmt.Sprint(pct),
		Used: FormatBytes(used), Total: FormatBytes(total), Hint: v.TopUpHint(lang, portalAddress(v))}
	tmpl := settings.CapAlertTemplate
	if pct >= 100 {
		tmpl = settings.CapAlertFullTemplate
	}
	body := Render(v.Template(tmpl, lang), vars)
	type item struct {
		ch      notification.Channel
		to, sub string
	}
	var items []item
	if smsOn && c.Phone != "" {
		items = append(items, item{notification.ChannelSMS, c.Phone, ""})
	}
	if mailOn && c.Email != nil && *c.Email != "" {
		items = append(items, item{notification.ChannelEMAIL, *c.Email, capAlertSubject(lang, pct)})
	}
	created := 0
	for _, it := range items {
		err := n.st.Client.Notification.Create().SetCustomerID(c.ID).SetChannel(it.ch).SetKind(KindCapAlert(pct)).
			SetDedupeKey(CapAlertKey(c.ID, c.PeriodStart, pct, it.ch)).SetRecipient(truncate(it.to, 500)).
			SetSubject(it.sub).SetBody(body).SetStatus(notification.StatusPENDING).SetNextAttemptAt(now).SetCreatedAt(now).Exec(ctx)
		if store.AsConflict(err) != nil {
			continue // sent this period already
		}
		if err != nil {
			return created, fmt.Errorf("cap alerts: queueing for customer %d: %w", c.ID, err)
		}
		created++
	}
	return created, nil
}

// FormatBytes writes a data amount in decimal units, e.g. "1.5 GB".
func FormatBytes(b int64) string {
	units := []string{"B", "kB", "MB", "GB", "TB"}
	f := float64(b)
	i := 0
	for f >= 1000 && i < len(units)-1 {
		f /= 1000
		i++
	}
	if i == 0 {
		return fmt.Sprintf("%d B", b)
	}
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", f), "0"), ".") + " " + units[i]
}

// RunCapAlerts queues cap alerts every interval until ctx ends (any number of instances:
// the dedupe key keeps each alert once).
func (n *Notifier) RunCapAlerts(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if k, err := n.EnqueueCapAlerts(ctx, time.Now().UTC()); err != nil && ctx.Err() == nil {
			n.log.Error("queueing cap alerts", "err", err)
		} else if k > 0 {
			n.log.Info("cap alerts queued", "entries", k)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// portalAddress is the portal's address for a cap alert's hint, empty when no public URL is set.
func portalAddress(v settings.Values) string {
	if u := strings.TrimRight(v[settings.PublicURL], "/"); u != "" {
		return u + "/portal/"
	}
	return ""
}

// capAlertSubjects are the cap-alert e-mail subjects per language.
var capAlertSubjects = map[string]string{
	"en": "%d%% of your data used",
	"sw": "Umetumia %d%% ya data yako",
	"fr": "%d %% de vos données utilisées",
	"es": "Ha usado el %d %% de sus datos",
	"pt": "Já usou %d%% dos seus dados",
	"id": "%d%% kuota Anda telah terpakai",
}

func capAlertSubject(lang string, pct int) string {
	f, ok := capAlertSubjects[lang]
	if !ok {
		f = capAlertSubjects["en"]
	}
	return fmt.Sprintf(f, pct)
}
