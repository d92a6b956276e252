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
// An event carries the rows its subscribers show (pushed.go), so a delivery reads nothing
// from the database unless the event lacks them or the subscription selects more.

// deliverable applies authorisation events to the socket and reports whether the
// subscription may go on delivering.
func (r *Resolver) deliverable(ctx context.Context, g *socketGuard, e events.Event) bool {
	if events.Urgent(e.Kind) && g != nil {
		r.observe(ctx, g, e)
	}
	return g.allowed()
}

// feed is one subscription: the events it answers and how.
type feed[T any] struct {
	kinds map[events.Kind]bool
	// customerID limits the feed to one customer's events (nil: all).
	customerID *int
	// answer works out what to deliver for an event; false: nothing.
	answer func(ctx context.Context, e events.Event) (T, bool)
	// done is told of each answer once GraphQL has written it, or it was dropped (may be nil).
	done func(T)
}

// run delivers the feed's answers on the returned channel until ctx ends.
func (f feed[T]) run(ctx context.Context, r *Resolver) <-chan T {
	g := socketFrom(ctx)
	in := r.deps.Bus.Subscribe(ctx)
	out := make(chan T) // unbuffered: nothing waits in it past a revocation
	go func() {
		defer close(out)
		var prev *T // handed to GraphQL, written once it takes the next
		for e := range in {
			if !r.deliverable(ctx, g, e) || !f.kinds[e.Kind] {
				continue // a closing socket drains until the bus closes in
			}
			if f.customerID != nil && *f.customerID != e.CustomerID {
				continue
			}
			v, ok := f.answer(ctx, e)
			if !ok {
				continue
			}
			if !g.allowed() {
				f.release(&v)
				continue
			}
			select {
			case out <- v:
				f.release(prev)
				prev = &v
			case <-ctx.Done():
				f.release(&v) // drain until the bus closes in
			}
		}
		f.release(prev)
	}()
	return out
}

func (f feed[T]) release(v *T) {
	if v != nil && f.done != nil {
		f.done(*v)
	}
}

func (r *Resolver) subscribeCustomers(ctx context.Context, customerID *int) (<-chan *ent.Customer, error) {
	whole := selects(ctx, pushedCustomerFields)
	return feed[*ent.Customer]{
		kinds:      map[events.Kind]bool{events.CustomerChanged: true, events.SessionStarted: true, events.SessionStopped: true},
		customerID: customerID,
		answer: func(ctx context.Context, e events.Event) (*ent.Customer, bool) {
			if e.CustomerID == 0 {
				return nil, false
			}
			if whole && e.Customer != nil {
				return r.pushCustomer(e.CustomerID, e.Customer), true
			}
			return r.readCustomer(ctx, e.CustomerID)
		},
		done: r.pushedDone,
	}.run(ctx, r), nil
}

func (r *Resolver) subscribeSessions(ctx context.Context, customerID *int) (<-chan *ent.Session, error) {
	whole := selects(ctx, pushedSessionFields)
	return feed[*ent.Session]{
		kinds:      map[events.Kind]bool{events.SessionStarted: true, events.SessionUpdated: true, events.SessionStopped: true},
		customerID: customerID,
		answer: func(ctx context.Context, e events.Event) (*ent.Session, bool) {
			if e.SessionID == 0 {
				return nil, false
			}
			if whole && e.Session != nil && e.Session.ID == e.SessionID {
				return sessionOf(e.Session), true
			}
			s, ok := r.readSession(ctx, e.SessionID)
			if ok && customerID != nil && (s.CustomerID == nil || *s.CustomerID != *customerID) {
				return nil, false
			}
			return s, ok
		},
	}.run(ctx, r), nil
}

// readCustomer reads a customer for an event that does not carry what the subscription asks.
func (r *Resolver) readCustomer(ctx context.Context, id int) (*ent.Customer, bool) {
	cu, err := r.client.Customer.Get(ctx, id)
	if err != nil {
		if !ent.IsNotFound(err) && ctx.Err() == nil {
			r.deps.Logger.Warn("subscription: reading customer", "customer", id, "err", err)
		}
		return nil, false
	}
	return cu, true
}

// readSession reads a session for an event that does not carry what the subscription asks.
func (r *Resolver) readSession(ctx context.Context, id int) (*ent.Session, bool) {
	s, err := r.client.Session.Get(ctx, id)
	if err != nil {
		if !ent.IsNotFound(err) && ctx.Err() == nil {
			r.deps.Logger.Warn("subscription: reading session", "session", id, "err", err)
		}
		return nil, false
	}
	return s, true
}
