package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// env is one API over a fresh PostgreSQL database.
type env struct {
	t      *testing.T
	st     *store.Store
	bus    *events.Bus
	c      *client.Client
	nas    *fakeNAS
	admin  string // tokens by role
	op     string
	viewer string
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func newEnv(t *testing.T, withNAS bool) *env {
	t.Helper()
	return newEnvOn(t, testutil.Postgres, withNAS)
}

func newEnvOn(t *testing.T, kind string, withNAS bool) *env {
	t.Helper()
	return newEnvWith(t, kind, func(e *env, d *Deps) {
		if withNAS {
			e.nas = &fakeNAS{st: e.st}
			d.Customers = customers.New(e.st, d.Box, d.Bus, e.nas)
		}
	})
}

// newEnvWith is newEnvOn with the API's dependencies set by configure.
func newEnvWith(t *testing.T, kind string, configure func(e *env, d *Deps)) *env {
	t.Helper()
	st := testutil.OpenStore(t, kind)
	e := &env{t: t, st: st, bus: events.NewBus()}
	d := Deps{Store: st, Box: testutil.Box(t), Bus: e.bus,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), CORSOrigins: []string{"http://localhost:5173"}}
	configure(e, &d)
	e.c = client.New(NewHandler(d), client.Path("/graphql"))
	ctx := context.Background()
	for _, s := range []struct {
		name string
		role auth.Role
		tok  *string
	}{{"admin", auth.Admin, &e.admin}, {"oper", auth.Operator, &e.op}, {"viewer", auth.Viewer, &e.viewer}} {
		if _, err := auth.CreateStaff(ctx, st.Client, s.name, "correct-horse-1", s.role); err != nil {
			t.Fatal(err)
		}
		*s.tok = e.login(s.name, "correct-horse-1")
	}
	return e
}

func (e *env) login(user, pw string) string {
	e.t.Helper()
	var out struct {
		Login struct{ Token string } `json:"login"`
	}
	e.ok(&out, "", `mutation($u:String!,$p:String!){ login(username:$u, password:$p){ token staff{ username role } } }`, "u", user, "p", pw)
	return out.Login.Token
}

// do runs a GraphQL operation with token and variables (name, value pairs) and returns
// the data (as JSON) and the errors.
func (e *env) do(token, query string, vars ...any) (json.RawMessage, []gqlError) {
	e.t.Helper()
	opts := []client.Option{}
	if token != "" {
		opts = append(opts, client.AddHeader("Authorization", "Bearer "+token))
	}
	for i := 0; i+1 < len(vars); i += 2 {
		opts = append(opts, client.Var(vars[i].(string), vars[i+1]))
	}
	resp, err := e.c.RawPost(query, opts...)
	if err != nil {
		e.t.Fatalf("posting %q: %v", query, err)
	}
	data, _ := json.Marshal(resp.Data)
	var errs []gqlError
	if len(resp.Errors) > 0 {
		if err := json.Unmarshal(resp.Errors, &errs); err != nil {
			e.t.Fatalf("decoding errors %s: %v", resp.Errors, err)
		}
	}
	return data, errs
}

// ok runs an operation that must succeed and decodes its data into out.
func (e *env) ok(out any, token, query string, vars ...any) {
	e.t.Helper()
	data, errs := e.do(token, query, vars...)
	if len(errs) > 0 {
		e.t.Fatalf("%s: unexpected errors: %+v", query, errs)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			e.t.Fatalf("decoding %s: %v", data, err)
		}
	}
}

// fails runs an operation that must fail with code and returns the first error.
func (e *env) fails(code, token, query string, vars ...any) gqlError {
	e.t.Helper()
	_, errs := e.do(token, query, vars...)
	if len(errs) == 0 {
		e.t.Fatalf("%s: expected error %s, got none", query, code)
	}
	if got := errs[0].Extensions["code"]; got != code {
		e.t.Fatalf("%s: expected code %s, got %v (%s)", query, code, got, errs[0].Message)
	}
	return errs[0]
}

// profile creates a profile and returns its id.
func (e *env) profile(name string, validity int, limit *int64) string {
	e.t.Helper()
	in := map[string]any{"name": name, "downloadKbps": 20000, "uploadKbps": 5000, "validityDays": validity, "price": 150000}
	if limit != nil {
		in["dataLimitBytes"] = *limit
	}
	var out struct{ CreateProfile struct{ ID string } }
	e.ok(&out, e.admin, `mutation($in:CreateProfileInput!){ createProfile(input:$in){ id } }`, "in", in)
	return out.CreateProfile.ID
}

type custOut struct {
	ID               string
	AccountNo        string
	Username         string
	Phone            string
	Status           string
	ConnectionStatus string
	ExpiresAt        time.Time
}

func (e *env) customer(username, phone, profileID string) custOut {
	e.t.Helper()
	var out struct {
		CreateCustomer struct {
			Customer          custOut
			GeneratedPassword *string
		}
	}
	e.ok(&out, e.op, `mutation($in:CreateCustomerInput!){ createCustomer(input:$in){ customer{ id accountNo username phone status connectionStatus expiresAt } generatedPassword warnings } }`,
		"in", map[string]any{"username": username, "phone": phone, "profileID": profileID})
	return out.CreateCustomer.Customer
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}

// openSession writes an open session for a customer, as RADIUS accounting would.
func openSession(t *testing.T, st *store.Store, customerID int, nasID int) *ent.Session {
	t.Helper()
	now := time.Now().UTC()
	s, err := st.Client.Session.Create().SetAcctKey(fmt.Sprintf("k-%d-%d", customerID, now.UnixNano())).
		SetAcctSessionID("81000001").SetUsername("u").SetCustomerID(customerID).SetNasID(nasID).
		SetStartedAt(now).SetUpdatedAt(now).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func makeNas(t *testing.T, st *store.Store) int {
	t.Helper()
	n, err := st.Client.Nas.Create().SetName(fmt.Sprintf("r%d", time.Now().UnixNano())).
		SetIPAddress(fmt.Sprintf("10.0.%d.%d", time.Now().UnixNano()%200, time.Now().UnixNano()%250+1)).
		SetSecretEnc("x").Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n.ID
}

// fakeNAS is the router side: it answers every open session it is handed, after checking
// that the change it acts on is committed.
type fakeNAS struct {
	st    *store.Store
	calls []string
}

func results(open []*ent.Session, o domain.Outcome) []domain.SessionResult {
	out := make([]domain.SessionResult, 0, len(open))
	for _, s := range open {
		out = append(out, domain.SessionResult{Session: s, Outcome: o, Message: "router said so"})
	}
	return out
}

func (f *fakeNAS) Disconnect(ctx context.Context, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
	f.calls = append(f.calls, "disconnect")
	return results(open, domain.ACK)
}

func (f *fakeNAS) ApplyProfile(ctx context.Context, cu *ent.Customer, p *ent.Profile, open []*ent.Session) []domain.SessionResult {
	f.calls = append(f.calls, "apply")
	// The change must be committed before routers are asked.
	c, err := f.st.Client.Customer.Get(ctx, cu.ID)
	if err != nil || c.ProfileID != p.ID {
		return results(open, domain.Failed)
	}
	return results(open, domain.Outcome("CHANGED-TO-"+strconv.Itoa(c.ProfileID)))
}
