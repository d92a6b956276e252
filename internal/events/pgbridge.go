package events

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"log/slog"
	"sync"
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
type Bridge struct {
	bus      *Bus
	db       *sql.DB
	listener *pq.Listener
	origin   string
	logger   *slog.Logger
	onResync func()

	mu      sync.Mutex
	pending []Event
	kick    chan struct{}
	done    chan struct{}
	wg      sync.WaitGroup
}

// NewBridge connects bus to the other instances. dsn is the lib/pq connection string of the
// shared database; onResync (may be nil) is called after the listener reconnects, since
// notifications sent while it was away are lost and state must be reloaded.
func NewBridge(bus *Bus, db *sql.DB, dsn string, logger *slog.Logger, onResync func()) *Bridge {
	b := &Bridge{bus: bus, db: db, origin: newOrigin(), logger: logger, onResync: onResync,
		kick: make(chan struct{}, 1), done: make(chan struct{})}
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
	if e.Origin != "" {
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

func (b *Bridge) send(ctx context.Context) {
	defer b.wg.Done()
	for {
		select {
		case <-b.kick:
		case <-b.done:
			b.flush(context.Background())
			return
		}
		time.Sleep(5 * time.Millisecond) // gather a batch
		b.flush(ctx)
	}
}

// flush sends pending events in as few NOTIFYs as the payload limit allows.
func (b *Bridge) flush(ctx context.Context) {
	b.mu.Lock()
	batch := b.pending
	b.pending = nil
	b.mu.Unlock()
	for len(batch) > 0 {
		n := len(batch)
		var payload []byte
		for {
			for i := range batch[:n] {
				batch[i].Origin = b.origin
			}
			payload, _ = json.Marshal(batch[:n])
			if len(payload) <= maxPayload || n == 1 {
				break
			}
			n /= 2
		}
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_, err := b.db.ExecContext(cctx, "SELECT pg_notify($1, $2)", Channel, string(payload))
		cancel()
		if err != nil {
			// Other instances fall back to polling the change feed; nothing else is lost.
			b.logger.Warn("event bridge: NOTIFY failed", "err", err, "events", n)
		}
		batch = batch[n:]
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
			var batch []Event
			if err := json.Unmarshal([]byte(n.Extra), &batch); err != nil {
				b.logger.Warn("event bridge: bad payload", "err", err)
				continue
			}
			for _, e := range batch {
				if e.Origin != b.origin {
					b.bus.Deliver(e)
				}
			}
		case <-time.After(90 * time.Second):
			go func() { _ = b.listener.Ping() }()
		}
	}
}
