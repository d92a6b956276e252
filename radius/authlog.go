package radius

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"time"

	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// newEventKey returns a random key for one auth event.
func newEventKey() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// authLog writes AuthEvents in batches, off the reply path. Adding never blocks: the queue
// is bounded (the oldest are dropped beyond maxPending, and counted). While the database is
// down the queue is kept and retried; it is written when the database is back.
type authLog struct {
	s          *Server
	mu         sync.Mutex
	pending    []radiusdb.AuthEvent
	spare      []radiusdb.AuthEvent // the last flushed queue, emptied, for reuse
	inflight   int                  // rows taken by the running flush, not yet written
	wake       chan struct{}
	stop       chan struct{}
	done       chan struct{}
	maxPending int
	batch      int
	interval   time.Duration
	// uncertain is set when a write failed in a way that may still have committed (the
	// answer to COMMIT was lost); the next flush first drops the rows already stored.
	uncertain bool
}

func newAuthLog(s *Server) *authLog {
	return &authLog{s: s, wake: make(chan struct{}, 1), stop: make(chan struct{}), done: make(chan struct{}),
		maxPending: 500000, batch: 1000, interval: 200 * time.Millisecond}
}

func (l *authLog) add(r radiusdb.AuthEvent) {
	l.mu.Lock()
	if len(l.pending) >= l.maxPending {
		l.pending = l.pending[1:]
		l.s.m.authEventsOut.WithLabelValues("dropped").Inc()
	}
	l.pending = append(l.pending, r)
	n := len(l.pending)
	l.mu.Unlock()
	if n >= l.batch {
		select {
		case l.wake <- struct{}{}:
		default:
		}
	}
}

// queued is how many events are not yet written: waiting, or in a flush.
func (l *authLog) queued() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending) + l.inflight
}

func (l *authLog) run() {
	defer close(l.done)
	t := time.NewTicker(l.interval)
	defer t.Stop()
	backoff := time.Duration(0)
	for {
		select {
		case <-l.stop:
			// Final flush: a few attempts, then give up (the rows are lost with the process).
			for i := 0; i < 3 && l.flush() != nil; i++ {
				time.Sleep(200 * time.Millisecond)
			}
			return
		case <-t.C:
		case <-l.wake:
		}
		if backoff > 0 {
			select {
			case <-time.After(backoff):
			case <-l.stop:
				continue
			}
		}
		if err := l.flush(); err != nil {
			backoff = min(max(backoff*2, 250*time.Millisecond), 5*time.Second)
			l.s.logLimited("authlog", "radius: writing auth events failed; kept for retry", "queued", l.queued(), "err", err)
		} else {
			backoff = 0
		}
	}
}

// flush writes everything queued, in batches; rows stay queued on failure. It takes the
// whole queue at once and gives the emptied slice back as the next queue, so the reply path
// appends into a slice that is already grown instead of regrowing one every interval.
func (l *authLog) flush() error {
	l.mu.Lock()
	taken := l.pending
	l.pending, l.spare = l.spare[:0], nil
	l.inflight = len(taken)
	l.mu.Unlock()
	defer l.s.m.authEventsQ.Set(float64(l.queued()))
	for done := 0; done < len(taken); {
		n := min(len(taken)-done, l.batch)
		if err := l.flushChunk(taken[done : done+n]); err != nil {
			l.mu.Lock()
			l.pending = append(taken[done:], l.pending...) // the unwritten rows stay first
			l.inflight = 0
			l.mu.Unlock()
			return err
		}
		done += n
		l.mu.Lock()
		l.inflight = len(taken) - done
		l.mu.Unlock()
	}
	clear(taken) // drop the strings the rows hold
	l.mu.Lock()
	if cap(taken) <= maxSpare {
		l.spare = taken[:0]
	}
	l.mu.Unlock()
	return nil
}

// maxSpare is the largest queue kept for reuse after a flush (a queue grown during an outage
// is let go).
const maxSpare = 1 << 16

// flushChunk writes rows (at most one batch). Keys are given and strings cut to their
// columns here, off the reply path, before a row's first write; a retry keeps them.
func (l *authLog) flushChunk(rows []radiusdb.AuthEvent) error {
	for i := range rows {
		if rows[i].Key == "" {
			prepareAuthEvent(&rows[i])
		}
	}
	if l.uncertain {
		stored, err := l.storedKeys(rows)
		if err != nil {
			return err
		}
		l.uncertain = false
		if len(stored) > 0 {
			kept := make([]radiusdb.AuthEvent, 0, len(rows))
			for _, r := range rows {
				if !stored[r.Key] {
					kept = append(kept, r)
				}
			}
			l.s.m.authEventsOut.WithLabelValues("written").Add(float64(len(stored)))
			rows = kept
		}
	}
	if len(rows) == 0 {
		return nil
	}
	err := l.insert(rows)
	if err != nil && radiusdb.IsConstraint(err) {
		err = l.insertOneByOne(rows)
	}
	if err != nil {
		l.uncertain = true
		return err
	}
	l.s.m.authEventsOut.WithLabelValues("written").Add(float64(len(rows)))
	return nil
}

// storedKeys returns which of rows' keys are already in the database.
func (l *authLog) storedKeys(rows []radiusdb.AuthEvent) (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.Key
	}
	return l.s.db.StoredAuthEventKeys(ctx, keys)
}

func (l *authLog) insert(rows []radiusdb.AuthEvent) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return l.s.db.InsertAuthEvents(ctx, rows)
}

// insertOneByOne writes rows one at a time after a batch met a bad row (say its customer was
// deleted meanwhile): a row refused with its links is kept without them, one refused even
// so is dropped (logged and counted).
func (l *authLog) insertOneByOne(rows []radiusdb.AuthEvent) error {
	for _, r := range rows {
		err := l.insert([]radiusdb.AuthEvent{r})
		if err == nil {
			continue
		}
		if !radiusdb.IsConstraint(err) {
			return err
		}
		r.CustomerID, r.NasID = 0, 0 // deleted meanwhile: keep the event without the link
		if err := l.insert([]radiusdb.AuthEvent{r}); err != nil {
			if !radiusdb.IsConstraint(err) {
				return err
			}
			l.s.log.Warn("radius: dropping an auth event that cannot be stored", "err", err)
			l.s.m.authEventsOut.WithLabelValues("dropped").Inc()
		}
	}
	return nil
}

// prepareAuthEvent gives an event its key and cuts its strings to their columns.
func prepareAuthEvent(e *radiusdb.AuthEvent) {
	e.Key = newEventKey()
	e.Username = cleanString([]byte(e.Username), 253)
	e.Calling = cleanString([]byte(e.Calling), 64)
	e.Detail = cleanString([]byte(e.Detail), 200)
}

// close flushes what is queued and stops.
func (l *authLog) close() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
	}
	<-l.done
}
