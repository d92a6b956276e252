package radius

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sync"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent/authevent"
)

// authEventRow is one authentication attempt waiting to be written.
type authEventRow struct {
	username   string
	customerID int
	nasID      int
	calling    string
	method     string
	result     authevent.Result
	reason     authevent.Reason
	detail     string
	at         time.Time
	key        string // unique per event: a retried batch skips what a lost commit stored
}

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
	pending    []authEventRow
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

func (l *authLog) add(r authEventRow) {
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

func (l *authLog) queued() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.pending)
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

// flush writes everything queued, in batches; rows stay queued on failure.
func (l *authLog) flush() error {
	for {
		l.mu.Lock()
		n := min(len(l.pending), l.batch)
		// Keys are given here, off the reply path, before a row's first write; a retry of the
		// same rows keeps them.
		for i := range l.pending[:n] {
			if l.pending[i].key == "" {
				l.pending[i].key = newEventKey()
			}
		}
		rows := append([]authEventRow(nil), l.pending[:n]...)
		l.mu.Unlock()
		l.s.m.authEventsQ.Set(float64(l.queued()))
		if n == 0 {
			return nil
		}
		if l.uncertain {
			stored, err := l.storedKeys(rows)
			if err != nil {
				return err
			}
			l.uncertain = false
			if len(stored) > 0 {
				l.dropStored(stored)
				l.s.m.authEventsOut.WithLabelValues("written").Add(float64(len(stored)))
				continue
			}
		}
		err := l.insert(rows)
		if err != nil && isConstraint(err) {
			// A bad row (say its customer was deleted meanwhile): write one by one, drop the bad.
			for _, r := range rows {
				if err := l.insert([]authEventRow{r}); err != nil {
					if !isConstraint(err) {
						return err
					}
					r.customerID, r.nasID = 0, 0 // deleted meanwhile: keep the event without the link
					if err := l.insert([]authEventRow{r}); err != nil {
						if !isConstraint(err) {
							return err
						}
						l.s.log.Warn("radius: dropping an auth event that cannot be stored", "err", err)
						l.s.m.authEventsOut.WithLabelValues("dropped").Inc()
					}
				}
			}
			err = nil
		}
		if err != nil {
			l.uncertain = true
			return err
		}
		l.mu.Lock()
		l.pending = l.pending[n:]
		if len(l.pending) == 0 {
			l.pending = nil // let the backing array go
		}
		l.mu.Unlock()
		l.s.m.authEventsOut.WithLabelValues("written").Add(float64(n))
	}
}

// storedKeys returns which of rows' keys are already in the database.
func (l *authLog) storedKeys(rows []authEventRow) (map[string]bool, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	keys := make([]string, len(rows))
	for i, r := range rows {
		keys[i] = r.key
	}
	found, err := l.s.st.Client.AuthEvent.Query().Where(authevent.EventKeyIn(keys...)).
		Select(authevent.FieldEventKey).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("checking which auth events were stored: %w", err)
	}
	stored := make(map[string]bool, len(found))
	for _, k := range found {
		stored[k] = true
	}
	return stored, nil
}

// dropStored removes the queued rows whose keys are stored.
func (l *authLog) dropStored(stored map[string]bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	kept := l.pending[:0]
	for _, r := range l.pending {
		if !stored[r.key] {
			kept = append(kept, r)
		}
	}
	clear(l.pending[len(kept):])
	l.pending = kept
}

func (l *authLog) insert(rows []authEventRow) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if l.s.st.IsPostgres() {
		return l.copyIn(ctx, rows)
	}
	q := &sqlBuilder{pg: false}
	q.WriteString("INSERT INTO auth_events (username, customer_id, nas_id, calling_station_id, method, result, reason, detail, created_at, event_key) VALUES ")
	for i, r := range rows {
		if i > 0 {
			q.WriteByte(',')
		}
		var cid, nid any
		if r.customerID != 0 {
			cid = r.customerID
		}
		if r.nasID != 0 {
			nid = r.nasID
		}
		q.values(cleanString([]byte(r.username), 253), "text", cid, "bigint", nid, "bigint",
			nullString(cleanString([]byte(r.calling), 64)), "text", r.method, "text", string(r.result), "text",
			string(r.reason), "text", cleanString([]byte(r.detail), 200), "text", r.at.UTC(), "timestamptz", r.key, "text")
	}
	if _, err := l.s.st.DB.ExecContext(ctx, q.String(), q.args...); err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	return nil
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

// copyIn writes rows with COPY on PostgreSQL: much cheaper for the server than a
// multi-row INSERT at thousands of logins a second.
func (l *authLog) copyIn(ctx context.Context, rows []authEventRow) (err error) {
	tx, err := l.s.st.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn("auth_events", "username", "customer_id", "nas_id",
		"calling_station_id", "method", "result", "reason", "detail", "created_at", "event_key"))
	if err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	for _, r := range rows {
		var cid, nid any
		if r.customerID != 0 {
			cid = r.customerID
		}
		if r.nasID != 0 {
			nid = r.nasID
		}
		if _, err = stmt.ExecContext(ctx, cleanString([]byte(r.username), 253), cid, nid,
			nullString(cleanString([]byte(r.calling), 64)), r.method, string(r.result), string(r.reason),
			cleanString([]byte(r.detail), 200), r.at.UTC(), r.key); err != nil {
			stmt.Close()
			return fmt.Errorf("inserting auth events: %w", err)
		}
	}
	if _, err = stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return fmt.Errorf("inserting auth events: %w", err)
	}
	if err = stmt.Close(); err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	return nil
}
