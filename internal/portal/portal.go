// Package portal is the subscriber portal's service: what a PPPoE customer may see and do
// about their own account from /portal/graphql. It signs subscribers in (with the PPPoE
// username and password, or a 6-digit code sent by SMS), keeps their sign-ins (PortalToken,
// stored as SHA-256), answers the reads of the signed-in customer only, and carries out
// their actions by calling the customers and billing services with the customer as the
// audit actor.
//
// Every method reads the sign-in from its context (WithSignIn, set by the API layer from the
// token); no method takes the id of a customer, so no input can reach another customer. A
// sign-in made while the customer is suspended or disabled is read-only: its reads work and
// every action is refused (domain.Forbidden) with the reason.
package portal

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// SMS sends one text message at once (notify.Notifier satisfies it).
type SMS interface {
	SendSMS(ctx context.Context, phone, message string) error
}

// Deps is what the service needs. Customers and Billing are the services the staff API uses
// (with their router modules); SMS and Throttle may be nil (no codes can be sent; no
// throttle), which suits only tests.
type Deps struct {
	Store     *store.Store
	Box       *secret.Box
	Bus       *events.Bus
	Customers *customers.Service
	Billing   *billing.Service
	SMS       SMS
	Throttle  *auth.Throttle
	Logger    *slog.Logger
	// Payments starts M-Pesa and Paystack payments; nil: the portal offers none.
	Payments Payments
	// Documents renders the subscriber's receipts and invoices; nil: none are offered.
	Documents Documents
	// Vouchers redeems recharge vouchers; nil: redemption is refused.
	Vouchers Vouchers
}

// Service is the subscriber portal.
type Service struct {
	st        *store.Store
	box       *secret.Box
	bus       *events.Bus
	customers *customers.Service
	billing   *billing.Service
	sms       SMS
	throttle  *auth.Throttle
	log       *slog.Logger
	pay       Payments
	docs      Documents
	vouchers  Vouchers

	// Now is the service's clock (UTC); tests replace it.
	Now func() time.Time
	// SMSTimeout bounds the sending of one code. Default 30 s.
	SMSTimeout time.Duration

	checks chan struct{} // bounds the password checks running at once
}

// New makes the service.
func New(d Deps) *Service {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Bus == nil {
		d.Bus = events.NewBus()
	}
	if d.Customers == nil {
		d.Customers = customers.New(d.Store, d.Box, d.Bus, nil)
	}
	if d.Billing == nil {
		d.Billing = billing.NewService(d.Store, d.Bus, nil, d.Logger)
	}
	return &Service{
		st: d.Store, box: d.Box, bus: d.Bus, customers: d.Customers, billing: d.Billing,
		sms: d.SMS, throttle: d.Throttle, log: d.Logger.With("component", "portal"), pay: d.Payments,
		docs: d.Documents, vouchers: d.Vouchers,
		Now: func() time.Time { return time.Now().UTC() }, SMSTimeout: 30 * time.Second,
		checks: make(chan struct{}, max(2, runtime.NumCPU())),
	}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// Bus is the event bus the service publishes to and its subscription reads.
func (s *Service) Bus() *events.Bus { return s.bus }
