package radius

import (
	"context"
	"fmt"
	"sync"
	"time"

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
// customer's period_start) of the given customers, by customer id.
func loadExtras(ctx context.Context, st *store.Store, periodStart map[int]time.Time) (map[int]int64, error) {
	out := map[int]int64{}
	ids := make([]int, 0, len(periodStart))
	for id := range periodStart {
		ids = append(ids, id)
	}
	for _, part := range chunks(ids, 1000) {
		rows, err := st.Client.DataTopup.Query().Where(datatopup.CustomerIDIn(part...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading data top-ups: %w", err)
		}
		for _, r := range rows {
			if !r.CreatedAt.Before(periodStart[r.CustomerID]) {
				out[r.CustomerID] += r.Bytes
			}
		}
	}
	return out, nil
}

// addExtras sets the top-ups of the subscribers in subs.
func (s *snapshot) addExtras(ctx context.Context, st *store.Store, subs map[int]*subscriber) error {
	starts := make(map[int]time.Time, len(subs))
	for id, sub := range subs {
		starts[id] = sub.periodStart
	}
	extras, err := loadExtras(ctx, st, starts)
	if err != nil {
		return err
	}
	for id, b := range extras {
		subs[id].extraBytes = b
	}
	return nil
}
