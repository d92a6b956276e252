package radius

import (
	"context"
	"sync"
	"time"
)

// The roll-up (radiusdb.RollUp): accounting commits only the session rows, then hands the
// sessions whose counters grew to the roller, which moves their growth into the customers'
// period usage and the daily usage, batched across sessions, every rollUpEvery. The
// snapshot counts the growth at once (afterCommit), so this instance's policy never waits.
//
// Bound: while the instance that acknowledged an Interim runs, its growth is in period
// usage and daily usage within RollUpBound (a pass every rollUpEvery, plus its commit). A
// crash loses only the roller's memory, never usage: at Start, and every rollUpSweepEvery on
// every instance, the roller looks for sessions whose marks lag their counters
// (radiusdb.LaggingSessions) and rolls them up; so after a crash usage is complete within
// rollUpSweepEvery on a surviving instance, or at the restart. Several instances (or a
// sweep beside a pass) may roll up the same session: the database counts it once.
const (
	// RollUpBound is how long after its Accounting-Response an Interim's growth may take to
	// reach period usage and daily usage (caps, cap alerts, billing, usage graphs).
	RollUpBound      = 2 * time.Second
	rollUpEvery      = 250 * time.Millisecond
	rollUpSweepEvery = time.Minute
	rollUpTries      = 20 // passes a session stays queued while another transaction holds it
)

// roller queues the sessions to roll up and runs the passes.
type roller struct {
	s       *Server
	mu      sync.Mutex
	pending map[int]int // session id → passes it was busy in
	pass    sync.Mutex  // one pass at a time (the background loop, a flush)
	every   time.Duration
	sweep   time.Duration
}

func newRoller(s *Server) *roller {
	return &roller{s: s, pending: map[int]int{}, every: rollUpEvery, sweep: rollUpSweepEvery}
}

// add queues the sessions of a committed batch whose counters grew.
func (r *roller) add(res *batchResult) {
	r.mu.Lock()
	for _, row := range res.rows {
		if row.grew && row.ID != 0 {
			if _, ok := r.pending[row.ID]; !ok {
				r.pending[row.ID] = 0
			}
		}
		row.grew = false
	}
	r.mu.Unlock()
}

// idle reports whether nothing is queued and no pass is running: everything handed to the
// roller is rolled up (or given up on, for the sweep).
func (r *roller) idle() bool {
	if !r.pass.TryLock() {
		return false
	}
	defer r.pass.Unlock()
	return r.queued() == 0
}

// queued is how many sessions wait for their roll-up.
func (r *roller) queued() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.pending)
}

// run rolls up every rollUpEvery and sweeps for lagging sessions at once and every
// rollUpSweepEvery, until the server stops.
func (r *roller) run() {
	defer r.s.background.Done()
	t := time.NewTicker(r.every)
	defer t.Stop()
	swept := time.Time{}
	for {
		if time.Since(swept) >= r.sweep {
			swept = time.Now()
			r.sweepLagging()
		}
		if _, err := r.runPass(r.s.ctx); err != nil && r.s.ctx.Err() == nil {
			r.s.logLimited("rollup", "radius: rolling up usage failed; kept for the next pass", "err", err)
		}
		select {
		case <-r.s.ctx.Done():
			return
		case <-t.C:
		}
	}
}

// sweepLagging queues every session whose marks lag its counters.
func (r *roller) sweepLagging() {
	after := 0
	for r.s.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(r.s.ctx, 30*time.Second)
		ids, err := r.s.db.LaggingSessions(ctx, after, 5000)
		cancel()
		if err != nil {
			if r.s.ctx.Err() == nil {
				r.s.logLimited("rollup-sweep", "radius: looking for usage left to roll up failed", "err", err)
			}
			return
		}
		if len(ids) == 0 {
			return
		}
		r.mu.Lock()
		for _, id := range ids {
			if _, ok := r.pending[id]; !ok {
				r.pending[id] = 0
			}
		}
		r.mu.Unlock()
		after = ids[len(ids)-1]
	}
}

// runPass rolls up what is queued now and returns how many sessions were busy in another
// transaction: those stay queued (up to rollUpTries passes: the sweep finds any left
// behind), and everything stays queued when the roll-up fails.
func (r *roller) runPass(ctx context.Context) (int, error) {
	r.pass.Lock()
	defer r.pass.Unlock()
	r.mu.Lock()
	if len(r.pending) == 0 {
		r.mu.Unlock()
		return 0, nil
	}
	ids := make([]int, 0, len(r.pending))
	tries := make(map[int]int, len(r.pending))
	for id, n := range r.pending {
		ids = append(ids, id)
		tries[id] = n
	}
	clear(r.pending)
	r.mu.Unlock()

	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	start := time.Now()
	rolled, err := r.s.db.RollUp(wctx, ids)
	requeue := rolled.Busy
	if err != nil {
		requeue = ids
	}
	r.mu.Lock()
	for _, id := range requeue {
		if n := tries[id] + 1; n < rollUpTries || err != nil {
			if _, ok := r.pending[id]; !ok {
				r.pending[id] = n
			}
		}
	}
	r.mu.Unlock()
	if err != nil {
		return 0, err
	}
	r.s.m.rollUpTime.Observe(time.Since(start).Seconds())
	r.s.m.rolledUp.Add(float64(rolled.Sessions))
	return len(rolled.Busy), nil
}

// flush rolls up everything queued when it is called (after a pass already running), and
// tries again the sessions busy elsewhere (briefly: an accounting write or another
// instance's roll-up holds them) until none is or ctx ends.
func (r *roller) flush(ctx context.Context) error {
	for range rollUpTries {
		busy, err := r.runPass(ctx)
		if err != nil || busy == 0 {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
	return nil
}

// FlushRollUp rolls up, before it returns, the usage of every Interim, Start and Stop this
// instance has acknowledged: billing's cap enforcement and the cap alerts call it before
// they read period usage, so they see all of it. Usage acknowledged by other instances is
// there within RollUpBound.
func (s *Server) FlushRollUp(ctx context.Context) error {
	if s == nil || s.rollup == nil {
		return nil
	}
	return s.rollup.flush(ctx)
}

// RollUpQueued is how many sessions wait for their roll-up.
func (s *Server) RollUpQueued() int {
	if s.rollup == nil {
		return 0
	}
	return s.rollup.queued()
}
