package portal

import (
	"context"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
)

// Payments is what the portal needs from the payments service (payments.Service satisfies it).
type Payments interface {
	StartSTKPush(ctx context.Context, customerID int, amount int64, phone string) (*ent.MobilePayment, error)
	InitPaystack(ctx context.Context, customerID int, amount int64, email string) (*ent.MobilePayment, error)
	MobilePayment(ctx context.Context, id int) (*ent.MobilePayment, error)
}

func (s *Service) payments() (Payments, error) {
	if s.pay == nil {
		return nil, domain.Refusedf("online payments are not available").WithKey("payment.unavailable", nil)
	}
	return s.pay, nil
}

// StartMobilePayment sends an M-Pesa payment prompt (STK push) for amount (minor units, whole
// shillings) to phone, the subscriber's own phone when empty.
func (s *Service) StartMobilePayment(ctx context.Context, amount int64, phone string) (*ent.MobilePayment, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.payments()
	if err != nil {
		return nil, err
	}
	return p.StartSTKPush(ctx, si.CustomerID, amount, phone)
}

// StartCardPayment starts a Paystack checkout for amount (minor units) paid as email (the
// subscriber's own e-mail when empty); the browser goes to the payment's checkoutURL.
func (s *Service) StartCardPayment(ctx context.Context, amount int64, email string) (*ent.MobilePayment, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.payments()
	if err != nil {
		return nil, err
	}
	return p.InitPaystack(ctx, si.CustomerID, amount, email)
}

// MobilePayment returns the subscriber's own payment id; nil for any other.
func (s *Service) MobilePayment(ctx context.Context, id int) (*ent.MobilePayment, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.payments()
	if err != nil {
		return nil, err
	}
	mp, err := p.MobilePayment(ctx, id)
	if _, ok := domain.As(err); ok {
		return nil, nil
	}
	if err != nil || mp.CustomerID != si.CustomerID {
		return nil, err
	}
	return mp, nil
}
