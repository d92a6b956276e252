package customers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Status changes and the changes the routers act on. ChangeProfile and Disconnect read the
// customer and its open sessions once, in their transaction, and hand those rows to the
// Router after the commit; the Router reads neither again.
//
// The results of a router action arrive in the ActionResult when the service's call owns its
// transaction: the action runs at the commit, before the call returns. A call made inside a
// caller's transaction (store.InTx already in the context) returns before that transaction
// commits, so every open session is reported PENDING; the action still runs after the
// caller's commit (never after a rollback), and its outcome is only logged.

// ActionResult is the customer as a change left it and what the routers did with each of its
// open sessions.
type ActionResult struct {
	Customer *ent.Customer
	Sessions []domain.SessionResult
}

// Messages of the sessions no router was asked about.
const (
	msgNoRouter = "no router module: the change applies at the next login"
	msgLater    = "the routers are asked once the enclosing transaction commits"
)

// Suspend sets the customer's status to SUSPENDED (RADIUS refuses its next login) and writes
// the audit row (suspendCustomer) when it changed.
func (s *Service) Suspend(ctx context.Context, id int) (*ent.Customer, error) {
	return s.changeStatus(ctx, "suspendCustomer", id, customer.StatusSUSPENDED)
}

// Resume sets the customer's status back to ACTIVE and writes the audit row (resumeCustomer)
// when it changed.
func (s *Service) Resume(ctx context.Context, id int) (*ent.Customer, error) {
	return s.changeStatus(ctx, "resumeCustomer", id, customer.StatusACTIVE)
}

func (s *Service) changeStatus(ctx context.Context, action string, id int, st customer.Status) (*ent.Customer, error) {
	var out *ent.Customer
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		cu, changed, err := setStatus(ctx, c, cur, st)
		if out = cu; err != nil || !changed {
			return err
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, action, "customer", id, map[string]any{"status": string(st)})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// setStatus sets the staff-controlled status of cur (ACTIVE, SUSPENDED, DISABLED) with c and
// reports whether it changed.
func setStatus(ctx context.Context, c *ent.Client, cur *ent.Customer, st customer.Status) (*ent.Customer, bool, error) {
	if cur.Status == st {
		return cur, false, nil
	}
	cu, err := store.BoundUsage(c.Customer.UpdateOne(cur)).SetStatus(st).Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("setting status: %w", err)
	}
	if st != customer.StatusACTIVE {
		// Suspension and disabling end the portal sign-ins (a new one is read-only).
		if _, err := revokePortalTokens(ctx, c, cur.ID, 0, time.Now().UTC()); err != nil {
			return nil, false, err
		}
	}
	return cu, true, nil
}

// ChangeProfile moves a customer to another profile (the data cap's after-cap plan no longer
// applies), writes the audit row (changeCustomerProfile) and, after the commit, asks the
// routers to apply the new plan to the customer's open sessions (CoA). Moving a customer to
// the profile it has changes nothing, but its sessions are still re-shaped to it.
func (s *Service) ChangeProfile(ctx context.Context, id, profileID int) (*ActionResult, error) {
	return s.routerChange(ctx, id, func(ctx context.Context, c *ent.Client, cu *ent.Customer) (*ent.Customer, routerCall, error) {
		p, err := getProfile(ctx, c, profileID)
		if err != nil {
			return nil, nil, err
		}
		if cu.ProfileID != profileID {
			if cu, err = store.BoundUsage(c.Customer.UpdateOne(cu)).SetProfileID(profileID).SetCapApplied(false).Save(ctx); err != nil {
				return nil, nil, fmt.Errorf("changing profile: %w", err)
			}
			if err := audit.Write(ctx, c, "changeCustomerProfile", "customer", id, map[string]any{"profileID": profileID}); err != nil {
				return nil, nil, err
			}
			s.changedRow(ctx, cu)
		}
		return cu, func(ctx context.Context, r Router, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
			return r.ApplyProfile(ctx, cu, store.Unwrap(ctx, p), open)
		}, nil
	})
}

// Disconnect writes the audit row (disconnectCustomer) and, after the commit, asks the routers
// to drop every open session of the customer.
func (s *Service) Disconnect(ctx context.Context, id int) (*ActionResult, error) {
	return s.routerChange(ctx, id, func(ctx context.Context, c *ent.Client, cu *ent.Customer) (*ent.Customer, routerCall, error) {
		if err := audit.Write(ctx, c, "disconnectCustomer", "customer", id, nil); err != nil {
			return nil, nil, err
		}
		return cu, func(ctx context.Context, r Router, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
			return r.Disconnect(ctx, cu, open)
		}, nil
	})
}

// routerCall is a router action on the customer and its open sessions, as read in the
// service's transaction and usable after it.
type routerCall func(ctx context.Context, r Router, cu *ent.Customer, open []*ent.Session) []domain.SessionResult

// routerChange reads customer id and its open sessions once in a transaction, lets change
// write what it changes (with c) and name the router action, and returns the customer as
// change left it with the action's results (see the top of this file).
func (s *Service) routerChange(ctx context.Context, id int,
	change func(ctx context.Context, c *ent.Client, cu *ent.Customer) (*ent.Customer, routerCall, error)) (*ActionResult, error) {
	var (
		out     = &ActionResult{}
		results func(context.Context) []domain.SessionResult
	)
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cu, open, err := loadForRouter(ctx, c, id)
		if err != nil {
			return err
		}
		ctx = context.WithValue(ctx, openKnown{}, openKnown{id: id, online: len(open) > 0})
		cu, call, err := change(ctx, c, cu)
		if err != nil {
			return err
		}
		out.Customer = cu
		results = s.routerAction(ctx, open, func(ctx context.Context, r Router) []domain.SessionResult {
			return call(ctx, r, store.Unwrap(ctx, cu), unwrapSessions(ctx, open))
		})
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Customer, out.Sessions = store.Unwrap(ctx, out.Customer), results(ctx)
	return out, nil
}

// loadForRouter reads, with c, the customer and its open sessions with their routers: the
// rows a router action needs, read once.
func loadForRouter(ctx context.Context, c *ent.Client, id int) (*ent.Customer, []*ent.Session, error) {
	cu, err := get(ctx, c, id)
	if err != nil {
		return nil, nil, err
	}
	open, err := c.Session.Query().Where(session.CustomerID(id), session.Open(true)).WithNas().
		Order(ent.Asc(session.FieldStartedAt), ent.Asc(session.FieldID)).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("reading open sessions: %w", err)
	}
	return cu, open, nil
}

// routerAction registers act to run once the transaction of ctx has committed, and returns
// the function that collects its results with the caller's context once the service's InTx has
// returned: act's, when it has run by then (the service's own transaction), else one PENDING
// result per open session (see the top of this file). Without a Router every session is
// PENDING: the change applies at the next login.
func (s *Service) routerAction(ctx context.Context, open []*ent.Session,
	act func(context.Context, Router) []domain.SessionResult) func(context.Context) []domain.SessionResult {
	if s.router == nil {
		return func(ctx context.Context) []domain.SessionResult { return pending(ctx, open, msgNoRouter) }
	}
	done := make(chan []domain.SessionResult, 1)
	store.AfterCommit(ctx, func(ctx context.Context) { done <- act(ctx, s.router) })
	return func(ctx context.Context) []domain.SessionResult {
		select {
		case res := <-done:
			return res
		default:
			return pending(ctx, open, msgLater)
		}
	}
}

// pending reports every open session PENDING with msg.
func pending(ctx context.Context, open []*ent.Session, msg string) []domain.SessionResult {
	out := make([]domain.SessionResult, len(open))
	for i, sess := range unwrapSessions(ctx, open) {
		out[i] = domain.SessionResult{Session: sess, Outcome: domain.Pending, Message: msg}
	}
	return out
}

// unwrapSessions makes sessions read in a finished transaction, and their routers, usable
// again (store.Unwrap); inside a transaction it changes nothing.
func unwrapSessions(ctx context.Context, list []*ent.Session) []*ent.Session {
	for _, sess := range list {
		store.Unwrap(ctx, sess)
		if n := sess.Edges.Nas; n != nil {
			store.Unwrap(ctx, n)
		}
	}
	return list
}
