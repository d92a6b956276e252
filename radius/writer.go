package radius

import (
	"context"
	"hash/fnv"
	"sync"
	"time"

	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// acctWriter is the group-commit writer. Requests are spread over shards by customer (by
// session key when the user is unknown); Accounting-On/Off have a shard of their own when
// there are several, since closing a rebooted router's sessions (50,000 of them take about
// 2 s) must not hold up the Starts its subscribers send meanwhile. Each shard's goroutine
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
	shards   []*acctShard // with several, the last one takes only Accounting-On/Off
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
	if shards > 1 {
		shards++ // the NAS resets' own
	}
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
	if r.status == rfc2866.AcctStatusType_Value_AccountingOn || r.status == rfc2866.AcctStatusType_Value_AccountingOff {
		return w.shards[len(w.shards)-1]
	}
	var h uint64
	switch {
	case r.customerID != 0:
		h = uint64(r.customerID)
	default:
		f := fnv.New64a()
		f.Write([]byte(r.key))
		h = f.Sum64()
	}
	return w.shards[h%uint64(len(w.shards)-1)]
}

// queued is how many accounting requests wait for their commit, over every shard.
func (w *acctWriter) queued() int {
	n := 0
	for _, sh := range w.shards {
		n += len(sh.in)
	}
	return n
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
	if err != nil && len(batch) > 1 && (radiusdb.IsConstraint(err) || radiusdb.IsUnreadable(err)) {
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
	s.rollup.add(res)
	for _, r := range batch {
		r.done(true)
	}
	s.announce(res.announce)
	s.releaseStopped(res.announce)
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
		if !radiusdb.IsWriteConflict(err) {
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

// writeOptimistic writes the whole batch as one script (see acctWriter), starting from
// the sessions the shard knows and reading the others without locks.
func (w *acctWriter) writeOptimistic(ctx context.Context, sh *acctShard, batch []*acctReq) (*batchResult, error) {
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
	if err := w.s.db.ReadSessions(ctx, missing, readInto(rows)); err != nil {
		return nil, err
	}
	p := planBatch(batch, rows)
	if err := w.s.db.WriteOptimistic(ctx, &p.write); err != nil {
		return nil, err
	}
	p.res.seen = rows
	p.res.announce = announcements(p.res)
	return p.res, nil
}

// writeLocked writes the batch in one explicit transaction under row locks (see
// radiusdb.WriteLocked). It handles everything, including Accounting-On/Off.
func (w *acctWriter) writeLocked(ctx context.Context, batch []*acctReq) (*batchResult, error) {
	var keys []string
	seen := map[string]bool{}
	for _, r := range batch {
		if r.key != "" && !seen[r.key] {
			seen[r.key] = true
			keys = append(keys, r.key)
		}
	}
	rows := map[string]*sessRow{}
	var p *batchPlan
	closed, err := w.s.db.WriteLocked(ctx, keys, readInto(rows), func() *radiusdb.Batch {
		p = planBatch(batch, rows)
		return &p.write
	})
	if err != nil {
		return nil, err
	}
	res := p.res
	res.closed = closed
	for _, c := range closed {
		if row := rows[c.Key]; row != nil {
			row.Open = false
		}
	}
	res.seen = rows
	res.announce = announcements(res)
	return res, nil
}

// readInto adds each session read to rows.
func readInto(rows map[string]*sessRow) func(radiusdb.Session) {
	return func(s radiusdb.Session) { rows[s.Key] = &sessRow{Session: s, existed: true} }
}

// remember records the committed state of a batch's sessions; closed ones are forgotten.
func (sh *acctShard) remember(res *batchResult) {
	now := time.Now()
	for key, row := range res.seen {
		if !row.Open || row.ID == 0 {
			delete(sh.known, key)
			continue
		}
		row.existed, row.dirty = true, false
		row.MarkStored()
		row.used = now
		sh.known[key] = row
	}
	for _, c := range res.closed {
		delete(sh.known, c.Key)
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

// AcctQueued is how many accounting requests wait for their commit (the writers' backlog).
func (s *Server) AcctQueued() int {
	if s.acct == nil {
		return 0
	}
	return s.acct.queued()
}
