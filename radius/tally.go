package radius

import (
	"context"
	"net/netip"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// TallyBucket is the width of one RadiusTally row: counts are kept per router, kind and
// reason (and, for drops, per source address) in buckets of this length.
const TallyBucket = 5 * time.Minute

// maxTallyKeys bounds the keys aggregated between two flushes. Past it a new source address
// is counted as "other" of its router and reason, so a flood from many addresses (forged
// sources, wrong secrets) grows no map: the keys left are routers × kinds × reasons.
const maxTallyKeys = 2048

// TallyOther is the source of the counts of addresses beyond the key bound.
const TallyOther = "other"

type tallyKey struct {
	bucket int64 // unix seconds / TallyBucket
	nasID  int
	src    netip.Addr // zero for accepts and rejects, and for "other"
	other  bool
	kind   radiustally.Kind
	reason string
}

type tallyVal struct {
	count int64
	last  int64 // unix nanoseconds
}

// tallies aggregates accepts, rejects and drops in memory and adds them to the database in
// one batch every interval. A failed batch is merged back (within the key bound) and retried.
type tallies struct {
	mu       sync.Mutex
	m        map[tallyKey]tallyVal
	write    func(ctx context.Context, rows []radiusdb.Tally) error
	interval time.Duration
	stop     chan struct{}
	done     chan struct{}
	onErr    func(error)
}

func newTallies(write func(ctx context.Context, rows []radiusdb.Tally) error, onErr func(error)) *tallies {
	return &tallies{m: make(map[tallyKey]tallyVal, 64), write: write, interval: 2 * time.Second,
		stop: make(chan struct{}), done: make(chan struct{}), onErr: onErr}
}

// add counts one packet. src matters for drops only (pass the zero Addr otherwise).
func (t *tallies) add(now time.Time, nasID int, src netip.Addr, kind radiustally.Kind, reason string) {
	k := tallyKey{bucket: now.Unix() / int64(TallyBucket/time.Second), nasID: nasID, src: src, kind: kind, reason: reason}
	ns := now.UnixNano()
	t.mu.Lock()
	t.addLocked(k, tallyVal{count: 1, last: ns})
	t.mu.Unlock()
}

func (t *tallies) addLocked(k tallyKey, v tallyVal) {
	cur, ok := t.m[k]
	if !ok && len(t.m) >= maxTallyKeys && k.src.IsValid() {
		k.src, k.other = netip.Addr{}, true
		cur, ok = t.m[k]
	}
	if !ok && len(t.m) >= maxTallyKeys+maxTallyKeys/2 {
		return // only routers × kinds × reasons past the bound: cannot grow further in practice
	}
	cur.count += v.count
	cur.last = max(cur.last, v.last)
	t.m[k] = cur
}

// size is the number of keys held.
func (t *tallies) size() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.m)
}

func (t *tallies) run() {
	defer close(t.done)
	tick := time.NewTicker(t.interval)
	defer tick.Stop()
	for {
		select {
		case <-t.stop:
			_ = t.flush()
			return
		case <-tick.C:
			if err := t.flush(); err != nil && t.onErr != nil {
				t.onErr(err)
			}
		}
	}
}

// flush writes what was aggregated since the last flush.
func (t *tallies) flush() error {
	t.mu.Lock()
	if len(t.m) == 0 {
		t.mu.Unlock()
		return nil
	}
	taken := t.m
	t.m = make(map[tallyKey]tallyVal, len(taken))
	t.mu.Unlock()
	rows := make([]radiusdb.Tally, 0, len(taken))
	for k, v := range taken {
		rows = append(rows, tallyRow(k, v))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := t.write(ctx, rows)
	if err != nil {
		t.mu.Lock()
		for k, v := range taken {
			t.addLocked(k, v)
		}
		t.mu.Unlock()
	}
	return err
}

func tallyRow(k tallyKey, v tallyVal) radiusdb.Tally {
	src := ""
	switch {
	case k.other:
		src = TallyOther
	case k.src.IsValid():
		src = k.src.Unmap().String()
	}
	return radiusdb.Tally{Bucket: time.Unix(k.bucket*int64(TallyBucket/time.Second), 0).UTC(), NasID: k.nasID,
		Source: src, Kind: k.kind, Reason: k.reason, Count: v.count, LastAt: time.Unix(0, v.last).UTC()}
}

// close writes what is left and stops.
func (t *tallies) close() {
	select {
	case <-t.stop:
	default:
		close(t.stop)
	}
	<-t.done
}
