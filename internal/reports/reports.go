// Package reports computes the figures staff read rather than edit: the dashboard's status
// figures (customers, online, offline, expired, counted once per request), customers expiring
// soon, revenue this month and the online history. It only reads.
package reports

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/onlinesample"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Service computes the figures.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the service over st.
func New(st *store.Store) *Service {
	return &Service{st: st, now: func() time.Time { return time.Now().UTC() }}
}

// Dashboard is one request's dashboard (GraphQL's Dashboard): every field has its own
// resolver, so a query computes only the figures it asks for, and the four status figures
// come from one count per request. (It has no exported methods or fields, so gqlgen keeps the
// resolvers.)
type Dashboard struct {
	once     sync.Once
	statuses customers.StatusFigures
	err      error
}

// figures returns the status figures, computing them with count on the first call only:
// concurrent calls wait for it, and every field of the request reads the same figures, from
// one snapshot of the database.
func (d *Dashboard) figures(ctx context.Context, count func(context.Context) (customers.StatusFigures, error)) (customers.StatusFigures, error) {
	d.once.Do(func() { d.statuses, d.err = count(ctx) })
	return d.statuses, d.err
}

// Dashboard returns a new request's dashboard.
func (s *Service) Dashboard() *Dashboard { return &Dashboard{} }

// Statuses returns d's status figures, counted on first use.
func (s *Service) Statuses(ctx context.Context, d *Dashboard) (customers.StatusFigures, error) {
	return d.figures(ctx, func(ctx context.Context) (customers.StatusFigures, error) {
		return customers.CountStatuses(ctx, s.st.Client, s.st.IsPostgres(), s.now())
	})
}

// Customers is the number of customers.
func (s *Service) Customers(ctx context.Context, d *Dashboard) (int, error) {
	f, err := s.Statuses(ctx, d)
	return f.Total, err
}

// Online is the number of current customers with an open session.
func (s *Service) Online(ctx context.Context, d *Dashboard) (int, error) {
	f, err := s.Statuses(ctx, d)
	return f.Online, err
}

// Offline is the number of current customers without an open session.
func (s *Service) Offline(ctx context.Context, d *Dashboard) (int, error) {
	f, err := s.Statuses(ctx, d)
	return f.Offline, err
}

// Expired is the number of customers whose subscription has ended.
func (s *Service) Expired(ctx context.Context, d *Dashboard) (int, error) {
	f, err := s.Statuses(ctx, d)
	return f.Expired, err
}

// ExpiringSoon is the number of customers whose subscription ends within days (nil: the
// expiring_soon_days setting), 0 to 366.
func (s *Service) ExpiringSoon(ctx context.Context, days *int) (int, error) {
	c := s.st.Client
	d := 0
	if days != nil {
		d = *days
	} else {
		v, err := settings.Load(ctx, c)
		if err != nil {
			return 0, err
		}
		d = v.Int(settings.ExpiringSoonDays)
	}
	if d < 0 || d > 366 {
		return 0, domain.Invalidf("days", "days must be from 0 to 366").
			WithKey("input.range", map[string]any{"field": "days", "min": 0, "max": 366})
	}
	now := s.now()
	n, err := c.Customer.Query().Where(customer.ArchivedAtIsNil(), customer.ExpiresAtGT(now), customer.ExpiresAtLTE(now.AddDate(0, 0, d))).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting customers expiring soon: %w", err)
	}
	return n, nil
}

// NewThisMonth is the number of customers (archived ones included: they joined then) who
// joined since the first of this month in the display time zone.
func (s *Service) NewThisMonth(ctx context.Context) (int, error) {
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return 0, err
	}
	now := s.now().In(v.Location())
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location()).UTC()
	n, err := s.st.Client.Customer.Query().Where(customer.JoinedAtGTE(start)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting new customers: %w", err)
	}
	return n, nil
}

// RevenueThisMonth is the sum of payments since the first of this month in the display time
// zone, in minor units.
func (s *Service) RevenueThisMonth(ctx context.Context) (int, error) {
	c := s.st.Client
	v, err := settings.Load(ctx, c)
	if err != nil {
		return 0, err
	}
	now := s.now().In(v.Location())
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location()).UTC()
	var rows []struct {
		Sum sql.NullInt64 `json:"sum"`
	}
	err = c.Transaction.Query().Where(transaction.KindEQ(transaction.KindPAYMENT), transaction.CreatedAtGTE(start)).
		Aggregate(ent.As(ent.Sum(transaction.FieldAmount), "sum")).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("summing payments: %w", err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return int(rows[0].Sum.Int64), nil
}

// maxHistory bounds the samples of one online history.
const maxHistory = 20000

// OnlineHistory is the number of sessions online over the last hours (nil: 24; 1 to 744),
// oldest first.
func (s *Service) OnlineHistory(ctx context.Context, hours *int) ([]*ent.OnlineSample, error) {
	h := 24
	if hours != nil {
		h = *hours
	}
	if h < 1 || h > 24*31 {
		return nil, domain.Invalidf("hours", "hours must be from 1 to 744").
			WithKey("input.range", map[string]any{"field": "hours", "min": 1, "max": 24 * 31})
	}
	out, err := s.st.Client.OnlineSample.Query().Where(onlinesample.AtGTE(s.now().Add(-time.Duration(h) * time.Hour))).
		Order(ent.Asc(onlinesample.FieldAt)).Limit(maxHistory).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the online history: %w", err)
	}
	return out, nil
}
