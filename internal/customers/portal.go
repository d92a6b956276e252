package customers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// A subscriber's portal sign-ins (PortalToken rows) end, in the transaction of the change,
// when the PPPoE password changes (by staff, an import or the subscriber), when the customer
// is suspended or disabled, and when staff end them; deleting the customer deletes them
// (ON DELETE CASCADE). The subscriber's own password change keeps the sign-in that made it.

// revokePortalTokens ends the customer's open portal sign-ins with c, except the token keep
// (0: none), and returns how many it ended.
func revokePortalTokens(ctx context.Context, c *ent.Client, customerID, keep int, now time.Time) (int, error) {
	n, err := c.PortalToken.Update().
		Where(portaltoken.CustomerID(customerID), portaltoken.RevokedAtIsNil(), portaltoken.IDNEQ(keep)).
		SetRevokedAt(now).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("ending portal sign-ins: %w", err)
	}
	return n, nil
}

// EndPortalSessions ends every portal sign-in of customer id (staff's endPortalSessions) and
// writes the audit row (also when none was open). It returns how many ended.
func (s *Service) EndPortalSessions(ctx context.Context, id int) (int, error) {
	var n int
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if _, err := get(ctx, c, id); err != nil {
			return err
		}
		var err error
		if n, err = revokePortalTokens(ctx, c, id, 0, s.now()); err != nil || n == 0 {
			return err
		}
		return audit.Write(ctx, c, "endPortalSessions", "customer", id, map[string]any{"ended": n})
	})
	return n, err
}

// ChangeOwnPassword sets the PPPoE password the subscriber chose in the portal (checked
// like a staff-set one), ends the customer's other portal sign-ins (keepToken is the one
// that made the change) and writes the audit row (changePassword, by the actor of ctx). It
// refuses a customer that is not ACTIVE.
func (s *Service) ChangeOwnPassword(ctx context.Context, id int, password string, keepToken int) (*ent.Customer, error) {
	var out *ent.Customer
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		if cur.Status != customer.StatusACTIVE {
			return domain.Forbiddenf("the account is %s: the password cannot be changed", lower(cur.Status)).
				WithKey("customer.passwordLocked", map[string]any{"status": cur.Status})
		}
		if err := WeakPassword("new", password, cur.Username); err != nil {
			return err
		}
		enc, err := s.box.Encrypt(password)
		if err != nil {
			return fmt.Errorf("encrypting password: %w", err)
		}
		if out, err = store.BoundUsage(c.Customer.UpdateOne(cur)).SetPasswordEnc(enc).Save(ctx); err != nil {
			return fmt.Errorf("saving password: %w", err)
		}
		if _, err := revokePortalTokens(ctx, c, id, keepToken, s.now()); err != nil {
			return err
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, "changePassword", "customer", id, map[string]any{"password": true})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

func lower(st customer.Status) string {
	switch st {
	case customer.StatusSUSPENDED:
		return "suspended"
	case customer.StatusDISABLED:
		return "disabled"
	}
	return "active"
}

// SetNextProfile sets the plan customer id moves to at its next renewal (nil clears it) and
// writes the audit row (changePlan, with "at": "next_renewal").
func (s *Service) SetNextProfile(ctx context.Context, id int, profileID *int) (*ent.Customer, error) {
	var out *ent.Customer
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		up := store.BoundUsage(c.Customer.UpdateOne(cur))
		if profileID == nil || *profileID == cur.ProfileID {
			up.ClearPendingProfileID()
		} else {
			if _, err := getProfile(ctx, c, *profileID); err != nil {
				return err
			}
			up.SetPendingProfileID(*profileID)
		}
		if out, err = up.Save(ctx); err != nil {
			return fmt.Errorf("setting the next plan: %w", err)
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, "changePlan", "customer", id, map[string]any{"profileID": profileID, "at": "next_renewal"})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}
