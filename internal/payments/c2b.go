package payments

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/ent/unmatchedpayment"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/store"
)

// MethodMpesa and MethodPaystack are the ledger methods of gateway payments.
const (
	MethodMpesa    = "mpesa"
	MethodPaystack = "paystack"
)

// Validate answers Daraja's C2B validation: "0" (accepted) when the bill reference names a
// customer who can pay (or, failing that, the paying phone is exactly one customer's),
// C2B00012 (invalid account number) when it names none, C2B00013 for an amount that is not
// positive.
func (s *Service) Validate(ctx context.Context, req mpesa.C2BRequest) mpesa.C2BResponse {
	if req.TransAmount <= 0 {
		return mpesa.C2BResponse{ResultCode: mpesa.InvalidAmount, ResultDesc: "Rejected"}
	}
	c, err := s.match(ctx, req.BillRefNumber, req.MSISDN)
	if err != nil {
		s.log.Error("validating an M-Pesa payment", "err", err)
		return mpesa.C2BResponse{ResultCode: mpesa.OtherError, ResultDesc: "Rejected"}
	}
	if c == nil || c.Status == customer.StatusDISABLED {
		return mpesa.C2BResponse{ResultCode: mpesa.InvalidAccount, ResultDesc: "Rejected"}
	}
	return mpesa.C2BResponse{ResultCode: mpesa.Accepted, ResultDesc: "Accepted"}
}

// Incoming is a payment a gateway confirmed, to be booked or kept as unmatched.
type Incoming struct {
	Method     string // MethodMpesa or MethodPaystack
	Reference  string // the gateway's transaction code
	Amount     int64  // minor units
	AccountRef string // what the payer gave as the account
	Phone      string // the payer's phone as the gateway sent it
	PayerName  string
	Note       string
}

// Confirm books Daraja's C2B confirmation: TransID is the ledger reference, BillRefNumber is
// matched to an account number (then a username), then MSISDN to a phone; no match keeps it
// as unmatched. A confirmation delivered again changes nothing.
func (s *Service) Confirm(ctx context.Context, req mpesa.C2BRequest) error {
	if strings.TrimSpace(req.TransID) == "" || req.TransAmount <= 0 {
		return fmt.Errorf("an M-Pesa confirmation without TransID or a positive TransAmount")
	}
	note := "M-Pesa " + strings.TrimSpace(req.TransactionType)
	if p := req.PayerName(); p != "" {
		note += " from " + p
	}
	_, err := s.Receive(ctx, Incoming{Method: MethodMpesa, Reference: strings.TrimSpace(req.TransID), Amount: int64(req.TransAmount),
		AccountRef: req.BillRefNumber, Phone: req.MSISDN, PayerName: req.PayerName(), Note: strings.TrimSpace(note)})
	return err
}

// Receive books a confirmed incoming payment for the customer it matches, exactly once, or
// keeps it as unmatched (also when the ledger refuses it, e.g. a closed account). It returns
// the ledger row, or nil when the payment is (or already was) kept as unmatched.
func (s *Service) Receive(ctx context.Context, in Incoming) (*ent.Transaction, error) {
	ctx = audit.WithActor(ctx, audit.Actor{Name: in.Method, Address: audit.ActorFrom(ctx).Address})
	c := s.st.Client
	t, err := c.Transaction.Query().Where(transaction.Reference(in.Reference), transaction.MethodKey(in.Method)).First(ctx)
	if err == nil {
		return t, nil // delivered again
	}
	if !ent.IsNotFound(err) {
		return nil, fmt.Errorf("looking up %s %s: %w", in.Method, in.Reference, err)
	}
	kept, err := c.UnmatchedPayment.Query().Where(unmatchedpayment.Method(in.Method), unmatchedpayment.Reference(in.Reference)).Exist(ctx)
	if err != nil || kept {
		return nil, err // already waiting for staff: a later match does not book it behind their back
	}
	cust, err := s.match(ctx, in.AccountRef, in.Phone)
	if err != nil {
		return nil, err
	}
	if cust == nil {
		return nil, s.keep(ctx, in, "")
	}
	t, err = s.bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: cust.ID, Amount: in.Amount, Method: in.Method,
		Reference: in.Reference, Note: in.Note})
	if billing.IsRefusal(err) {
		s.log.Warn("gateway payment refused by the ledger; kept as unmatched", "method", in.Method, "reference", in.Reference, "err", err)
		return nil, s.keep(ctx, in, err.Error())
	}
	return t, err
}

// keep stores in as an unmatched payment (once: a second delivery finds it there).
func (s *Service) keep(ctx context.Context, in Incoming, why string) error {
	err := s.st.Client.UnmatchedPayment.Create().SetMethod(in.Method).SetReference(in.Reference).SetAmount(in.Amount).
		SetAccountRef(cut(in.AccountRef, 100)).SetPhone(cut(in.Phone, 64)).SetPayerName(cut(in.PayerName, 200)).
		SetNote(cut(why, 500)).SetReceivedAt(s.now()).
		OnConflictColumns(unmatchedpayment.FieldMethod, unmatchedpayment.FieldReference).DoNothing().Exec(ctx)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("keeping unmatched %s payment %s: %w", in.Method, in.Reference, err)
	}
	s.log.Info("payment kept as unmatched", "method", in.Method, "reference", in.Reference, "amount", in.Amount)
	return nil
}

func cut(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) > n {
		return string(r[:n])
	}
	return string(r)
}

// fold forgives case and spaces in an account reference.
func fold(s string) string {
	return strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '-' {
			return -1
		}
		return r
	}, s))
}

// match finds the customer a payment is for: the account reference as an account number,
// then as a username, then the payer's phone (when it is a whole number, not Daraja's masked
// or hashed form) when exactly one customer has it. nil, nil: no customer.
func (s *Service) match(ctx context.Context, accountRef, phone string) (*ent.Customer, error) {
	c := store.Reader(ctx, s.st.Client)
	if ref := fold(accountRef); ref != "" {
		for _, p := range []func(string) predicate.Customer{customer.AccountNo, customer.Username} {
			cust, err := c.Customer.Query().Where(p(ref)).Only(ctx)
			if err == nil {
				return cust, nil
			}
			if !ent.IsNotFound(err) && !ent.IsNotSingular(err) {
				return nil, fmt.Errorf("matching account %q: %w", cut(accountRef, 40), err)
			}
		}
	}
	digits := strings.TrimPrefix(strings.TrimSpace(phone), "+")
	if len(digits) < 9 || strings.Trim(digits, "0123456789") != "" {
		return nil, nil
	}
	region, err := customers.PhoneRegion(ctx, c)
	if err != nil {
		return nil, err
	}
	e164, err := customers.NormalizePhone("+"+digits, region)
	if err != nil {
		return nil, nil
	}
	list, err := c.Customer.Query().Where(customer.Phone(e164)).Limit(2).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("matching phone: %w", err)
	}
	if len(list) != 1 {
		return nil, nil
	}
	return list[0], nil
}
