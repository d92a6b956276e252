package cli

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/actions"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/nas"
)

// nasEnforcer lets billing drop or re-shape sessions through the router service.
type nasEnforcer struct{ s *nas.Service }

func (a nasEnforcer) DisconnectCustomer(ctx context.Context, id int) error {
	return unanswered(a.s.Disconnect(ctx, id))
}

func (a nasEnforcer) ApplyProfile(ctx context.Context, id int) error {
	return unanswered(a.s.ApplyProfile(ctx, id))
}

// unanswered turns sessions the router did not act on into an error, so billing retries on
// its next pass.
func unanswered(res []nas.SessionResult, err error) error {
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Outcome == nas.Timeout || r.Outcome == nas.Error {
			return fmt.Errorf("session %d: %s: %s", r.SessionID, r.Outcome, r.Message)
		}
	}
	return nil
}

// nasActions gives the API the router service's per-session results.
type nasActions struct{ s *nas.Service }

func (a nasActions) Disconnect(ctx context.Context, id int) ([]actions.SessionResult, error) {
	return convert(a.s.Disconnect(ctx, id))
}

func (a nasActions) ApplyProfile(ctx context.Context, id int) ([]actions.SessionResult, error) {
	return convert(a.s.ApplyProfile(ctx, id))
}

func convert(res []nas.SessionResult, err error) ([]actions.SessionResult, error) {
	out := make([]actions.SessionResult, len(res))
	for i, r := range res {
		out[i] = actions.SessionResult{SessionID: r.SessionID, Outcome: actions.Outcome(r.Outcome), Message: r.Message}
	}
	return out, err
}

// billingActions gives the API the ledger, marking refusals as user errors.
type billingActions struct{ s *billing.Service }

func refusal(err error) error {
	if billing.IsRefusal(err) {
		return actions.Refused(err)
	}
	return err
}

func (b billingActions) RecordPayment(ctx context.Context, in actions.PaymentInput) (*ent.Transaction, error) {
	tx, err := b.s.RecordPayment(ctx, billing.PaymentInput{CustomerID: in.CustomerID, Amount: in.Amount, Method: in.Method,
		Reference: in.Reference, Note: in.Note, StaffID: in.StaffID, Actor: in.Actor})
	return tx, refusal(err)
}

func (b billingActions) Renew(ctx context.Context, customerID int, actor string) (*ent.Customer, error) {
	c, err := b.s.Renew(ctx, customerID, actor)
	return c, refusal(err)
}

func (b billingActions) Adjust(ctx context.Context, customerID int, amount int64, note, actor string) (*ent.Transaction, error) {
	t, err := b.s.Adjust(ctx, customerID, amount, note, actor)
	return t, refusal(err)
}
