package portal_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/graph"
	portalapi "github.com/linedesk/linedesk/graph/portal"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/portal"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/internal/vouchers"
)

// env is the portal API and the staff API over one fresh database, on a real HTTP server.
type env struct {
	t       *testing.T
	st      *store.Store
	bus     *events.Bus
	svc     *portal.Service
	bill    *billing.Service
	pay     *payments.Service
	custs   *customers.Service
	router  *fakeRouter
	sms     *fakeSMS
	srv     *httptest.Server
	staff   string // an admin's token on /graphql
	clock   *clock
	home10  *ent.Profile
	home20  *ent.Profile
	hidden  *ent.Profile
	alice   *ent.Customer // password alicePW, phone alicePhone, balance 2,000.00
	bob     *ent.Customer
	nasID   int
	aliceTx int // alice's payment
	vouch   *vouchers.Service
}

const (
	alicePW    = "Kilimani-2024"
	alicePhone = "+254712345678"
	bobPW      = "Lavington-77"
	bobPhone   = "+254722000111"
)

// clock is the portal's and billing's clock, moved by tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// fakeRouter records the router actions and acknowledges every session.
type fakeRouter struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeRouter) record(s string) {
	f.mu.Lock()
	f.calls = append(f.calls, s)
	f.mu.Unlock()
}

func (f *fakeRouter) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func acks(open []*ent.Session) []domain.SessionResult {
	out := make([]domain.SessionResult, len(open))
	for i, s := range open {
		out[i] = domain.SessionResult{Session: s, Outcome: domain.ACK}
	}
	return out
}

func (f *fakeRouter) ApplyProfile(_ context.Context, cu *ent.Customer, p *ent.Profile, open []*ent.Session) []domain.SessionResult {
	f.record("apply:" + cu.Username + ":" + p.Name)
	return acks(open)
}

func (f *fakeRouter) Disconnect(_ context.Context, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
	f.record("disconnect:" + cu.Username)
	return acks(open)
}

// fakeSMS keeps the messages sent.
type fakeSMS struct {
	mu   sync.Mutex
	sent map[string][]string
}

func (f *fakeSMS) SendSMS(_ context.Context, phone, msg string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.sent == nil {
		f.sent = map[string][]string{}
	}
	f.sent[phone] = append(f.sent[phone], msg)
	return nil
}

// code waits for the newest code sent to phone.
func (e *env) code(phone string, n int) string {
	e.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		e.sms.mu.Lock()
		msgs := e.sms.sent[phone]
		e.sms.mu.Unlock()
		if len(msgs) >= n {
			m := msgs[n-1]
			i := strings.Index(m, "code is ")
			return m[i+8 : i+14]
		}
		time.Sleep(10 * time.Millisecond)
	}
	e.t.Fatalf("no code number %d sent to %s", n, phone)
	return ""
}

func (e *env) smsCount(phone string) int {
	e.sms.mu.Lock()
	defer e.sms.mu.Unlock()
	return len(e.sms.sent[phone])
}

func newEnv(t *testing.T, st *store.Store) *env {
	t.Helper()
	ctx := audit.WithActor(context.Background(), audit.Actor{Name: "test"})
	box := testutil.Box(t)
	e := &env{t: t, st: st, bus: events.NewBus(), router: &fakeRouter{}, sms: &fakeSMS{},
		clock: &clock{t: time.Now().UTC().Truncate(time.Second)}}
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	e.custs = customers.New(st, box, e.bus, e.router)
	e.custs.Now = e.clock.now
	e.bill = billing.NewService(st, e.bus, nil, logger)
	e.bill.Now = e.clock.now
	e.pay = payments.New(st, box, e.bill, e.bus, logger)
	e.vouch = vouchers.New(st, e.bill)
	e.svc = portal.New(portal.Deps{Store: st, Box: box, Bus: e.bus, Customers: e.custs, Billing: e.bill,
		SMS: e.sms, Throttle: auth.NewThrottle(st), Logger: logger, Payments: e.pay,
		Documents: documents.New(st), Vouchers: e.vouch})
	e.svc.Now = e.clock.now
	mux := http.NewServeMux()
	mux.Handle("/graphql", graph.NewHandler(graph.Deps{Store: st, Box: box, Bus: e.bus, Logger: logger, Customers: e.custs, Billing: e.bill}))
	portalAPI := portalapi.NewHandler(portalapi.Deps{Service: e.svc, Logger: logger})
	mux.Handle("/portal/graphql", portalAPI)
	mux.Handle("/portal/receipts/", portalAPI)
	mux.Handle("/portal/invoices/", portalAPI)
	mux.Handle("/pay/", e.pay.Handler())
	e.srv = httptest.NewServer(mux)
	t.Cleanup(e.srv.Close)

	mkProfile := func(name string, price int64, visible bool) *ent.Profile {
		limit := int64(100e9)
		p, err := st.Client.Profile.Create().SetName(name).SetDownloadKbps(10000).SetUploadKbps(2500).
			SetValidityDays(30).SetPrice(price).SetDataLimitBytes(limit).SetPortalVisible(visible).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	e.home20 = mkProfile("Home 20M", 250000, true)
	e.home10 = mkProfile("Home 10M", 150000, true)
	e.hidden = mkProfile("Staff 50M", 50000, false)
	e.alice = e.customer(ctx, "alice", alicePW, alicePhone, "Alice Wanjiru")
	e.bob = e.customer(ctx, "bob", bobPW, bobPhone, "Bob Otieno")
	tx, err := e.bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: e.alice.ID, Amount: 200000, Method: "cash"})
	if err != nil {
		t.Fatal(err)
	}
	e.aliceTx = tx.ID
	if _, err := auth.CreateStaff(ctx, st.Client, "admin", "correct-horse-1", auth.Admin); err != nil {
		t.Fatal(err)
	}
	var login struct{ Login struct{ Token string } }
	e.mustStaff("", `mutation{login(username:"admin",password:"correct-horse-1"){token}}`, nil, &login)
	e.staff = login.Login.Token
	n, err := st.Client.Nas.Create().SetName("r1").SetIPAddress("10.0.0.1").SetSecretEnc(box.MustEncrypt("s")).Save(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.nasID = n.ID
	return e
}

func (e *env) customer(ctx context.Context, user, pw, phone, name string) *ent.Customer {
	e.t.Helper()
	exp := e.clock.now().Add(10 * 24 * time.Hour)
	off := false
	c, err := e.custs.Create(ctx, customers.CreateInput{Username: user, Password: &pw, Phone: phone, FullName: &name,
		ProfileID: e.home10.ID, ExpiresAt: &exp, AutoRenew: &off})
	if err != nil {
		e.t.Fatal(err)
	}
	return c.Customer
}

type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

func (g gqlError) code() string { s, _ := g.Extensions["code"].(string); return s }

// do posts an operation to path with token and decodes data into out (may be nil).
func (e *env) do(path, token, query string, vars map[string]any, out any) []gqlError {
	e.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Data   json.RawMessage `json:"data"`
		Errors []gqlError      `json:"errors"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		e.t.Fatalf("decoding answer (HTTP %d): %v", resp.StatusCode, err)
	}
	if out != nil && len(r.Data) > 0 && string(r.Data) != "null" {
		if err := json.Unmarshal(r.Data, out); err != nil {
			e.t.Fatalf("decoding data %s: %v", r.Data, err)
		}
	}
	return r.Errors
}

func (e *env) portal(token, query string, vars map[string]any, out any) []gqlError {
	e.t.Helper()
	return e.do("/portal/graphql", token, query, vars, out)
}

func (e *env) must(token, query string, vars map[string]any, out any) {
	e.t.Helper()
	if errs := e.portal(token, query, vars, out); len(errs) > 0 {
		e.t.Fatalf("%s: %+v", query, errs)
	}
}

func (e *env) mustStaff(token, query string, vars map[string]any, out any) {
	e.t.Helper()
	if errs := e.do("/graphql", token, query, vars, out); len(errs) > 0 {
		e.t.Fatalf("%s: %+v", query, errs)
	}
}

// refused asserts one error with code.
func (e *env) refused(errs []gqlError, code, what string) gqlError {
	e.t.Helper()
	if len(errs) == 0 || errs[0].code() != code {
		e.t.Fatalf("%s: want %s, got %+v", what, code, errs)
	}
	return errs[0]
}

// login signs in with a password and returns the token.
func (e *env) login(user, pw string) string {
	e.t.Helper()
	var out struct{ PortalLogin struct{ Token string } }
	e.must("", `mutation($u:String!,$p:String!){portalLogin(username:$u,password:$p){token}}`,
		map[string]any{"u": user, "p": pw}, &out)
	return out.PortalLogin.Token
}

// loginByCode signs in with an SMS code and returns the token.
func (e *env) loginByCode(phone string) string {
	e.t.Helper()
	n := e.smsCount(phone)
	e.must("", `mutation($p:String!){portalRequestCode(phone:$p)}`, map[string]any{"p": phone}, nil)
	code := e.code(phone, n+1)
	var out struct {
		PortalVerifyCode struct {
			Token  string
			ByCode bool
		}
	}
	e.must("", `mutation($p:String!,$c:String!){portalVerifyCode(phone:$p,code:$c){token byCode}}`,
		map[string]any{"p": phone, "c": code}, &out)
	if !out.PortalVerifyCode.ByCode {
		e.t.Fatal("a sign-in by code must say byCode")
	}
	return out.PortalVerifyCode.Token
}

// signedIn reports whether token still reaches me.
func (e *env) signedIn(token string) bool {
	e.t.Helper()
	var out struct{ Me struct{ Username string } }
	errs := e.portal(token, `{me{username}}`, nil, &out)
	if len(errs) > 0 {
		if errs[0].code() != "UNAUTHENTICATED" {
			e.t.Fatalf("me: %+v", errs)
		}
		return false
	}
	return out.Me.Username != ""
}

func (e *env) staffCtx() context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Name: "admin"})
}
