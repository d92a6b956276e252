package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/profiles"
	"github.com/linedesk/linedesk/internal/reports"
	"github.com/linedesk/linedesk/internal/routers"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/staff"
)

// Resolver is the root resolver; the rules live in the services it calls.
type Resolver struct {
	deps      Deps
	client    *ent.Client
	customers *customers.Service
	profiles  *profiles.Service
	routers   *routers.Service
	staff     *staff.Service
	settings  *settings.Service
	reports   *reports.Service
	now       func() time.Time

	sockets sockets // open WebSockets and their authorisation
}

// db returns the client for this operation: the mutation's transaction, or the plain client.
func (r *Resolver) db(ctx context.Context) (*ent.Client, error) { return clientFor(ctx, r.client) }

// audit records a mutation in the operation's transaction.
func (r *Resolver) audit(ctx context.Context, action, targetType string, targetID int, changes map[string]any) error {
	c, err := r.db(ctx)
	if err != nil {
		return err
	}
	p := auth.FromContext(ctx)
	e := audit.Entry{Actor: p.Actor(), Action: action, TargetType: targetType, TargetID: targetID,
		Changes: changes, Address: infoFrom(ctx).address}
	if p != nil {
		e.StaffID = p.StaffID
	}
	return audit.Record(ctx, c, e)
}

// publish sends an event after the operation commits.
func (r *Resolver) publish(ctx context.Context, e events.Event) {
	afterCommit(ctx, func() { r.deps.Bus.Publish(e) })
}

func (r *Resolver) customerChanged(ctx context.Context, id int) {
	r.publish(ctx, events.Event{Kind: events.CustomerChanged, CustomerID: id})
}

// sessionRef caches the newest open session of a customer for one request.
type sessionRef struct{ s *ent.Session }

// openSession returns the newest open session of a customer, from the request's prefetch
// when the customer list loaded them in one query.
func (r *Resolver) openSession(ctx context.Context, customerID int) (*ent.Session, error) {
	ri := infoFrom(ctx)
	ri.mu.Lock()
	ref, ok := ri.openSessions[customerID]
	ri.mu.Unlock()
	if ok {
		return ref.s, nil
	}
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	s, err := c.Session.Query().Where(session.CustomerID(customerID), session.Open(true)).
		Order(ent.Desc(session.FieldStartedAt)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading open session: %w", err)
	}
	return s, nil
}

// prefetchOpenSessions loads the open sessions of a page of customers in one query.
func (r *Resolver) prefetchOpenSessions(ctx context.Context, c *ent.Client, ids []int) error {
	if len(ids) == 0 {
		return nil
	}
	ss, err := c.Session.Query().Where(session.CustomerIDIn(ids...), session.Open(true)).
		Order(ent.Asc(session.FieldStartedAt)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading open sessions: %w", err)
	}
	ri := infoFrom(ctx)
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if ri.openSessions == nil {
		ri.openSessions = map[int]*sessionRef{}
	}
	for _, id := range ids {
		ri.openSessions[id] = &sessionRef{}
	}
	for _, s := range ss {
		ri.openSessions[*s.CustomerID] = &sessionRef{s: s} // newest last wins
	}
	return nil
}

// region returns the phone_region setting (cached by the settings service).
func (r *Resolver) region(ctx context.Context) (string, error) { return r.settings.PhoneRegion(ctx) }

func empty() *string { s := ""; return &s }
