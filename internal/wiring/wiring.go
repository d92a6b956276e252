// Package wiring adapts the services to the small interfaces their consumers define: the router
// service to billing's Enforcer and to the API's NASActions, and billing to the API's BillingService.
package wiring

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/actions"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/nas"
)

// NASEnforcer lets billing drop or re-shape sessions through the router service.
type NASEnforcer struct{ S *nas.Service }

func (a NASEnforcer) DisconnectCustomer(ctx context.Context, id int) error {
	return unanswered(a.S.Disconnect(ctx, id))
}

func (a NASEnforcer) ApplyProfile(ctx context.Context, id int) error {
	return unanswered(a.S.ApplyProfile(ctx, id))
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

// NASActions gives the API the router service's per-session results.
type NASActions struct{ S *nas.Service }

func (a NASActions) Disconnect(ctx context.Context, id int) ([]actions.SessionResult, error) {
	return convert(a.S.Disconnect(ctx, id))
}

func (a NASActions) ApplyProfile(ctx context.Context, id int) ([]actions.SessionResult, error) {
	return convert(a.S.ApplyProfile(ctx, id))
}

func convert(res []nas.SessionResult, err error) ([]actions.SessionResult, error) {
	out := make([]actions.SessionResult, len(res))
	for i, r := range res {
		out[i] = actions.SessionResult{SessionID: r.SessionID, Outcome: actions.Outcome(r.Outcome), Message: r.Message}
	}
	return out, err
}

// BillingActions gives the API the ledger, marking refusals as user errors.
type BillingActions struct{ S *billing.Service }

func refusal(err error) error {
	if billing.IsRefusal(err) {
		return actions.Refused(err)
	}
	return err
}

func (b BillingActions) RecordPayment(ctx context.Context, in actions.PaymentInput) (*ent.Transaction, error) {
	tx, err := b.S.RecordPayment(ctx, billing.PaymentInput{CustomerID: in.CustomerID, Amount: in.Amount, Method: in.Method,
		Reference: in.Reference, Note: in.Note, StaffID: in.StaffID, Actor: in.Actor})
	return tx, refusal(err)
}

func (b BillingActions) Renew(ctx context.Context, customerID int, actor string) (*ent.Customer, error) {
	c, err := b.S.Renew(ctx, customerID, actor)
	return c, refusal(err)
}

func (b BillingActions) Adjust(ctx context.Context, customerID int, amount int64, note, actor string) (*ent.Transaction, error) {
	t, err := b.S.Adjust(ctx, customerID, amount, note, actor)
	return t, refusal(err)
}
