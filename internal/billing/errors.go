package billing

import (
	"context"
	"errors"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/money"
	"github.com/linedesk/linedesk/internal/settings"
)

// shortOf returns the refusal of an operation (what) that needs more than the balance, its
// amounts in the installation's currency (read in tx; the default when it cannot be read).
func shortOf(ctx context.Context, tx *ent.Client, what string, balance, needed int64) error {
	cur := settings.Defaults()[settings.Currency]
	if v, err := settings.Load(ctx, tx); err == nil {
		cur = v[settings.Currency]
	}
	return &InsufficientBalanceError{What: what, Balance: balance, Needed: needed, Currency: cur}
}

// Causes of the service's refusals. The service returns each refusal as a *domain.Error whose
// message is meant for staff and integrators and whose cause is one of these: test for them
// with errors.Is.
var (
	// ErrBadAmount: an amount was zero, negative (where a positive one is needed) or too large.
	ErrBadAmount = errors.New("amount must be a positive whole number of minor units (cents)")
	// ErrCustomerNotFound: no customer has the id given.
	ErrCustomerNotFound = errors.New("customer not found")
	// ErrAccountClosed: the customer is DISABLED; it takes no payments and no renewals.
	ErrAccountClosed = errors.New("the account is closed (customer disabled): payments and renewals are refused")
	// ErrReferenceReused: the (method, reference) pair is already recorded for another
	// customer or another amount. The same pair with the same customer and amount is not an
	// error: it returns the transaction recorded the first time.
	ErrReferenceReused = errors.New("payment reference already used for a different customer or amount")
	// ErrInsufficientBalance: the balance does not cover a renewal or a debit. The error
	// returned is an *InsufficientBalanceError that says how much is missing.
	ErrInsufficientBalance = errors.New("insufficient balance")
	// ErrInvalidInput: a text field (method, reference, note) is missing, too long or not
	// allowed (a method outside Methods, a control character in a reference).
	ErrInvalidInput = errors.New("invalid input")
)

// InsufficientBalanceError says what a renewal or debit needed and what the balance was
// (minor units of Currency, the installation's currency). Its message shows the amounts in
// that currency. errors.Is(err, ErrInsufficientBalance) is true for it.
type InsufficientBalanceError struct {
	What     string // "renewal of Home 10M" or "refund"
	Balance  int64
	Needed   int64  // the whole amount the operation needs
	Currency string // ISO 4217 code the amounts are shown in
}

// Missing is how much more must be paid before the operation can succeed.
func (e *InsufficientBalanceError) Missing() int64 { return e.Needed - e.Balance }

func (e *InsufficientBalanceError) Error() string {
	return fmt.Sprintf("insufficient balance for %s: it needs %s, the balance is %s, so %s more must be paid first",
		e.What, money.Format(e.Needed, e.Currency), money.Format(e.Balance, e.Currency), money.Format(e.Missing(), e.Currency))
}

// Is makes errors.Is(err, ErrInsufficientBalance) true.
func (e *InsufficientBalanceError) Is(target error) bool { return target == ErrInsufficientBalance }

// IsRefusal reports whether err is one of the service's refusals (bad amount or input, unknown
// customer, closed account, reused reference, insufficient balance): its message is meant for
// the person who asked and names no secret. Any other error is internal (database, context).
func IsRefusal(err error) bool {
	for _, e := range []error{ErrBadAmount, ErrInvalidInput, ErrCustomerNotFound, ErrAccountClosed,
		ErrReferenceReused, ErrInsufficientBalance} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// refusal returns err as a *domain.Error when it is one of the service's refusals (its message
// unchanged, err kept as the cause for errors.Is), and any other error as it is.
func refusal(err error) error {
	if err == nil || !IsRefusal(err) {
		return err
	}
	if _, ok := domain.As(err); ok {
		return err
	}
	kind := domain.Refused
	if errors.Is(err, ErrBadAmount) || errors.Is(err, ErrInvalidInput) {
		kind = domain.Invalid
	}
	key, params := refusalKey(err)
	return &domain.Error{Kind: kind, Message: err.Error(), Err: err, Key: key, Params: params}
}

// refusalKey is the translation key of a refusal by its cause ("" for a text field's, whose
// message is shown as it is). Amounts are minor units in params named …Minor.
func refusalKey(err error) (string, map[string]any) {
	var ib *InsufficientBalanceError
	switch {
	case errors.As(err, &ib):
		return "balance.insufficient", map[string]any{"what": ib.What, "balanceMinor": ib.Balance,
			"neededMinor": ib.Needed, "missingMinor": ib.Missing()}
	case errors.Is(err, ErrAccountClosed):
		return "billing.accountClosed", nil
	case errors.Is(err, ErrReferenceReused):
		return "payment.referenceReused", nil
	case errors.Is(err, ErrCustomerNotFound):
		return "customer.notFound", nil
	case errors.Is(err, ErrBadAmount):
		return "money.badAmount", nil
	}
	return "", nil
}
