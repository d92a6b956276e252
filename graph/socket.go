package graph

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/events"
)

// A WebSocket is authenticated once, by its connection_init, and then lives for hours. Its
// authorisation must hold for every event it delivers, so each socket has a guard: the
// principal it was opened for and whether that still holds. Subscriptions ask the guard
// (an atomic load) before each event; the guard learns of revocations from the event bus
// at once (logout, revokeApiToken, updateStaff, on any instance) and checks every open
// socket's token again every RecheckEvery in one query. A socket whose authorisation no
// longer holds is closed with CloseForbidden and a reason, which the dashboard treats as
// signed out (instead of reconnecting, as graphql-ws clients do after gqlgen's 1000).

// WebSocket close codes (graphql-transport-ws).
const (
	// CloseForbidden ends a socket whose token was refused or no longer holds.
	CloseForbidden = 4403
	// CloseTryAgain (Try Again Later) ends a socket whose token could not be checked (database
	// unavailable); graphql-ws clients reconnect after it.
	CloseTryAgain = 1013
)

// RecheckEvery is how often the tokens of open WebSockets are checked again.
const RecheckEvery = 3 * time.Second

// socketGuard is one WebSocket's authorisation.
type socketGuard struct {
	p      *auth.Principal // as authenticated by connection_init
	cancel context.CancelFunc

	closed    atomic.Bool
	checkedAt atomic.Int64 // unix nanoseconds of the last successful check
	mu        sync.Mutex   // guards code and reason
	code      int
	reason    string
	checkMu   sync.Mutex // serialises the checks of staff changes
	lastStaff eventKey   // the last staff change checked
}

type eventKey struct {
	entity int
	at     int64
}

func (g *socketGuard) checked() time.Time { return time.Unix(0, g.checkedAt.Load()) }

// allowed reports whether the socket may still deliver events.
func (g *socketGuard) allowed() bool { return g != nil && !g.closed.Load() }

// close ends the socket with code and reason (the first close wins).
func (g *socketGuard) close(code int, reason string) {
	g.mu.Lock()
	first := !g.closed.Load()
	if first {
		g.code, g.reason = code, reason
		g.closed.Store(true)
	}
	g.mu.Unlock()
	if first && g.cancel != nil {
		g.cancel()
	}
}

// withdraw closes the socket because err says its authorisation no longer holds; the reason
// starts like the GraphQL error code the token would now get.
func (g *socketGuard) withdraw(err error) {
	prefix := "Unauthenticated: "
	if errors.Is(err, auth.ErrForbidden) {
		prefix = "Forbidden: "
	}
	g.close(CloseForbidden, prefix+err.Error())
}

// closeStatus is the code and reason to close with, when the guard closed the socket.
func (g *socketGuard) closeStatus() (int, string, bool) {
	if g == nil || !g.closed.Load() {
		return 0, "", false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.code, g.reason, true
}

// observe applies an event to the socket: its own token revoked closes it at once; a change
// of its staff member is checked against the database before observe returns, so a
// subscription calling it sends nothing more on an authorisation that was withdrawn.
func (r *Resolver) observe(ctx context.Context, g *socketGuard, e events.Event) {
	if !g.allowed() {
		return
	}
	switch e.Kind {
	case events.TokenRevoked:
		if e.EntityID == g.p.TokenID {
			g.withdraw(auth.ErrTokenRevoked)
		}
	case events.StaffChanged:
		if g.p.StaffID == nil || *g.p.StaffID != e.EntityID {
			return
		}
		// The watcher and each subscription of the socket see the event: the first checks,
		// the others wait for its outcome.
		key := eventKey{e.EntityID, e.At.UnixNano()}
		g.checkMu.Lock()
		defer g.checkMu.Unlock()
		if g.lastStaff != key {
			r.recheck(ctx, []*socketGuard{g})
			g.lastStaff = key
		}
	}
}

// recheck checks the guards' tokens again in one query and closes the sockets whose
// authorisation no longer holds. When the database cannot answer, revocations still arrive
// as events; a socket not checked for recheckGrace is then closed (its client reconnects
// once the token can be checked).
func (r *Resolver) recheck(ctx context.Context, gs []*socketGuard) {
	ps := make([]*auth.Principal, 0, len(gs))
	for _, g := range gs {
		ps = append(ps, g.p)
	}
	now := r.now()
	bad, err := auth.Recheck(ctx, r.client, ps, now)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		r.deps.Logger.Warn("websocket tokens could not be checked again", "sockets", len(gs), "err", err)
		for _, g := range gs {
			if now.Sub(g.checked()) > recheckGrace {
				g.close(CloseTryAgain, "the token could not be checked: try again")
			}
		}
		return
	}
	for _, g := range gs {
		if why := bad[g.p.TokenID]; why != nil {
			g.withdraw(why)
		} else {
			g.checkedAt.Store(now.UnixNano())
		}
	}
}

// recheckGrace is how long a socket stays open while its token cannot be checked.
const recheckGrace = 15 * time.Second

// sockets is the set of open, authenticated WebSockets. One goroutine serves all of them
// while any is open (it is a subscriber of the bus meanwhile): it watches the bus for
// revocations and checks every token again every RecheckEvery.
type sockets struct {
	mu      sync.Mutex
	open    map[*socketGuard]struct{}
	running bool
	closed  chan struct{} // a socket went: the watcher stops when it was the last
}

func (r *Resolver) addSocket(g *socketGuard) {
	s := &r.sockets
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open == nil {
		s.open, s.closed = map[*socketGuard]struct{}{}, make(chan struct{}, 1)
	}
	s.open[g] = struct{}{}
	if !s.running {
		s.running = true
		go r.watchSockets()
	}
}

func (r *Resolver) removeSocket(g *socketGuard) {
	s := &r.sockets
	s.mu.Lock()
	delete(s.open, g)
	s.mu.Unlock()
	select {
	case s.closed <- struct{}{}:
	default:
	}
}

// openSockets returns the open sockets; when there are none it marks the watcher stopped
// (the caller then returns).
func (r *Resolver) openSockets() []*socketGuard {
	s := &r.sockets
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.open) == 0 {
		s.running = false
		return nil
	}
	out := make([]*socketGuard, 0, len(s.open))
	for g := range s.open {
		out = append(out, g)
	}
	return out
}

func (r *Resolver) watchSockets() {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	evs := r.deps.Bus.SubscribeKinds(ctx, events.TokenRevoked, events.StaffChanged)
	tick := time.NewTicker(RecheckEvery)
	defer tick.Stop()
	for {
		select {
		case e := <-evs:
			gs := r.openSockets()
			if gs == nil {
				return
			}
			for _, g := range gs {
				r.observe(ctx, g, e)
			}
		case <-tick.C:
			gs := r.openSockets()
			if gs == nil {
				return
			}
			r.recheck(ctx, gs)
		case <-r.sockets.closed:
			if r.openSockets() == nil {
				return
			}
		}
	}
}

type socketKey struct{}

// socketFrom returns the guard of the WebSocket an operation runs on (nil over HTTP).
func socketFrom(ctx context.Context) *socketGuard {
	g, _ := ctx.Value(socketKey{}).(*socketGuard)
	return g
}

// initSocket authenticates a WebSocket's connection_init. A refused token closes the socket
// with CloseForbidden; a token that cannot be checked (database unavailable) with
// CloseTryAgain.
func (r *Resolver) initSocket(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	refuse := func(code int, reason string) (context.Context, *transport.InitPayload, error) {
		ctx = transport.WithWebsocketCloseCode(ctx, code)
		return transport.AppendCloseReason(ctx, reason), nil, auth.ErrUnauthenticated
	}
	token := bearer(p.Authorization())
	if token == "" {
		token = bearer(p.GetString("authorization"))
	}
	if token == "" {
		return refuse(CloseForbidden, "Unauthenticated: send a token in connection_init")
	}
	pr, err := auth.Authenticate(ctx, r.client, token, r.now())
	if err != nil {
		if !errors.Is(err, auth.ErrUnauthenticated) {
			r.deps.Logger.Error("websocket authentication failed", "err", err)
			return refuse(CloseTryAgain, "the token could not be checked: try again")
		}
		return refuse(CloseForbidden, "Unauthenticated: the token is not valid")
	}
	g := infoFrom(ctx).socket
	if g == nil { // not accepted through guardedWebsocket: the guard cannot set close codes
		g = &socketGuard{}
	}
	ctx, cancel := context.WithCancel(ctx)
	g.p, g.cancel = pr, cancel
	g.checkedAt.Store(r.now().UnixNano())
	r.addSocket(g)
	context.AfterFunc(ctx, func() { r.removeSocket(g) })
	return context.WithValue(withCaller(ctx, pr, infoFrom(ctx).address), socketKey{}, g), nil, nil
}

// guardedWebsocket accepts WebSockets whose close code the socket's guard decides: gqlgen
// closes a socket whose context ends with 1000, which clients take as "reconnect".
type guardedWebsocket struct {
	transport.WebsocketImplementation
}

func (w guardedWebsocket) Accept(rw http.ResponseWriter, req *http.Request, opts transport.WebsocketAcceptOptions) (transport.WebsocketConn, error) {
	conn, err := w.WebsocketImplementation.Accept(rw, req, opts)
	if err != nil {
		return nil, err
	}
	g := &socketGuard{}
	infoFrom(req.Context()).socket = g
	return &guardedConn{WebsocketConn: conn, guard: g}, nil
}

// guardedConn is a WebSocket connection closed with its guard's code and reason.
type guardedConn struct {
	transport.WebsocketConn
	guard *socketGuard
}

func (c *guardedConn) WriteClose(code int, message string) error {
	if gc, reason, ok := c.guard.closeStatus(); ok {
		code, message = gc, reason
	}
	return c.WebsocketConn.WriteClose(code, message)
}

// SetReadLimit and SetReadDeadline pass gqlgen's limits through to the connection.
func (c *guardedConn) SetReadLimit(limit int64) {
	if l, ok := c.WebsocketConn.(transport.WebsocketReadLimiter); ok {
		l.SetReadLimit(limit)
	}
}

func (c *guardedConn) SetReadDeadline(t time.Time) error {
	if d, ok := c.WebsocketConn.(transport.WebsocketReadDeadliner); ok {
		return d.SetReadDeadline(t)
	}
	return nil
}
