package billing

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/store"
)

// Renew charges the plan price from the balance and extends the expiry by the plan's validity:
// from the current expiry while still active, from now when expired. It starts a new usage
// period (data cap counters reset), writes the audit row (renewCustomer), and after commit
// restores the full plan on the routers when the customer had been capped. Too little
// balance is a refusal whose cause is an *InsufficientBalanceError.
func (s *Service) Renew(ctx context.Context, customerID int) (*ent.Customer, error) {
	var out *ent.Customer
	now := s.clock()
	actor := audit.ActorFrom(ctx).Name
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		c, err := s.lock(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if c.Status == customer.StatusDISABLED {
			return fmt.Errorf("%w (account %s)", ErrAccountClosed, c.AccountNo)
		}
		p, err := tx.Profile.Get(ctx, c.ProfileID)
		if err != nil {
			return fmt.Errorf("reading plan of customer %d: %w", c.ID, err)
		}
		var eff effects
		if out, eff, err = s.renewLocked(ctx, tx, c, p, now, actor); err != nil {
			return err
		}
		s.afterCommit(ctx, eff)
		return audit.Write(ctx, tx, "renewCustomer", "customer", customerID, map[string]any{"expiresAt": out.ExpiresAt})
	})
	if err != nil {
		return nil, refusal(err)
	}
	return store.Unwrap(ctx, out), nil
}

// renewLocked renews the locked customer c on plan p inside tx.
func (s *Service) renewLocked(ctx context.Context, tx *ent.Client, c *ent.Customer, p *ent.Profile, now time.Time,
	actor string) (*ent.Customer, effects, error) {
	p, switched, err := pendingPlan(ctx, tx, c, p)
	if err != nil {
		return nil, effects{}, err
	}
	charge, err := s.renewalCharge(ctx, tx, p)
	if err != nil {
		return nil, effects{}, err
	}
	if c.Balance < charge {
		return nil, effects{}, shortOf(ctx, tx, "renewal of "+p.Name, c.Balance, charge)
	}
	expired := !c.ExpiresAt.After(now)
	base := c.ExpiresAt.UTC()
	if expired {
		base = now
	}
	newExpiry := norm(base.AddDate(0, 0, p.ValidityDays))
	note := fmt.Sprintf("%s, %d days, until %s UTC", p.Name, p.ValidityDays, newExpiry.Format("2006-01-02 15:04"))
	t, c2, err := s.post(ctx, tx, c, entry{kind: transaction.KindRENEWAL, amount: -charge, note: truncate(note, 500), actor: actor, profileID: &p.ID},
		now, func(u *ent.CustomerUpdateOne) {
			u.SetExpiresAt(newExpiry).SetPeriodStart(now).SetPeriodBytesIn(0).SetPeriodBytesOut(0).
				SetCapApplied(false).ClearExpiryEnforcedAt()
			if c.PendingProfileID != nil {
				u.ClearPendingProfileID().SetProfileID(p.ID)
			}
		})
	if err != nil {
		return nil, effects{}, err
	}
	if s.invoices != nil {
		if _, err := s.invoices.IssueRenewal(ctx, tx, documents.Renewal{
			Charge: t, Customer: c2, Plan: p, PeriodStart: norm(base), PeriodEnd: newExpiry}); err != nil {
			return nil, effects{}, err
		}
	}
	eff := effects{customerID: c.ID, changed: true, apply: c.CapApplied || switched}
	// A customer held in the plan's expired pool has a live session there: drop it so it comes
	// back with an address from the normal pool.
	if expired && c.ExpiryEnforcedAt != nil && p.ExpiredPool != nil && *p.ExpiredPool != "" {
		eff.disconnect = true
	}
	return c2, eff, nil
}

// pendingPlan is the plan a renewal of c charges and starts: the plan a subscriber chose in
// the portal for the next renewal (pending_profile_id) when there is one and it still
// exists, else p. switched reports a move to another plan.
func pendingPlan(ctx context.Context, tx *ent.Client, c *ent.Customer, p *ent.Profile) (*ent.Profile, bool, error) {
	if c.PendingProfileID == nil || *c.PendingProfileID == c.ProfileID {
		return p, false, nil
	}
	np, err := tx.Profile.Get(ctx, *c.PendingProfileID)
	if ent.IsNotFound(err) {
		return p, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading the next plan of customer %d: %w", c.ID, err)
	}
	return np, true, nil
}
