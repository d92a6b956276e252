// Package nas is the only part of linedesk that sends anything to routers. Service drops a
// customer's sessions (RFC 5176 Disconnect-Request, or the RouterOS API), re-shapes them
// when the plan changes (CoA-Request with the new Mikrotik-Rate-Limit, falling back to a
// disconnect when the router refuses), reconciles the router's /ppp/active list with the open
// sessions in the database, and keeps each router's API health up to date.
//
// Routers are always contacted outside database transactions: callers commit first. Each
// action has two entry points: one that takes the customer, its profile and its open sessions
// as the caller already loaded them (the customers service, which reads them once in its
// transaction), and one by customer id that loads them once (the billing scheduler). Both
// return one domain.SessionResult per open session.
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
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/routeros"
)

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

// withRouter returns sess's router: the one loaded with it (WithNas), else read now.
func (s *Service) withRouter(ctx context.Context, sess *ent.Session) (*ent.Nas, error) {
	if n, err := sess.Edges.NasOrErr(); err == nil {
		return n, nil
	}
	n, err := s.st.Client.Nas.Get(ctx, sess.NasID)
	if err != nil {
		return nil, fmt.Errorf("loading the session's router: %w", err)
	}
	sess.Edges.Nas = n
	return n, nil
}

// forEach runs fn for every session at once (a customer rarely has more than one) and keeps
// the results in order. A session already being acted on is reported PENDING.
func (s *Service) forEach(ctx context.Context, list []*ent.Session, fn func(ctx context.Context, sess *ent.Session) domain.SessionResult) []domain.SessionResult {
	out := make([]domain.SessionResult, len(list))
	var wg sync.WaitGroup
	for i, sess := range list {
		s.mu.Lock()
		busy := s.inflight[sess.ID]
		if !busy {
			s.inflight[sess.ID] = true
		}
		s.mu.Unlock()
		if busy {
			out[i] = domain.SessionResult{Session: sess, Outcome: domain.Pending, Message: "another request for this session is under way"}
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
			var r domain.SessionResult
			if _, err := s.withRouter(ctx, sess); err != nil {
				r = domain.SessionResult{Outcome: domain.Failed, Message: err.Error()}
			} else {
				r = fn(ctx, sess)
			}
			r.Session = sess
			out[i] = r
		}()
	}
	wg.Wait()
	return out
}

// Disconnect drops the open sessions open of the customer cu, as the caller loaded them
// (with their routers, WithNas), each through its router's configured method.
func (s *Service) Disconnect(ctx context.Context, cu *ent.Customer, open []*ent.Session) []domain.SessionResult {
	return s.disconnectAll(ctx, cu.ID, open)
}

// DisconnectCustomer loads the customer's open sessions and drops them (Disconnect). No open
// session gives an empty result, not an error.
func (s *Service) DisconnectCustomer(ctx context.Context, customerID int) ([]domain.SessionResult, error) {
	list, err := s.openSessions(ctx, customerID)
	if err != nil {
		return nil, err
	}
	return s.disconnectAll(ctx, customerID, list), nil
}

func (s *Service) disconnectAll(ctx context.Context, customerID int, open []*ent.Session) []domain.SessionResult {
	res := s.forEach(ctx, open, s.disconnect)
	s.logResults("disconnect", customerID, res)
	s.awaitStops(ctx, res)
	return res
}

// awaitStops waits up to StopWait for the sessions a router dropped to be closed by its
// accounting Stop. Results are not changed: the router already acknowledged.
func (s *Service) awaitStops(ctx context.Context, res []domain.SessionResult) {
	var ids []int
	for _, r := range res {
		if r.Outcome == domain.ACK || r.Outcome == domain.APIRemoved {
			ids = append(ids, r.Session.ID)
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

// ApplyProfile pushes the plan of customer cu to its open sessions open with a CoA; the
// caller loaded cu, its profile p and the sessions (with their routers, WithNas). While the
// data cap is applied the after-cap profile is the plan (read here, the one row the caller
// could not know it needs). When a router refuses the CoA, the session is disconnected so
// the customer re-authenticates on the new plan.
func (s *Service) ApplyProfile(ctx context.Context, cu *ent.Customer, p *ent.Profile, open []*ent.Session) []domain.SessionResult {
	if len(open) == 0 {
		return []domain.SessionResult{}
	}
	p, err := s.effective(ctx, cu, p)
	var vals settings.Values
	if err == nil {
		vals, err = settings.Load(ctx, s.st.Client)
	}
	if err != nil {
		s.log.Error("nas: apply profile", "customer", cu.ID, "err", err)
		res := make([]domain.SessionResult, len(open))
		for i, sess := range open {
			res[i] = domain.SessionResult{Session: sess, Outcome: domain.Failed, Message: "the plan could not be read; see the server log"}
		}
		return res
	}
	rate := plan.RateLimit(p)
	timeout := plan.SessionTimeout(time.Now(), cu.ExpiresAt, vals.Seconds(settings.SessionTimeoutCap))
	res := s.forEach(ctx, open, func(ctx context.Context, sess *ent.Session) domain.SessionResult {
		return s.applyOne(ctx, sess, rate, timeout, p.Name)
	})
	s.logResults("apply profile", cu.ID, res)
	return res
}

// effective returns the plan in force for cu on profile p: the after-cap profile while the
// data cap is applied.
func (s *Service) effective(ctx context.Context, cu *ent.Customer, p *ent.Profile) (*ent.Profile, error) {
	if !cu.CapApplied || p.AfterCapProfileID == nil {
		return p, nil
	}
	after, err := s.st.Client.Profile.Get(ctx, *p.AfterCapProfileID)
	if err != nil {
		return nil, fmt.Errorf("nas: loading after-cap profile %d: %w", *p.AfterCapProfileID, err)
	}
	return after, nil
}

// ApplyCustomerProfile loads the customer with its profile and open sessions once and pushes
// its current effective plan to them (ApplyProfile).
func (s *Service) ApplyCustomerProfile(ctx context.Context, customerID int) ([]domain.SessionResult, error) {
	c, err := s.st.Client.Customer.Query().Where(customer.ID(customerID)).
		WithProfile().Only(ctx)
	if err != nil {
		return nil, fmt.Errorf("nas: loading customer %d: %w", customerID, err)
	}
	list, err := s.openSessions(ctx, customerID)
	if err != nil {
		return nil, err
	}
	return s.ApplyProfile(ctx, c, c.Edges.Profile, list), nil
}

func (s *Service) logResults(what string, customerID int, res []domain.SessionResult) {
	for _, r := range res {
		lvl := slog.LevelInfo
		if r.Outcome != domain.ACK && r.Outcome != domain.APIRemoved {
			lvl = slog.LevelWarn
		}
		s.log.Log(context.Background(), lvl, "nas: "+what, "customer", customerID, "session", r.Session.ID, "outcome", string(r.Outcome), "message", r.Message)
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

func radiusResult(res coa.Result, what string) domain.SessionResult {
	switch res.Outcome {
	case coa.ACK:
		return domain.SessionResult{Outcome: domain.ACK, Message: "router " + what}
	case coa.NAK:
		if res.ErrorCause == 503 {
			return domain.SessionResult{Outcome: domain.NAK, Message: "router does not know this session (Session-Context-Not-Found, 503)"}
		}
		return domain.SessionResult{Outcome: domain.NAK, Message: res.Message()}
	case coa.Timeout:
		return domain.SessionResult{Outcome: domain.Timeout, Message: "router did not answer"}
	default:
		return domain.SessionResult{Outcome: domain.Failed, Message: res.Message()}
	}
}

func (s *Service) radiusDisconnect(ctx context.Context, sess *ent.Session, n *ent.Nas) domain.SessionResult {
	req, err := s.request(sess, n)
	if err != nil {
		return domain.SessionResult{Outcome: domain.Failed, Message: err.Error()}
	}
	res := s.CoA.Disconnect(ctx, req)
	s.m.observe("disconnect", string(res.Outcome), res.RTT)
	return radiusResult(res, "disconnected the session")
}

// disconnect drops one session by the router's method.
func (s *Service) disconnect(ctx context.Context, sess *ent.Session) domain.SessionResult {
	n := sess.Edges.Nas
	switch {
	case n.DisconnectMethod == entnas.DisconnectMethodAPI && hasAPI(n):
		return s.apiRemove(ctx, sess, n)
	case n.DisconnectMethod == entnas.DisconnectMethodRADIUS_THEN_API && hasAPI(n):
		r := s.radiusDisconnect(ctx, sess, n)
		if r.Outcome == domain.ACK {
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
func (s *Service) applyOne(ctx context.Context, sess *ent.Session, rate string, timeout uint32, profile string) domain.SessionResult {
	n := sess.Edges.Nas
	if n.DisconnectMethod == entnas.DisconnectMethodAPI && hasAPI(n) {
		r := s.apiRemove(ctx, sess, n)
		if r.Outcome == domain.APIRemoved {
			r.Message += "; the customer reconnects on " + profile
		}
		return r
	}
	req, err := s.request(sess, n)
	if err != nil {
		return domain.SessionResult{Outcome: domain.Failed, Message: err.Error()}
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
			if a.Outcome == domain.APIRemoved {
				a.Message += "; the customer reconnects on " + profile
			}
			return a
		}
		return first
	}
}

// ErrNoAPI means the router has no RouterOS API login configured.
var ErrNoAPI = errors.New("nas: the router has no RouterOS API login")

func (s *Service) apiRemove(ctx context.Context, sess *ent.Session, n *ent.Nas) domain.SessionResult {
	c, err := s.router(ctx, n)
	if err != nil {
		s.setAPIHealth(ctx, n, false, err)
		return domain.SessionResult{Outcome: domain.Failed, Message: err.Error()}
	}
	start := time.Now()
	removed, err := c.RemoveActive(ctx, sess.Username, sess.AcctSessionID)
	switch {
	case err != nil:
		s.m.observe("api_remove", "ERROR", time.Since(start))
		s.setAPIHealth(ctx, n, !isNetErr(err), err)
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return domain.SessionResult{Outcome: domain.Timeout, Message: "router's API did not answer"}
		}
		return domain.SessionResult{Outcome: domain.Failed, Message: "RouterOS API: " + err.Error()}
	case removed == 0:
		s.m.observe("api_remove", "NAK", time.Since(start))
		s.setAPIHealth(ctx, n, true, nil)
		return domain.SessionResult{Outcome: domain.NAK, Message: "router has no active session for " + sess.Username}
	default:
		s.m.observe("api_remove", "API_REMOVED", time.Since(start))
		s.setAPIHealth(ctx, n, true, nil)
		return domain.SessionResult{Outcome: domain.APIRemoved, Message: "session removed through the RouterOS API"}
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
