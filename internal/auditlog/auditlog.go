// Package auditlog is the audit log as staff read it: rows filtered by customer (a search of
// name, account number or username), staff member, action and time, newest first, each
// rendered with names in place of ids (the customer's account number and name, the staff
// member's username, the plan's and router's names) and its changes as "field: before →
// after". Rows are written by internal/audit inside each service's transaction; this package
// only reads them.
package auditlog

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Filter narrows the audit log (GraphQL's AuditFilter); nil fields do not filter.
type Filter struct {
	// Customer finds rows about the customers whose name contains it, or whose account number
	// or username starts with it.
	Customer *string
	// StaffID: rows by this staff member, or about them (their sign-ins, failed ones too).
	StaffID *int
	Action  *string
	From    *time.Time
	To      *time.Time
}

// Page is one page of rendered rows (GraphQL's AuditTrail).
type Page struct {
	TotalCount int
	PageInfo   entgql.PageInfo[int]
	Entries    []*Entry
}

// maxCustomerMatches bounds the customers a customer search filters by.
const maxCustomerMatches = 500

// Service reads the audit log.
type Service struct{ st *store.Store }

// New returns the reader over st.
func New(st *store.Store) *Service { return &Service{st: st} }

// List returns the page of rows matching filter (nil: all) after the cursor (newest first), rendered. Who
// may read it is the API's rule (admins).
func (s *Service) List(ctx context.Context, filter *Filter, after *entgql.Cursor[int], first *int) (*Page, error) {
	var f Filter
	if filter != nil {
		f = *filter
	}
	n := 50
	if first != nil {
		if *first < 1 || *first > 200 {
			return nil, domain.Invalidf("first", "must be from 1 to 200").
				WithKey("input.range", map[string]any{"field": "first", "min": 1, "max": 200})
		}
		n = *first
	}
	c := store.Reader(ctx, s.st.Client)
	preds, err := s.predicates(ctx, c, f)
	if err != nil {
		return nil, err
	}
	rows, page, err := paginate(ctx, c, preds, after, n)
	if err != nil {
		return nil, err
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	entries, err := newRenderer(v).render(ctx, c, rows)
	if err != nil {
		return nil, err
	}
	page.Entries = entries
	return page, nil
}

// paginate reads n rows matching preds after the cursor, newest first (created_at, then id),
// and the count of all that match. (entgql's Paginate loads nodes only when the GraphQL
// selection has edges; the trail's has entries.)
func paginate(ctx context.Context, c *ent.Client, preds []predicate.AuditLog, after *entgql.Cursor[int], n int) ([]*ent.AuditLog, *Page, error) {
	total, err := c.AuditLog.Query().Where(preds...).Count(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("counting the audit log: %w", err)
	}
	q := c.AuditLog.Query().Where(preds...)
	if after != nil {
		at, ok := cursorTime(after.Value)
		if !ok {
			return nil, nil, domain.Invalidf("after", "invalid cursor").WithKey("input.badCursor", nil)
		}
		q = q.Where(auditlog.Or(auditlog.CreatedAtLT(at), auditlog.And(auditlog.CreatedAt(at), auditlog.IDLT(after.ID))))
	}
	rows, err := q.Order(ent.Desc(auditlog.FieldCreatedAt), ent.Desc(auditlog.FieldID)).Limit(n + 1).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the audit log: %w", err)
	}
	p := &Page{TotalCount: total}
	p.PageInfo.HasPreviousPage = after != nil
	if len(rows) > n {
		rows = rows[:n]
		p.PageInfo.HasNextPage = true
	}
	if len(rows) > 0 {
		first, last := rows[0], rows[len(rows)-1]
		p.PageInfo.StartCursor = &entgql.Cursor[int]{ID: first.ID, Value: first.CreatedAt}
		p.PageInfo.EndCursor = &entgql.Cursor[int]{ID: last.ID, Value: last.CreatedAt}
	}
	return rows, p, nil
}

// cursorTime reads the time a cursor carries (a time.Time when made here, a string once it
// has been through the client).
func cursorTime(v any) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x, true
	case string:
		t, err := time.Parse(time.RFC3339Nano, x)
		return t, err == nil
	}
	return time.Time{}, false
}

// predicates turns f into the query's conditions.
func (s *Service) predicates(ctx context.Context, c *ent.Client, f Filter) ([]predicateAudit, error) {
	var out []predicateAudit
	if f.Action != nil && strings.TrimSpace(*f.Action) != "" {
		out = append(out, auditlog.Action(strings.TrimSpace(*f.Action)))
	}
	if f.From != nil {
		out = append(out, auditlog.CreatedAtGTE(f.From.UTC()))
	}
	if f.To != nil {
		out = append(out, auditlog.CreatedAtLT(f.To.UTC()))
	}
	if f.StaffID != nil {
		id := *f.StaffID
		out = append(out, auditlog.Or(auditlog.StaffID(id),
			auditlog.And(auditlog.TargetType("staff"), auditlog.TargetID(strconv.Itoa(id)))))
	}
	if f.Customer != nil && strings.TrimSpace(*f.Customer) != "" {
		ids, err := customerIDs(ctx, c, strings.TrimSpace(*f.Customer))
		if err != nil {
			return nil, err
		}
		out = append(out, auditlog.TargetType("customer"), auditlog.TargetIDIn(ids...))
	}
	return out, nil
}

type predicateAudit = predicate.AuditLog

// customerIDs are the ids (as audit rows store them) of the customers q finds.
func customerIDs(ctx context.Context, c *ent.Client, q string) ([]string, error) {
	if len(q) > 100 {
		return nil, domain.Invalidf("customer", "the search is too long").
			WithKey("input.tooLong", map[string]any{"field": "customer", "max": 100})
	}
	ids, err := c.Customer.Query().Where(customer.Or(customer.FullNameContainsFold(q),
		customer.AccountNoHasPrefix(q), customer.UsernameHasPrefix(strings.ToLower(q)))).
		Limit(maxCustomerMatches).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("finding customers: %w", err)
	}
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		out = append(out, strconv.Itoa(id))
	}
	return out, nil
}
