package payments

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/egress"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// GatewayInput is configurePaymentGateway's input. A nil field leaves the stored value; a
// secret (ConsumerKey, ConsumerSecret, Passkey, SecretKey) is replaced when given and never
// returned. Changing the base URL's host forgets the stored secrets unless the input gives
// them again, so a secret is never sent to a host it was not entered for.
type GatewayInput struct {
	Kind           paymentgateway.Kind
	Enabled        *bool
	BaseURL        *string
	ShortCode      *string
	AccountType    *paymentgateway.AccountType
	ConsumerKey    *string
	ConsumerSecret *string
	Passkey        *string
	SecretKey      *string
}

var shortCodeRe = regexp.MustCompile(`^[0-9]{5,7}$`)

// defaultBaseURL is where a gateway is reached when the admin names no base URL.
func defaultBaseURL(k paymentgateway.Kind) string {
	if k == paymentgateway.KindMPESA {
		return mpesa.SandboxURL
	}
	return paystack.BaseURL
}

// Gateways returns the configured gateways, M-Pesa first.
func (s *Service) Gateways(ctx context.Context) ([]*ent.PaymentGateway, error) {
	rows, err := store.Reader(ctx, s.st.Client).PaymentGateway.Query().Order(ent.Asc(paymentgateway.FieldKind)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading payment gateways: %w", err)
	}
	return rows, nil
}

// Configure creates or changes the configuration of in.Kind (see GatewayInput) and writes the
// audit row (configurePaymentGateway, secrets named only as changed).
func (s *Service) Configure(ctx context.Context, in GatewayInput) (*ent.PaymentGateway, error) {
	if err := paymentgateway.KindValidator(in.Kind); err != nil {
		return nil, domain.Invalidf("kind", "kind must be MPESA or PAYSTACK").WithKey("gateway.unknownKind", nil)
	}
	if err := s.checkBaseURL(ctx, in.BaseURL); err != nil {
		return nil, err
	}
	var out *ent.PaymentGateway
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		cur, err := tx.PaymentGateway.Query().Where(paymentgateway.KindEQ(in.Kind)).Only(ctx)
		if ent.IsNotFound(err) {
			tok, terr := s.box.Encrypt(newToken())
			if terr != nil {
				return terr
			}
			cur, err = tx.PaymentGateway.Create().SetKind(in.Kind).SetBaseURL(defaultBaseURL(in.Kind)).
				SetCallbackToken(tok).Save(ctx)
		}
		if err != nil {
			return fmt.Errorf("reading the %s gateway: %w", in.Kind, err)
		}
		upd, changed, err := s.apply(cur, in)
		if err != nil {
			return err
		}
		if out, err = upd.Save(ctx); err != nil {
			return fmt.Errorf("saving the %s gateway: %w", in.Kind, err)
		}
		if err := s.checkComplete(out); err != nil {
			return err
		}
		return audit.Write(ctx, tx, "configurePaymentGateway", "paymentGateway", out.ID, changed)
	})
	if err != nil {
		return nil, err
	}
	s.forget(in.Kind)
	return store.Unwrap(ctx, out), nil
}

// apply turns in into an update of cur and the audit row's changes.
func (s *Service) apply(cur *ent.PaymentGateway, in GatewayInput) (*ent.PaymentGatewayUpdateOne, map[string]any, error) {
	u := cur.Update()
	changed := map[string]any{"kind": in.Kind}
	if in.Enabled != nil {
		u.SetEnabled(*in.Enabled)
		changed["enabled"] = *in.Enabled
	}
	if in.BaseURL != nil {
		v := strings.TrimRight(strings.TrimSpace(*in.BaseURL), "/")
		if v == "" {
			v = defaultBaseURL(in.Kind)
		}
		if hostOf(v) != hostOf(cur.BaseURL) {
			u.SetConsumerKey("").SetConsumerSecret("").SetPasskey("").SetSecretKey("")
		}
		u.SetBaseURL(v)
		changed["baseUrl"] = v
	}
	if in.ShortCode != nil {
		v := strings.TrimSpace(*in.ShortCode)
		if v != "" && !shortCodeRe.MatchString(v) {
			return nil, nil, domain.Invalidf("shortCode", "the shortcode is the paybill or till number: 5 to 7 digits").
				WithKey("gateway.shortCodeFormat", map[string]any{"min": 5, "max": 7})
		}
		u.SetShortCode(v)
		changed["shortCode"] = v
	}
	if in.AccountType != nil {
		if err := paymentgateway.AccountTypeValidator(*in.AccountType); err != nil {
			return nil, nil, domain.Invalidf("accountType", "accountType must be PAYBILL or TILL").
				WithKey("gateway.accountType", nil)
		}
		u.SetAccountType(*in.AccountType)
		changed["accountType"] = *in.AccountType
	}
	for _, sec := range []struct {
		name string
		v    *string
		set  func(string) *ent.PaymentGatewayUpdateOne
	}{{"consumerKey", in.ConsumerKey, u.SetConsumerKey}, {"consumerSecret", in.ConsumerSecret, u.SetConsumerSecret},
		{"passkey", in.Passkey, u.SetPasskey}, {"secretKey", in.SecretKey, u.SetSecretKey}} {
		if sec.v == nil {
			continue
		}
		v := strings.TrimSpace(*sec.v)
		if len(v) > 500 {
			return nil, nil, domain.Invalidf(sec.name, "%s must be at most 500 characters", sec.name).
				WithKey("input.tooLong", map[string]any{"field": sec.name, "max": 500})
		}
		enc := ""
		if v != "" {
			var err error
			if enc, err = s.box.Encrypt(v); err != nil {
				return nil, nil, err
			}
		}
		sec.set(enc)
		changed[sec.name] = "(changed)"
	}
	return u, changed, nil
}

// checkComplete refuses to enable a gateway that lacks what it needs.
func (s *Service) checkComplete(g *ent.PaymentGateway) error {
	if !g.Enabled {
		return nil
	}
	if g.Kind == paymentgateway.KindPAYSTACK {
		if g.SecretKey == "" {
			return domain.Invalidf("secretKey", "enter the Paystack secret key before enabling Paystack").
				WithKey("gateway.paystackKeyRequired", nil)
		}
		return nil
	}
	for _, f := range []struct{ name, v, key string }{{"shortCode", g.ShortCode, "gateway.mpesaShortCodeRequired"},
		{"consumerKey", g.ConsumerKey, "gateway.mpesaConsumerKeyRequired"},
		{"consumerSecret", g.ConsumerSecret, "gateway.mpesaConsumerSecretRequired"},
		{"passkey", g.Passkey, "gateway.mpesaPasskeyRequired"}} {
		if f.v == "" {
			return domain.Invalidf(f.name, "enter the M-Pesa %s before enabling M-Pesa", f.name).WithKey(f.key, nil)
		}
	}
	return nil
}

// checkBaseURL refuses a base URL that is not http(s) or that points at a private address
// without allow_private_targets.
func (s *Service) checkBaseURL(ctx context.Context, raw *string) error {
	if raw == nil || strings.TrimSpace(*raw) == "" {
		return nil
	}
	u, err := url.Parse(strings.TrimSpace(*raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.User != nil || u.RawQuery != "" || len(*raw) > 500 {
		return domain.Invalidf("baseUrl", "the base URL must be an http:// or https:// address such as %s", mpesa.SandboxURL).
			WithKey("gateway.baseUrlFormat", map[string]any{"example": mpesa.SandboxURL})
	}
	port := uint16(443)
	if u.Scheme == "http" {
		port = 80
	}
	if p, err := strconv.ParseUint(u.Port(), 10, 16); err == nil && p > 0 {
		port = uint16(p)
	}
	v, err := settings.Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return err
	}
	if err := s.policy(v).CheckHost(ctx, net.DefaultResolver, u.Hostname(), port); err != nil {
		return domain.Invalidf("baseUrl", "the base URL points at a loopback, link-local or private address; that needs allow_private_targets set to true (%v)", err).
			WithKey("gateway.baseUrlPrivate", nil)
	}
	return nil
}

func (s *Service) policy(v settings.Values) egress.Policy {
	return egress.Policy{AllowPrivate: v.Bool(settings.AllowPrivateTargets)}
}

func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return strings.ToLower(u.Host)
}

// newToken makes a callback token: 32 random bytes, URL-safe base64 (43 characters).
func newToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Paths of the callbacks under the public URL; {token} is the gateway's callback token.
// Daraja refuses callback URLs naming M-Pesa or Safaricom, so the paths do not.
const (
	PathC2BValidation   = "/pay/c2b/{token}/validation"
	PathC2BConfirmation = "/pay/c2b/{token}/confirmation"
	PathSTKResult       = "/pay/stk/{token}/result"
	PathPaystackWebhook = "/pay/paystack/{token}/webhook"
)

// CallbackURLs returns the full URLs to register with the gateway g (built from the
// public_url setting; none while it is empty): M-Pesa's C2B validation and confirmation URLs
// and its STK callback URL, or Paystack's webhook URL.
func (s *Service) CallbackURLs(ctx context.Context, g *ent.PaymentGateway) ([]string, error) {
	v, err := settings.Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(v[settings.PublicURL], "/")
	if base == "" {
		return []string{}, nil
	}
	tok, err := s.box.Decrypt(g.CallbackToken)
	if err != nil {
		return nil, fmt.Errorf("reading the callback token of %s: %w", g.Kind, err)
	}
	paths := []string{PathPaystackWebhook}
	if g.Kind == paymentgateway.KindMPESA {
		paths = []string{PathC2BValidation, PathC2BConfirmation, PathSTKResult}
	}
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = base + strings.Replace(p, "{token}", tok, 1)
	}
	return out, nil
}

// callbackURL returns one callback URL of g (path one of the Path constants), or a refusal
// when public_url is not set.
func (s *Service) callbackURL(ctx context.Context, g *ent.PaymentGateway, path string) (string, error) {
	urls, err := s.CallbackURLs(ctx, g)
	if err != nil {
		return "", err
	}
	suffix := path[strings.LastIndex(path, "/"):]
	for _, u := range urls {
		if strings.HasSuffix(u, suffix) {
			return u, nil
		}
	}
	return "", domain.Refusedf("set the public_url setting first: the gateway reports payments to an address under it").
		WithKey("gateway.publicUrlForCallbacks", nil)
}

// checkToken reports whether tok is the callback token of the gateway kind, which must be
// enabled; it returns the gateway's row.
func (s *Service) checkToken(ctx context.Context, kind paymentgateway.Kind, tok string) (*ent.PaymentGateway, bool) {
	g, err := s.st.Client.PaymentGateway.Query().Where(paymentgateway.KindEQ(kind)).Only(ctx)
	if err != nil || !g.Enabled {
		return nil, false
	}
	want, err := s.box.Decrypt(g.CallbackToken)
	if err != nil || len(tok) != len(want) {
		return nil, false
	}
	return g, subtle.ConstantTimeCompare([]byte(tok), []byte(want)) == 1
}

// RegisterMpesaURLs registers the C2B validation and confirmation URLs with Daraja for the
// configured shortcode and returns them.
func (s *Service) RegisterMpesaURLs(ctx context.Context) ([]string, error) {
	g, gw, err := s.gateway(ctx, paymentgateway.KindMPESA)
	if err != nil {
		return nil, err
	}
	urls, err := s.CallbackURLs(ctx, g)
	if err != nil {
		return nil, err
	}
	if len(urls) == 0 {
		return nil, domain.Refusedf("set the public_url setting first: Daraja calls the URLs under it").
			WithKey("gateway.publicUrlForDaraja", nil)
	}
	c := gw.(*mpesaGateway).c
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := c.RegisterURLs(ctx, urls[1], urls[0]); err != nil {
		return nil, gatewayRefusal("M-Pesa", err)
	}
	if err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		return audit.Write(ctx, tx, "registerMpesaUrls", "paymentGateway", g.ID, map[string]any{"shortCode": g.ShortCode})
	}); err != nil {
		return nil, err
	}
	return urls[:2], nil
}
