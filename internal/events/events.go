// Package events is linedesk's in-process event bus: RADIUS accounting and services publish
// what happened (after their transaction commits), GraphQL subscriptions and the RADIUS
// snapshot listen. With PostgreSQL, a bridge carries events between instances.
package events

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Kind names what happened.
type Kind string

// Event kinds.
const (
	CustomerChanged Kind = "customer.changed" // a customer row changed (CustomerID)
	ProfileChanged  Kind = "profile.changed"  // EntityID is the profile
	NasChanged      Kind = "nas.changed"      // NasID
	SettingChanged  Kind = "setting.changed"
	SessionStarted  Kind = "session.started" // SessionID, CustomerID, NasID
	SessionUpdated  Kind = "session.updated"
	SessionStopped  Kind = "session.stopped"
	// TokenRevoked: a login or API token was revoked (logout, revokeApiToken); EntityID is
	// the token. Open WebSockets authenticated with it close at once.
	TokenRevoked Kind = "token.revoked"
	// StaffChanged: a staff member's role, disabled state or password changed (their tokens
	// may have been revoked with it); EntityID is the staff member. Open WebSockets of that
	// staff member check their authorisation again at once.
	StaffChanged Kind = "staff.changed"
)

// Urgent reports whether k is a kind that withdraws authorisation: bridges send it to the
// other instances before Publish returns, not with the next batch.
func Urgent(k Kind) bool { return k == TokenRevoked || k == StaffChanged }

// Event is one thing that happened. Events carry ids and, where the publisher has them, the
// rows their subscribers show (see payload.go); never secrets.
type Event struct {
	Kind       Kind      `json:"k"`
	CustomerID int       `json:"c,omitempty"`
	SessionID  int       `json:"s,omitempty"`
	NasID      int       `json:"n,omitempty"`
	EntityID   int       `json:"e,omitempty"`
	At         time.Time `json:"t"`
	Origin     string    `json:"o,omitempty"` // instance that published it (set by bridges)
	// Session is the session's row after the event (session kinds); nil when not known.
	Session *Session `json:"ss,omitempty"`
	// Customer is the customer's connection state after the event (customer and session
	// kinds); nil when not known.
	Customer *Customer `json:"cs,omitempty"`
}

// Publisher is what producers need.
type Publisher interface {
	Publish(e Event)
}

// Bus fans events out to subscribers. A subscriber that does not keep up loses events
// (counted in Dropped) rather than slowing publishers down.
type Bus struct {
	mu      sync.RWMutex
	subs    map[*subscriber]struct{}
	dropped atomic.Int64
	hooks   []func(Event)
}

type subscriber struct {
	ch    chan Event
	kinds map[Kind]bool // nil: every kind
}

// NewBus makes an empty bus.
func NewBus() *Bus { return &Bus{subs: map[*subscriber]struct{}{}} }

// OnPublish registers fn to see every event published locally (not those delivered from
// other instances); bridges use it to forward events.
func (b *Bus) OnPublish(fn func(Event)) {
	b.mu.Lock()
	b.hooks = append(b.hooks, fn)
	b.mu.Unlock()
}

// Publish delivers e to every subscriber and to the publish hooks.
func (b *Bus) Publish(e Event) {
	if e.At.IsZero() {
		e.At = time.Now().UTC()
	}
	b.mu.RLock()
	hooks := b.hooks
	b.mu.RUnlock()
	for _, h := range hooks {
		h(e)
	}
	b.Deliver(e)
}

// Deliver hands e to local subscribers only (bridges use it for events from elsewhere).
func (b *Bus) Deliver(e Event) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for s := range b.subs {
		if s.kinds != nil && !s.kinds[e.Kind] {
			continue
		}
		select {
		case s.ch <- e:
		default:
			b.dropped.Add(1)
		}
	}
}

// Subscribe returns a channel of events that is closed when ctx ends.
func (b *Bus) Subscribe(ctx context.Context) <-chan Event {
	return b.subscribe(ctx, &subscriber{ch: make(chan Event, 1024)})
}

// SubscribeKinds is Subscribe for the given kinds only: a rare kind is then never lost to
// a channel filled with frequent ones.
func (b *Bus) SubscribeKinds(ctx context.Context, kinds ...Kind) <-chan Event {
	s := &subscriber{ch: make(chan Event, 64), kinds: map[Kind]bool{}}
	for _, k := range kinds {
		s.kinds[k] = true
	}
	return b.subscribe(ctx, s)
}

func (b *Bus) subscribe(ctx context.Context, s *subscriber) <-chan Event {
	b.mu.Lock()
	b.subs[s] = struct{}{}
	b.mu.Unlock()
	go func() {
		<-ctx.Done()
		b.mu.Lock()
		delete(b.subs, s)
		close(s.ch)
		b.mu.Unlock()
	}()
	return s.ch
}

// Subscribers is the number of live subscriptions.
func (b *Bus) Subscribers() int {
	b.mu.RLock()
	defer b.mu.RUnlock()
	return len(b.subs)
}

// Dropped is how many deliveries were lost to slow subscribers.
func (b *Bus) Dropped() int64 { return b.dropped.Load() }
