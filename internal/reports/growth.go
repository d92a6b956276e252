package reports

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
)

// The customer reports: growth per month (new, churned, active, revenue per active customer),
// the customers expiring in a range, and the top users by traffic. Months are calendar months
// of the display time zone; every figure is counted in the database.

// MaxGrowthMonths bounds a growth report.
const MaxGrowthMonths = 36

// GrowthMonth is one month of the growth report. Revenue is the ledger's net revenue of the
// month (payments minus refunds, as the revenue report); ARPU is Revenue / Active, in minor
// units (0 without active customers).
type GrowthMonth struct {
	Month        string // YYYY-MM
	NewCustomers int    // customers who joined in the month
	Churned      int    // archived in the month, or whose subscription ended in it and was not renewed since
	Active       int    // customers with traffic in the month
	Revenue      int64
	ARPU         int64
}

// Growth returns the last months calendar months (this month included, 1 to
// MaxGrowthMonths), oldest first.
func (s *Service) Growth(ctx context.Context, months int) ([]*GrowthMonth, error) {
	if months < 1 || months > MaxGrowthMonths {
		return nil, domain.Invalidf("months", "months must be from 1 to %d", MaxGrowthMonths).
			WithKey("input.range", map[string]any{"field": "months", "min": 1, "max": MaxGrowthMonths})
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return nil, err
	}
	loc, now := v.Location(), s.now()
	local := now.In(loc)
	first := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, loc).AddDate(0, 1-months, 0)
	rev, err := s.Revenue(ctx, RevenueInput{From: first, To: first.AddDate(0, months, 0), Period: Month})
	if err != nil {
		return nil, err
	}
	net := map[string]int64{}
	for _, p := range rev.Periods {
		net[p.Start] = p.Amounts.Net
	}
	out := make([]*GrowthMonth, 0, months)
	for i := range months {
		from, to := first.AddDate(0, i, 0), first.AddDate(0, i+1, 0)
		m, err := s.growthMonth(ctx, from.UTC(), to.UTC(), now)
		if err != nil {
			return nil, err
		}
		m.Month = from.Format("2006-01")
		m.Revenue = net[m.Month]
		if m.Active > 0 {
			m.ARPU = m.Revenue / int64(m.Active)
		}
		out = append(out, m)
	}
	return out, nil
}

// growthMonth counts one month [from, to) as seen at now.
func (s *Service) growthMonth(ctx context.Context, from, to, now time.Time) (*GrowthMonth, error) {
	c := s.st.Client
	m := &GrowthMonth{}
	var err error
	if m.NewCustomers, err = c.Customer.Query().Where(customer.JoinedAtGTE(from), customer.JoinedAtLT(to)).Count(ctx); err != nil {
		return nil, fmt.Errorf("counting new customers: %w", err)
	}
	end := to
	if now.Before(end) {
		end = now
	}
	m.Churned, err = c.Customer.Query().Where(customer.Or(
		customer.And(customer.ArchivedAtGTE(from), customer.ArchivedAtLT(to)),
		customer.And(customer.ArchivedAtIsNil(), customer.StatusNEQ(customer.StatusSUSPENDED),
			customer.ExpiresAtGTE(from), customer.ExpiresAtLT(end)),
	)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting churned customers: %w", err)
	}
	m.Active, err = activeBetween(ctx, c, from, to)
	if err != nil {
		return nil, err
	}
	return m, nil
}

// activeBetween counts the customers with traffic on the (UTC) days of [from, to).
func activeBetween(ctx context.Context, c *ent.Client, from, to time.Time) (int, error) {
	var rows []struct {
		N int `json:"n"`
	}
	err := c.UsageDaily.Query().
		Where(usagedaily.DayGTE(from.Format("2006-01-02")), usagedaily.DayLT(to.Format("2006-01-02"))).
		Modify(func(s *entsql.Selector) {
			s.Select(entsql.As(entsql.Count(entsql.Distinct(s.C(usagedaily.FieldCustomerID))), "n"))
		}).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("counting active customers: %w", err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return rows[0].N, nil
}

// MaxExpiring bounds the customers an expiring report lists.
const MaxExpiring = 5000

// Expiring returns the customers (not archived) whose subscription ends in [from, to),
// soonest first, at most limit (MaxExpiring when 0).
func (s *Service) Expiring(ctx context.Context, from, to time.Time, limit int) ([]*ent.Customer, error) {
	if !to.After(from) {
		return nil, domain.Invalidf("to", "the range must end after it starts").WithKey("report.rangeOrder", nil)
	}
	if limit <= 0 || limit > MaxExpiring {
		limit = MaxExpiring
	}
	rows, err := s.st.Client.Customer.Query().
		Where(customer.ArchivedAtIsNil(), customer.ExpiresAtGTE(from.UTC()), customer.ExpiresAtLT(to.UTC())).
		Order(ent.Asc(customer.FieldExpiresAt), ent.Asc(customer.FieldID)).Limit(limit).WithProfile().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading expiring customers: %w", err)
	}
	return rows, nil
}

// TrafficUser is a customer's traffic over a report's range. Row is the customer, read in
// the report's own query with its plan (so a page of top users costs no read per customer).
type TrafficUser struct {
	CustomerID        int
	BytesIn, BytesOut int64
	Row               *ent.Customer
}

// TopUsers returns the limit (1 to 100) customers with the most traffic on the UTC days of
// [from, to), most first: one query of the customers joined to their summed daily traffic,
// their plans loaded with them.
func (s *Service) TopUsers(ctx context.Context, from, to time.Time, limit int) ([]*TrafficUser, error) {
	if limit < 1 || limit > 100 {
		return nil, domain.Invalidf("limit", "limit must be from 1 to 100").
			WithKey("input.range", map[string]any{"field": "limit", "min": 1, "max": 100})
	}
	if !to.After(from) {
		return nil, domain.Invalidf("to", "the range must end after it starts").WithKey("report.rangeOrder", nil)
	}
	list, err := s.st.Client.Customer.Query().WithProfile().Modify(func(s *entsql.Selector) {
		u := entsql.Table(usagedaily.Table)
		sums := entsql.Select(u.C(usagedaily.FieldCustomerID),
			entsql.As("CAST(SUM("+u.C(usagedaily.FieldBytesIn)+") AS BIGINT)", "top_in"),
			entsql.As("CAST(SUM("+u.C(usagedaily.FieldBytesOut)+") AS BIGINT)", "top_out")).
			From(u).Where(entsql.And(entsql.GTE(u.C(usagedaily.FieldDay), from.UTC().Format("2006-01-02")),
			entsql.LT(u.C(usagedaily.FieldDay), to.UTC().Format("2006-01-02")))).
			GroupBy(u.C(usagedaily.FieldCustomerID)).As("top")
		s.Join(sums).On(s.C(customer.FieldID), sums.C(usagedaily.FieldCustomerID)).
			AppendSelect(sums.C("top_in"), sums.C("top_out")).
			OrderExpr(entsql.Expr(sums.C("top_in") + " + " + sums.C("top_out") + " DESC")).
			OrderBy(s.C(customer.FieldID)).Limit(limit)
	}).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading top users: %w", err)
	}
	out := make([]*TrafficUser, len(list))
	for i, cu := range list {
		out[i] = &TrafficUser{CustomerID: cu.ID, BytesIn: selectedInt(cu, "top_in"), BytesOut: selectedInt(cu, "top_out"), Row: cu}
	}
	return out, nil
}

// selectedInt is the integer column name a query selected beside cu's own (0 when absent).
func selectedInt(cu *ent.Customer, name string) int64 {
	v, err := cu.Value(name)
	if err != nil {
		return 0
	}
	switch n := v.(type) {
	case int64:
		return n
	case *sql.NullInt64:
		return n.Int64
	case []byte:
		i, _ := strconv.ParseInt(string(n), 10, 64)
		return i
	}
	return 0
}
