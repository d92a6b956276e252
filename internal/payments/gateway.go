package payments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// cachedGateway is a gateway client built from one version of its configuration, kept so that
// its OAuth token is reused until it expires.
type cachedGateway struct {
	updated      time.Time
	allowPrivate bool
	gw           Gateway
}

// forget drops the cached client of kind (its configuration changed).
func (s *Service) forget(kind paymentgateway.Kind) {
	s.mu.Lock()
	delete(s.clients, kind)
	s.mu.Unlock()
}

// gateway returns the enabled gateway kind's row and client, or a refusal when it is not
// configured or not enabled.
func (s *Service) gateway(ctx context.Context, kind paymentgateway.Kind) (*ent.PaymentGateway, Gateway, error) {
	c := store.Reader(ctx, s.st.Client)
	g, err := c.PaymentGateway.Query().Where(paymentgateway.KindEQ(kind)).Only(ctx)
	if ent.IsNotFound(err) || (err == nil && !g.Enabled) {
		return nil, nil, domain.Refusedf("%s is not enabled: an admin configures it under Settings → Payment gateways", kindName(kind)).
			WithKey("gateway.notEnabled", map[string]any{"gateway": kindName(kind)})
	}
	if err != nil {
		return nil, nil, fmt.Errorf("reading the %s gateway: %w", kind, err)
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	allow := v.Bool(settings.AllowPrivateTargets)
	s.mu.Lock()
	cached, ok := s.clients[kind]
	s.mu.Unlock()
	if ok && cached.updated.Equal(g.UpdatedAt) && cached.allowPrivate == allow {
		return g, cached.gw, nil
	}
	gw, err := s.build(g, v)
	if err != nil {
		return nil, nil, err
	}
	s.mu.Lock()
	s.clients[kind] = cachedGateway{updated: g.UpdatedAt, allowPrivate: allow, gw: gw}
	s.mu.Unlock()
	return g, gw, nil
}

// build makes the client of g with its secrets decrypted; every connection is checked by the
// egress policy (a private base URL needs allow_private_targets).
func (s *Service) build(g *ent.PaymentGateway, v settings.Values) (Gateway, error) {
	dec := func(stored string) (string, error) {
		if stored == "" {
			return "", nil
		}
		return s.box.Decrypt(stored)
	}
	hc := s.policy(v).HTTPClient(30 * time.Second)
	if g.Kind == paymentgateway.KindPAYSTACK {
		key, err := dec(g.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("decrypting the Paystack secret key: %w", err)
		}
		return &paystackGateway{c: paystack.New(paystack.Config{BaseURL: g.BaseURL, SecretKey: key, HTTP: hc})}, nil
	}
	var vals [3]string
	for i, stored := range []string{g.ConsumerKey, g.ConsumerSecret, g.Passkey} {
		p, err := dec(stored)
		if err != nil {
			return nil, fmt.Errorf("decrypting the M-Pesa credentials: %w", err)
		}
		vals[i] = p
	}
	return &mpesaGateway{c: mpesa.New(mpesa.Config{BaseURL: g.BaseURL, ConsumerKey: vals[0], ConsumerSecret: vals[1],
		Passkey: vals[2], ShortCode: g.ShortCode, Till: g.AccountType == paymentgateway.AccountTypeTILL, HTTP: hc, Now: s.Now})}, nil
}

func kindName(k paymentgateway.Kind) string {
	if k == paymentgateway.KindMPESA {
		return "M-Pesa"
	}
	return "Paystack"
}

// gatewayRefusal turns a gateway's failure into a refusal staff can read. It names the
// gateway's own code and message, or that it could not be reached, never a credential.
func gatewayRefusal(name string, err error) error {
	var me *mpesa.APIError
	var pe *paystack.APIError
	switch {
	case errors.As(err, &me):
		return domain.Refusedf("%s refused the request (HTTP %d %s %s)", name, me.Status, me.Code, strings.TrimSpace(me.Message)).Because(err).
			WithKey("gateway.refusedCode", map[string]any{"gateway": name, "status": me.Status, "code": me.Code, "message": strings.TrimSpace(me.Message)})
	case errors.As(err, &pe):
		return domain.Refusedf("%s refused the request (HTTP %d: %s)", name, pe.Status, pe.Message).Because(err).
			WithKey("gateway.refused", map[string]any{"gateway": name, "status": pe.Status, "message": pe.Message})
	}
	return domain.Refusedf("%s could not be reached; try again in a minute", name).Because(err).
		WithKey("gateway.unreachable", map[string]any{"gateway": name})
}

// mpesaGateway is Daraja's STK push as a Gateway.
type mpesaGateway struct{ c *mpesa.Client }

func (g *mpesaGateway) Start(ctx context.Context, c Charge) (Started, error) {
	r, err := g.c.Push(ctx, strings.TrimPrefix(c.Phone, "+"), c.Amount/100, c.Customer.AccountNo, c.CallbackURL)
	if err != nil {
		return Started{}, err
	}
	return Started{CheckoutID: r.CheckoutRequestID, MerchantID: r.MerchantRequestID}, nil
}

func (g *mpesaGateway) Check(ctx context.Context, checkoutID string) (Outcome, error) {
	r, err := g.c.Query(ctx, checkoutID)
	if errors.Is(err, mpesa.ErrProcessing) {
		return Outcome{Status: mobilepayment.StatusPENDING}, nil
	}
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Code: string(r.ResultCode), Desc: r.ResultDesc}
	switch r.ResultCode.Int() {
	case mpesa.ResultPaid:
		o.Status = mobilepayment.StatusPAID
	case mpesa.ResultCancelled:
		o.Status = mobilepayment.StatusCANCELLED
	default:
		o.Status = mobilepayment.StatusFAILED
	}
	return o, nil
}

// paystackGateway is a Paystack checkout as a Gateway.
type paystackGateway struct{ c *paystack.Client }

func (g *paystackGateway) Start(ctx context.Context, c Charge) (Started, error) {
	r, err := g.c.Initialize(ctx, paystack.InitializeRequest{Email: c.Email, Amount: c.Amount, Currency: c.Currency,
		Reference: c.Reference, CallbackURL: c.CallbackURL,
		Metadata: map[string]any{"account_no": c.Customer.AccountNo, "customer_id": c.Customer.ID}})
	if err != nil {
		return Started{}, err
	}
	return Started{CheckoutID: r.Reference, RedirectURL: r.AuthorizationURL}, nil
}

func (g *paystackGateway) Check(ctx context.Context, reference string) (Outcome, error) {
	t, err := g.c.Verify(ctx, reference)
	if err != nil {
		return Outcome{}, err
	}
	o := Outcome{Amount: t.Amount, Currency: t.Currency, Receipt: t.Reference, Code: t.Status, Desc: t.GatewayResponse}
	switch t.Status {
	case "success":
		o.Status = mobilepayment.StatusPAID
	case "failed", "reversed":
		o.Status = mobilepayment.StatusFAILED
	default: // abandoned, ongoing, pending, processing, queued: not decided yet
		o.Status = mobilepayment.StatusPENDING
	}
	return o, nil
}
