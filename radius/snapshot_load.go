package radius

import (
	"context"
	"fmt"
	"net/netip"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// clampUsage reads the customers' period usage bounded to store.MaxCounter, so a counter an
// old overflow left out of bounds (a REAL on SQLite) is read at the ceiling rather than
// failing the query of every customer.
var clampUsage = counter.ClampedColumns(customer.Columns, customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut)

// loadCustomers reads the customers with the given ids (every customer when ids is nil), in
// chunks of 1000. A chunk whose query fails on a row it cannot read is read again one row at
// a time: the unreadable rows are left out, reported to s.skip (logged with their id and
// counted) and returned in skipped, and the others are loaded. Only a database that cannot
// be reached fails the load.
func (s *snapshot) loadCustomers(ctx context.Context, st *store.Store, ids []int) (rows []*ent.Customer, skipped map[int]bool, err error) {
	query := func(where ...int) ([]*ent.Customer, error) {
		q := st.Client.Customer.Query()
		if where != nil {
			q.Where(customer.IDIn(where...))
		}
		q.Modify(clampUsage)
		return q.All(ctx)
	}
	if ids == nil {
		if rows, err = query(); err == nil || ctx.Err() != nil || store.IsUnavailable(err) {
			return rows, nil, wrapLoad(err)
		}
		// A row cannot be read: find it, chunk by chunk.
		if ids, err = st.Client.Customer.Query().IDs(ctx); err != nil {
			return nil, nil, wrapLoad(err)
		}
		rows = nil
	}
	for _, part := range chunks(ids, 1000) {
		got, err := query(part...)
		if err == nil {
			rows = append(rows, got...)
			continue
		}
		if ctx.Err() != nil || store.IsUnavailable(err) {
			return nil, nil, wrapLoad(err)
		}
		for _, id := range part {
			one, err := query(id)
			switch {
			case err == nil:
				rows = append(rows, one...)
			case ctx.Err() != nil || store.IsUnavailable(err):
				return nil, nil, wrapLoad(err)
			default:
				if skipped == nil {
					skipped = map[int]bool{}
				}
				skipped[id] = true
				if s.skip != nil {
					s.skip("customer", id, err)
				}
			}
		}
	}
	return rows, skipped, nil
}

func wrapLoad(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("loading customers: %w", err)
}

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
	customers, _, err := s.loadCustomers(ctx, st, nil)
	if err != nil {
		return err
	}
	open, err := st.Client.Session.Query().Where(session.Open(true), session.CustomerIDNotNil()).
		Select(session.FieldID, session.FieldAcctKey, session.FieldCustomerID, session.FieldNasID, session.FieldUpdatedAt,
			session.FieldCallingStationID).All(ctx)
	if err != nil {
		return fmt.Errorf("loading open sessions: %w", err)
	}
	byName := make(map[string]*subscriber, len(customers))
	byID := make(map[int]*subscriber, len(customers))
	bad := 0
	for _, c := range customers {
		sub := newSubscriber(c, box)
		if sub.passwordErr {
			bad++
		}
		byName[sub.username] = sub
		byID[sub.id] = sub
	}
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
	sessions := map[int]map[string]*openSession{}
	sessIDs := make(map[int]sessRef, len(open))
	for _, o := range open {
		sessIDs[o.ID] = sessRef{*o.CustomerID, o.AcctKey}
		m := sessions[*o.CustomerID]
		if m == nil {
			m = map[string]*openSession{}
			sessions[*o.CustomerID] = m
		}
		m[o.AcctKey] = &openSession{id: o.ID, nasID: o.NasID, updated: o.UpdatedAt, mac: normMACPtr(o.CallingStationID)}
	}
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
	rows, skipped, err := s.loadCustomers(ctx, st, ids)
	if err != nil {
		return err
	}
	found := make(map[int]*subscriber, len(rows))
	for _, c := range rows {
		found[c.ID] = newSubscriber(c, box)
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
