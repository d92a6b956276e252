package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/events"
)

// Subscription results built from what an event carries (internal/events' Session and
// Customer) instead of read from the database. A subscription answers from the event only
// when every field it selects is one the event answers (fieldSet); otherwise it reads the
// row as before, so a result never shows a field the event could not fill.

// fieldSet names the fields an event answers; a field mapped to a set answers only the
// subfields in it, one mapped to nil is a leaf.
type fieldSet map[string]fieldSet

// pushedCustomerFields is what a customer built from events.Customer answers.
var pushedCustomerFields = fieldSet{"__typename": nil, "id": nil, "connectionStatus": nil, "status": nil, "expiresAt": nil}

// pushedSessionFields is what a session built from events.Session answers.
var pushedSessionFields = fieldSet{
	"__typename": nil, "id": nil, "acctSessionID": nil, "acctSessionId": nil, "username": nil,
	"customerID": nil, "nasID": nil, "framedIP": nil, "framedIp": nil, "callingStationID": nil,
	"callingStationId": nil, "nasPortID": nil, "startedAt": nil, "updatedAt": nil, "stoppedAt": nil,
	"sessionTime": nil, "bytesIn": nil, "bytesOut": nil, "terminateCause": nil, "open": nil,
	"nas": {"__typename": nil, "id": nil, "name": nil},
}

// selects reports whether the selection of the field of ctx (a subscription's) stays within
// set.
func selects(ctx context.Context, set fieldSet) bool {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil {
		return false
	}
	return within(graphql.GetOperationContext(ctx), fc.Field.Selections, set)
}

func within(oc *graphql.OperationContext, sel ast.SelectionSet, set fieldSet) bool {
	for _, f := range graphql.CollectFields(oc, sel, nil) {
		sub, ok := set[f.Name]
		if !ok || (sub == nil) != (len(f.Selections) == 0) {
			return false
		}
		if sub != nil && !within(oc, f.Selections, sub) {
			return false
		}
	}
	return true
}

// pushCustomer builds the customer an event describes and remembers whether it is online
// until GraphQL has written it (pushedDone), for its connectionStatus.
func (r *Resolver) pushCustomer(id int, c *events.Customer) *ent.Customer {
	cu := &ent.Customer{ID: id, Status: customer.Status(c.Status), ExpiresAt: c.ExpiresAt}
	r.pushed.Store(cu, c.Online)
	return cu
}

// pushedDone forgets a customer GraphQL has written.
func (r *Resolver) pushedDone(cu *ent.Customer) { r.pushed.Delete(cu) }

// pushedOnline reports whether cu, built from an event, is online; ok is false for a
// customer read from the database.
func (r *Resolver) pushedOnline(cu *ent.Customer) (online, ok bool) {
	v, ok := r.pushed.Load(cu)
	if !ok {
		return false, false
	}
	return v.(bool), true
}

// sessionOf is the session an event carries, with its router's id and name.
func sessionOf(p *events.Session) *ent.Session {
	s := &ent.Session{ID: p.ID, AcctSessionID: p.AcctSessionID, Username: p.Username, NasID: p.NasID,
		FramedIP: nullable(p.FramedIP), CallingStationID: nullable(p.CallingStationID), NasPortID: nullable(p.NasPortID),
		TerminateCause: nullable(p.TerminateCause), StartedAt: p.StartedAt, UpdatedAt: p.UpdatedAt,
		SessionTime: p.SessionTime, BytesIn: p.BytesIn, BytesOut: p.BytesOut, Open: p.Open}
	if p.CustomerID != 0 {
		id := p.CustomerID
		s.CustomerID = &id
	}
	if !p.StoppedAt.IsZero() {
		t := p.StoppedAt
		s.StoppedAt = &t
	}
	s.Edges.Nas = &ent.Nas{ID: p.NasID, Name: p.NasName}
	return s
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
