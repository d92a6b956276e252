package audit

import (
	"context"

	"github.com/linedesk/linedesk/ent"
)

// Actor is who is acting, as the API layer that received the request established it: a
// staff member (login), an API token, a subscriber in the portal, or the system itself.
// Services read it from their context to write audit rows and ledger entries; they never
// take it from their input.
type Actor struct {
	Name       string // "alice", "token:crm", "customer:100234", "system"
	StaffID    *int   // the staff member, for logins and the tokens they created
	CustomerID *int   // the subscriber, for portal requests
	Address    string // the client's address, when the request came over the network
}

// System is the actor of scheduled work (renewals, expiry, the data-cap job).
var System = Actor{Name: "system"}

type actorKey struct{}

// WithActor returns ctx carrying a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor ctx carries, or System.
func ActorFrom(ctx context.Context) Actor {
	if a, ok := ctx.Value(actorKey{}).(Actor); ok && a.Name != "" {
		return a
	}
	return System
}

// Write records action on a target by the actor of ctx, with c (the client of the
// transaction that makes the change, so the row commits or rolls back with it).
func Write(ctx context.Context, c *ent.Client, action, targetType string, targetID int, changes map[string]any) error {
	a := ActorFrom(ctx)
	return Record(ctx, c, Entry{Actor: a.Name, StaffID: a.StaffID, Action: action, TargetType: targetType,
		TargetID: targetID, Changes: changes, Address: a.Address})
}
