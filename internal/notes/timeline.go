package notes

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/customernote"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/store"
)

// DefaultLimit and MaxLimit bound a timeline's length.
const (
	DefaultLimit = 50
	MaxLimit     = 200
)

func customerIs(id int) predicate.Customer { return customer.ID(id) }

// auditTitles names the audit actions on a customer the timeline shows, with their kind.
// Payments are shown from the ledger, not from their audit rows.
var auditTitles = map[string]struct {
	kind  Kind
	title string
}{
	"changeCustomerProfile": {KindPlan, "Plan changed"},
	"changePlan":            {KindPlan, "Plan change requested in the portal"},
	"disconnectCustomer":    {KindDisconnect, "Disconnected"},
	"suspendCustomer":       {KindStatus, "Suspended"},
	"resumeCustomer":        {KindStatus, "Resumed"},
	"archiveCustomer":       {KindStatus, "Archived"},
	"restoreCustomer":       {KindStatus, "Restored"},
	"createCustomer":        {KindAccount, "Customer created"},
	"updateCustomer":        {KindAccount, "Details changed"},
	"setCustomerPassword":   {KindAccount, "PPPoE password changed"},
}

var ledgerTitles = map[transaction.Kind]struct {
	kind  Kind
	title string
}{
	transaction.KindPAYMENT:    {KindPayment, "Payment"},
	transaction.KindRENEWAL:    {KindCharge, "Renewal charged"},
	transaction.KindADJUSTMENT: {KindCharge, "Balance adjusted"},
	transaction.KindREFUND:     {KindCharge, "Refund"},
}

// Timeline returns the newest limit entries (DefaultLimit when 0, at most MaxLimit) of
// customer id's timeline, newest first. Each source is read for its newest limit rows only.
func (s *Service) Timeline(ctx context.Context, customerID, limit int) ([]*Entry, error) {
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	c := store.Reader(ctx, s.st.Client)
	var out []*Entry
	for _, read := range []func(context.Context, *ent.Client, int, int) ([]*Entry, error){
		readNotes, readAudit, readLedger, readNotifications,
	} {
		got, err := read(ctx, c, customerID, limit)
		if err != nil {
			return nil, err
		}
		out = append(out, got...)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.After(out[j].At) })
	if len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}

func readNotes(ctx context.Context, c *ent.Client, id, limit int) ([]*Entry, error) {
	rows, err := c.CustomerNote.Query().Where(customernote.CustomerID(id)).
		Order(ent.Desc(customernote.FieldCreatedAt), ent.Desc(customernote.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading notes: %w", err)
	}
	out := make([]*Entry, len(rows))
	for i, n := range rows {
		out[i] = noteEntry(n)
	}
	return out, nil
}

func readAudit(ctx context.Context, c *ent.Client, id, limit int) ([]*Entry, error) {
	actions := make([]string, 0, len(auditTitles))
	for a := range auditTitles {
		actions = append(actions, a)
	}
	rows, err := c.AuditLog.Query().Where(auditlog.TargetType("customer"), auditlog.TargetID(strconv.Itoa(id)),
		auditlog.ActionIn(actions...)).
		Order(ent.Desc(auditlog.FieldCreatedAt), ent.Desc(auditlog.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the audit log: %w", err)
	}
	names, err := planNames(ctx, c, rows)
	if err != nil {
		return nil, err
	}
	out := make([]*Entry, len(rows))
	for i, r := range rows {
		t := auditTitles[r.Action]
		e := &Entry{At: r.CreatedAt, Kind: t.kind, Title: t.title, Actor: r.Actor}
		if p, ok := profileOf(r.Changes); ok && t.kind == KindPlan {
			e.Detail = "to " + names[p]
			if names[p] == "" {
				e.Detail = "to a plan since deleted"
			}
		}
		out[i] = e
	}
	return out, nil
}

// profileOf reads the profileID of an audit row's changes.
func profileOf(changes string) (int, bool) {
	var v struct {
		ProfileID *int `json:"profileID"`
	}
	if json.Unmarshal([]byte(changes), &v) != nil || v.ProfileID == nil {
		return 0, false
	}
	return *v.ProfileID, true
}

// planNames reads the names of the plans the rows' changes name, in one query.
func planNames(ctx context.Context, c *ent.Client, rows []*ent.AuditLog) (map[int]string, error) {
	var ids []int
	for _, r := range rows {
		if p, ok := profileOf(r.Changes); ok {
			ids = append(ids, p)
		}
	}
	out := map[int]string{}
	if len(ids) == 0 {
		return out, nil
	}
	ps, err := c.Profile.Query().Where(profile.IDIn(ids...)).Select(profile.FieldID, profile.FieldName).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading plans: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = p.Name
	}
	return out, nil
}

func readLedger(ctx context.Context, c *ent.Client, id, limit int) ([]*Entry, error) {
	rows, err := c.Transaction.Query().Where(transaction.CustomerID(id)).
		Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	out := make([]*Entry, len(rows))
	for i, t := range rows {
		lt := ledgerTitles[t.Kind]
		amount := t.Amount
		e := &Entry{At: t.CreatedAt, Kind: lt.kind, Title: lt.title, Actor: t.Actor, Amount: &amount}
		var parts []string
		if t.Method != nil && *t.Method != "" {
			parts = append(parts, *t.Method)
		}
		if t.Reference != nil && *t.Reference != "" {
			parts = append(parts, "ref "+*t.Reference)
		}
		if t.Note != nil && *t.Note != "" {
			parts = append(parts, *t.Note)
		}
		e.Detail = strings.Join(parts, " · ")
		out[i] = e
	}
	return out, nil
}

func readNotifications(ctx context.Context, c *ent.Client, id, limit int) ([]*Entry, error) {
	rows, err := c.Notification.Query().Where(notification.CustomerID(id), notification.StatusEQ(notification.StatusSENT),
		func(s *entsql.Selector) {
			s.Where(entsql.Or(entsql.HasPrefix(s.C(notification.FieldKind), "reminder"), entsql.EQ(s.C(notification.FieldKind), "receipt")))
		}).
		Order(ent.Desc(notification.FieldCreatedAt), ent.Desc(notification.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading notifications: %w", err)
	}
	out := make([]*Entry, len(rows))
	for i, n := range rows {
		at := n.CreatedAt
		if n.SentAt != nil {
			at = *n.SentAt
		}
		title := "Renewal reminder sent"
		if n.Kind == "receipt" {
			title = "Receipt sent"
		}
		out[i] = &Entry{At: at, Kind: KindReminder, Title: title, Detail: reminderDetail(n), Actor: "system"}
	}
	return out, nil
}

// reminderDetail says how and when relative to expiry a notification went out.
func reminderDetail(n *ent.Notification) string {
	ch := map[notification.Channel]string{notification.ChannelSMS: "SMS", notification.ChannelEMAIL: "e-mail", notification.ChannelWEBHOOK: "webhook"}[n.Channel]
	switch {
	case n.Kind == "reminder.expiry":
		return "by " + ch + ", on the day of expiry"
	case strings.HasPrefix(n.Kind, "reminder.") && strings.HasSuffix(n.Kind, "d"):
		return "by " + ch + ", " + strings.TrimSuffix(strings.TrimPrefix(n.Kind, "reminder."), "d") + " days before expiry"
	}
	return "by " + ch
}
