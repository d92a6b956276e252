package billing

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Causes of refundPayment's refusals (test with errors.Is).
var (
	// ErrNotRefundable: the transaction is not a payment (renewal charges, adjustments and
	// refunds are not refunded).
	ErrNotRefundable = errors.New("only payments can be refunded")
	// ErrOverRefund: the amount is more than what is left of the payment after its refunds.
	ErrOverRefund = errors.New("the refund is larger than what is left of the payment")
	// ErrTransactionNotFound: no ledger entry has the id given.
	ErrTransactionNotFound = errors.New("transaction not found")
	// ErrNeedsAdmin: the amount is above the staff_money_limit setting and the actor is not an admin.
	ErrNeedsAdmin = errors.New("an admin must make refunds and adjustments of this size")
)

// RefundInput is one refund of (part of) a payment.
type RefundInput struct {
	TransactionID int   // the PAYMENT paid back
	Amount        int64 // positive, minor units; at most what is left of the payment
	Note          string
}

// RefundPayment pays (part of) a payment back: a REFUND entry of -amount naming the payment
// (refundOf), with the payment's method and a note saying why (required). The refunds of one
// payment never add up to more than it (ErrOverRefund; a payment refunded in full refuses any
// further refund), only payments are refunded (ErrNotRefundable), the balance never goes below
// zero (an *InsufficientBalanceError), and an amount above the staff_money_limit setting needs
// an admin (ErrNeedsAdmin, FORBIDDEN). The customer row is locked first, so two refunds of one
// payment at the same moment are decided one after the other. The audit row (refundPayment)
// is written in the same transaction.
func (s *Service) RefundPayment(ctx context.Context, in RefundInput) (*ent.Transaction, error) {
	if err := checkAmount(in.Amount); err != nil {
		return nil, domain.Invalidf("amount", "%s", err.Error()).Because(ErrBadAmount).
			WithKey("money.badAmount", nil)
	}
	if strings.TrimSpace(in.Note) == "" {
		return nil, domain.Invalidf("note", "say why the payment is refunded").Because(ErrInvalidInput).
			WithKey("refund.noteRequired", nil)
	}
	if err := checkText("note", in.Note, 500, true); err != nil {
		return nil, domain.Invalidf("note", "%s", err.Error()).Because(err).
			WithKey("input.tooLong", map[string]any{"field": "note", "max": 500})
	}
	if err := s.checkMoneyLimit(ctx, in.Amount); err != nil {
		return nil, err
	}
	var out *ent.Transaction
	now := s.clock()
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		paid, err := tx.Transaction.Get(ctx, in.TransactionID)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("transaction %d", in.TransactionID).Because(ErrTransactionNotFound).
				WithKey("transaction.notFound", map[string]any{"id": in.TransactionID})
		}
		if err != nil {
			return fmt.Errorf("reading transaction %d: %w", in.TransactionID, err)
		}
		if paid.Kind != transaction.KindPAYMENT {
			return domain.Refusedf("only payments can be refunded; this is a %s entry", strings.ToLower(string(paid.Kind))).
				Because(ErrNotRefundable).WithKey("refund.notPayment", nil)
		}
		c, err := s.lock(ctx, tx, paid.CustomerID)
		if err != nil {
			return err
		}
		left, err := refundable(ctx, tx, paid)
		if err != nil {
			return err
		}
		if in.Amount > left {
			msg := fmt.Sprintf("at most %d (minor units) of this payment can still be refunded", left)
			if left == 0 {
				msg = "this payment is already refunded in full"
			}
			return domain.Refusedf("%s", msg).Because(ErrOverRefund).WithKey("refund.tooMuch", map[string]any{"left": left})
		}
		if c.Balance < in.Amount {
			return &InsufficientBalanceError{What: "refund", Balance: c.Balance, Needed: in.Amount}
		}
		e := entryBy(ctx, transaction.KindREFUND)
		e.amount, e.note, e.refundOf = -in.Amount, in.Note, &paid.ID
		if paid.Method != nil {
			e.method = *paid.Method
		}
		if out, _, err = s.post(ctx, tx, c, e, now, nil); err != nil {
			return err
		}
		s.afterCommit(ctx, effects{customerID: c.ID, changed: true})
		return audit.Write(ctx, tx, "refundPayment", "customer", c.ID, map[string]any{
			"transactionID": out.ID, "refundOf": paid.ID, "amount": in.Amount, "note": in.Note})
	})
	if err != nil {
		return nil, refusal(err)
	}
	return store.Unwrap(ctx, out), nil
}

// refundable is what is left of payment paid after its refunds (minor units).
func refundable(ctx context.Context, tx *ent.Client, paid *ent.Transaction) (int64, error) {
	refunds, err := tx.Transaction.Query().Where(transaction.RefundOfID(paid.ID)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading refunds of %d: %w", paid.ID, err)
	}
	left := paid.Amount
	for _, r := range refunds {
		left += r.Amount // refunds are negative
	}
	return max(left, 0), nil
}

// Refundable is what is left of payment id after its refunds (minor units; 0 for entries
// that are not payments).
func (s *Service) Refundable(ctx context.Context, t *ent.Transaction) (int64, error) {
	if t.Kind != transaction.KindPAYMENT {
		return 0, nil
	}
	return refundable(ctx, s.st.Client, t)
}

// checkMoneyLimit refuses an operator a refund or adjustment whose size is above the
// staff_money_limit setting (0: no limit). Requests without a principal (the system, the
// command line) are not limited: the limit is on staff.
func (s *Service) checkMoneyLimit(ctx context.Context, amount int64) error {
	p := auth.FromContext(ctx)
	if p == nil || auth.Allows(p.Role, auth.Admin) {
		return nil
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return err
	}
	limit := int64(v.Int(settings.StaffMoneyLimit))
	if amount < 0 {
		amount = -amount
	}
	if limit > 0 && amount > limit {
		return domain.Forbiddenf("refunds and adjustments above %d (minor units) need an admin", limit).
			Because(ErrNeedsAdmin).WithKey("money.needsAdmin", map[string]any{"limit": limit})
	}
	return nil
}
