package events

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// Channel is the PostgreSQL NOTIFY channel carrying events between instances.
const Channel = "linedesk_events"

// maxPayload keeps NOTIFY payloads under PostgreSQL's 8000-byte limit.
const maxPayload = 7000

// Bridge carries a Bus's events to and from the other instances sharing a PostgreSQL
// database, through LISTEN/NOTIFY. Local events are batched for a few milliseconds into one
// NOTIFY; events from other instances are delivered to local subscribers only.
//
// Instances greet each other (an empty NOTIFY) every helloEvery and answer a newcomer's
// greeting at once. Session updates, by far the most frequent events (one per accounting
// Interim), are only sent while another instance has been heard from within peerTimeout:
// a single instance does not pay for a bridge nobody listens to. Every other kind is always
// sent; urgent kinds (revocations, see Urgent) at once, each in a NOTIFY of its own.
type Bridge struct {
	bus      *Bus
	db       *sql.DB
	listener *pq.Listener
	origin   string
	logger   *slog.Logger
	onResync func()

	mu        sync.Mutex
	pending   []Event
	peers     map[string]time.Time // other instances' origins, last heard
	helloDue  bool
	lastHello time.Time
	peerSeen  atomic.Int64 // unix nanoseconds of the last payload from another instance
	kick      chan struct{}
	done      chan struct{}
	wg        sync.WaitGroup
}

// NewBridge connects bus to the other instances. dsn is the lib/pq connection string of the
// shared database; onResync (may be nil) is called after the listener reconnects, since
// notifications sent while it was away are lost and state must be reloaded.
func NewBridge(bus *Bus, db *sql.DB, dsn string, logger *slog.Logger, onResync func()) *Bridge {
	b := &Bridge{bus: bus, db: db, origin: newOrigin(), logger: logger, onResync: onResync,
		kick: make(chan struct{}, 1), done: make(chan struct{}), peers: map[string]time.Time{}}
	b.listener = pq.NewListener(dsn, 200*time.Millisecond, 5*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventDisconnected:
			logger.Warn("event bridge: lost connection to PostgreSQL, reconnecting", "err", err)
		case pq.ListenerEventReconnected:
			logger.Info("event bridge: reconnected; resynchronising")
			if b.onResync != nil {
				b.onResync()
			}
		}
	})
	return b
}

func newOrigin() string {
	x := make([]byte, 6)
	_, _ = rand.Read(x)
	return hex.EncodeToString(x)
}

// Greeting and peer timing.
const (
	helloEvery  = 10 * time.Second
	peerTimeout = 3 * helloEvery
)

// HasPeer reports whether another instance has been heard from recently.
func (b *Bridge) HasPeer() bool {
	seen := b.peerSeen.Load()
	return seen != 0 && time.Since(time.Unix(0, seen)) < peerTimeout
}

// heard notes a payload from another instance, and greets it at once when it is new (or
// back after a silence), so it learns about this instance without waiting for a tick.
func (b *Bridge) heard(origin string, now time.Time) {
	b.peerSeen.Store(now.UnixNano())
	b.mu.Lock()
	last, known := b.peers[origin]
	b.peers[origin] = now
	for o, t := range b.peers {
		if now.Sub(t) > peerTimeout {
			delete(b.peers, o)
		}
	}
	b.mu.Unlock()
	if !known || now.Sub(last) > peerTimeout {
		b.greet(true)
	}
}

// Origin is this instance's id in bridged events.
func (b *Bridge) Origin() string { return b.origin }

// Start begins listening and forwarding.
func (b *Bridge) Start(ctx context.Context) error {
	if err := b.listener.Listen(Channel); err != nil {
		return err
	}
	b.bus.OnPublish(b.enqueue)
	b.wg.Add(2)
	go b.receive()
	go b.send(ctx)
	return nil
}

// Close stops the bridge after sending what is pending.
func (b *Bridge) Close() {
	select {
	case <-b.done:
		return
	default:
	}
	close(b.done)
	b.wg.Wait()
	b.listener.Close()
}

func (b *Bridge) enqueue(e Event) {
	if e.Origin != "" || (e.Kind == SessionUpdated && !b.HasPeer()) {
		return
	}
	if Urgent(e.Kind) {
		// A revocation reaches the other instances before the mutation that caused it
		// answers, so no later event is delivered there on the old authorisation.
		payload := appendWireEvent(b.header(nil), e)
		b.notify(context.Background(), string(payload), 1)
		return
	}
	b.mu.Lock()
	b.pending = append(b.pending, e)
	b.mu.Unlock()
	select {
	case b.kick <- struct{}{}:
	default:
	}
}

// header appends what starts a payload of events: the origin and the wire version.
func (b *Bridge) header(dst []byte) []byte {
	dst = append(dst, b.origin...)
	return append(append(dst, '|'), wireVersion...)
}

func (b *Bridge) send(ctx context.Context) {
	defer b.wg.Done()
	b.greet(false)
	hello := time.NewTicker(helloEvery)
	defer hello.Stop()
	for {
		select {
		case <-b.kick:
		case <-hello.C:
			b.greet(false)
		case <-b.done:
			b.flush(context.Background())
			return
		}
		time.Sleep(5 * time.Millisecond) // gather a batch
		b.flush(ctx)
	}
}

// greet asks the sender for a greeting with the next flush: at most one a second, unless
// answering a new instance.
func (b *Bridge) greet(answer bool) {
	b.mu.Lock()
	due := answer || time.Since(b.lastHello) >= time.Second
	if due {
		b.helloDue, b.lastHello = true, time.Now()
	}
	b.mu.Unlock()
	if due {
		select {
		case b.kick <- struct{}{}:
		default:
		}
	}
}

// flush sends pending events in as few NOTIFYs as the payload limit allows.
func (b *Bridge) flush(ctx context.Context) {
	b.mu.Lock()
	batch := b.pending
	b.pending = nil
	hello := b.helloDue
	b.helloDue = false
	b.mu.Unlock()
	payload := make([]byte, 0, maxPayload+128)
	if hello && len(batch) == 0 {
		b.notify(ctx, b.origin+"|", 0)
	}
	for len(batch) > 0 {
		payload = b.header(payload[:0])
		n := 0
		for n < len(batch) {
			mark := len(payload)
			if n > 0 {
				payload = append(payload, ';')
			}
			payload = appendWireEvent(payload, batch[n])
			if len(payload) > maxPayload && n > 0 {
				payload = payload[:mark]
				break
			}
			n++
		}
		b.notify(ctx, string(payload), n)
		batch = batch[n:]
	}
}

// notify sends one payload (any payload also greets the other instances).
func (b *Bridge) notify(ctx context.Context, payload string, events int) {
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if _, err := b.db.ExecContext(cctx, "SELECT pg_notify($1, $2)", Channel, payload); err != nil {
		// Other instances fall back to polling the change feed; nothing else is lost.
		b.logger.Warn("event bridge: NOTIFY failed", "err", err, "events", events)
	}
}

func (b *Bridge) receive() {
	defer b.wg.Done()
	for {
		select {
		case <-b.done:
			return
		case n := <-b.listener.Notify:
			if n == nil { // reconnected; handled by the event callback
				continue
			}
			origin, body, err := splitOrigin(n.Extra)
			if err == nil && origin == b.origin {
				continue // our own; delivered locally when published
			}
			if err == nil {
				b.heard(origin, time.Now())
			}
			if err == nil && body == "" {
				continue // a greeting
			}
			var batch []Event
			if err == nil {
				batch, err = decodeWire(body, origin)
			}
			if err != nil {
				b.logger.Warn("event bridge: bad payload", "err", err)
				continue
			}
			for _, e := range batch {
				b.bus.Deliver(e)
			}
		case <-time.After(90 * time.Second):
			go func() { _ = b.listener.Ping() }()
		}
	}
}
