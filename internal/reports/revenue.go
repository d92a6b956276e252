package reports

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
)

// Period is how a revenue report groups days.
type Period string

// Periods of a revenue report: calendar days or months in the display time zone.
const (
	Day   Period = "DAY"
	Month Period = "MONTH"
)

// RevenueInput asks for revenue from From (inclusive) to To (exclusive), grouped by Period.
type RevenueInput struct {
	From, To time.Time
	Period   Period
}

// Amounts are payments, refunds (positive: what was paid back) and their difference, in minor
// units.
type Amounts struct {
	Payments int64
	Refunds  int64
	Net      int64
}

func (m *Amounts) add(kind transaction.Kind, amount int64) {
	switch kind {
	case transaction.KindPAYMENT:
		m.Payments += amount
	case transaction.KindREFUND:
		m.Refunds -= amount
	}
	m.Net = m.Payments - m.Refunds
}

// RevenuePeriod is one day (YYYY-MM-DD) or month (YYYY-MM) of a report, with its methods.
type RevenuePeriod struct {
	Start    string
	Amounts  Amounts
	ByMethod []*MethodRevenue

	byMethod map[string]*MethodRevenue
}

// MethodRevenue is revenue of one payment method ("" for entries without one).
type MethodRevenue struct {
	Method  string
	Amounts Amounts
}

// PlanRevenue is what renewals charged for one plan: Plan is its current name (or, for
// renewals written before they recorded their plan, the name their note gives).
type PlanRevenue struct {
	ProfileID *int
	Plan      string
	Renewals  int
	Amount    int64 // positive
}

// Revenue is a revenue report: payments minus refunds by period and by method, renewal
// charges by plan. Every figure is a sum of ledger entries created in [From, To).
type Revenue struct {
	From, To time.Time
	Period   Period
	Total    Amounts
	Periods  []*RevenuePeriod // every period of the range, empty ones included, oldest first
	ByMethod []*MethodRevenue // by method, largest net first
	ByPlan   []*PlanRevenue   // by plan, largest amount first
}

// maxRevenueDays bounds a report's range.
const maxRevenueDays = 3700

// oldRenewalNote reads the plan's name from a renewal's note ("Home 10M, 30 days, until …").
var oldRenewalNote = regexp.MustCompile(`^(.*), \d+ days, until `)

// Revenue computes the report from the ledger, grouping by the display time zone's days or
// months. From and To must be in order and at most about ten years apart.
func (s *Service) Revenue(ctx context.Context, in RevenueInput) (*Revenue, error) {
	if in.Period != Day && in.Period != Month {
		return nil, domain.Invalidf("period", "period must be DAY or MONTH").WithKey("report.period", nil)
	}
	if !in.To.After(in.From) || in.To.Sub(in.From) > maxRevenueDays*24*time.Hour {
		return nil, domain.Invalidf("to", "the range must end after it starts and span at most %d days", maxRevenueDays).
			WithKey("report.rangeTooLong", map[string]any{"max": maxRevenueDays})
	}
	if in.Period == Day && in.To.Sub(in.From) > 400*24*time.Hour {
		return nil, domain.Invalidf("period", "a report by day spans at most 400 days: use MONTH").
			WithKey("report.dayRangeTooLong", map[string]any{"max": 400})
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return nil, err
	}
	loc := v.Location()
	rows, err := s.st.Client.Transaction.Query().
		Where(transaction.CreatedAtGTE(in.From.UTC()), transaction.CreatedAtLT(in.To.UTC()),
			transaction.KindIn(transaction.KindPAYMENT, transaction.KindREFUND, transaction.KindRENEWAL)).
		Select(transaction.FieldKind, transaction.FieldAmount, transaction.FieldMethod, transaction.FieldCreatedAt,
			transaction.FieldProfileID, transaction.FieldNote).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the ledger: %w", err)
	}
	out := &Revenue{From: in.From, To: in.To, Period: in.Period}
	periods := emptyPeriods(in, loc)
	index := map[string]*RevenuePeriod{}
	for _, p := range periods {
		index[p.Start] = p
	}
	methods := map[string]*MethodRevenue{}
	plans := map[string]*PlanRevenue{}
	for _, t := range rows {
		if t.Kind == transaction.KindRENEWAL {
			addPlan(plans, t)
			continue
		}
		out.Total.add(t.Kind, t.Amount)
		method := ""
		if t.Method != nil {
			method = *t.Method
		}
		methodOf(methods, method).Amounts.add(t.Kind, t.Amount)
		if p := index[periodKey(t.CreatedAt, loc, in.Period)]; p != nil {
			methodOf(p.methods(), method).Amounts.add(t.Kind, t.Amount)
			p.Amounts.add(t.Kind, t.Amount)
		}
	}
	for _, p := range periods {
		p.ByMethod = sortedMethods(p.byMethod)
	}
	out.Periods, out.ByMethod = periods, sortedMethods(methods)
	if out.ByPlan, err = s.sortedPlans(ctx, plans); err != nil {
		return nil, err
	}
	return out, nil
}

func methodOf(m map[string]*MethodRevenue, method string) *MethodRevenue {
	if m[method] == nil {
		m[method] = &MethodRevenue{Method: method}
	}
	return m[method]
}

func (p *RevenuePeriod) methods() map[string]*MethodRevenue {
	if p.byMethod == nil {
		p.byMethod = map[string]*MethodRevenue{}
	}
	return p.byMethod
}

func addPlan(plans map[string]*PlanRevenue, t *ent.Transaction) {
	key, name := "", ""
	if t.ProfileID != nil {
		key = fmt.Sprintf("id:%d", *t.ProfileID)
	} else {
		if t.Note != nil {
			if m := oldRenewalNote.FindStringSubmatch(*t.Note); m != nil {
				name = m[1]
			}
		}
		key = "name:" + name
	}
	p := plans[key]
	if p == nil {
		p = &PlanRevenue{ProfileID: t.ProfileID, Plan: name}
		plans[key] = p
	}
	p.Renewals++
	p.Amount -= t.Amount
}

// sortedPlans names the plans by their current names and sorts them, largest amount first.
func (s *Service) sortedPlans(ctx context.Context, plans map[string]*PlanRevenue) ([]*PlanRevenue, error) {
	out := make([]*PlanRevenue, 0, len(plans))
	for _, p := range plans {
		if p.ProfileID != nil {
			prof, err := s.st.Client.Profile.Get(ctx, *p.ProfileID)
			if err != nil && !ent.IsNotFound(err) {
				return nil, fmt.Errorf("reading plan %d: %w", *p.ProfileID, err)
			}
			if prof != nil {
				p.Plan = prof.Name
			}
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Amount != out[j].Amount {
			return out[i].Amount > out[j].Amount
		}
		return out[i].Plan < out[j].Plan
	})
	return out, nil
}

func sortedMethods(m map[string]*MethodRevenue) []*MethodRevenue {
	out := make([]*MethodRevenue, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Amounts.Net != out[j].Amounts.Net {
			return out[i].Amounts.Net > out[j].Amounts.Net
		}
		return out[i].Method < out[j].Method
	})
	return out
}

func periodKey(t time.Time, loc *time.Location, p Period) string {
	if p == Month {
		return t.In(loc).Format("2006-01")
	}
	return t.In(loc).Format("2006-01-02")
}

// emptyPeriods lists every day or month touched by [From, To) in loc.
func emptyPeriods(in RevenueInput, loc *time.Location) []*RevenuePeriod {
	var out []*RevenuePeriod
	f := in.From.In(loc)
	cur := time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, loc)
	if in.Period == Month {
		cur = time.Date(f.Year(), f.Month(), 1, 0, 0, 0, 0, loc)
	}
	for cur.Before(in.To) {
		out = append(out, &RevenuePeriod{Start: periodKey(cur, loc, in.Period)})
		if in.Period == Month {
			cur = cur.AddDate(0, 1, 0)
		} else {
			cur = cur.AddDate(0, 0, 1)
		}
	}
	return out
}

// MarshalGQL writes the period as its GraphQL enum value.
func (p Period) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(p))) }

// UnmarshalGQL reads the GraphQL enum value (DAY or MONTH).
func (p *Period) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok || (Period(s) != Day && Period(s) != Month) {
		return fmt.Errorf("period must be DAY or MONTH")
	}
	*p = Period(s)
	return nil
}
