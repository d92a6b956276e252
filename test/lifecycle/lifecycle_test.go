// Package lifecycle tests the subscriber lifecycle end to end: the real RADIUS server, the
// router service, billing and a simulated MikroTik, on PostgreSQL.
package lifecycle

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius"
)

const (
	secret   = "lifecycle-secret"
	password = "Quiet-Harbour-81"
)

// eventually polls cond until it holds or the time is up.
func eventually(t *testing.T, what string, within time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, within)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

func TestLifecycleWithRouter(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st := testutil.OpenStore(t, testutil.Postgres)
	box := testutil.Box(t)
	bus := events.NewBus()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := st.Client

	rs, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Logger: logger}, st, box, bus)
	if err != nil {
		t.Fatal(err)
	}
	if err := rs.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer rs.Shutdown(context.Background())
	router := sim.New(sim.Config{Secret: secret, AuthAddr: rs.AuthAddr().String(), AcctAddr: rs.AcctAddr().String(),
		CoAAddr: "127.0.0.1:0", Retry: 300 * time.Millisecond, Logger: logger})
	if err := router.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer router.Stop()

	c.Nas.Create().SetName("r1").SetIPAddress("127.0.0.1").SetSecretEnc(box.MustEncrypt(secret)).
		SetCoaPort(router.CoAPort()).ExecX(ctx)
	capped := c.Profile.Create().SetName("Capped 1M").SetDownloadKbps(1000).SetUploadKbps(1000).SetPrice(0).SaveX(ctx)
	plan := c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(1500).
		SetValidityDays(30).SetDataLimitBytes(1_000_000).SetAfterCapProfileID(capped.ID).SaveX(ctx)
	alice := c.Customer.Create().SetAccountNo("100001").SetUsername("alice").SetPasswordEnc(box.MustEncrypt(password)).
		SetPhone("+254712345678").SetProfile(plan).SetExpiresAt(time.Now().Add(24 * time.Hour)).SaveX(ctx)

	nasSvc := nas.NewService(st, box, bus, logger)
	defer nasSvc.Close()
	bill := billing.NewService(st, bus, nasSvc, logger)

	dial := func() (sim.SessionInfo, error) {
		dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		return router.Dial(dctx, "alice", password)
	}
	// The snapshot picks up the new customer from the change feed within a second.
	var info sim.SessionInfo
	eventually(t, "first login accepted", 3*time.Second, func() bool {
		info, err = dial()
		return err == nil
	})
	if info.Rate != "5M/10M" {
		t.Fatalf("rate at login = %q, want 5M/10M", info.Rate)
	}

	// 1. Crossing the data cap re-shapes the live session to the after-cap plan through CoA.
	router.AddUsage("alice", 400_000, 700_000)
	if err := router.Interim(ctx, "alice"); err != nil {
		t.Fatal(err)
	}
	eventually(t, "usage recorded", 3*time.Second, func() bool {
		cu := c.Customer.GetX(ctx, alice.ID)
		return cu.PeriodBytesIn+cu.PeriodBytesOut >= 1_100_000
	})
	if _, err := bill.Tick(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "after-cap rate applied by CoA", 5*time.Second, func() bool { return router.RateOf("alice") == "1M/1M" })
	if !router.Connected("alice") {
		t.Fatal("CoA dropped the session; it must stay up")
	}
	coas := 0
	for _, p := range router.Received() {
		if p.Answer == "ACK" && p.AuthOK && p.MAOK {
			coas++
		}
	}
	if _, err := bill.Tick(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if n := len(router.Received()); n != coas {
		t.Fatalf("a second tick sent %d more packets to the router; the cap must be applied once", n-coas)
	}

	// 2. Expiry disconnects the session through the router, and RADIUS then rejects EXPIRED.
	c.Customer.UpdateOneID(alice.ID).SetExpiresAt(time.Now().Add(-time.Minute)).SetAutoRenew(true).ExecX(ctx)
	if _, err := bill.Tick(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	eventually(t, "expired session dropped by the router", 5*time.Second, func() bool { return !router.Connected("alice") })
	eventually(t, "Stop recorded", 5*time.Second, func() bool {
		return c.Session.Query().Where(session.CustomerID(alice.ID), session.Open(true)).CountX(ctx) == 0
	})
	eventually(t, "expiry visible to RADIUS", 3*time.Second, func() bool {
		_, err := dial()
		var rej *sim.RejectedError
		return errors.As(err, &rej)
	})
	eventually(t, "EXPIRED recorded", 5*time.Second, func() bool {
		return c.AuthEvent.Query().Where(authevent.CustomerID(alice.ID), authevent.ReasonEQ(authevent.ReasonEXPIRED)).ExistX(ctx)
	})

	// 3. A payment covering the price renews at once; the customer connects again at full speed.
	tx, err := bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: alice.ID, Amount: 1500, Method: "mpesa", Reference: "QK12ABC"})
	if err != nil {
		t.Fatal(err)
	}
	paidAt := time.Now()
	eventually(t, "renewed customer accepted again", 5*time.Second, func() bool {
		info, err = dial()
		return err == nil
	})
	t.Logf("payment to accepted login: %v", time.Since(paidAt).Round(time.Millisecond))
	if info.Rate != "5M/10M" {
		t.Fatalf("rate after renewal = %q, want the full plan 5M/10M", info.Rate)
	}
	cu := c.Customer.GetX(ctx, alice.ID)
	if cu.Balance != 0 || !cu.ExpiresAt.After(time.Now().Add(29*24*time.Hour)) || cu.CapApplied {
		t.Fatalf("after renewal: balance %d, expires %v, capped %v", cu.Balance, cu.ExpiresAt, cu.CapApplied)
	}
	sum := 0
	for _, l := range c.Customer.QueryTransactions(cu).AllX(ctx) {
		sum += int(l.Amount)
	}
	if sum != int(cu.Balance) || tx.Amount != 1500 {
		t.Fatalf("ledger sum %d != balance %d", sum, cu.Balance)
	}
}
