package customers

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Archive and restore. An archived customer keeps its ledger, sessions and usage, but leaves
// the lists, the counts and RADIUS (refused as ARCHIVED); a search with the ARCHIVED access
// state finds it, and Restore brings it back as it was.

// Archive archives customer id: sets archivedAt, ends its portal sign-ins, writes the audit
// row (archiveCustomer) and, after the commit, asks the routers to drop its open sessions
// (the disconnect path). Archiving an archived customer changes nothing and asks no router.
func (s *Service) Archive(ctx context.Context, id int) (*ActionResult, error) {
	return s.routerChange(ctx, id, func(ctx context.Context, c *ent.Client, cu *ent.Customer) (*ent.Customer, routerCall, error) {
		if cu.ArchivedAt != nil {
			return cu, func(ctx context.Context, _ Router, _ *ent.Customer, open []*ent.Session) []domain.SessionResult {
				return []domain.SessionResult{}
			}, nil
		}
		now := s.now()
		cu, err := store.BoundUsage(c.Customer.UpdateOne(cu)).SetArchivedAt(now).Save(ctx)
		if err != nil {
			return nil, nil, fmt.Errorf("archiving customer: %w", err)
		}
		if _, err := revokePortalTokens(ctx, c, id, 0, now); err != nil {
			return nil, nil, err
		}
		if err := audit.Write(ctx, c, "archiveCustomer", "customer", id, nil); err != nil {
			return nil, nil, err
		}
		s.changed(ctx, id)
		return cu, func(ctx context.Context, r Router, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
			return r.Disconnect(ctx, cu, open)
		}, nil
	})
}

// Restore brings archived customer id back (clears archivedAt) and writes the audit row
// (restoreCustomer); a customer that is not archived is returned unchanged.
func (s *Service) Restore(ctx context.Context, id int) (*ent.Customer, error) {
	var out *ent.Customer
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cu, err := get(ctx, c, id)
		if err != nil || cu.ArchivedAt == nil {
			out = cu
			return err
		}
		if out, err = store.BoundUsage(c.Customer.UpdateOne(cu)).ClearArchivedAt().Save(ctx); err != nil {
			return fmt.Errorf("restoring customer: %w", err)
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, "restoreCustomer", "customer", id, nil)
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}
