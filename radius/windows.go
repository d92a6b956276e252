package radius

import (
	"context"
	"fmt"
	"math"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/datatopup"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/windows"
)

// planWindows are the plans' time windows and the time zone they are read in: the
// Access-Accept carries the rate in force at login (the after-cap rate still wins, see dataCap).
type planWindows struct {
	mu        sync.RWMutex
	byProfile map[int][]plan.Window
	loc       *time.Location
}

// loadWindows reloads every plan's windows and the time zone (a small table: read whole on
// each plan or settings change).
func (s *snapshot) loadWindows(ctx context.Context, st *store.Store) error {
	all, err := windows.Load(ctx, st.Client)
	if err != nil {
		return err
	}
	vals, err := settings.Load(ctx, st.Client)
	if err != nil {
		return err
	}
	s.win.mu.Lock()
	s.win.byProfile, s.win.loc = all, vals.Location()
	s.win.mu.Unlock()
	return nil
}

// rateNow is plan p's Mikrotik-Rate-Limit at now: a window's rate while one is in force.
func (s *snapshot) rateNow(p *planInfo, now time.Time) string {
	s.win.mu.RLock()
	list, loc := s.win.byProfile[p.p.ID], s.win.loc
	s.win.mu.RUnlock()
	if len(list) == 0 || loc == nil {
		return p.rateLimit
	}
	return plan.RateAt(p.p, list, now, loc)
}

// loadExtras returns the data top-ups of the current period (created at or after the
// customer's period_start) of the subscribers in subs, by customer id.
func loadExtras(ctx context.Context, st *store.Store, subs map[int]*subscriber) (map[int]int64, error) {
	out := map[int]int64{}
	add := func(rows []*ent.DataTopup) {
		for _, r := range rows {
			if sub := subs[r.CustomerID]; sub != nil && r.CreatedAt.UnixNano() >= sub.periodStart {
				out[r.CustomerID] += r.Bytes
			}
		}
	}
	if len(subs) > 1000 {
		// A full load: one query for the top-ups since the earliest period start, not one
		// per thousand customers.
		since := int64(math.MaxInt64)
		for _, sub := range subs {
			since = min(since, sub.periodStart)
		}
		rows, err := st.Client.DataTopup.Query().Where(datatopup.CreatedAtGTE(time.Unix(0, since))).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading data top-ups: %w", err)
		}
		add(rows)
		return out, nil
	}
	ids := make([]int, 0, len(subs))
	for id := range subs {
		ids = append(ids, id)
	}
	for _, part := range chunks(ids, 1000) {
		rows, err := st.Client.DataTopup.Query().Where(datatopup.CustomerIDIn(part...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading data top-ups: %w", err)
		}
		add(rows)
	}
	return out, nil
}

// addExtras sets the top-ups of the subscribers in subs.
func (s *snapshot) addExtras(ctx context.Context, st *store.Store, subs map[int]*subscriber) error {
	extras, err := loadExtras(ctx, st, subs)
	if err != nil {
		return err
	}
	for id, b := range extras {
		subs[id].extraBytes = b
	}
	return nil
}
