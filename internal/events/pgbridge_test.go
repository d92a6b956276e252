package events_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestBridgeCarriesEventsBetweenInstances(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	busA, busB := events.NewBus(), events.NewBus()
	a := events.NewBridge(busA, db, dsn, logger, nil)
	b := events.NewBridge(busB, db, dsn, logger, nil)
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	onA, onB := busA.Subscribe(ctx), busB.Subscribe(ctx)

	start := time.Now()
	const n = 500 // more than one NOTIFY payload holds
	for i := 1; i <= n; i++ {
		busA.Publish(events.Event{Kind: events.SessionUpdated, SessionID: i, CustomerID: 42})
	}
	got := 0
	timeout := time.After(5 * time.Second)
	for got < n {
		select {
		case e := <-onB:
			if e.Kind != events.SessionUpdated || e.CustomerID != 42 {
				t.Fatalf("unexpected event on B: %+v", e)
			}
			got++
		case <-timeout:
			t.Fatalf("B received %d of %d events", got, n)
		}
	}
	t.Logf("%d events from A reached B in %v", n, time.Since(start))
	// A sees its own events once (locally), never echoed back through the bridge.
	local := 0
	drain := time.After(300 * time.Millisecond)
loop:
	for {
		select {
		case <-onA:
			local++
		case <-drain:
			break loop
		}
	}
	if local != n {
		t.Fatalf("A saw %d of its own events, want exactly %d (no echo)", local, n)
	}
}
