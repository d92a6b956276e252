package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"entgo.io/contrib/entgql"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"golang.org/x/sync/errgroup"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/actions"
	"github.com/linedesk/linedesk/internal/customers"
)

var errBillingMissing = &actions.UserError{Message: "billing is not available on this server"}

func (r *Resolver) setStatus(ctx context.Context, action string, id int, st customer.Status) (*ent.Customer, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	cu, changed, err := r.customers.SetStatus(ctx, c, id, st)
	if err != nil {
		return nil, err
	}
	if changed {
		if err := r.audit(ctx, action, "customer", id, map[string]any{"status": string(st)}); err != nil {
			return nil, err
		}
		r.customerChanged(ctx, id)
	}
	return cu, nil
}

// routerAction commits the operation's transaction, then asks the routers (NAS) to act on
// the customer's open sessions; without a NAS module every open session is PENDING (the
// change applies at the next login).
func (r *Resolver) routerAction(ctx context.Context, customerID int, act func(NASActions) ([]actions.SessionResult, error)) (*model.CustomerActionPayload, error) {
	if err := commitNow(ctx); err != nil {
		return nil, err
	}
	cu, err := r.client.Customer.Get(ctx, customerID)
	if err != nil {
		return nil, err
	}
	open, err := r.client.Session.Query().Where(session.CustomerID(customerID), session.Open(true)).
		Order(ent.Asc(session.FieldStartedAt)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading open sessions: %w", err)
	}
	byID := map[int]*ent.Session{}
	for _, s := range open {
		byID[s.ID] = s
	}
	out := &model.CustomerActionPayload{Customer: cu, Sessions: []*model.SessionAction{}}
	if r.deps.NAS == nil {
		for _, s := range open {
			msg := "no router module: the change applies at the next login"
			out.Sessions = append(out.Sessions, &model.SessionAction{Session: s, Outcome: model.ActionOutcomePending, Message: &msg})
		}
		return out, nil
	}
	results, err := act(r.deps.NAS)
	if err != nil {
		r.deps.Logger.Error("router action failed", "customer", customerID, "err", err)
		msg := "the router could not be asked; see the server log"
		for _, s := range open {
			out.Sessions = append(out.Sessions, &model.SessionAction{Session: s, Outcome: model.ActionOutcomeError, Message: &msg})
		}
		return out, nil
	}
	for _, res := range results {
		s := byID[res.SessionID]
		if s == nil {
			if s, err = r.client.Session.Get(ctx, res.SessionID); err != nil {
				continue
			}
		}
		sa := &model.SessionAction{Session: s, Outcome: model.ActionOutcome(res.Outcome)}
		if !sa.Outcome.IsValid() {
			sa.Outcome = model.ActionOutcomeError
		}
		if res.Message != "" {
			m := res.Message
			sa.Message = &m
		}
		out.Sessions = append(out.Sessions, sa)
	}
	return out, nil
}

// reloadTransaction reads a ledger entry again with the plain client (the service's
// transaction has ended).
func (r *Resolver) reloadTransaction(ctx context.Context, t *ent.Transaction) (*ent.Transaction, error) {
	return r.client.Transaction.Get(ctx, t.ID)
}

func importResult(res *customers.ImportResult) *model.ImportResult {
	out := &model.ImportResult{DryRun: res.DryRun, Applied: res.Applied, Rows: res.Rows, Created: res.Created,
		Updated: res.Updated, Unchanged: res.Unchanged, Errors: []*model.ImportRowError{},
		Warnings: []*model.ImportRowWarning{}, GeneratedPasswords: []*model.GeneratedPassword{}}
	for _, e := range res.Errors {
		ie := &model.ImportRowError{Row: e.Row, Message: e.Message}
		if e.Column != "" {
			col := e.Column
			ie.Column = &col
		}
		out.Errors = append(out.Errors, ie)
	}
	for _, w := range res.Warnings {
		out.Warnings = append(out.Warnings, &model.ImportRowWarning{Row: w.Row, Message: w.Message})
	}
	for _, g := range res.Generated {
		out.GeneratedPasswords = append(out.GeneratedPasswords, &model.GeneratedPassword{Row: g.Row, Username: g.Username, Password: g.Password})
	}
	return out
}

// --- customers list ---

func filterOf(search *string, status *model.ConnectionStatus, where *ent.CustomerWhereInput) customers.Filter {
	f := customers.Filter{Where: where}
	if search != nil {
		f.Search = *search
	}
	if status != nil {
		f.Status = customers.ConnectionStatus(*status)
	}
	return f
}

func (r *Resolver) listCustomers(ctx context.Context, search *string, status *model.ConnectionStatus, after *entgql.Cursor[int], first *int, before *entgql.Cursor[int], last *int, orderBy *ent.CustomerOrder, where *ent.CustomerWhereInput) (*ent.CustomerConnection, error) {
	if err := checkPage(&first, last); err != nil {
		return nil, err
	}
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	region, err := r.region(ctx)
	if err != nil {
		return nil, err
	}
	if search != nil && len(*search) > MaxSearch {
		return nil, badInput("search", fmt.Sprintf("a search is at most %d characters", MaxSearch))
	}
	f, now := filterOf(search, status, where), r.now()
	ps, err := f.Predicates(region, now)
	if err != nil {
		return nil, err
	}
	var orders []*ent.CustomerOrder
	if orderBy != nil {
		orders = []*ent.CustomerOrder{orderBy}
	}
	// The page and the total count run side by side; entgql's own count is skipped.
	pageCtx, wantCount := withoutCount(ctx)
	var (
		total int
		exact = true
		g     errgroup.Group
	)
	if wantCount {
		g.Go(func() error {
			var err error
			total, exact, err = r.countCustomers(ctx, c, f, ps, now)
			return err
		})
	}
	conn, err := c.Customer.Query().Where(ps...).Paginate(pageCtx, after, first, before, last, ent.WithCustomerOrder(orders))
	if gerr := g.Wait(); err == nil {
		err = gerr
	}
	if err != nil {
		return nil, err
	}
	if wantCount {
		conn.TotalCount = total
		if !exact {
			ri := infoFrom(ctx)
			ri.mu.Lock()
			if ri.estimates == nil {
				ri.estimates = map[*ent.CustomerConnection]bool{}
			}
			ri.estimates[conn] = true
			ri.mu.Unlock()
		}
	}
	ids := make([]int, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.ID)
	}
	if err := r.prefetchOpenSessions(ctx, c, ids); err != nil {
		return nil, err
	}
	return conn, nil
}

// EstimateAbove is the size from which an unfiltered customer list reports PostgreSQL's
// estimate as its totalCount instead of counting every row (a variable for tests).
var EstimateAbove = 50000

// countCustomers counts the customers matching ps, the predicates of f at now. Without any
// filter, on PostgreSQL, a table larger than EstimateAbove is not counted: the planner's
// estimate (kept current with the table's size) is returned, with exact false. A bare
// ONLINE or OFFLINE filter is counted as the dashboard counts it (customers.CountStatuses,
// tested to agree with the filters), which needs no NOT EXISTS or semi join over every
// customer.
func (r *Resolver) countCustomers(ctx context.Context, c *ent.Client, f customers.Filter, ps []predicate.Customer, now time.Time) (int, bool, error) {
	if len(ps) == 0 && r.deps.Store.IsPostgres() {
		if n, err := r.estimateCustomers(ctx); err == nil && n > EstimateAbove {
			return n, false, nil
		}
	}
	if len(ps) == 1 && f.Status == customers.Online {
		n, err := customers.CountOnline(ctx, c, r.deps.Store.IsPostgres(), now)
		return n, true, err
	}
	if len(ps) == 1 && f.Status == customers.Offline {
		fs, err := customers.CountStatuses(ctx, c, r.deps.Store.IsPostgres(), now)
		if err != nil {
			return 0, true, err
		}
		return fs.Offline, true, nil
	}
	n, err := c.Customer.Query().Where(ps...).Count(ctx)
	if err != nil {
		return 0, true, fmt.Errorf("counting customers: %w", err)
	}
	return n, true, nil
}

func (r *Resolver) estimateCustomers(ctx context.Context) (int, error) {
	var plan string
	if err := r.deps.Store.DB.QueryRowContext(ctx, "EXPLAIN (FORMAT JSON) SELECT 1 FROM customers").Scan(&plan); err != nil {
		return 0, err
	}
	var out []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &out); err != nil || len(out) == 0 {
		return 0, fmt.Errorf("reading the plan: %v", err)
	}
	return int(out[0].Plan.Rows), nil
}

// withoutCount returns a context whose field selection keeps only the connection's edges,
// so entgql's Paginate does not count, and whether totalCount was asked for. When pageInfo
// is asked for without edges, entgql needs its count and ctx is returned unchanged.
func withoutCount(ctx context.Context) (context.Context, bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return ctx, false
	}
	oc := graphql.GetOperationContext(ctx)
	var edges ast.SelectionSet
	want, pageInfo := false, false
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, nil) {
		switch f.Name {
		case "totalCount":
			want = true
		case "pageInfo":
			pageInfo = true
		case "edges":
			edges = append(edges, &ast.Field{Alias: f.Alias, Name: f.Name, SelectionSet: f.Selections,
				Definition: f.Definition, ObjectDefinition: f.ObjectDefinition, Position: f.Position})
		}
	}
	if !want || (pageInfo && len(edges) == 0) {
		return ctx, false
	}
	field := *fc.Field.Field
	field.SelectionSet = edges
	nfc := *fc
	nfc.Field = graphql.CollectedField{Field: &field, Selections: edges}
	return graphql.WithFieldContext(ctx, &nfc), true
}

func (r *Resolver) export(ctx context.Context, w io.Writer, f customers.Filter) error {
	c, err := r.db(ctx)
	if err != nil {
		return err
	}
	_, err = customers.Export(ctx, c, w, customers.ExportOptions{Filter: f})
	return err
}

// --- usage ---

func (r *Resolver) dailyUsage(ctx context.Context, customerID int, days *int) ([]*model.UsageDay, error) {
	n := 31
	if days != nil {
		n = *days
	}
	if n < 1 || n > 366 {
		return nil, badInput("days", "days must be from 1 to 366")
	}
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	from := r.now().UTC().AddDate(0, 0, 1-n).Format("2006-01-02")
	rows, err := c.UsageDaily.Query().
		Where(usagedaily.CustomerID(customerID), usagedaily.DayGTE(from)).
		Order(ent.Asc(usagedaily.FieldDay)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading daily usage: %w", err)
	}
	out := make([]*model.UsageDay, len(rows))
	for i, d := range rows {
		out[i] = &model.UsageDay{Day: d.Day, BytesIn: int(d.BytesIn), BytesOut: int(d.BytesOut)}
	}
	return out, nil
}
