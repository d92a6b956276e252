package billing

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/store"
)

// TopUpAdd records a top-up's data in the transaction that charged it (t is nil when nothing
// was charged) and reports whether it lifted the customer's applied data cap.
type TopUpAdd func(ctx context.Context, tx *ent.Client, c *ent.Customer, t *ent.Transaction) (lifted bool, err error)

// TopUp charges price (minor units, 0 for none) to the locked customer's balance as a TOPUP
// ledger entry with note, then runs add in the same transaction. A balance below the price is
// refused. After commit the customer change is published and, when add lifted the cap, the
// full plan is applied to the open sessions by CoA.
func (s *Service) TopUp(ctx context.Context, customerID int, price int64, note string, add TopUpAdd) (*ent.Transaction, error) {
	if price < 0 || price > MaxAmount {
		return nil, refusal(fmt.Errorf("%w: a top-up's price must be a whole number of minor units from 0", ErrBadAmount))
	}
	var out *ent.Transaction
	now := s.clock()
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		c, err := s.lock(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if price > 0 {
			if c.Balance < price {
				return shortOf(ctx, tx, "top-up", c.Balance, price)
			}
			e := entryBy(ctx, transaction.KindTOPUP)
			e.amount, e.note = -price, note
			if out, c, err = s.post(ctx, tx, c, e, now, nil); err != nil {
				return err
			}
		} else if c, err = tx.Customer.UpdateOneID(c.ID).SetUpdatedAt(now).Save(ctx); err != nil {
			return fmt.Errorf("touching customer %d: %w", customerID, err)
		}
		lifted, err := add(ctx, tx, c, out)
		if err != nil {
			return err
		}
		s.afterCommit(ctx, effects{customerID: customerID, changed: true, apply: lifted})
		return nil
	})
	if err != nil {
		return nil, refusal(err)
	}
	return store.Unwrap(ctx, out), nil
}
