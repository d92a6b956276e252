package graph

import (
	"context"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/events"
)

// Subscriptions read internal/events. Each runs one goroutine that ends when the client
// goes (the context ends: the bus closes its channel) and then closes its own channel.
// Every event is delivered only while the socket's authorisation holds (see socket.go):
// revocations arrive on the same channel, before any later event, and are applied first.

// deliverable applies authorisation events to the socket and reports whether the
// subscription may go on delivering.
func (r *Resolver) deliverable(ctx context.Context, g *socketGuard, e events.Event) bool {
	if events.Urgent(e.Kind) && g != nil {
		r.observe(ctx, g, e)
	}
	return g.allowed()
}

func (r *Resolver) subscribeCustomers(ctx context.Context, customerID *int) (<-chan *ent.Customer, error) {
	g := socketFrom(ctx)
	in := r.deps.Bus.Subscribe(ctx)
	out := make(chan *ent.Customer) // unbuffered: nothing waits in it past a revocation
	go func() {
		defer close(out)
		for e := range in {
			if !r.deliverable(ctx, g, e) {
				continue // the socket is closing: drain until the bus closes in
			}
			switch e.Kind {
			case events.CustomerChanged, events.SessionStarted, events.SessionStopped:
			default:
				continue
			}
			if e.CustomerID == 0 || (customerID != nil && *customerID != e.CustomerID) {
				continue
			}
			cu, err := r.client.Customer.Get(ctx, e.CustomerID)
			if err != nil {
				if !ent.IsNotFound(err) && ctx.Err() == nil {
					r.deps.Logger.Warn("subscription: reading customer", "customer", e.CustomerID, "err", err)
				}
				continue
			}
			if !g.allowed() {
				continue
			}
			select {
			case out <- cu:
			case <-ctx.Done():
				// drain until the bus closes in
			}
		}
	}()
	return out, nil
}

func (r *Resolver) subscribeSessions(ctx context.Context, customerID *int) (<-chan *ent.Session, error) {
	g := socketFrom(ctx)
	in := r.deps.Bus.Subscribe(ctx)
	out := make(chan *ent.Session) // unbuffered: nothing waits in it past a revocation
	go func() {
		defer close(out)
		for e := range in {
			if !r.deliverable(ctx, g, e) {
				continue
			}
			switch e.Kind {
			case events.SessionStarted, events.SessionUpdated, events.SessionStopped:
			default:
				continue
			}
			if e.SessionID == 0 || (customerID != nil && *customerID != e.CustomerID) {
				continue
			}
			s, err := r.client.Session.Get(ctx, e.SessionID)
			if err != nil {
				if !ent.IsNotFound(err) && ctx.Err() == nil {
					r.deps.Logger.Warn("subscription: reading session", "session", e.SessionID, "err", err)
				}
				continue
			}
			if customerID != nil && (s.CustomerID == nil || *s.CustomerID != *customerID) {
				continue
			}
			if !g.allowed() {
				continue
			}
			select {
			case out <- s:
			case <-ctx.Done():
			}
		}
	}()
	return out, nil
}

// subscribeMobilePayment delivers the mobile payment id each time its status changes.
func (r *Resolver) subscribeMobilePayment(ctx context.Context, id int) (<-chan *ent.MobilePayment, error) {
	g := socketFrom(ctx)
	in := r.deps.Bus.SubscribeKinds(ctx, events.PaymentChanged, events.TokenRevoked, events.StaffChanged)
	out := make(chan *ent.MobilePayment)
	go func() {
		defer close(out)
		for e := range in {
			if !r.deliverable(ctx, g, e) || e.Kind != events.PaymentChanged || e.EntityID != id {
				continue
			}
			mp, err := r.client.MobilePayment.Get(ctx, id)
			if err != nil {
				if !ent.IsNotFound(err) && ctx.Err() == nil {
					r.deps.Logger.Warn("subscription: reading mobile payment", "id", id, "err", err)
				}
				continue
			}
			if !g.allowed() {
				continue
			}
			select {
			case out <- mp:
			case <-ctx.Done():
			}
		}
	}()
	return out, nil
}
