// Package payments lets money arrive by itself: the payment gateways an admin configures
// (M-Pesa Daraja and Paystack, credentials encrypted at rest and never returned), the HTTP
// handlers their callbacks and webhooks reach, the payments linedesk asks a gateway for
// (STK push, Paystack checkout), and the payments that matched no customer.
//
// Every confirmed payment lands in the ledger through billing.RecordPayment, whose rules
// make it exactly once: one payment per (method, gateway reference), whatever is delivered
// twice or at the same moment, and an expired customer whose balance now covers the plan is
// renewed as a staff payment would renew it. A payment whose account matches no customer is
// kept as an UnmatchedPayment until staff assign it (booked then, once) or refund it.
//
// Trust: Daraja signs nothing, so its callback URLs carry a long random per-installation
// token, may be limited to source addresses (mpesa_callback_sources), and an STK result is
// confirmed with stkpushquery before it is booked. Paystack's webhook is checked against
// x-paystack-signature over the raw body and then /transaction/verify before booking.
package payments

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// Gateway is what the service needs from a gateway to collect a payment it asked for.
type Gateway interface {
	// Start asks the gateway to collect c.Amount from the payer.
	Start(ctx context.Context, c Charge) (Started, error)
	// Check asks the gateway how the payment checkoutID stands now (M-Pesa's stkpushquery,
	// Paystack's /transaction/verify). It is the only source of truth for booking.
	Check(ctx context.Context, checkoutID string) (Outcome, error)
}

// Charge is a payment to ask for.
type Charge struct {
	Customer    *ent.Customer
	Amount      int64  // minor units
	Currency    string // the installation's
	Phone       string // E.164, M-Pesa
	Email       string // Paystack
	Reference   string // linedesk's reference for the attempt (Paystack)
	CallbackURL string // where the gateway reports (M-Pesa) or sends the payer back (Paystack)
}

// Started is the gateway's acknowledgement of a Charge.
type Started struct {
	CheckoutID  string // M-Pesa's CheckoutRequestID, Paystack's reference
	MerchantID  string // M-Pesa's MerchantRequestID
	RedirectURL string // Paystack's authorization_url
}

// Outcome is how a payment stands at the gateway.
type Outcome struct {
	Status   mobilepayment.Status // PENDING while undecided
	Amount   int64                // minor units paid, when the gateway says (Paystack); 0 otherwise
	Currency string               // when the gateway says
	Receipt  string               // the gateway's receipt, when it says
	Code     string
	Desc     string
}

// Encrypter encrypts and decrypts gateway credentials (secret.Box does).
type Encrypter interface {
	Encrypt(plain string) (string, error)
	Decrypt(stored string) (string, error)
}

// Service is the payments service.
type Service struct {
	st   *store.Store
	box  Encrypter
	bill *billing.Service
	bus  events.Publisher
	log  *slog.Logger

	// Now is the service's clock (tests replace it).
	Now func() time.Time
	// SettleAfter is how long a mobile payment waits for its callback before the settling
	// job asks the gateway; GiveUpAfter is when a payment still undecided is marked FAILED
	// (M-Pesa) or CANCELLED (Paystack, abandoned).
	SettleAfter, GiveUpAfter time.Duration

	mu      sync.Mutex
	clients map[paymentgateway.Kind]cachedGateway
}

// New returns the payments service.
func New(st *store.Store, box Encrypter, bill *billing.Service, bus events.Publisher, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{st: st, box: box, bill: bill, bus: bus, log: logger.With("component", "payments"),
		Now: time.Now, SettleAfter: 45 * time.Second, GiveUpAfter: 24 * time.Hour,
		clients: map[paymentgateway.Kind]cachedGateway{}}
}

func (s *Service) now() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

func (s *Service) publish(mp *ent.MobilePayment) {
	if s.bus != nil {
		s.bus.Publish(events.Event{Kind: events.PaymentChanged, EntityID: mp.ID, CustomerID: mp.CustomerID, At: time.Now().UTC()})
	}
}

// Optional is the value of an optional text argument ("" when absent).
func Optional(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
