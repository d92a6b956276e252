package payments_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

// world is linedesk's payments service behind a real HTTP server (its public_url), with the
// Daraja and Paystack simulators behind theirs, on one database.
type world struct {
	st   *store.Store
	svc  *payments.Service
	bill *billing.Service
	mp   *mpesa.Simulator
	ps   *paystack.Simulator
	bus  *events.Bus
	pub  string // linedesk's public URL
}

const (
	shortCode = "174379"
	passkey   = "bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919"
	psKey     = "sk_test_0123456789abcdef"
)

var seq atomic.Int64

func newWorld(t *testing.T, st *store.Store) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{st: st, bus: events.NewBus()}
	w.bill = billing.NewService(st, w.bus, nil, quiet)
	w.svc = payments.New(st, testutil.Box(t), w.bill, w.bus, quiet)
	app := httptest.NewServer(w.svc.Handler())
	t.Cleanup(app.Close)
	w.pub = app.URL
	w.mp = mpesa.NewSimulator(shortCode, passkey, "ck-test", "cs-test")
	mpSrv := httptest.NewServer(w.mp)
	t.Cleanup(mpSrv.Close)
	w.ps = paystack.NewSimulator(psKey)
	psSrv := httptest.NewServer(w.ps)
	t.Cleanup(psSrv.Close)
	for k, v := range map[string]string{settings.PublicURL: app.URL, settings.AllowPrivateTargets: "true", settings.Currency: "KES"} {
		if err := settings.Set(ctx, st.Client, k, v); err != nil {
			t.Fatal(err)
		}
	}
	yes := true
	must(w.svc.Configure(ctx, payments.GatewayInput{Kind: paymentgateway.KindMPESA, Enabled: &yes, BaseURL: &mpSrv.URL,
		ShortCode: ptr(shortCode), ConsumerKey: ptr("ck-test"), ConsumerSecret: ptr("cs-test"), Passkey: ptr(passkey)}))
	must(w.svc.Configure(ctx, payments.GatewayInput{Kind: paymentgateway.KindPAYSTACK, Enabled: &yes, BaseURL: &psSrv.URL,
		SecretKey: ptr(psKey)}))
	must(w.svc.RegisterMpesaURLs(ctx))
	return w
}

func ptr[T any](v T) *T { return &v }

// must returns v, or ends the test binary with err (a set-up step that cannot fail).
func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// customer makes a customer on a plan of price (minor units) expiring at expires.
func (w *world) customer(t *testing.T, phone string, price int64, expires time.Time) *ent.Customer {
	t.Helper()
	ctx := context.Background()
	n := seq.Add(1)
	p := must(w.st.Client.Profile.Create().SetName(fmt.Sprintf("plan-%d", n)).SetDownloadKbps(20000).SetUploadKbps(5000).
		SetValidityDays(30).SetPrice(price).Save(ctx))
	return must(w.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(200000 + n)).SetUsername(fmt.Sprintf("user%d", n)).
		SetPasswordEnc("x").SetPhone(phone).SetProfileID(p.ID).SetExpiresAt(expires).Save(ctx))
}

func (w *world) get(t *testing.T, id int) *ent.Customer {
	t.Helper()
	return must(w.st.Client.Customer.Get(context.Background(), id))
}

// ledger returns the payments recorded with method and reference.
func (w *world) ledger(t *testing.T, method, reference string) []*ent.Transaction {
	t.Helper()
	return must(w.st.Client.Transaction.Query().Where(transaction.MethodKey(method), transaction.Reference(reference)).
		All(context.Background()))
}
