// Package customers holds the rules for PPPoE subscribers: validation (usernames, phone
// numbers in E.164, passwords), account numbers, creation and updates, status and profile
// changes, the router actions that follow them, search and lists, and CSV import and export.
// The GraphQL API and the CLI both call it.
//
// Every write runs in store.InTx (joining the caller's transaction when the context carries
// one), writes its audit row in that transaction with the actor of the context, and
// publishes CustomerChanged and asks the routers after the outermost commit
// (store.AfterCommit). Refusals are *domain.Error; values are ent entities, usable after the
// service's transaction has ended.
package customers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// FirstAccountNo is the first account number handed out.
const FirstAccountNo = 100001

// Router is what the service needs from the router side (nas.Service satisfies it). Both are
// called after the change has committed, with the rows the service read in its transaction:
// the customer as it left it, its profile, and its open sessions with their routers (WithNas).
// They return one result per session and never fail as a whole.
type Router interface {
	// ApplyProfile pushes the customer's plan (p, or its after-cap profile while the data cap
	// is applied) to the open sessions (CoA).
	ApplyProfile(ctx context.Context, cu *ent.Customer, p *ent.Profile, open []*ent.Session) []domain.SessionResult
	// Disconnect drops the open sessions.
	Disconnect(ctx context.Context, cu *ent.Customer, open []*ent.Session) []domain.SessionResult
}

// Service applies the customer rules.
type Service struct {
	st     *store.Store
	box    *secret.Box
	bus    *events.Bus
	router Router

	// Now is the service's clock (UTC); tests replace it.
	Now func() time.Time

	regions RegionSource
}

// RegionSource gives the phone_region setting that searches read on every request
// (settings.Service, which caches it and forgets it when the settings change).
type RegionSource interface {
	PhoneRegion(ctx context.Context) (string, error)
}

// WithRegions makes searches read the phone region from src, and returns s. Without it they
// read the setting from the database each time.
func (s *Service) WithRegions(src RegionSource) *Service {
	s.regions = src
	return s
}

// New makes the service over a store. bus may be nil (no events); router may be nil (no
// router module: the open sessions of a changed customer are reported PENDING, and the change
// applies at their next login).
func New(st *store.Store, box *secret.Box, bus *events.Bus, router Router) *Service {
	return &Service{st: st, box: box, bus: bus, router: router, Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// changed publishes CustomerChanged for id once the transaction of ctx has committed, with
// the customer's state read then.
func (s *Service) changed(ctx context.Context, id int) {
	if s.bus == nil {
		return
	}
	store.AfterCommit(ctx, func(ctx context.Context) {
		s.bus.Publish(store.CustomerChanged(ctx, s.st.Client, id))
	})
}

// openKnown carries, through a router action's transaction, whether its customer had open
// sessions as loaded (loadForRouter), so the event of the change needs no read.
type openKnown struct {
	id     int
	online bool
}

// changedRow is changed for cu as written, when ctx knows whether cu is online.
func (s *Service) changedRow(ctx context.Context, cu *ent.Customer) {
	k, ok := ctx.Value(openKnown{}).(openKnown)
	if !ok || k.id != cu.ID || s.bus == nil {
		s.changed(ctx, cu.ID)
		return
	}
	e := events.Event{Kind: events.CustomerChanged, CustomerID: cu.ID,
		Customer: &events.Customer{Status: string(cu.Status), ExpiresAt: cu.ExpiresAt.UTC(), Online: k.online}}
	store.AfterCommit(ctx, func(context.Context) { s.bus.Publish(e) })
}

// errNotFound refuses a customer id that names no customer (NOT_FOUND; the message the API
// has always shown).
func errNotFound() error {
	return &domain.Error{Kind: domain.NotFound, Message: "not found", Key: "customer.notFound"}
}

// errNoProfile refuses a profile id that names no profile.
func errNoProfile() error {
	return domain.Invalidf("profileID", "profile does not exist").WithKey("profile.notFound", nil)
}

// get reads customer id with c.
func get(ctx context.Context, c *ent.Client, id int) (*ent.Customer, error) {
	cu, err := c.Customer.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("reading customer: %w", err)
	}
	return cu, nil
}

// getProfile reads profile id with c.
func getProfile(ctx context.Context, c *ent.Client, id int) (*ent.Profile, error) {
	p, err := c.Profile.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, errNoProfile()
	}
	if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	return p, nil
}

// PhoneRegion reads the phone_region setting.
func PhoneRegion(ctx context.Context, c *ent.Client) (string, error) {
	v, err := settings.Load(ctx, c)
	if err != nil {
		return "", err
	}
	return v[settings.PhoneRegion], nil
}

// region returns the phone_region setting searches read.
func (s *Service) region(ctx context.Context) (string, error) {
	if s.regions != nil {
		return s.regions.PhoneRegion(ctx)
	}
	return PhoneRegion(ctx, s.st.Client)
}
