// Package actions defines what the GraphQL API needs from the services other packages
// build — talking to routers (nas) and the ledger (billing) — as small interfaces, so the
// API does not import them; `linedesk serve` adapts the real services to these.
package actions

import (
	"context"

	"github.com/linedesk/linedesk/ent"
)

// Outcome is what a router answered for one session.
type Outcome string

// Outcomes, the values of GraphQL's ActionOutcome.
const (
	ACK        Outcome = "ACK"
	NAK        Outcome = "NAK"
	Timeout    Outcome = "TIMEOUT"
	APIRemoved Outcome = "API_REMOVED"
	Pending    Outcome = "PENDING"
	Error      Outcome = "ERROR"
)

// SessionResult is the outcome of an action on one open session.
type SessionResult struct {
	SessionID int
	Outcome   Outcome
	Message   string
}

// NASActions asks routers to act on a customer's open sessions. Both are called after the
// change is committed, never inside a transaction.
type NASActions interface {
	// Disconnect drops every open session of the customer.
	Disconnect(ctx context.Context, customerID int) ([]SessionResult, error)
	// ApplyProfile re-shapes the customer's open sessions to its current profile (CoA).
	ApplyProfile(ctx context.Context, customerID int) ([]SessionResult, error)
}

// PaymentInput is one payment to record.
type PaymentInput struct {
	CustomerID int
	Amount     int64 // minor units, positive
	Method     string
	Reference  string
	Note       string
	StaffID    *int
	Actor      string
}

// BillingService keeps the ledger. Each method runs its own transaction.
type BillingService interface {
	RecordPayment(ctx context.Context, in PaymentInput) (*ent.Transaction, error)
	Renew(ctx context.Context, customerID int, actor string) (*ent.Customer, error)
	Adjust(ctx context.Context, customerID int, amount int64, note, actor string) (*ent.Transaction, error)
}

// UserError is a refusal whose message is meant for the person who asked (too little
// balance, a reused payment reference...). The API shows its message with
// extensions.code BAD_USER_INPUT; any other error from a service shows as an internal error.
// Adapters wrap the service's domain errors with Refused.
type UserError struct {
	Field   string // the input field at fault, when one is
	Message string
	Err     error
}

func (e *UserError) Error() string { return e.Message }
func (e *UserError) Unwrap() error { return e.Err }

// Refused marks err as a refusal whose message may be shown to the user.
func Refused(err error) error {
	if err == nil {
		return nil
	}
	return &UserError{Message: err.Error(), Err: err}
}
