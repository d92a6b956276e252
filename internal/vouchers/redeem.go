package vouchers

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/voucher"
	"github.com/linedesk/linedesk/ent/voucherattempt"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Causes of Redeem's refusals (test with errors.Is; each is the cause of a *domain.Error
// whose message is meant for the subscriber or the staff member).
var (
	ErrUnknown   = errors.New("no voucher has this code")
	ErrRedeemed  = errors.New("the voucher was already redeemed")
	ErrExpired   = errors.New("the voucher has expired")
	ErrVoid      = errors.New("the voucher was voided")
	ErrThrottled = errors.New("too many voucher attempts")
	ErrWrongPlan = errors.New("the voucher is for another plan")
)

// Redeem redeems code for the customer: the voucher's value is booked as a payment (method
// voucher, the voucher's id as the reference), which, like any payment, renews an expired
// customer with auto-renew whose balance now covers the plan; a plan voucher is worth its
// plan's price when redeemed and renews the customer at once (it is refused for a customer on
// another plan: change the plan first). The payment is returned.
//
// A code works once: the voucher is marked in the transaction that books it, by an update
// conditional on its not being redeemed, so of many concurrent redemptions one books and the
// rest are refused (ErrRedeemed). Expired, voided and unknown codes are refused (ErrExpired,
// ErrVoid, ErrUnknown); so is a code typed wrongly (BAD_USER_INPUT, not counted). Unknown
// codes count against the customer and against the client's address (audit.ActorFrom(ctx)):
// after PerCustomer (or PerAddress) of them within Window, every attempt is refused
// (ErrThrottled) until the oldest leaves the window. The attempt is counted before the code
// is looked up, so concurrent guesses cannot pass the limit.
func (s *Service) Redeem(ctx context.Context, customerID int, code string) (*ent.Transaction, error) {
	norm, ok := Normalize(code)
	if !ok {
		return nil, domain.Invalidf("code", "a voucher code has %d letters and digits, like ABCD-EFGH-JKMN-PQRS", CodeLength).
			WithKey("voucher.malformed", nil)
	}
	address := auth.AddressKey(audit.ActorFrom(ctx).Address)
	attempt, err := s.admit(ctx, customerID, address)
	if err != nil {
		return nil, err
	}
	t, err := s.redeem(ctx, customerID, norm)
	if err == nil || !errors.Is(err, errUnknownCode) {
		// The code exists (or the failure is not about the code): not a guess.
		if cerr := s.st.Client.VoucherAttempt.UpdateOneID(attempt).SetFailed(false).Exec(context.WithoutCancel(ctx)); cerr != nil && err == nil {
			err = fmt.Errorf("recording the voucher attempt: %w", cerr)
		}
	}
	if err != nil {
		return nil, err
	}
	return t, nil
}

// admit counts an attempt by customerID from address, or refuses it when either has failed
// too often within the window. The attempt is written as failed; Redeem clears that once the
// code turned out to exist.
func (s *Service) admit(ctx context.Context, customerID int, address string) (int, error) {
	now := s.clock()
	since := now.Add(-s.Window)
	var id int
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := s.lockThrottle(ctx, tx, customerID, address); err != nil {
			return err
		}
		s.prune(ctx, tx, now)
		n, err := tx.VoucherAttempt.Query().Where(voucherattempt.CustomerID(customerID), voucherattempt.Failed(true),
			voucherattempt.CreatedAtGT(since)).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting voucher attempts: %w", err)
		}
		if n >= s.PerCustomer {
			return throttled(s.Window)
		}
		if address != "" {
			n, err := tx.VoucherAttempt.Query().Where(voucherattempt.Address(address), voucherattempt.Failed(true),
				voucherattempt.CreatedAtGT(since)).Count(ctx)
			if err != nil {
				return fmt.Errorf("counting voucher attempts: %w", err)
			}
			if n >= s.PerAddress {
				return throttled(s.Window)
			}
		}
		a, err := tx.VoucherAttempt.Create().SetCustomerID(customerID).SetAddress(address).SetCreatedAt(now).Save(ctx)
		if err != nil {
			return fmt.Errorf("recording a voucher attempt: %w", err)
		}
		id = a.ID
		return nil
	})
	return id, err
}

func throttled(window time.Duration) error {
	return domain.Refusedf("too many wrong voucher codes: try again in %d minutes", int(window.Minutes())).
		Because(ErrThrottled).WithKey("voucher.throttled", map[string]any{"minutes": int(window.Minutes())})
}

// lockThrottle serialises the admissions of one customer and of one address across
// instances (PostgreSQL advisory locks released at commit; SQLite's transactions take the
// write lock when they begin).
func (s *Service) lockThrottle(ctx context.Context, tx *ent.Client, customerID int, address string) error {
	if !s.st.IsPostgres() {
		return nil
	}
	for _, key := range []string{"customer\x00" + strconv.Itoa(customerID), "address\x00" + address} {
		h := fnv.New64a()
		h.Write([]byte("linedesk voucher throttle\x00" + key))
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(h.Sum64())); err != nil {
			return fmt.Errorf("locking the voucher throttle: %w", err)
		}
	}
	return nil
}

// prune deletes attempts older than a day, at most once a minute per process.
func (s *Service) prune(ctx context.Context, tx *ent.Client, now time.Time) {
	last := s.lastPrune.Load()
	if now.UnixNano()-last < int64(time.Minute) || !s.lastPrune.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	_, _ = tx.VoucherAttempt.Delete().Where(voucherattempt.CreatedAtLT(now.Add(-max(s.Window, 24*time.Hour)))).Exec(ctx)
}

// redeem books the voucher with the normalised code for the customer in one transaction.
func (s *Service) redeem(ctx context.Context, customerID int, code string) (*ent.Transaction, error) {
	now := s.clock()
	var out *ent.Transaction
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		v, err := tx.Voucher.Query().Where(voucher.CodeHash(hashCode(code))).WithBatch().Only(ctx)
		if ent.IsNotFound(err) {
			return domain.Refusedf("no voucher has this code: check it and try again").
				Because(errors.Join(ErrUnknown, errUnknownCode)).WithKey("voucher.unknown", nil)
		}
		if err != nil {
			return fmt.Errorf("looking up the voucher: %w", err)
		}
		if err := usable(v, now); err != nil {
			return err
		}
		amount, renew, err := s.value(ctx, tx, v.Edges.Batch, customerID)
		if err != nil {
			return err
		}
		n, err := tx.Voucher.Update().Where(voucher.ID(v.ID), voucher.RedeemedAtIsNil()).
			SetRedeemedAt(now).SetCustomerID(customerID).Save(ctx)
		if err != nil {
			return fmt.Errorf("marking the voucher redeemed: %w", err)
		}
		if n == 0 {
			return redeemedErr(now)
		}
		if out, err = s.book(ctx, tx, v, customerID, amount, renew); err != nil {
			return err
		}
		if err := s.addData(ctx, tx, v, customerID); err != nil {
			return err
		}
		return audit.Write(ctx, tx, "redeemVoucher", "customer", customerID, map[string]any{
			"voucherID": v.ID, "batchID": v.BatchID, "hint": v.Hint, "transactionID": out.ID, "amount": amount})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// usable refuses a voucher already redeemed, voided or expired at now.
func usable(v *ent.Voucher, now time.Time) error {
	b := v.Edges.Batch
	switch {
	case v.RedeemedAt != nil:
		return redeemedErr(*v.RedeemedAt)
	case b.VoidedAt != nil:
		return domain.Refusedf("this voucher was withdrawn by the ISP and cannot be used").
			Because(ErrVoid).WithKey("voucher.void", nil)
	case !b.ExpiresAt.After(now):
		day := b.ExpiresAt.UTC().Format("2006-01-02")
		return domain.Refusedf("this voucher expired on %s", day).
			Because(ErrExpired).WithKey("voucher.expired", map[string]any{"date": day})
	}
	return nil
}

func redeemedErr(at time.Time) error {
	day := at.UTC().Format("2006-01-02")
	return domain.Refusedf("this voucher was already used on %s", day).
		Because(ErrRedeemed).WithKey("voucher.redeemed", map[string]any{"date": day})
}

// value is what the voucher books for the customer and whether it renews the plan: a money
// voucher its amount; a plan voucher its plan's current price, for a customer on that plan.
func (s *Service) value(ctx context.Context, tx *ent.Client, b *ent.VoucherBatch, customerID int) (int64, bool, error) {
	if b.ProfileID == nil {
		return b.Amount, false, nil
	}
	c, err := tx.Customer.Get(ctx, customerID)
	if ent.IsNotFound(err) {
		return 0, false, domain.NotFoundf("customer %d", customerID).Because(billing.ErrCustomerNotFound).
			WithKey("customer.notFound", nil)
	}
	if err != nil {
		return 0, false, fmt.Errorf("reading customer %d: %w", customerID, err)
	}
	p, err := tx.Profile.Get(ctx, *b.ProfileID)
	if err != nil {
		return 0, false, fmt.Errorf("reading the voucher's plan: %w", err)
	}
	if c.ProfileID != p.ID {
		return 0, false, domain.Refusedf("this voucher is for the plan %s: change the customer's plan to it first", p.Name).
			Because(ErrWrongPlan).WithKey("voucher.wrongPlan", map[string]any{"plan": p.Name})
	}
	return p.Price, true, nil
}

// book writes the voucher's payment (and for a plan voucher the renewal, unless the payment
// renewed the customer already) and links the voucher to the payment.
func (s *Service) book(ctx context.Context, tx *ent.Client, v *ent.Voucher, customerID int, amount int64, renew bool) (*ent.Transaction, error) {
	var before *ent.Customer
	if renew {
		c, err := tx.Customer.Get(ctx, customerID)
		if err != nil {
			return nil, fmt.Errorf("reading customer %d: %w", customerID, err)
		}
		before = c
	}
	t, err := s.ledger.RecordPayment(ctx, billing.PaymentInput{CustomerID: customerID, Amount: amount, Method: "voucher",
		Reference: strconv.Itoa(v.ID), Note: fmt.Sprintf("voucher …%s", v.Hint)})
	if err != nil {
		return nil, err
	}
	if renew {
		after, err := tx.Customer.Get(ctx, customerID)
		if err != nil {
			return nil, fmt.Errorf("reading customer %d: %w", customerID, err)
		}
		if after.ExpiresAt.Equal(before.ExpiresAt) {
			if _, err := s.ledger.Renew(ctx, customerID); err != nil {
				return nil, err
			}
		}
	}
	if err := tx.Voucher.UpdateOneID(v.ID).SetTransactionID(t.ID).Exec(ctx); err != nil {
		return nil, fmt.Errorf("linking the voucher to its payment: %w", err)
	}
	return t, nil
}
