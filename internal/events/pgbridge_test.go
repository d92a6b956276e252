package events_test

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
)

// startBridge starts a bridge for bus on a fresh PostgreSQL database (one dsn per test).
func startBridge(t *testing.T, ctx context.Context, dsn string, bus *events.Bus) *events.Bridge {
	t.Helper()
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	b := events.NewBridge(bus, db, dsn, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err := b.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	return b
}

func TestBridgeCarriesEventsBetweenInstances(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	busA, busB := events.NewBus(), events.NewBus()
	a := startBridge(t, ctx, dsn, busA)
	b := startBridge(t, ctx, dsn, busB)
	onA, onB := busA.Subscribe(ctx), busB.Subscribe(ctx)
	// Session updates only cross once the instances have greeted each other.
	for deadline := time.Now().Add(5 * time.Second); !a.HasPeer() || !b.HasPeer(); {
		if time.Now().After(deadline) {
			t.Fatalf("instances did not greet each other: A has peer %v, B has peer %v", a.HasPeer(), b.HasPeer())
		}
		time.Sleep(10 * time.Millisecond)
	}

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

func TestBridgeKeepsSessionUpdatesLocalWithoutPeers(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	bus := events.NewBus()
	a := startBridge(t, ctx, dsn, bus)
	// A bare listener stands for "anyone watching the channel": it must see A's greeting and
	// the session start, but no session update, since no other instance answered.
	l := pq.NewListener(dsn, time.Second, time.Second, nil)
	defer l.Close()
	if err := l.Listen(events.Channel); err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	bus.Publish(events.Event{Kind: events.SessionUpdated, SessionID: 1, CustomerID: 42})
	bus.Publish(events.Event{Kind: events.SessionStarted, SessionID: 2, CustomerID: 42})
	var payloads []string
	timeout := time.After(2 * time.Second)
	for len(payloads) == 0 || !strings.Contains(payloads[len(payloads)-1], string(events.SessionStarted)) {
		select {
		case n := <-l.Notify:
			if n != nil {
				payloads = append(payloads, n.Extra)
			}
		case <-timeout:
			t.Fatalf("no session start on the channel; saw %q", payloads)
		}
	}
	for _, p := range payloads {
		if strings.Contains(p, string(events.SessionUpdated)) {
			t.Fatalf("a session update crossed with no other instance listening: %q", p)
		}
	}
	if a.HasPeer() {
		t.Fatal("A counts a bare listener as a peer")
	}
}

// TestBridgeSendsRevocationsBeforePublishReturns: a revocation is on its way to the other
// instances when Publish returns (the mutation's answer), not with a later batch, and
// arrives there intact.
func TestBridgeSendsRevocationsBeforePublishReturns(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A's only database connection is held by the test: a NOTIFY sent at Publish must wait.
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	busA, busB := events.NewBus(), events.NewBus()
	a := events.NewBridge(busA, db, dsn, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	if err := a.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	startBridge(t, ctx, dsn, busB)
	onB := busB.SubscribeKinds(ctx, events.TokenRevoked)
	time.Sleep(100 * time.Millisecond) // A's first greeting has gone
	held, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	published := make(chan struct{})
	go func() {
		busA.Publish(events.Event{Kind: events.TokenRevoked, EntityID: 4242})
		close(published)
	}()
	select {
	case <-published:
		t.Fatal("Publish of a revocation returned before its NOTIFY was sent")
	case <-time.After(300 * time.Millisecond):
	}
	held.Close()
	select {
	case <-published:
	case <-time.After(5 * time.Second):
		t.Fatal("Publish did not return once the connection was free")
	}
	select {
	case e := <-onB:
		if e.EntityID != 4242 || e.Origin == "" {
			t.Fatalf("B received %+v", e)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the revocation did not reach B")
	}
}

// TestBridgeCarriesRows: an event's session row and customer state cross to the other
// instance as published.
func TestBridgeCarriesRows(t *testing.T) {
	dsn := testutil.PostgresDSN(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	busA, busB := events.NewBus(), events.NewBus()
	startBridge(t, ctx, dsn, busA)
	startBridge(t, ctx, dsn, busB)
	onB := busB.Subscribe(ctx)
	at := time.Now().UTC().Truncate(time.Microsecond)
	sent := events.Event{Kind: events.SessionStopped, CustomerID: 42, SessionID: 7, NasID: 3, At: at,
		Session: &events.Session{ID: 7, CustomerID: 42, NasID: 3, NasName: "core;1", AcctSessionID: "81a0,1",
			Username: "alice|k", FramedIP: "100.64.0.7", TerminateCause: "User-Request", StartedAt: at.Add(-time.Hour),
			UpdatedAt: at, StoppedAt: at, SessionTime: 3600, BytesIn: 5 << 30, BytesOut: 7},
		Customer: &events.Customer{Status: "ACTIVE", ExpiresAt: at.Add(time.Hour)}}
	busA.Publish(sent) // a stop crosses without waiting for the greeting
	select {
	case got := <-onB:
		sent.Origin = got.Origin
		if got.Origin == "" || !reflect.DeepEqual(got, sent) {
			t.Fatalf("B received\n %+v %+v %+v\nA published\n %+v %+v %+v", got, got.Session, got.Customer, sent, sent.Session, sent.Customer)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the event did not reach B")
	}
}
