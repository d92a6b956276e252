package payments

import (
	"context"
	"fmt"
	"strings"

	"entgo.io/contrib/entgql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/unmatchedpayment"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Unmatched lists unmatched payments in status (UNMATCHED when nil), newest first.
func (s *Service) Unmatched(ctx context.Context, after *entgql.Cursor[int], first *int,
	status *unmatchedpayment.Status) (*ent.UnmatchedPaymentConnection, error) {
	st := unmatchedpayment.StatusUNMATCHED
	if status != nil {
		st = *status
	}
	if first == nil || *first <= 0 || *first > 200 {
		n := 50
		first = &n
	}
	return store.Reader(ctx, s.st.Client).UnmatchedPayment.Query().Where(unmatchedpayment.StatusEQ(st)).
		Paginate(ctx, after, first, nil, nil, ent.WithUnmatchedPaymentOrder(&ent.UnmatchedPaymentOrder{
			Direction: entgql.OrderDirectionDesc, Field: ent.UnmatchedPaymentOrderFieldReceivedAt}))
}

// lockUnmatched reads the unmatched payment id in tx, locked, and refuses one already resolved.
func (s *Service) lockUnmatched(ctx context.Context, tx *ent.Client, id int) (*ent.UnmatchedPayment, error) {
	q := tx.UnmatchedPayment.Query().Where(unmatchedpayment.ID(id))
	if s.st.IsPostgres() {
		q = q.ForUpdate()
	}
	u, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, domain.NotFoundf("unmatched payment not found").WithKey("payment.unmatchedNotFound", nil)
	}
	if err != nil {
		return nil, fmt.Errorf("reading unmatched payment %d: %w", id, err)
	}
	if u.Status != unmatchedpayment.StatusUNMATCHED {
		key := "payment.alreadyAssigned"
		if u.Status == unmatchedpayment.StatusREFUNDED {
			key = "payment.alreadyRefunded"
		}
		return nil, domain.Conflictf("id", "this payment was already %s by %s", strings.ToLower(string(u.Status)), u.ResolvedBy).
			WithKey(key, map[string]any{"by": u.ResolvedBy})
	}
	return u, nil
}

// Assign books the unmatched payment id for the customer (the ledger row carries the
// payment's own method and reference, so it is booked once however often it is assigned) and
// marks it ASSIGNED, with the audit row (assignUnmatchedPayment). A payment that brings an
// expired customer up to the plan price renews it, as any payment does.
func (s *Service) Assign(ctx context.Context, id, customerID int) (*ent.Transaction, error) {
	var out *ent.Transaction
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		u, err := s.lockUnmatched(ctx, tx, id)
		if err != nil {
			return err
		}
		note := "unmatched payment assigned"
		if u.AccountRef != "" {
			note += "; the payer gave account " + u.AccountRef
		}
		t, err := s.bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: customerID, Amount: u.Amount, Method: u.Method,
			Reference: u.Reference, Note: note})
		if err != nil {
			return err
		}
		out = t
		err = tx.UnmatchedPayment.UpdateOne(u).SetStatus(unmatchedpayment.StatusASSIGNED).SetCustomerID(customerID).
			SetTransactionID(t.ID).SetResolvedBy(cut(audit.ActorFrom(ctx).Name, 100)).SetResolvedAt(s.now()).Exec(ctx)
		if err != nil {
			return fmt.Errorf("marking unmatched payment %d assigned: %w", id, err)
		}
		return audit.Write(ctx, tx, "assignUnmatchedPayment", "customer", customerID, map[string]any{
			"unmatchedPaymentID": id, "transactionID": t.ID, "amount": u.Amount, "method": u.Method, "reference": u.Reference})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// Refund records that the unmatched payment id was paid back outside linedesk (note says how)
// and marks it REFUNDED, with the audit row (refundUnmatchedPayment). Nothing enters the ledger.
func (s *Service) Refund(ctx context.Context, id int, note string) (*ent.UnmatchedPayment, error) {
	note = strings.TrimSpace(note)
	if note == "" || len([]rune(note)) > 500 {
		return nil, domain.Invalidf("note", "say how the money was returned (at most 500 characters)").
			WithKey("payment.refundNoteRequired", map[string]any{"max": 500})
	}
	var out *ent.UnmatchedPayment
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		u, err := s.lockUnmatched(ctx, tx, id)
		if err != nil {
			return err
		}
		if u.Note != "" {
			note = u.Note + "\n" + note
		}
		out, err = tx.UnmatchedPayment.UpdateOne(u).SetStatus(unmatchedpayment.StatusREFUNDED).SetNote(cut(note, 500)).
			SetResolvedBy(cut(audit.ActorFrom(ctx).Name, 100)).SetResolvedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("marking unmatched payment %d refunded: %w", id, err)
		}
		return audit.Write(ctx, tx, "refundUnmatchedPayment", "unmatchedPayment", id, map[string]any{
			"amount": u.Amount, "method": u.Method, "reference": u.Reference, "note": note})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}
