package radius

import (
	"context"
	"strconv"
	"time"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/lease"
)

// The server's background loops: the change-feed poller, the event applier, the reaper and
// the NAS last-seen writer.

// pollLoop follows the change feed.
func (s *Server) pollLoop(p *changePoller) {
	defer s.background.Done()
	t := time.NewTicker(s.pollEvery)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		now := time.Now()
		ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
		cs, ids, err := p.poll(ctx, s.st, now)
		if err == nil && !cs.empty() {
			err = s.snap.apply(ctx, s.st, s.box, cs, s.m)
		}
		cancel()
		if err != nil {
			if s.ctx.Err() == nil {
				s.logLimited("poll", "radius: refreshing snapshot", "err", err)
			}
			continue
		}
		p.done(ids, now)
	}
}

// eventLoop applies events: changes made in this process are seen at once, sessions
// handled by other instances update the open-session counts, and the customers whose usage
// another instance counted are reloaded (their period usage decides caps) once that
// instance's roll-up has had RollUpBound to move it into period usage.
func (s *Server) eventLoop(evs <-chan events.Event) {
	defer s.background.Done()
	usageMoved := map[int]time.Time{} // customer → when its usage first moved elsewhere
	reload := time.NewTicker(250 * time.Millisecond)
	defer reload.Stop()
	for {
		select {
		case e, ok := <-evs:
			if !ok {
				return
			}
			s.applyEvent(e, usageMoved)
		case now := <-reload.C:
			cs := &changeSet{}
			for id, at := range usageMoved {
				if now.Sub(at) >= RollUpBound {
					cs.customers = append(cs.customers, id)
					delete(usageMoved, id)
				}
			}
			if len(cs.customers) > 0 {
				s.applyChanges(cs, "usage counted elsewhere")
			}
		}
	}
}

// applyEvent applies one event; customers whose usage moved on another instance are added
// to usageMoved.
func (s *Server) applyEvent(e events.Event, usageMoved map[int]time.Time) {
	moved := func(id int) {
		if _, ok := usageMoved[id]; !ok {
			usageMoved[id] = time.Now()
		}
	}
	cs := &changeSet{}
	switch e.Kind {
	case events.CustomerChanged:
		cs.customers = append(cs.customers, e.CustomerID)
	case events.ProfileChanged:
		cs.profiles = append(cs.profiles, e.EntityID)
	case events.NasChanged:
		cs.nases = append(cs.nases, e.NasID)
	case events.SettingChanged:
		cs.settings = true
	case events.SessionStopped:
		// Closed by nas/ (reconcile, disconnect) or by another instance: stop counting it.
		s.snap.dropSessionID(e.SessionID)
		if e.Origin != "" && e.CustomerID != 0 {
			moved(e.CustomerID)
		}
	case events.SessionStarted:
		// Started on another instance: count it at once (no query); its Stop event, or
		// the database check on an at-limit login, removes it.
		if e.Origin != "" && e.SessionID != 0 && e.CustomerID != 0 {
			at := e.At
			if at.IsZero() {
				at = time.Now()
			}
			s.snap.putSession(e.CustomerID, "remote:"+strconv.Itoa(e.SessionID), &openSession{id: e.SessionID, nasID: e.NasID, updated: at})
		}
	case events.SessionUpdated:
		if e.Origin != "" && e.SessionID != 0 {
			s.snap.touchSessionID(e.SessionID, e.At)
			if e.CustomerID != 0 {
				moved(e.CustomerID)
			}
		}
	}
	if !cs.empty() {
		s.applyChanges(cs, string(e.Kind))
	}
}

// applyChanges reloads what cs names into the snapshot.
func (s *Server) applyChanges(cs *changeSet, why string) {
	ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
	defer cancel()
	if err := s.snap.apply(ctx, s.st, s.box, cs, s.m); err != nil && s.ctx.Err() == nil {
		s.logLimited("event", "radius: applying event", "kind", why, "err", err)
	}
}

// reapLoop closes stale sessions, on one instance at a time.
func (s *Server) reapLoop() {
	defer s.background.Done()
	t := time.NewTicker(s.reapEvery)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		if _, err := lease.Run(s.ctx, s.st, "radius-reaper", s.reap); err != nil && s.ctx.Err() == nil {
			s.logLimited("reap", "radius: reaping stale sessions", "err", err)
		}
	}
}

// reap closes the open sessions with no accounting for StaleIntervals interim intervals.
func (s *Server) reap(ctx context.Context) error {
	stale := s.snap.tunables().stale
	if stale <= 0 {
		return nil
	}
	closed, err := s.db.CloseStale(ctx, time.Now().UTC().Add(-stale))
	if err != nil {
		return err
	}
	now := time.Now().UTC()
	keys := make([]closedKey, 0, len(closed))
	for _, c := range closed {
		s.snap.dropSession(c.CustomerID, c.Key)
		keys = append(keys, closedKey{c.NasID, c.Username, c.SessionID, c.NasPort})
	}
	if err := s.reapAddresses(ctx, keys, now.Add(-stale)); err != nil {
		s.logLimited("reap-pool", "radius: freeing pool addresses", "err", err)
	}
	for _, c := range closed {
		s.bus.Publish(s.sessionEvent(events.SessionStopped, &c.Session, now))
	}
	if len(closed) > 0 {
		s.m.reaped.Add(float64(len(closed)))
		s.log.Info("radius: closed stale sessions", "sessions", len(closed), "older_than", stale.String())
	}
	return nil
}

// seenLoop writes nas.last_seen_at, at most every few seconds per NAS, off the packet path.
func (s *Server) seenLoop() {
	defer s.background.Done()
	t := time.NewTicker(s.seenEvery)
	defer t.Stop()
	written := map[int]int64{}
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
		}
		s.snap.mu.RLock()
		var due []*nasInfo
		for id, n := range s.snap.nasByID {
			if v := n.seen.Load(); v > written[id] {
				due = append(due, n)
			}
		}
		s.snap.mu.RUnlock()
		for _, n := range due {
			v := n.seen.Load()
			ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
			err := s.db.MarkNasSeen(ctx, n.id, time.Unix(0, v))
			cancel()
			if err != nil {
				if s.ctx.Err() == nil {
					s.logLimited("seen", "radius: updating NAS last seen", "err", err)
				}
				break
			}
			written[n.id] = v
		}
	}
}
