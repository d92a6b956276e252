package customers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/store"
)

// EndPortalSessions signs the customer out of the subscriber portal everywhere: every portal
// token of the customer not yet revoked gets revoked_at = now (expired ones too, so none can
// come back). It returns how many were ended and writes the audit row (endPortalSessions)
// with that number, also when it is zero (staff asked). A customer id that names no customer
// is NOT_FOUND.
func (s *Service) EndPortalSessions(ctx context.Context, id int) (int, error) {
	var n int
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if _, err := get(ctx, c, id); err != nil {
			return err
		}
		var err error
		n, err = RevokePortalTokens(ctx, c, id, s.now())
		if err != nil {
			return err
		}
		return audit.Write(ctx, c, "endPortalSessions", "customer", id, map[string]any{"ended": n})
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// RevokePortalTokens sets revoked_at = at on the customer's portal tokens not yet revoked,
// with c (a transaction's client), and returns how many. Any rule that ends a subscriber's
// sign-ins (staff ending them, a password change, suspension) can go through it.
func RevokePortalTokens(ctx context.Context, c *ent.Client, customerID int, at time.Time) (int, error) {
	n, err := c.PortalToken.Update().
		Where(portaltoken.CustomerID(customerID), portaltoken.RevokedAtIsNil()).
		SetRevokedAt(at.UTC()).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("ending portal sessions: %w", err)
	}
	return n, nil
}
