// Package nas is the only part of linedesk that sends anything to routers. Service drops a
// customer's sessions (RFC 5176 Disconnect-Request, or the RouterOS API), re-shapes them
// when the plan changes (CoA-Request with the new Mikrotik-Rate-Limit, falling back to a
// disconnect when the router refuses), reconciles the router's /ppp/active list with the open
// sessions in the database, and keeps each router's API health up to date.
//
// Routers are always contacted outside database transactions: callers commit first.
package nas

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/routeros"
)

// Outcome is what happened to one session (GraphQL's ActionOutcome).
type Outcome string

// Outcomes.
const (
	ACK        Outcome = "ACK"         // the router acknowledged (Disconnect-ACK or CoA-ACK)
	NAK        Outcome = "NAK"         // the router refused
	Timeout    Outcome = "TIMEOUT"     // the router did not answer
	APIRemoved Outcome = "API_REMOVED" // removed through the RouterOS API
	Pending    Outcome = "PENDING"     // another request for this session is under way
	Error      Outcome = "ERROR"       // could not ask (no secret, unreachable, bad answers)
)

// SessionResult is what happened to one open session.
type SessionResult struct {
	SessionID int
	Outcome   Outcome
	Message   string // for staff, e.g. "router did not answer"
}

// Service talks to routers on behalf of GraphQL and billing.
type Service struct {
	st  *store.Store
	box *secret.Box
	bus *events.Bus
	log *slog.Logger

	// CoA is the Disconnect/CoA client (timeouts and retries); change before first use.
	CoA coa.Client
	// APIDialTimeout and APIIOTimeout bound RouterOS API connections and commands.
	APIDialTimeout, APIIOTimeout time.Duration
	// ReconcileInterval and HealthInterval pace Run.
	ReconcileInterval, HealthInterval time.Duration
	// TerminateCause is recorded on sessions closed by reconciliation.
	TerminateCause string
	// StopWait is how long Disconnect waits, after the router acknowledged, for the router's
	// accounting Stop to close the session, so that callers see the customer OFFLINE.
	StopWait time.Duration

	mu       sync.Mutex
	routers  map[int]*apiEntry
	checked  map[int]string // checkKey of each router's settings when its API was last checked
	inflight map[int]bool
	m        *metrics
}

type apiEntry struct {
	key    string // connKey of the settings the client was made with
	client *routeros.Client
}

// NewService makes the service. bus and logger may be nil.
func NewService(st *store.Store, box *secret.Box, bus *events.Bus, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{
		st: st, box: box, bus: bus, log: logger,
		CoA:               coa.Client{Timeout: time.Second, Retries: 2},
		APIDialTimeout:    5 * time.Second,
		APIIOTimeout:      10 * time.Second,
		ReconcileInterval: 5 * time.Minute,
		HealthInterval:    time.Minute,
		TerminateCause:    "Lost-Carrier (reconciled)",
		StopWait:          2 * time.Second,
		routers:           map[int]*apiEntry{},
		checked:           map[int]string{},
		inflight:          map[int]bool{},
		m:                 newMetrics(st),
	}
}

func (s *Service) publish(e events.Event) {
	if s.bus != nil {
		s.bus.Publish(e)
	}
}

// openSessions loads a customer's open sessions with their routers.
func (s *Service) openSessions(ctx context.Context, customerID int) ([]*ent.Session, error) {
	list, err := s.st.Client.Session.Query().
		Where(session.CustomerID(customerID), session.Open(true)).
		WithNas().Order(ent.Asc(session.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("nas: loading open sessions of customer %d: %w", customerID, err)
	}
	return list, nil
}

// forEach runs fn for every session at once (a customer rarely has more than one) and keeps
// the results in order. A session already being acted on is reported PENDING.
func (s *Service) forEach(ctx context.Context, list []*ent.Session, fn func(ctx context.Context, sess *ent.Session) SessionResult) []SessionResult {
	out := make([]SessionResult, len(list))
	var wg sync.WaitGroup
	for i, sess := range list {
		s.mu.Lock()
		busy := s.inflight[sess.ID]
		if !busy {
			s.inflight[sess.ID] = true
		}
		s.mu.Unlock()
		if busy {
			out[i] = SessionResult{SessionID: sess.ID, Outcome: Pending, Message: "another request for this session is under way"}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				s.mu.Lock()
				delete(s.inflight, sess.ID)
				s.mu.Unlock()
			}()
			r := fn(ctx, sess)
			r.SessionID = sess.ID
			out[i] = r
		}()
	}
	wg.Wait()
	return out
}

// Disconnect drops every open session of the customer, each through its router's configured
// method. No open session gives an empty result, not an error.
func (s *Service) Disconnect(ctx context.Context, customerID int) ([]SessionResult, error) {
	list, err := s.openSessions(ctx, customerID)
	if err != nil {
		return nil, err
	}
	res := s.forEach(ctx, list, s.disconnect)
	s.logResults("disconnect", customerID, res)
	s.awaitStops(ctx, res)
	return res, nil
}

// awaitStops waits up to StopWait for the sessions a router dropped to be closed by its
// accounting Stop. Results are not changed: the router already acknowledged.
func (s *Service) awaitStops(ctx context.Context, res []SessionResult) {
	var ids []int
	for _, r := range res {
		if r.Outcome == ACK || r.Outcome == APIRemoved {
			ids = append(ids, r.SessionID)
		}
	}
	if len(ids) == 0 || s.StopWait <= 0 {
		return
	}
	deadline := time.Now().Add(s.StopWait)
	for {
		n, err := s.st.Client.Session.Query().Where(session.IDIn(ids...), session.Open(true)).Count(ctx)
		if err != nil || n == 0 || time.Now().After(deadline) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// ApplyProfile pushes the customer's current effective plan (the after-cap profile while the
// data cap is applied) to its open sessions with a CoA; when a router refuses the CoA, the
// session is disconnected so the customer re-authenticates on the new plan.
func (s *Service) ApplyProfile(ctx context.Context, customerID int) ([]SessionResult, error) {
	c, err := s.st.Client.Customer.Query().Where(customer.ID(customerID)).WithProfile().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("nas: loading customer %d: %w", customerID, err)
	}
	p := c.Edges.Profile
	if c.CapApplied && p.AfterCapProfileID != nil {
		after, err := s.st.Client.Profile.Get(ctx, *p.AfterCapProfileID)
		if err != nil {
			return nil, fmt.Errorf("nas: loading after-cap profile %d: %w", *p.AfterCapProfileID, err)
		}
		p = after
	}
	vals, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return nil, fmt.Errorf("nas: loading settings: %w", err)
	}
	rate := plan.RateLimit(p)
	timeout := plan.SessionTimeout(time.Now(), c.ExpiresAt, vals.Seconds(settings.SessionTimeoutCap))
	list, err := s.openSessions(ctx, customerID)
	if err != nil {
		return nil, err
	}
	res := s.forEach(ctx, list, func(ctx context.Context, sess *ent.Session) SessionResult {
		return s.applyOne(ctx, sess, rate, timeout, p.Name)
	})
	s.logResults("apply profile", customerID, res)
	return res, nil
}

func (s *Service) logResults(what string, customerID int, res []SessionResult) {
	for _, r := range res {
		lvl := slog.LevelInfo
		if r.Outcome != ACK && r.Outcome != APIRemoved {
			lvl = slog.LevelWarn
		}
		s.log.Log(context.Background(), lvl, "nas: "+what, "customer", customerID, "session", r.SessionID, "outcome", string(r.Outcome), "message", r.Message)
	}
}

func hasAPI(n *ent.Nas) bool {
	return n.APIUser != nil && *n.APIUser != "" && n.APIPasswordEnc != nil && *n.APIPasswordEnc != ""
}

// request builds the Disconnect/CoA request naming sess on its router.
func (s *Service) request(sess *ent.Session, n *ent.Nas) (coa.Request, error) {
	sec, err := s.box.Decrypt(n.SecretEnc)
	if err != nil {
		return coa.Request{}, fmt.Errorf("the router's RADIUS secret cannot be read: %w", err)
	}
	req := coa.Request{
		Addr:          net.JoinHostPort(n.IPAddress, strconv.Itoa(n.CoaPort)),
		Secret:        []byte(sec),
		UserName:      sess.Username,
		AcctSessionID: sess.AcctSessionID,
		NASIP:         net.ParseIP(n.IPAddress),
	}
	if sess.FramedIP != nil {
		req.FramedIP = net.ParseIP(*sess.FramedIP)
	}
	return req, nil
}

func radiusResult(res coa.Result, what string) SessionResult {
	switch res.Outcome {
	case coa.ACK:
		return SessionResult{Outcome: ACK, Message: "router " + what}
	case coa.NAK:
		if res.ErrorCause == 503 {
			return SessionResult{Outcome: NAK, Message: "router does not know this session (Session-Context-Not-Found, 503)"}
		}
		return SessionResult{Outcome: NAK, Message: res.Message()}
	case coa.Timeout:
		return SessionResult{Outcome: Timeout, Message: "router did not answer"}
	default:
		return SessionResult{Outcome: Error, Message: res.Message()}
	}
}

func (s *Service) radiusDisconnect(ctx context.Context, sess *ent.Session, n *ent.Nas) SessionResult {
	req, err := s.request(sess, n)
	if err != nil {
		return SessionResult{Outcome: Error, Message: err.Error()}
	}
	res := s.CoA.Disconnect(ctx, req)
	s.m.observe("disconnect", string(res.Outcome), res.RTT)
	return radiusResult(res, "disconnected the session")
}

// disconnect drops one session by the router's method.
func (s *Service) disconnect(ctx context.Context, sess *ent.Session) SessionResult {
	n := sess.Edges.Nas
	switch {
	case n.DisconnectMethod == entnas.DisconnectMethodAPI && hasAPI(n):
		return s.apiRemove(ctx, sess, n)
	case n.DisconnectMethod == entnas.DisconnectMethodRADIUS_THEN_API && hasAPI(n):
		r := s.radiusDisconnect(ctx, sess, n)
		if r.Outcome == ACK {
			return r
		}
		a := s.apiRemove(ctx, sess, n)
		a.Message = "RADIUS: " + r.Message + "; API: " + a.Message
		return a
	default:
		r := s.radiusDisconnect(ctx, sess, n)
		if n.DisconnectMethod == entnas.DisconnectMethodAPI {
			r.Message += " (the router has no RouterOS API login, so RADIUS was used)"
		}
		return r
	}
}

// applyOne re-shapes one session, falling back to a disconnect as described on ApplyProfile.
func (s *Service) applyOne(ctx context.Context, sess *ent.Session, rate string, timeout uint32, profile string) SessionResult {
	n := sess.Edges.Nas
	if n.DisconnectMethod == entnas.DisconnectMethodAPI && hasAPI(n) {
		r := s.apiRemove(ctx, sess, n)
		if r.Outcome == APIRemoved {
			r.Message += "; the customer reconnects on " + profile
		}
		return r
	}
	req, err := s.request(sess, n)
	if err != nil {
		return SessionResult{Outcome: Error, Message: err.Error()}
	}
	req.RateLimit, req.SessionTimeout = rate, timeout
	res := s.CoA.CoA(ctx, req)
	s.m.observe("coa", string(res.Outcome), res.RTT)
	first := radiusResult(res, "applied "+profile+" ("+rate+")")
	switch res.Outcome {
	case coa.ACK:
		return first
	case coa.NAK:
		if res.ErrorCause == 503 {
			return first // the router has no such session: nothing to re-shape or drop
		}
		d := s.disconnect(ctx, sess)
		d.Message = "router refused the plan change (" + first.Message + "); fallback disconnect: " + d.Message +
			"; the customer reconnects on " + profile
		return d
	default:
		if n.DisconnectMethod == entnas.DisconnectMethodRADIUS_THEN_API && hasAPI(n) {
			a := s.apiRemove(ctx, sess, n)
			a.Message = "CoA: " + first.Message + "; API: " + a.Message
			if a.Outcome == APIRemoved {
				a.Message += "; the customer reconnects on " + profile
			}
			return a
		}
		return first
	}
}

// ErrNoAPI means the router has no RouterOS API login configured.
var ErrNoAPI = errors.New("nas: the router has no RouterOS API login")

func (s *Service) apiRemove(ctx context.Context, sess *ent.Session, n *ent.Nas) SessionResult {
	c, err := s.router(ctx, n)
	if err != nil {
		s.setAPIHealth(ctx, n, false, err)
		return SessionResult{Outcome: Error, Message: err.Error()}
	}
	start := time.Now()
	removed, err := c.RemoveActive(ctx, sess.Username, sess.AcctSessionID)
	switch {
	case err != nil:
		s.m.observe("api_remove", "ERROR", time.Since(start))
		s.setAPIHealth(ctx, n, !isNetErr(err), err)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return SessionResult{Outcome: Timeout, Message: "router's API did not answer"}
		}
		return SessionResult{Outcome: Error, Message: "RouterOS API: " + err.Error()}
	case removed == 0:
		s.m.observe("api_remove", "NAK", time.Since(start))
		s.setAPIHealth(ctx, n, true, nil)
		return SessionResult{Outcome: NAK, Message: "router has no active session for " + sess.Username}
	default:
		s.m.observe("api_remove", "API_REMOVED", time.Since(start))
		s.setAPIHealth(ctx, n, true, nil)
		return SessionResult{Outcome: APIRemoved, Message: "session removed through the RouterOS API"}
	}
}

func isNetErr(err error) bool {
	var ne net.Error
	var de *routeros.DeviceError
	return errors.As(err, &ne) || !errors.As(err, &de)
}

// ActiveSessions counts the NAS's open sessions in the database.
func (s *Service) ActiveSessions(ctx context.Context, nasID int) (int, error) {
	n, err := s.st.Client.Session.Query().Where(session.NasID(nasID), session.Open(true)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("nas: counting sessions of NAS %d: %w", nasID, err)
	}
	return n, nil
}

// Close drops the RouterOS API connections.
func (s *Service) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, e := range s.routers {
		_ = e.client.Close()
		delete(s.routers, id)
	}
}
