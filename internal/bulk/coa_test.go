package bulk

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius"
)

const simSecret = "bulk-sim-secret"

// TestChangeProfileCoA: a bulk plan change over customers of whom some are online on the
// simulated router sends one CoA per online session; the router applies the new rate and its
// ACK is each online customer's result; the offline ones have no router answer.
func TestChangeProfileCoA(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := testutil.OpenStore(t, testutil.Postgres)
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	f := newFixture(t, st, 6, nil)
	rs, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger}, st, f.box, f.bus)
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer rs.Shutdown(context.Background())
	router := sim.New(sim.Config{Secret: simSecret, AuthAddr: rs.AuthAddr().String(), AcctAddr: rs.AcctAddr().String(),
		CoAAddr: "127.0.0.1:0", Retry: 300 * time.Millisecond, Logger: logger})
	if err := router.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer router.Stop()
	st.Client.Nas.Create().SetName("tower-1").SetIPAddress("127.0.0.1").SetSecretEnc(f.box.MustEncrypt(simSecret)).
		SetCoaPort(router.CoAPort()).ExecX(ctx)
	nasSvc := nas.NewService(st, f.box, f.bus, logger)
	nasSvc.CoA = coa.Client{Timeout: time.Second, Retries: 2}
	defer nasSvc.Close()
	online := []int{f.ids[1], f.ids[3]}
	for _, id := range online {
		u := st.Client.Customer.GetX(ctx, id).Username
		waitFor(t, "login of "+u, 5*time.Second, func() bool {
			dctx, stop := context.WithTimeout(ctx, 2*time.Second)
			defer stop()
			_, err := router.Dial(dctx, u, "pw")
			return err == nil
		})
		waitFor(t, "session of "+u, 5*time.Second, func() bool {
			return st.Client.Session.Query().Where(session.CustomerID(id), session.Open(true)).ExistX(ctx)
		})
	}
	svc := f.service(nasSvc)
	j, err := svc.Start(f.ctx, ChangeProfile, Selection{IDs: f.ids}, Params{ProfileID: f.fast.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RunOnce(ctx); err != nil {
		t.Fatal(err)
	}
	page, err := svc.Results(ctx, j.ID, 10, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range page.Results {
		isOnline := r.CustomerID == online[0] || r.CustomerID == online[1]
		switch {
		case r.State != ItemDone:
			t.Fatalf("result %+v", r)
		case isOnline && (len(r.Routers) != 1 || r.Routers[0].Outcome != domain.ACK || r.Routers[0].Router != "tower-1"):
			t.Fatalf("online customer %d: router answers %+v, want one ACK from tower-1", r.CustomerID, r.Routers)
		case !isOnline && len(r.Routers) != 0:
			t.Fatalf("offline customer %d: router answers %+v", r.CustomerID, r.Routers)
		}
		if p := st.Client.Customer.GetX(ctx, r.CustomerID).ProfileID; p != f.fast.ID {
			t.Fatalf("customer %d on plan %d", r.CustomerID, p)
		}
	}
	for _, id := range online {
		u := st.Client.Customer.GetX(ctx, id).Username
		if rate := router.RateOf(u); rate != "20M/50M" {
			t.Fatalf("%s rate %q after the plan change, want 20M/50M", u, rate)
		}
	}
}

func waitFor(t testing.TB, what string, within time.Duration, ok func() bool) {
	t.Helper()
	end := time.Now().Add(within)
	for !ok() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
