package nas

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/lease"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/routeros"
)

// ReconcileReport is what a reconciliation found on one router.
type ReconcileReport struct {
	NasID          int
	At             time.Time
	RouterSessions int               // entries in /ppp/active
	OpenSessions   int               // open sessions in the database before closing
	Closed         []ClosedSession   // open in the database, gone from the router: now closed
	Missing        []routeros.Active // on the router, with no open session in the database
}

// ClosedSession is a session reconciliation closed.
type ClosedSession struct {
	SessionID     int
	CustomerID    int // 0 when the session has no customer
	Username      string
	AcctSessionID string
}

// Reconcile compares the router's /ppp/active with the open sessions in the database: the
// sessions the router no longer has are closed (with TerminateCause) and announced as
// events.SessionStopped; the router's sessions the database lacks are reported.
func (s *Service) Reconcile(ctx context.Context, nasID int) (ReconcileReport, error) {
	rep := ReconcileReport{NasID: nasID, At: time.Now().UTC()}
	n, err := s.st.Client.Nas.Get(ctx, nasID)
	if err != nil {
		return rep, fmt.Errorf("nas: loading NAS %d: %w", nasID, err)
	}
	c, err := s.router(ctx, n)
	if err != nil {
		s.setAPIHealth(ctx, n, false, err)
		return rep, fmt.Errorf("nas: reconciling %s: %w", n.Name, err)
	}
	// The database first: a session that starts after this query and is on the router is only
	// reported, never closed by mistake.
	open, err := s.st.Client.Session.Query().Where(session.NasID(nasID), session.Open(true)).All(ctx)
	if err != nil {
		return rep, fmt.Errorf("nas: loading open sessions of %s: %w", n.Name, err)
	}
	active, err := c.ListActive(ctx)
	if err != nil {
		s.setAPIHealth(ctx, n, false, err)
		return rep, fmt.Errorf("nas: reconciling %s: %w", n.Name, err)
	}
	s.setAPIHealth(ctx, n, true, nil)
	rep.RouterSessions, rep.OpenSessions = len(active), len(open)

	onRouter := map[string][]routeros.Active{}
	for _, a := range active {
		onRouter[a.Name] = append(onRouter[a.Name], a)
	}
	matched := map[string]bool{} // router .id → has a DB session
	now := time.Now().UTC()
	for _, sess := range open {
		found := false
		for _, a := range onRouter[sess.Username] {
			if a.SessionID == "" || routeros.SameSessionID(a.SessionID, sess.AcctSessionID) {
				found, matched[a.ID] = true, true
				break
			}
		}
		if found {
			continue
		}
		closed, err := s.closeSession(ctx, sess, n.Name, now)
		if err != nil {
			return rep, err
		}
		if closed {
			cs := ClosedSession{SessionID: sess.ID, Username: sess.Username, AcctSessionID: sess.AcctSessionID}
			if sess.CustomerID != nil {
				cs.CustomerID = *sess.CustomerID
			}
			rep.Closed = append(rep.Closed, cs)
		}
	}
	for _, a := range active {
		if !matched[a.ID] {
			rep.Missing = append(rep.Missing, a)
		}
	}
	s.m.reconciled(len(rep.Closed), len(rep.Missing))
	if len(rep.Closed) > 0 || len(rep.Missing) > 0 {
		names := make([]string, 0, len(rep.Missing))
		for _, a := range rep.Missing {
			names = append(names, a.Name)
		}
		s.log.Info("nas: reconciled", "nas", n.Name, "closed", len(rep.Closed), "missing_in_db", strings.Join(names, ","))
	}
	return rep, nil
}

// closeSession closes sess unless something (its Stop) closed it meanwhile.
func (s *Service) closeSession(ctx context.Context, sess *ent.Session, nasName string, now time.Time) (bool, error) {
	upd := s.st.Client.Session.UpdateOneID(sess.ID).Where(session.Open(true)).
		SetOpen(false).SetStoppedAt(now).SetTerminateCause(s.TerminateCause)
	if secs := int64(now.Sub(sess.StartedAt) / time.Second); secs > sess.SessionTime {
		upd.SetSessionTime(secs)
	}
	row, err := upd.Save(ctx)
	if ent.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("nas: closing session %d: %w", sess.ID, err)
	}
	e := events.Event{Kind: events.SessionStopped, SessionID: row.ID, NasID: row.NasID, Session: store.SessionPayload(row, nasName)}
	if row.CustomerID != nil {
		e.CustomerID = *row.CustomerID
		if state, err := store.CustomerState(ctx, s.st.Client, e.CustomerID); err == nil {
			e.Customer = state
		}
	}
	s.publish(e)
	return true, nil
}

// CheckHealth asks every router with an API login whether its API answers, and records it in
// nas.api_reachable (cleared for routers without a login).
func (s *Service) CheckHealth(ctx context.Context) error {
	list, err := s.st.Client.Nas.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("nas: listing routers: %w", err)
	}
	for _, n := range list {
		if !hasAPI(n) {
			if n.APIReachable != nil || n.APIError != nil {
				if err := s.st.Client.Nas.UpdateOneID(n.ID).ClearAPIReachable().ClearAPIError().Exec(ctx); err != nil {
					return fmt.Errorf("nas: clearing API health of %s: %w", n.Name, err)
				}
			}
			continue
		}
		s.checkOne(ctx, n)
	}
	return nil
}

// Run checks API health and reconciles every router with an API login periodically, each job
// on one instance at a time (lease.Run), until ctx ends. A router whose API settings change
// is checked at once (checkChanged).
func (s *Service) Run(ctx context.Context) {
	health := time.NewTicker(s.HealthInterval)
	defer health.Stop()
	rec := time.NewTicker(s.ReconcileInterval)
	defer rec.Stop()
	var changes <-chan events.Event
	if s.bus != nil {
		changes = s.bus.Subscribe(ctx)
	}
	s.runHealth(ctx)
	for {
		select {
		case <-ctx.Done():
			s.Close()
			return
		case <-health.C:
			s.runHealth(ctx)
		case <-rec.C:
			s.runReconcile(ctx)
		case e, ok := <-changes:
			if !ok {
				changes = nil
			} else if e.Kind == events.NasChanged && e.NasID != 0 {
				s.checkChanged(ctx, e.NasID)
			}
		}
	}
}

func (s *Service) runHealth(ctx context.Context) {
	if _, err := lease.Run(ctx, s.st, "nas-health", s.CheckHealth); err != nil && ctx.Err() == nil {
		s.log.Warn("nas: health check", "err", err)
	}
}

func (s *Service) runReconcile(ctx context.Context) {
	ids, err := s.st.Client.Nas.Query().Where(entnas.APIUserNotNil(), entnas.APIPasswordEncNotNil()).IDs(ctx)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Warn("nas: listing routers to reconcile", "err", err)
		}
		return
	}
	for _, id := range ids {
		_, err := lease.Run(ctx, s.st, fmt.Sprintf("nas-reconcile-%d", id), func(ctx context.Context) error {
			_, err := s.Reconcile(ctx, id)
			return err
		})
		if err != nil && ctx.Err() == nil {
			s.log.Warn("nas: reconciliation", "nas", id, "err", err)
		}
	}
}
