package payments

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// StartSTKPush asks M-Pesa to prompt phone (the customer's own phone when empty) to pay
// amount (minor units of KES, whole shillings only) for the customer; the customer's account
// number is the account reference. The MobilePayment it returns is PENDING until the result
// is confirmed with stkpushquery (callback or settling job). The portal calls it too, with the
// customer as the actor of ctx.
func (s *Service) StartSTKPush(ctx context.Context, customerID int, amount int64, phone string) (*ent.MobilePayment, error) {
	cust, v, err := s.payer(ctx, customerID, amount)
	if err != nil {
		return nil, err
	}
	if v[settings.Currency] != "KES" {
		return nil, domain.Refusedf("M-Pesa takes Kenyan shillings; this installation's currency is %s", v[settings.Currency]).
			WithKey("mpesa.currency", map[string]any{"currency": v[settings.Currency]})
	}
	if amount%100 != 0 {
		return nil, domain.Invalidf("amount", "M-Pesa amounts are whole shillings: %d cents is not a multiple of 100", amount).
			WithKey("mpesa.wholeShillings", map[string]any{"amountMinor": amount})
	}
	if strings.TrimSpace(phone) == "" {
		phone = cust.Phone
	}
	e164, err := customers.NormalizePhone(phone, v[settings.PhoneRegion])
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(e164, "+254") {
		return nil, domain.Invalidf("phone", "M-Pesa pushes go to Kenyan numbers (+254…); %s is not one", e164).
			WithKey("mpesa.kenyanNumber", map[string]any{"phone": e164})
	}
	g, gw, err := s.gateway(ctx, paymentgateway.KindMPESA)
	if err != nil {
		return nil, err
	}
	cb, err := s.callbackURL(ctx, g, PathSTKResult)
	if err != nil {
		return nil, err
	}
	started, err := s.startCharge(ctx, gw, Charge{Customer: cust, Amount: amount, Currency: "KES", Phone: e164, CallbackURL: cb})
	if err != nil {
		return nil, gatewayRefusal("M-Pesa", err)
	}
	return s.record(ctx, func(c *ent.MobilePaymentCreate) {
		c.SetGateway(mobilepayment.GatewayMPESA).SetCustomerID(cust.ID).SetAmount(amount).SetPhone(e164).
			SetCheckoutID(started.CheckoutID).SetMerchantRequestID(started.MerchantID)
	})
}

// InitPaystack starts a Paystack checkout of amount (minor units of the installation's
// currency) for the customer, paid as email (the customer's own e-mail when empty). The
// returned MobilePayment's CheckoutURL is Paystack's authorization_url: send the payer there
// (a redirect; Paystack's inline script would break the CSP). It stays PENDING until the
// charge.success webhook (or the settling job) has it verified with /transaction/verify.
func (s *Service) InitPaystack(ctx context.Context, customerID int, amount int64, email string) (*ent.MobilePayment, error) {
	cust, v, err := s.payer(ctx, customerID, amount)
	if err != nil {
		return nil, err
	}
	if strings.TrimSpace(email) == "" && cust.Email != nil {
		email = *cust.Email
	}
	email = strings.TrimSpace(email)
	if email == "" || len(email) > 254 || !strings.Contains(email, "@") {
		return nil, domain.Invalidf("email", "Paystack needs the payer's e-mail address").
			WithKey("paystack.emailRequired", nil)
	}
	_, gw, err := s.gateway(ctx, paymentgateway.KindPAYSTACK)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(v[settings.PublicURL], "/")
	if base == "" {
		return nil, domain.Refusedf("set the public_url setting first: Paystack sends the payer back to it").
			WithKey("gateway.publicUrlForPaystack", nil)
	}
	ref := "ld-" + randomHex(12)
	started, err := s.startCharge(ctx, gw, Charge{Customer: cust, Amount: amount, Currency: v[settings.Currency], Email: email,
		Reference: ref, CallbackURL: base + "/portal/"})
	if err != nil {
		return nil, gatewayRefusal("Paystack", err)
	}
	return s.record(ctx, func(c *ent.MobilePaymentCreate) {
		c.SetGateway(mobilepayment.GatewayPAYSTACK).SetCustomerID(cust.ID).SetAmount(amount).SetEmail(email).
			SetCheckoutID(started.CheckoutID).SetCheckoutURL(started.RedirectURL)
	})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// payer checks amount and reads the customer who pays (not closed) and the settings.
func (s *Service) payer(ctx context.Context, customerID int, amount int64) (*ent.Customer, settings.Values, error) {
	if amount <= 0 || amount > billing.MaxAmount {
		return nil, nil, domain.Invalidf("amount", "amount must be a positive whole number of minor units").
			WithKey("money.badAmount", nil)
	}
	c := store.Reader(ctx, s.st.Client)
	cust, err := c.Customer.Get(ctx, customerID)
	if ent.IsNotFound(err) {
		return nil, nil, domain.NotFoundf("customer not found").WithKey("customer.notFound", nil)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading customer %d: %w", customerID, err)
	}
	if cust.Status == customer.StatusDISABLED {
		return nil, nil, domain.Refusedf("the account is closed (customer disabled): payments are refused").
			WithKey("billing.accountClosed", nil)
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	return cust, v, nil
}

func (s *Service) startCharge(ctx context.Context, gw Gateway, c Charge) (Started, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return gw.Start(ctx, c)
}

// record saves a started mobile payment with its audit row (startMobilePayment).
func (s *Service) record(ctx context.Context, fill func(*ent.MobilePaymentCreate)) (*ent.MobilePayment, error) {
	var out *ent.MobilePayment
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		cr := tx.MobilePayment.Create()
		fill(cr)
		mp, err := cr.SetActor(cut(audit.ActorFrom(ctx).Name, 100)).SetCreatedAt(s.now()).SetUpdatedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("saving the mobile payment: %w", err)
		}
		out = mp
		return audit.Write(ctx, tx, "startMobilePayment", "customer", mp.CustomerID, map[string]any{
			"mobilePaymentID": mp.ID, "gateway": mp.Gateway, "amount": mp.Amount, "checkoutID": mp.CheckoutID})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// MobilePayment returns the mobile payment id.
func (s *Service) MobilePayment(ctx context.Context, id int) (*ent.MobilePayment, error) {
	mp, err := store.Reader(ctx, s.st.Client).MobilePayment.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, domain.NotFoundf("mobile payment not found").WithKey("payment.mobileNotFound", nil)
	}
	return mp, err
}
