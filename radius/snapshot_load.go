package radius

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// skipRow is the snapshot's skip report of a server: a log line with the row's id (at most
// one per row every 10 s) and a count in linedesk_radius_snapshot_skipped_total.
func (s *Server) skipRow(entity string, id int, err error) {
	s.m.skipped.WithLabelValues(entity).Inc()
	s.logLimitedKey("skip/"+entity+"/"+strconv.Itoa(id), "radius: the snapshot skipped a row it cannot read",
		entity, id, "err", err)
}

// loadAll reads everything; used at start.
func (s *snapshot) loadAll(ctx context.Context, st *store.Store, box decrypter) error {
	vals, err := settings.Load(ctx, st.Client)
	if err != nil {
		return err
	}
	profiles, err := st.Client.Profile.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("loading profiles: %w", err)
	}
	nases, err := st.Client.Nas.Query().Where(nas.ArchivedAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("loading NAS records: %w", err)
	}
	subs, _, err := s.loadCustomers(ctx, st, box, nil)
	if err != nil {
		return err
	}
	open, err := loadOpenSessions(ctx, st)
	if err != nil {
		return err
	}
	byName, byID, bad := indexSubscribers(subs)
	if err := s.addPerCustomer(ctx, st, byID); err != nil {
		return err
	}
	profs := make(map[int]*planInfo, len(profiles))
	for _, p := range profiles {
		profs[p.ID] = &planInfo{p: p, rateLimit: plan.RateLimit(p)}
	}
	nasByIP, nasByID := map[netip.Addr]*nasInfo{}, map[int]*nasInfo{}
	var nasErrs []string
	for _, n := range nases {
		ni, err := newNasInfo(n, box)
		if err != nil {
			nasErrs = append(nasErrs, err.Error())
			continue
		}
		nasByIP[ni.ip] = ni
		nasByID[ni.id] = ni
	}
	sessions, sessIDs := indexSessions(open)
	s.mu.Lock()
	s.byName, s.byID, s.profiles, s.nasByIP, s.nasByID = byName, byID, profs, nasByIP, nasByID
	s.tune = tunablesOf(vals)
	s.decodeErr = bad
	s.mu.Unlock()
	s.smu.Lock()
	s.sessions, s.sessByID = sessions, sessIDs
	s.smu.Unlock()
	if err := s.loadPlanExtras(ctx, st); err != nil {
		return err
	}
	if len(nasErrs) > 0 {
		return &nasLoadError{msgs: nasErrs}
	}
	return nil
}

// indexSubscribers files subscribers by user name and by id, and counts those whose password
// could not be decrypted.
func indexSubscribers(subs []*subscriber) (byName map[string]*subscriber, byID map[int]*subscriber, bad int) {
	byName = make(map[string]*subscriber, len(subs))
	byID = make(map[int]*subscriber, len(subs))
	for _, sub := range subs {
		if sub.passwordErr {
			bad++
		}
		byName[sub.username] = sub
		byID[sub.id] = sub
	}
	return byName, byID, bad
}

// nasLoadError lists NAS records that could not be loaded (they are ignored, not fatal).
type nasLoadError struct{ msgs []string }

func (e *nasLoadError) Error() string { return strings.Join(e.msgs, "; ") }

// changeSet is what a poll or an event says must be reloaded.
type changeSet struct {
	customers, profiles, nases []int
	settings                   bool
}

func (c *changeSet) empty() bool {
	return len(c.customers)+len(c.profiles)+len(c.nases) == 0 && !c.settings
}

func (c *changeSet) add(entity string, id int) {
	switch entity {
	case store.EntityCustomer:
		c.customers = append(c.customers, id)
	case store.EntityProfile:
		c.profiles = append(c.profiles, id)
	case store.EntityNas:
		c.nases = append(c.nases, id)
	case store.EntitySetting:
		c.settings = true
	}
}

// apply reloads the entities named by cs. Reloading is idempotent.
func (s *snapshot) apply(ctx context.Context, st *store.Store, box decrypter, cs *changeSet, m *metrics) error {
	if cs.settings {
		if err := s.applySettings(ctx, st, m); err != nil {
			return err
		}
	}
	for _, ids := range chunks(dedupe(cs.profiles), 1000) {
		if err := s.applyProfiles(ctx, st, ids, m); err != nil {
			return err
		}
	}
	for _, ids := range chunks(dedupe(cs.nases), 1000) {
		if err := s.applyNases(ctx, st, box, ids, m); err != nil {
			return err
		}
	}
	for _, ids := range chunks(dedupe(cs.customers), 1000) {
		if err := s.applyCustomers(ctx, st, box, ids, m); err != nil {
			return err
		}
	}
	return nil
}

func (s *snapshot) applySettings(ctx context.Context, st *store.Store, m *metrics) error {
	vals, err := settings.Load(ctx, st.Client)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.tune = tunablesOf(vals)
	s.mu.Unlock()
	if err := s.loadWindows(ctx, st); err != nil {
		return err
	}
	m.snapshotLoads.WithLabelValues("setting").Inc()
	return nil
}

func (s *snapshot) applyProfiles(ctx context.Context, st *store.Store, ids []int, m *metrics) error {
	rows, err := st.Client.Profile.Query().Where(profile.IDIn(ids...)).All(ctx)
	if err != nil {
		return fmt.Errorf("reloading profiles: %w", err)
	}
	found := map[int]*planInfo{}
	for _, p := range rows {
		found[p.ID] = &planInfo{p: p, rateLimit: plan.RateLimit(p)}
	}
	if err := s.loadPlanExtras(ctx, st); err != nil {
		return err
	}
	s.mu.Lock()
	for _, id := range ids {
		if p := found[id]; p != nil {
			s.profiles[id] = p
		} else {
			delete(s.profiles, id)
		}
	}
	s.mu.Unlock()
	m.snapshotLoads.WithLabelValues("profile").Add(float64(len(ids)))
	return nil
}

// applyNases reloads NAS records; a record that cannot be used (bad address, secret that
// cannot be decrypted) is dropped and reported after the others are applied.
func (s *snapshot) applyNases(ctx context.Context, st *store.Store, box decrypter, ids []int, m *metrics) error {
	rows, err := st.Client.Nas.Query().Where(nas.IDIn(ids...), nas.ArchivedAtIsNil()).All(ctx)
	if err != nil {
		return fmt.Errorf("reloading NAS records: %w", err)
	}
	found := map[int]*nasInfo{}
	var loadErr error
	for _, n := range rows {
		ni, err := newNasInfo(n, box)
		if err != nil {
			loadErr = err
			continue
		}
		found[n.ID] = ni
	}
	s.mu.Lock()
	for _, id := range ids {
		old := s.nasByID[id]
		if old != nil {
			delete(s.nasByIP, old.ip)
			delete(s.nasByID, id)
		}
		if ni := found[id]; ni != nil {
			if old != nil {
				ni.seen.Store(old.seen.Load())
			}
			s.nasByIP[ni.ip] = ni
			s.nasByID[id] = ni
		}
	}
	s.mu.Unlock()
	m.snapshotLoads.WithLabelValues("nas").Add(float64(len(ids)))
	return loadErr
}

func (s *snapshot) applyCustomers(ctx context.Context, st *store.Store, box decrypter, ids []int, m *metrics) error {
	subs, skipped, err := s.loadCustomers(ctx, st, box, ids)
	if err != nil {
		return err
	}
	found := make(map[int]*subscriber, len(subs))
	for _, sub := range subs {
		found[sub.id] = sub
	}
	if err := s.addPerCustomer(ctx, st, found); err != nil {
		return err
	}
	s.mu.Lock()
	for _, id := range ids {
		if skipped[id] {
			continue // unreadable now: keep what was loaded before
		}
		if old := s.byID[id]; old != nil {
			delete(s.byName, old.username)
			delete(s.byID, id)
		}
		if sub := found[id]; sub != nil {
			s.byName[sub.username] = sub
			s.byID[id] = sub
		}
	}
	s.mu.Unlock()
	m.snapshotLoads.WithLabelValues("customer").Add(float64(len(ids)))
	return nil
}

// addPerCustomer sets what the subscribers in subs get besides their row: the period's data
// top-ups (windows.go) and their own IPv6 (ipv6grant.go).
func (s *snapshot) addPerCustomer(ctx context.Context, st *store.Store, subs map[int]*subscriber) error {
	if err := s.addExtras(ctx, st, subs); err != nil {
		return err
	}
	return addCustomerIPv6(ctx, st, subs)
}

// loadPlanExtras reloads what plans have besides their row: time windows (windows.go) and
// IPv6 (ipv6grant.go).
func (s *snapshot) loadPlanExtras(ctx context.Context, st *store.Store) error {
	if err := s.loadWindows(ctx, st); err != nil {
		return err
	}
	return s.loadPlanIPv6(ctx, st)
}
