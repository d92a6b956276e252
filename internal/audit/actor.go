package audit

import (
	"context"
	"strings"

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

// The kinds of actor, as Kind and KindOf name them. A staff username never contains a colon
// (auth.NormalizeStaffUsername), so the prefix of a stored actor name tells the kind apart.
const (
	KindStaff    = "staff"    // a staff member signed in: the name is the username
	KindToken    = "token"    // an API token: "token:<name>"
	KindCustomer = "customer" // a subscriber in the portal: "customer:<account number>"
	KindSystem   = "system"   // scheduled work
)

// Customer returns the actor of a subscriber's own request in the portal: named
// "customer:<accountNo>" (how the audit log shows it), with the customer's id.
func Customer(customerID int, accountNo, address string) Actor {
	id := customerID
	return Actor{Name: KindCustomer + ":" + accountNo, CustomerID: &id, Address: address}
}

// Kind returns the kind of a (one of the Kind constants).
func (a Actor) Kind() string {
	if a.CustomerID != nil {
		return KindCustomer
	}
	return KindOf(a.Name)
}

// KindOf returns the kind of actor a stored actor name denotes, and is how readers of the
// audit log (the dashboard) tell a subscriber from a staff member.
func KindOf(name string) string {
	switch {
	case name == "" || name == System.Name:
		return KindSystem
	case strings.HasPrefix(name, KindCustomer+":"):
		return KindCustomer
	case strings.HasPrefix(name, KindToken+":"):
		return KindToken
	}
	return KindStaff
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
