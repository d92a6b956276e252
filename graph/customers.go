package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
)

// The customer and billing resolvers call internal/customers and internal/billing; this file
// holds the pure mappings between their types and the GraphQL models, and the request's
// cache of open sessions that a customer list fills for its rows' connection status.

func createInput(in model.CreateCustomerInput) customers.CreateInput {
	return customers.CreateInput{
		Username: in.Username, Password: in.Password, Phone: in.Phone,
		FullName: in.FullName, Email: in.Email, Address: in.Address, ProfileID: in.ProfileID,
		ExpiresAt: in.ExpiresAt, AutoRenew: in.AutoRenew, StaticIP: in.StaticIP,
		MacLock: in.MacLock, MaxSessions: in.MaxSessions,
	}
}

// updateInput maps the input; a clear flag that is set clears its field (an empty string).
func updateInput(in model.UpdateCustomerInput) customers.UpdateInput {
	clear := func(v *string, c *bool) *string {
		if c != nil && *c {
			e := ""
			return &e
		}
		return v
	}
	return customers.UpdateInput{
		Username: in.Username, Phone: in.Phone,
		FullName: clear(in.FullName, in.ClearFullName), Email: clear(in.Email, in.ClearEmail),
		Address: clear(in.Address, in.ClearAddress), AutoRenew: in.AutoRenew, ExpiresAt: in.ExpiresAt,
		StaticIP: clear(in.StaticIP, in.ClearStaticIP), MacLock: clear(in.MacLock, in.ClearMacLock),
		MaxSessions: in.MaxSessions, Language: in.Language,
	}
}

func createPayload(out *customers.Created) *model.CreateCustomerPayload {
	p := &model.CreateCustomerPayload{Customer: out.Customer, Warnings: out.Warnings}
	if p.Warnings == nil {
		p.Warnings = []string{}
	}
	if out.GeneratedPassword != "" {
		p.GeneratedPassword = &out.GeneratedPassword
	}
	return p
}

func passwordPayload(generated string) *model.PasswordPayload {
	out := &model.PasswordPayload{Warnings: []string{}}
	if generated != "" {
		out.GeneratedPassword = &generated
	}
	return out
}

// actionPayload maps a router action's results; an outcome the schema does not know is shown
// as ERROR.
func actionPayload(res *customers.ActionResult) *model.CustomerActionPayload {
	out := &model.CustomerActionPayload{Customer: res.Customer, Sessions: make([]*model.SessionAction, 0, len(res.Sessions))}
	for _, r := range res.Sessions {
		out.Sessions = append(out.Sessions, sessionAction(r))
	}
	return out
}

func sessionAction(r domain.SessionResult) *model.SessionAction {
	sa := &model.SessionAction{Session: r.Session, Outcome: model.ActionOutcome(r.Outcome)}
	if !sa.Outcome.IsValid() {
		sa.Outcome = model.ActionOutcomeError
	}
	if r.Message != "" {
		m := r.Message
		sa.Message = &m
	}
	return sa
}

func paymentInput(in model.RecordPaymentInput) billing.PaymentInput {
	out := billing.PaymentInput{CustomerID: in.CustomerID, Amount: int64(in.Amount), Method: in.Method, Reference: in.Reference}
	if in.Note != nil {
		out.Note = *in.Note
	}
	return out
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

func filterOf(search *string, status *model.ConnectionStatus, access *model.AccessState, where *ent.CustomerWhereInput) customers.Filter {
	f := customers.Filter{Where: where}
	if access != nil {
		f.Access = customers.AccessState(*access)
	}
	if search != nil {
		f.Search = *search
	}
	if status != nil {
		f.Status = customers.ConnectionStatus(*status)
	}
	return f
}

func usageOf(u *customers.Usage) *model.Usage {
	out := &model.Usage{PeriodStart: u.PeriodStart, BytesIn: int(u.BytesIn), BytesOut: int(u.BytesOut)}
	if u.LimitBytes != nil {
		v := int(*u.LimitBytes)
		out.LimitBytes = &v
	}
	return out
}

func usageDays(rows []*ent.UsageDaily) []*model.UsageDay {
	out := make([]*model.UsageDay, len(rows))
	for i, d := range rows {
		out[i] = &model.UsageDay{Day: d.Day, BytesIn: int(d.BytesIn), BytesOut: int(d.BytesOut)}
	}
	return out
}

// sessionRef caches the newest open session of a customer for one request.
type sessionRef struct{ s *ent.Session }

// rememberPage keeps, for the rest of the request, whether the page's count is an estimate
// (totalCountExact) and its rows' open sessions (connectionStatus, currentSession).
func (r *Resolver) rememberPage(ctx context.Context, page *customers.Page) {
	ri := infoFrom(ctx)
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if !page.Exact {
		if ri.estimates == nil {
			ri.estimates = map[*ent.CustomerConnection]bool{}
		}
		ri.estimates[page.CustomerConnection] = true
	}
	if ri.openSessions == nil {
		ri.openSessions = map[int]*sessionRef{}
	}
	for id, s := range page.Open {
		ri.openSessions[id] = &sessionRef{s: s}
	}
	if ri.limits == nil {
		ri.limits = map[int]*int64{}
	}
	for _, e := range page.Edges {
		if l, ok := page.Limits[e.Node.ProfileID]; ok {
			ri.limits[e.Node.ProfileID] = &l
		} else {
			ri.limits[e.Node.ProfileID] = nil
		}
	}
}

// accessState is a customer's access state: online as connectionStatus reads it, the plan's
// data limit from the request's cache (a customer list read it) or the database.
func (r *Resolver) accessState(ctx context.Context, cu *ent.Customer) (model.AccessState, error) {
	online, ok := r.pushedOnline(cu)
	if !ok {
		sess, err := r.openSession(ctx, cu.ID)
		if err != nil {
			return "", err
		}
		online = sess != nil
	}
	ri := infoFrom(ctx)
	ri.mu.Lock()
	limit, known := ri.limits[cu.ProfileID]
	ri.mu.Unlock()
	if !known {
		limits, err := r.customers.DataLimits(ctx, []int{cu.ProfileID})
		if err != nil {
			return "", err
		}
		if l, ok := limits[cu.ProfileID]; ok {
			limit = &l
		}
	}
	return model.AccessState(r.customers.AccessState(cu, limit, online)), nil
}

// connectionStatus is a customer's connection status: from the event it was built from, or
// from its open session (the request's cache, else the database).
func (r *Resolver) connectionStatus(ctx context.Context, cu *ent.Customer) (model.ConnectionStatus, error) {
	online, ok := r.pushedOnline(cu)
	if !ok {
		sess, err := r.openSession(ctx, cu.ID)
		if err != nil {
			return "", err
		}
		online = sess != nil
	}
	return model.ConnectionStatus(r.customers.ConnectionStatus(cu, online)), nil
}

// openSession returns the newest open session of a customer, from the request's cache when a
// customer list read it.
func (r *Resolver) openSession(ctx context.Context, customerID int) (*ent.Session, error) {
	ri := infoFrom(ctx)
	ri.mu.Lock()
	ref, ok := ri.openSessions[customerID]
	ri.mu.Unlock()
	if ok {
		return ref.s, nil
	}
	return r.customers.OpenSession(ctx, customerID)
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
