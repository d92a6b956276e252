package portal

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql/handler/transport"

	svc "github.com/linedesk/linedesk/internal/portal"
)

// A WebSocket is signed in once, by its connection_init; the session feed checks the sign-in
// again before every delivery and every few seconds, and when it has ended the socket is
// closed with CloseForbidden (4403), which the portal takes as signed out.

// WebSocket close codes (graphql-transport-ws).
const (
	CloseForbidden = 4403
	CloseTryAgain  = 1013
)

// socketGuard closes one WebSocket with a code and reason of its own.
type socketGuard struct {
	cancel context.CancelFunc
	closed atomic.Bool
	mu     sync.Mutex
	code   int
	reason string
}

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

func (g *socketGuard) closeStatus() (int, string, bool) {
	if g == nil || !g.closed.Load() {
		return 0, "", false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.code, g.reason, true
}

type socketKey struct{}

// endSocket is what the session feed calls when the sign-in ended: the socket closes with
// CloseForbidden.
func endSocket(ctx context.Context) func(error) {
	g, _ := ctx.Value(socketKey{}).(*socketGuard)
	return func(err error) {
		if g != nil {
			g.close(CloseForbidden, "Unauthenticated: "+err.Error())
		}
	}
}

// initSocket signs a WebSocket in from its connection_init.
func (r *Resolver) initSocket(ctx context.Context, p transport.InitPayload) (context.Context, *transport.InitPayload, error) {
	refuse := func(code int, reason string) (context.Context, *transport.InitPayload, error) {
		ctx = transport.WithWebsocketCloseCode(ctx, code)
		return transport.AppendCloseReason(ctx, reason), nil, svc.ErrUnauthenticated
	}
	token := bearer(p.Authorization())
	if token == "" {
		token = bearer(p.GetString("authorization"))
	}
	if token == "" {
		return refuse(CloseForbidden, "Unauthenticated: send a subscriber token in connection_init")
	}
	ri := infoFrom(ctx)
	si, err := r.svc.Authenticate(ctx, token)
	if err != nil {
		if !errors.Is(err, svc.ErrUnauthenticated) {
			r.log.Error("portal websocket sign-in failed", "err", err)
			return refuse(CloseTryAgain, "the token could not be checked: try again")
		}
		return refuse(CloseForbidden, "Unauthenticated: the token is not valid")
	}
	g := ri.socket
	if g == nil {
		g = &socketGuard{}
	}
	ctx, cancel := context.WithCancel(ctx)
	g.cancel = cancel
	return context.WithValue(svc.WithSignIn(ctx, si, ri.address), socketKey{}, g), nil, nil
}

// guardedWebsocket accepts WebSockets whose close code the socket's guard decides.
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
