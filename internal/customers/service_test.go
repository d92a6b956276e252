package customers_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// fakeRouter answers ACK for every session it is handed and records what it was asked.
type fakeRouter struct {
	mu    sync.Mutex
	calls []string
}

func (f *fakeRouter) record(what string, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
	f.mu.Lock()
	f.calls = append(f.calls, fmt.Sprintf("%s %d", what, cu.ProfileID))
	f.mu.Unlock()
	out := make([]domain.SessionResult, len(open))
	for i, s := range open {
		out[i] = domain.SessionResult{Session: s, Outcome: domain.ACK, Message: "router " + what}
	}
	return out
}

func (f *fakeRouter) ApplyProfile(_ context.Context, cu *ent.Customer, _ *ent.Profile, open []*ent.Session) []domain.SessionResult {
	return f.record("apply", cu, open)
}

func (f *fakeRouter) Disconnect(_ context.Context, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
	return f.record("disconnect", cu, open)
}

func (f *fakeRouter) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

// fixture is a customer service with a fake router over a fresh store, one customer with an
// open session on profile home, and a second profile fast.
type fixture struct {
	st         *store.Store
	svc        *customers.Service
	router     *fakeRouter
	events     <-chan events.Event
	home, fast *ent.Profile
	cu         *ent.Customer
	sess       *ent.Session
	ctx        context.Context // carries the actor alice
}

var fixtures int

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	fixtures++
	f := &fixture{st: st, router: &fakeRouter{}}
	f.ctx = audit.WithActor(context.Background(), audit.Actor{Name: "alice", Address: "192.0.2.9"})
	bus := events.NewBus()
	f.events = bus.Subscribe(t.Context())
	f.svc = customers.New(st, testutil.Box(t), bus, f.router)
	c := st.Client
	f.home = c.Profile.Create().SetName(fmt.Sprintf("Home %d", fixtures)).SetDownloadKbps(10000).SetUploadKbps(5000).SetValidityDays(30).SetPrice(1500).SaveX(f.ctx)
	f.fast = c.Profile.Create().SetName(fmt.Sprintf("Fast %d", fixtures)).SetDownloadKbps(50000).SetUploadKbps(9000).SetValidityDays(30).SetPrice(3000).SaveX(f.ctx)
	created, err := f.svc.Create(f.ctx, customers.CreateInput{Username: "jane.wanjiku", Phone: "0712345678", ProfileID: f.home.ID})
	if err != nil {
		t.Fatal(err)
	}
	f.cu = created.Customer
	n := c.Nas.Create().SetName(fmt.Sprintf("r%d", fixtures)).SetIPAddress(fmt.Sprintf("10.0.0.%d", fixtures)).SetSecretEnc("x").SaveX(f.ctx)
	now := time.Now().UTC()
	f.sess = c.Session.Create().SetAcctKey(fmt.Sprintf("k%d", fixtures)).SetAcctSessionID("81000001").SetUsername(f.cu.Username).
		SetCustomerID(f.cu.ID).SetNasID(n.ID).SetStartedAt(now).SetUpdatedAt(now).SaveX(f.ctx)
	c.AuditLog.Delete().ExecX(f.ctx)
	f.drain()
	return f
}

// drain returns the CustomerChanged events published so far.
func (f *fixture) drain() []int {
	var ids []int
	for {
		select {
		case e := <-f.events:
			if e.Kind == events.CustomerChanged {
				ids = append(ids, e.CustomerID)
			}
		case <-time.After(50 * time.Millisecond):
			return ids
		}
	}
}

// audited returns the audit rows of action.
func (f *fixture) audited(action string) []*ent.AuditLog {
	return f.st.Client.AuditLog.Query().Where(auditlog.Action(action)).AllX(context.Background())
}

// TestWritesAuditAndAnnounceAfterCommit: every write of the service, made inside a caller's
// transaction that rolls back, leaves no row, no audit row, no event and no router action; made
// on its own, it writes its audit row with the actor of the context, announces the customer
// after the commit, and asks the routers after the commit.
func TestWritesAuditAndAnnounceAfterCommit(t *testing.T) {
	pw := "Kx9-lantern-42"
	name := "Jane W."
	ops := []struct {
		action string
		router string // what the router is asked after the commit
		run    func(ctx context.Context, f *fixture) error
	}{
		{"createCustomer", "", func(ctx context.Context, f *fixture) error {
			_, err := f.svc.Create(ctx, customers.CreateInput{Username: "peter.otieno", Phone: "0733000111", ProfileID: f.home.ID})
			return err
		}},
		{"updateCustomer", "", func(ctx context.Context, f *fixture) error {
			_, err := f.svc.Update(ctx, f.cu.ID, customers.UpdateInput{FullName: &name})
			return err
		}},
		{"setCustomerPassword", "", func(ctx context.Context, f *fixture) error {
			_, err := f.svc.SetPassword(ctx, f.cu.ID, &pw)
			return err
		}},
		{"suspendCustomer", "", func(ctx context.Context, f *fixture) error { _, err := f.svc.Suspend(ctx, f.cu.ID); return err }},
		{"changeCustomerProfile", "apply", func(ctx context.Context, f *fixture) error {
			_, err := f.svc.ChangeProfile(ctx, f.cu.ID, f.fast.ID)
			return err
		}},
		{"disconnectCustomer", "disconnect", func(ctx context.Context, f *fixture) error {
			_, err := f.svc.Disconnect(ctx, f.cu.ID)
			return err
		}},
		{"deleteCustomer", "", func(ctx context.Context, f *fixture) error { _, _, err := f.svc.Delete(ctx, f.cu.ID); return err }},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		for _, op := range ops {
			t.Run(op.action, func(t *testing.T) {
				f := newFixture(t, st)
				defer st.Client.Customer.Delete().ExecX(context.Background())
				defer st.Client.Session.Delete().ExecX(context.Background())
				errCaller := errors.New("the caller refused")
				err := store.InTx(f.ctx, st.Client, func(ctx context.Context, _ *ent.Client) error {
					if err := op.run(ctx, f); err != nil {
						return err
					}
					return errCaller
				})
				if !errors.Is(err, errCaller) {
					t.Fatalf("inside a rolled back transaction: %v", err)
				}
				if n := len(f.audited(op.action)); n != 0 || len(f.drain()) != 0 || len(f.router.asked()) != 0 {
					t.Fatalf("a rolled back %s left %d audit rows, events or router calls %v", op.action, n, f.router.asked())
				}
				if err := op.run(f.ctx, f); err != nil {
					t.Fatal(err)
				}
				rows := f.audited(op.action)
				if len(rows) != 1 || rows[0].Actor != "alice" || rows[0].Address != "192.0.2.9" {
					t.Fatalf("audit rows of %s: %+v", op.action, rows)
				}
				if op.action != "disconnectCustomer" && len(f.drain()) != 1 {
					t.Errorf("%s announced no CustomerChanged", op.action)
				}
				if asked := f.router.asked(); (op.router == "") != (len(asked) == 0) {
					t.Errorf("%s asked the router %v", op.action, asked)
				}
				st.Client.AuditLog.Delete().ExecX(context.Background())
			})
		}
	})
}

// TestChangeProfileResults: on its own, ChangeProfile returns the router's result for each
// open session, and the customer and sessions it returns can still query after its
// transaction (edges of the payload); inside a caller's transaction every session is PENDING
// and the router is asked once the caller commits; without a router every session is PENDING.
func TestChangeProfileResults(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		res, err := f.svc.ChangeProfile(f.ctx, f.cu.ID, f.fast.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Sessions) != 1 || res.Sessions[0].Outcome != domain.ACK || res.Sessions[0].Session.ID != f.sess.ID {
			t.Fatalf("results %+v", res.Sessions)
		}
		if p, err := res.Customer.QueryProfile().Only(f.ctx); err != nil || p.ID != f.fast.ID {
			t.Fatalf("the returned customer's profile: %v %v", p, err)
		}
		if n, err := res.Sessions[0].Session.QueryNas().Only(f.ctx); err != nil || n.ID != f.sess.NasID {
			t.Fatalf("the returned session's router: %v %v", n, err)
		}
		if asked := f.router.asked(); len(asked) != 1 || asked[0] != fmt.Sprintf("apply %d", f.fast.ID) {
			t.Fatalf("router asked %v", asked)
		}

		err = store.InTx(f.ctx, st.Client, func(ctx context.Context, _ *ent.Client) error {
			res, err := f.svc.ChangeProfile(ctx, f.cu.ID, f.home.ID)
			if err != nil {
				return err
			}
			if len(res.Sessions) != 1 || res.Sessions[0].Outcome != domain.Pending || len(f.router.asked()) != 1 {
				t.Errorf("inside a caller's transaction: %+v, router asked %v", res.Sessions, f.router.asked())
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if asked := f.router.asked(); len(asked) != 2 || asked[1] != fmt.Sprintf("apply %d", f.home.ID) {
			t.Fatalf("after the caller's commit the router was asked %v", asked)
		}

		bare := customers.New(st, testutil.Box(t), nil, nil)
		res, err = bare.ChangeProfile(f.ctx, f.cu.ID, f.fast.ID)
		if err != nil || len(res.Sessions) != 1 || res.Sessions[0].Outcome != domain.Pending {
			t.Fatalf("without a router: %+v %v", res, err)
		}
		if _, err := bare.ChangeProfile(f.ctx, f.cu.ID, 999999); !domain.IsKind(err, domain.Invalid) {
			t.Fatalf("unknown profile: %v", err)
		}
		if _, err := bare.ChangeProfile(f.ctx, 999999, f.fast.ID); !domain.IsKind(err, domain.NotFound) {
			t.Fatalf("unknown customer: %v", err)
		}
	})
}
