package graph

import (
	"context"
	"errors"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/auth"
)

// Staff records (username, role, last login, disabled) are for admins, as node(id) of a
// Staff is: every edge that reaches one answers null to other callers, not an error, and
// filters on staff are refused to them. A caller always sees itself (me, login's payload).
// Records a caller may not see are indistinguishable from records that do not exist.

// staffFields lists, per object type, the fields that reach a Staff record.
// TestEveryStaffEdgeIsGuarded keeps the list complete.
var staffFields = map[string]map[string]bool{
	"Transaction": {"staff": true, "staffID": true},
	"ApiToken":    {"staff": true, "staffID": true},
	"AuditLog":    {"staffID": true},
}

// hidesStaff reports whether the field of ctx reaches a Staff record the caller may not see.
func hidesStaff(ctx context.Context, fc *graphql.FieldContext) bool {
	if !staffFields[fc.Object][fc.Field.Name] {
		return false
	}
	p := auth.FromContext(ctx)
	return p == nil || !auth.Allows(p.Role, auth.Admin)
}

// canSee reports whether the caller's role may read n (the role rules of the list queries).
func canSee(ctx context.Context, n ent.Noder) bool {
	need := auth.Viewer
	switch n.(type) {
	case *ent.AuditLog, *ent.ApiToken, *ent.Staff, *ent.PaymentGateway:
		need = auth.Admin
	case *ent.Notification, *ent.UnmatchedPayment:
		need = auth.Operator
	}
	_, err := auth.Require(ctx, need)
	return err == nil
}

// visibleNode returns the node with id, or nil when it does not exist or the caller may not
// see it: both answer the same.
func (r *Resolver) visibleNode(ctx context.Context, id int) (ent.Noder, error) {
	c := r.client
	n, err := c.Noder(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if !canSee(ctx, n) {
		return nil, nil
	}
	return n, nil
}

// visibleNodes is visibleNode for each id (one query per type): a null entry for an id that
// does not exist or that the caller may not see, with no error for either.
func (r *Resolver) visibleNodes(ctx context.Context, ids []int) ([]ent.Noder, error) {
	c := r.client
	// ent reports each missing id as an error of the response: collect them instead.
	var (
		mu   sync.Mutex
		errs []error
	)
	collect := func(_ context.Context, err error) *gqlerror.Error {
		mu.Lock()
		errs = append(errs, err)
		mu.Unlock()
		return nil
	}
	cctx := graphql.WithResponseContext(ctx, collect, nil)
	var ns []ent.Noder
	if len(ids) == 1 { // ent's Noders returns the error of a single id instead
		n, err := c.Noder(cctx, ids[0])
		if err != nil && !ent.IsNotFound(err) {
			return nil, err
		}
		ns = []ent.Noder{n}
	} else {
		var err error
		if ns, err = c.Noders(cctx, ids); err != nil {
			return nil, err
		}
	}
	for _, err := range errs {
		if !ent.IsNotFound(err) && !isNodeNotFound(err) {
			return nil, err
		}
	}
	for i, n := range ns {
		if n != nil && !canSee(ctx, n) {
			ns[i] = nil
		}
	}
	return ns, nil
}

// isNodeNotFound recognises entgql's "could not resolve to a node" error.
func isNodeNotFound(err error) bool {
	var ge *gqlerror.Error
	if errors.As(err, &ge) {
		code, _ := ge.Extensions["code"].(string)
		return code == "NOT_FOUND"
	}
	return false
}
