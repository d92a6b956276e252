package billing

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
)

// Methods are the payment methods the ledger accepts, in the form it stores them. Input is
// trimmed and case-folded to one of them, so `MPESA` and `mpesa` are one method.
var Methods = []string{MethodCash, "mpesa", "paystack", "bank", "card", "voucher", "other"}

// MethodCash is the one method whose payments may come without a reference: the server then
// makes one (see CashReferencePrefix).
const MethodCash = "cash"

// CashReferencePrefix starts the reference the server makes for a cash payment recorded
// without one; random characters follow, so such payments are never taken for one another.
const CashReferencePrefix = "cash-"

// errMadeReferenceTaken: a reference the server made is already in the ledger (it is random,
// so in practice never); the payment is retried with a new one.
var errMadeReferenceTaken = errors.New("the reference made for a cash payment is taken")

// NormalizeMethod folds a payment method to its stored form: surrounding white space trimmed,
// lower case, one of Methods. Anything else is an ErrInvalidInput naming the allowed methods.
func NormalizeMethod(method string) (string, error) {
	key := strings.ToLower(strings.TrimSpace(method))
	if slices.Contains(Methods, key) {
		return key, nil
	}
	allowed := strings.Join(Methods, ", ")
	if key == "" {
		return "", fmt.Errorf("%w: method is required (one of %s)", ErrInvalidInput, allowed)
	}
	return "", fmt.Errorf("%w: unknown payment method %s: use one of %s", ErrInvalidInput, quoteShort(method), allowed)
}

// quoteShort quotes v for an error message, escaped and cut to a readable length.
func quoteShort(v string) string {
	if r := []rune(v); len(r) > 40 {
		return strconv.Quote(string(r[:40])) + "…"
	}
	return strconv.Quote(v)
}

// normalizeReference trims a reference and checks it: at most 128 characters, no control
// characters (PostgreSQL refuses NUL and SQLite cuts text at it, which would make distinct
// references equal), and present for every method but cash.
func normalizeReference(method, reference string) (string, error) {
	reference = strings.TrimSpace(reference)
	if err := checkText("reference", reference, 128, false); err != nil {
		return "", err
	}
	if strings.IndexFunc(reference, unicode.IsControl) >= 0 {
		return "", fmt.Errorf("%w: the reference contains a control character", ErrInvalidInput)
	}
	if reference == "" && method != MethodCash {
		return "", fmt.Errorf("%w: a %s payment needs a reference (the receipt or transaction code); only cash may be recorded without one",
			ErrInvalidInput, method)
	}
	return reference, nil
}

// newCashReference makes the reference of a cash payment recorded without one.
func newCashReference() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // never fails (crypto/rand aborts the program instead)
	return CashReferencePrefix + hex.EncodeToString(b)
}

// transactionQuerier is the part of an ent client (or a transaction's) that looks up rows.
type transactionQuerier interface {
	Query() *ent.TransactionQuery
}

// findByReference returns the ledger rows carrying reference under the folded method key,
// oldest first: rows written since methods were folded by their method_key (the unique index
// that makes concurrent writers safe), older rows by their method compared without case
// (they are never written again, so comparing them needs no index).
func findByReference(ctx context.Context, q transactionQuerier, key, reference string) ([]*ent.Transaction, error) {
	rows, err := q.Query().Where(transaction.Reference(reference), transaction.Or(
		transaction.MethodKey(key),
		transaction.And(transaction.MethodKeyIsNil(), transaction.MethodEqualFold(key)),
	)).Order(ent.Asc(transaction.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("looking up reference: %w", err)
	}
	return rows, nil
}

// replayOf decides what an entry whose (method, reference) is already in the ledger (prev,
// oldest first) means: the same movement delivered again returns the row recorded first; any
// other use of the pair is ErrReferenceReused. No rows: nil, nil.
func replayOf(prev []*ent.Transaction, customerID int, e entry) (*ent.Transaction, error) {
	for _, p := range prev {
		if p.CustomerID == customerID && p.Amount == e.amount && p.Kind == e.kind {
			return p, nil
		}
	}
	if len(prev) > 0 {
		return nil, fmt.Errorf("%w: %s reference %s is already recorded", ErrReferenceReused, e.method, quoteShort(e.reference))
	}
	return nil, nil
}

// manualMethods are the methods staff record by hand whatever gateways are configured.
var manualMethods = []string{MethodCash, "bank", "card", "other"}

// GatewayMethods lists the payment methods of the enabled gateways ("mpesa", "paystack");
// the payments service satisfies it.
type GatewayMethods interface {
	EnabledMethods(ctx context.Context) ([]string, error)
}

// WithGateways makes PaymentMethods offer the methods of the enabled gateways, and returns s.
func (s *Service) WithGateways(g GatewayMethods) *Service {
	s.gateways = g
	return s
}

// PaymentMethods are the methods staff choose from when recording a payment: cash, bank,
// card and other, and the method of every enabled gateway (mpesa, paystack), in the order of
// Methods. Vouchers are redeemed, not recorded, so "voucher" is not offered.
func (s *Service) PaymentMethods(ctx context.Context) ([]string, error) {
	offered := map[string]bool{}
	for _, m := range manualMethods {
		offered[m] = true
	}
	if s.gateways != nil {
		gw, err := s.gateways.EnabledMethods(ctx)
		if err != nil {
			return nil, fmt.Errorf("listing enabled gateways: %w", err)
		}
		for _, m := range gw {
			if key, err := NormalizeMethod(m); err == nil && key != "voucher" {
				offered[key] = true
			}
		}
	}
	out := make([]string, 0, len(offered))
	for _, m := range Methods {
		if offered[m] {
			out = append(out, m)
		}
	}
	return out, nil
}
