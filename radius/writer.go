package radius

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/lib/pq"
	"layeh.com/radius/rfc2866"
)

// acctWriter is the group-commit writer. Requests are spread over shards by customer (by
// session key when the user is unknown, by NAS for Accounting-On/Off); each shard's goroutine
// takes every request queued while its previous commit ran, writes them in one transaction
// and only then lets their replies go out. When the commit fails no reply is sent, so the
// routers retransmit and nothing is lost.
//
// On PostgreSQL several shards run, so batches are built while others wait for their commit to
// be flushed, and a shard writes optimistically: it starts from the sessions it last wrote
// (or reads them without locks), and sends the whole batch as one script of literal
// statements: one round trip, one implicit transaction. Every session update is
// conditional on the counters it started from; when another writer (another instance, a
// NAS reset, the reaper) changed one meanwhile, the script fails as a whole and the batch is
// redone under row locks (writeLocked). A customer's rows are only ever written by one shard
// of an instance, so shards never wait for each other.
type acctWriter struct {
	s        *Server
	shards   []*acctShard
	mu       sync.RWMutex
	closing  bool
	wg       sync.WaitGroup
	maxBatch int
}

// acctShard is one writer goroutine's queue and what it knows of the sessions it wrote.
type acctShard struct {
	in chan *acctReq
	// known holds the open sessions this shard last committed or read, by session key, as
	// they are in the database as far as the shard knows; the optimistic path starts from
	// them and its conditional updates catch any that are out of date.
	known   map[string]*sessRow
	sweptAt time.Time
}

// knownIdle is how long an unused session stays in a shard's memory (sessions closed by the
// reaper or another instance are forgotten this way).
const knownIdle = time.Hour

func newAcctWriter(s *Server, shards int) *acctWriter {
	w := &acctWriter{s: s, maxBatch: 1000}
	for range max(shards, 1) {
		w.shards = append(w.shards, &acctShard{in: make(chan *acctReq, 16384), known: map[string]*sessRow{}, sweptAt: time.Now()})
	}
	return w
}

// start runs one goroutine per shard.
func (w *acctWriter) start() {
	for _, sh := range w.shards {
		w.wg.Add(1)
		go w.run(sh)
	}
}

// shardFor keeps every request of a customer on one shard.
func (w *acctWriter) shardFor(r *acctReq) *acctShard {
	if len(w.shards) == 1 {
		return w.shards[0]
	}
	var h uint64
	switch {
	case r.status == rfc2866.AcctStatusType_Value_AccountingOn || r.status == rfc2866.AcctStatusType_Value_AccountingOff:
		h = uint64(r.nasID)
	case r.customerID != 0:
		h = uint64(r.customerID)
	default:
		f := fnv.New64a()
		f.Write([]byte(r.key))
		h = f.Sum64()
	}
	return w.shards[h%uint64(len(w.shards))]
}

// submit queues r; false when the writer is closing.
func (w *acctWriter) submit(r *acctReq) bool {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closing {
		return false
	}
	w.shardFor(r).in <- r
	return true
}

// close stops taking requests, commits what is queued and waits for the last commits.
func (w *acctWriter) close() {
	w.mu.Lock()
	if !w.closing {
		w.closing = true
		for _, sh := range w.shards {
			close(sh.in)
		}
	}
	w.mu.Unlock()
	w.wg.Wait()
}

func (w *acctWriter) run(sh *acctShard) {
	defer w.wg.Done()
	backoff := time.Duration(0)
	for {
		r, ok := <-sh.in
		if !ok {
			return
		}
		batch := []*acctReq{r}
		closed := false
	drain:
		for len(batch) < w.maxBatch {
			select {
			case r, ok := <-sh.in:
				if !ok {
					closed = true
					break drain
				}
				batch = append(batch, r)
			default:
				break drain
			}
		}
		if w.commit(sh, batch) {
			backoff = 0
		} else if !closed {
			// The database is failing: pause a little so the queue does not spin; the
			// routers retransmit what got no answer.
			backoff = min(max(backoff*2, 50*time.Millisecond), time.Second)
			time.Sleep(backoff)
		}
		sh.sweep(time.Now())
		if closed {
			return
		}
	}
}

// commit writes batch and answers it; it reports success.
func (w *acctWriter) commit(sh *acctShard, batch []*acctReq) bool {
	s := w.s
	start := time.Now()
	res, err := w.write(sh, batch)
	if err != nil && len(batch) > 1 && (isConstraint(err) || isUnreadable(err)) {
		// Not an outage but a bad request (a customer or NAS deleted meanwhile) or a stored
		// session that cannot be read: commit one by one so only the bad one goes unanswered.
		s.log.Warn("radius: accounting batch failed, retrying one by one", "size", len(batch), "err", err)
		ok := true
		for _, r := range batch {
			ok = w.commit(sh, []*acctReq{r}) && ok
		}
		return ok
	}
	s.m.commitTime.Observe(time.Since(start).Seconds())
	if err != nil {
		s.m.commitErrors.Inc()
		for _, r := range batch {
			r.done(false)
		}
		s.m.drops.WithLabelValues(dropDBUnavailable).Add(float64(len(batch)))
		s.logLimited("acct-commit", "radius: accounting commit failed; no replies sent, routers will retransmit",
			"requests", len(batch), "err", err)
		return false
	}
	s.m.batchSize.Observe(float64(len(batch)))
	s.noteClamps(res.clamps)
	s.afterCommit(res)
	for _, r := range batch {
		r.done(true)
	}
	for _, e := range res.events {
		s.bus.Publish(e)
	}
	return true
}

// write commits batch: optimistically on PostgreSQL, under row locks when that meets a
// concurrent change, when the batch resets a NAS, and on SQLite (one writer).
func (w *acctWriter) write(sh *acctShard, batch []*acctReq) (*batchResult, error) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(w.s.ctx), 10*time.Second)
	defer cancel()
	if w.s.st.IsPostgres() && !hasReset(batch) {
		res, err := w.writeOptimistic(ctx, sh, batch)
		if err == nil {
			sh.remember(res)
			return res, nil
		}
		// Whether or not it committed, what the shard knows of these sessions is now
		// unsure: they are read again.
		sh.forget(batch)
		if !isWriteConflict(err) {
			return nil, err
		}
		w.s.m.acctRetries.Inc()
	}
	res, err := w.writeLocked(ctx, batch)
	if err != nil {
		sh.forget(batch)
		return nil, err
	}
	sh.remember(res)
	return res, nil
}

func hasReset(batch []*acctReq) bool {
	for _, r := range batch {
		if r.status == rfc2866.AcctStatusType_Value_AccountingOn || r.status == rfc2866.AcctStatusType_Value_AccountingOff {
			return true
		}
	}
	return false
}

// writeOptimistic sends the whole batch as one script (see acctWriter).
func (w *acctWriter) writeOptimistic(ctx context.Context, sh *acctShard, batch []*acctReq) (*batchResult, error) {
	db := w.s.st.DB
	rows := map[string]*sessRow{}
	var missing []string
	asked := map[string]bool{}
	for _, r := range batch {
		if asked[r.key] {
			continue
		}
		asked[r.key] = true
		if row := sh.known[r.key]; row != nil {
			rows[r.key] = row
		} else {
			missing = append(missing, r.key)
		}
	}
	if err := readSessions(ctx, db, true, missing, false, rows); err != nil {
		return nil, err
	}
	p := planBatch(batch, rows)
	var script scriptWriter
	for start := 0; start < len(p.inserts); start += 400 {
		script.add(insertSessions(true, p.inserts[start:min(start+400, len(p.inserts))]))
	}
	for start := 0; start < len(p.updates); start += 500 {
		script.add(updateSessions(true, true, p.updates[start:min(start+500, len(p.updates))]))
	}
	for start := 0; start < len(p.customers); start += 1000 {
		script.add(customerUsage(true, p.customers[start:min(start+1000, len(p.customers))], p.res.perCust))
	}
	for start := 0; start < len(p.days); start += 1000 {
		script.add(dailyUsage(true, p.days[start:min(start+1000, len(p.days))], p.daily))
	}
	if script.Len() > 0 {
		// One simple-protocol query: its statements run as one implicit transaction, and
		// the answer comes after the commit. Only the inserts return rows (the new ids).
		rs, err := db.QueryContext(ctx, script.String())
		if err != nil {
			return nil, fmt.Errorf("accounting: writing batch: %w", err)
		}
		for {
			cols, err := rs.Columns()
			if err != nil {
				rs.Close()
				return nil, fmt.Errorf("accounting: writing batch: %w", err)
			}
			for rs.Next() {
				if len(cols) != 2 {
					continue
				}
				var id int
				var key string
				if err := rs.Scan(&id, &key); err != nil {
					rs.Close()
					return nil, fmt.Errorf("accounting: new session ids: %w", err)
				}
				if row := rows[key]; row != nil {
					row.id = id
				}
			}
			if !rs.NextResultSet() {
				break
			}
		}
		err = rs.Err()
		if cerr := rs.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("accounting: writing batch: %w", err)
		}
	}
	p.res.seen = rows
	p.res.events = sessionEvents(p.res)
	return p.res, nil
}

// remember records the committed state of a batch's sessions; closed ones are forgotten.
func (sh *acctShard) remember(res *batchResult) {
	now := time.Now()
	for key, row := range res.seen {
		if !row.open || row.id == 0 {
			delete(sh.known, key)
			continue
		}
		row.existed, row.dirty, row.wasOpen = true, false, row.open
		row.origIn, row.origOut = row.in, row.out
		row.used = now
		sh.known[key] = row
	}
	for _, c := range res.closed {
		delete(sh.known, c.key)
	}
}

// forget drops what the shard knows of a batch's sessions.
func (sh *acctShard) forget(batch []*acctReq) {
	for _, r := range batch {
		delete(sh.known, r.key)
	}
}

// sweep forgets sessions unused for knownIdle, at most once a minute.
func (sh *acctShard) sweep(now time.Time) {
	if now.Sub(sh.sweptAt) < time.Minute {
		return
	}
	sh.sweptAt = now
	for key, row := range sh.known {
		if now.Sub(row.used) > knownIdle {
			delete(sh.known, key)
		}
	}
}

// errCodeStale is raised by linedesk_expect_rows (see store.Migrate) when a conditional
// update found fewer rows than it expected.
const errCodeStale = "LD409"

// isWriteConflict reports whether err means another writer got there first (the batch can
// be redone under locks at once) rather than a bad row or an unreachable database.
func isWriteConflict(err error) bool {
	var pqErr *pq.Error
	if !errors.As(err, &pqErr) {
		return false
	}
	switch pqErr.Code {
	case errCodeStale, "23505", "40P01", "40001": // stale, unique violation, deadlock, serialization
		return true
	}
	return false
}
