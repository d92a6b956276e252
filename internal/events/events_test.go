package events

import (
	"context"
	"testing"
	"time"
)

func TestPublishSubscribe(t *testing.T) {
	bus := NewBus()
	ctx, cancel := context.WithCancel(context.Background())
	ch := bus.Subscribe(ctx)
	var hooked []Event
	bus.OnPublish(func(e Event) { hooked = append(hooked, e) })
	bus.Publish(Event{Kind: SessionStarted, CustomerID: 7})
	select {
	case e := <-ch:
		if e.Kind != SessionStarted || e.CustomerID != 7 || e.At.IsZero() {
			t.Fatalf("got %+v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("event not delivered")
	}
	if len(hooked) != 1 {
		t.Fatalf("publish hook saw %d events, want 1", len(hooked))
	}
	bus.Deliver(Event{Kind: SessionStopped})
	if len(hooked) != 1 {
		t.Fatal("Deliver must not run publish hooks")
	}
	<-ch
	cancel()
	deadline := time.After(time.Second)
	for bus.Subscribers() != 0 {
		select {
		case <-deadline:
			t.Fatal("subscriber not removed after cancel")
		case <-time.After(5 * time.Millisecond):
		}
	}
	if _, ok := <-ch; ok {
		t.Fatal("channel not closed after cancel")
	}
}

func TestSlowSubscriberDrops(t *testing.T) {
	bus := NewBus()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_ = bus.Subscribe(ctx)
	for i := 0; i < 1100; i++ {
		bus.Publish(Event{Kind: SessionUpdated})
	}
	if bus.Dropped() != 1100-1024 {
		t.Fatalf("Dropped = %d, want %d", bus.Dropped(), 1100-1024)
	}
}

func TestSubscribeKindsSeesOnlyItsKinds(t *testing.T) {
	bus := NewBus()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch := bus.SubscribeKinds(ctx, TokenRevoked, StaffChanged)
	// A flood of session updates cannot crowd a revocation out.
	for i := 0; i < 5000; i++ {
		bus.Publish(Event{Kind: SessionUpdated, SessionID: i})
	}
	bus.Publish(Event{Kind: TokenRevoked, EntityID: 7})
	bus.Deliver(Event{Kind: StaffChanged, EntityID: 8, Origin: "elsewhere"})
	for _, want := range []Event{{Kind: TokenRevoked, EntityID: 7}, {Kind: StaffChanged, EntityID: 8}} {
		select {
		case e := <-ch:
			if e.Kind != want.Kind || e.EntityID != want.EntityID {
				t.Fatalf("got %+v, want %+v", e, want)
			}
		case <-time.After(time.Second):
			t.Fatalf("%s not delivered", want.Kind)
		}
	}
	select {
	case e := <-ch:
		t.Fatalf("unexpected %+v", e)
	default:
	}
	if !Urgent(TokenRevoked) || !Urgent(StaffChanged) || Urgent(SessionUpdated) || Urgent(CustomerChanged) {
		t.Fatal("Urgent: only revocations are urgent")
	}
}
