package graph

import (
	"context"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
)

// Resolver is the root resolver; the rules live in the services it calls.
type Resolver struct {
	deps      Deps
	client    *ent.Client
	customers *customers.Service
	billing   *billing.Service
	throttle  *auth.Throttle
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

// tokenRevoked closes, after the operation commits, the WebSockets opened with the token,
// on every instance.
func (r *Resolver) tokenRevoked(ctx context.Context, tokenID int) {
	r.publish(ctx, events.Event{Kind: events.TokenRevoked, EntityID: tokenID})
}

// forgetSettings drops what the services cache of the settings (updateSettings changed them).
func (r *Resolver) forgetSettings() { r.customers.ForgetSettings() }

func trimPtr(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}

func empty() *string { s := ""; return &s }
