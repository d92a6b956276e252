// Package portal is the subscriber portal's GraphQL API at /portal/graphql: its own gqlgen
// schema (schema/portal.graphqls: only what a subscriber may do), generated code, and
// resolvers that make one call each into the portal service (internal/portal).
//
// Only subscriber tokens ("ldp_…") work here: a staff token is refused like a missing one,
// and the staff API refuses subscriber tokens in turn. The bodies, depth and cost of
// operations are bounded like the staff endpoint's; refusals carry extensions.code
// (BAD_USER_INPUT, NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, TOO_MANY_REQUESTS, …).
package portal

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/graph"
	svc "github.com/linedesk/linedesk/internal/portal"
)

// Deps is what the API needs.
type Deps struct {
	Service *svc.Service
	Logger  *slog.Logger
	// Origins may open WebSockets from other origins (the portal's dev server); the portal
	// itself is served from the same origin.
	Origins []string
}

// NewHandler serves the portal's GraphQL over POST, GET and WebSocket.
func NewHandler(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	r := &Resolver{svc: d.Service, log: d.Logger.With("component", "portal-api")}
	es := NewExecutableSchema(Config{Resolvers: r})
	srv := handler.New(es)
	srv.AddTransport(&transport.Websocket{
		Implementation: guardedWebsocket{transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: d.Origins},
		}},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              r.initSocket,
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.SetQueryCache(lru.New[*ast.QueryDocument](500))
	srv.Use(extension.Introspection{})
	srv.Use(gate{})
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		r.log.Error("panic in portal resolver", "panic", fmt.Sprint(v), "path", pathOf(ctx))
		return errInternal
	})
	srv.SetErrorPresenter(r.presentError)
	return r.authenticate(r.withDocuments(srv))
}

// reqInfo is what the HTTP layer learned about a request.
type reqInfo struct {
	address      string
	staffToken   bool // a staff token was sent: refused here
	badToken     bool
	lookupFailed bool
	socket       *socketGuard
}

type reqInfoKey struct{}

func infoFrom(ctx context.Context) *reqInfo {
	if ri, ok := ctx.Value(reqInfoKey{}).(*reqInfo); ok {
		return ri
	}
	return &reqInfo{}
}

func bearer(h string) string {
	h = strings.TrimSpace(h)
	if len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate checks the body and resolves the subscriber token of every request; which
// operations need one is decided by the gate.
func (r *Resolver) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		host, _, err := net.SplitHostPort(req.RemoteAddr)
		if err != nil {
			host = req.RemoteAddr
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		if !graph.CheckBody(w, req) {
			return
		}
		ri := &reqInfo{address: host}
		ctx := svc.WithAddress(context.WithValue(req.Context(), reqInfoKey{}, ri), host)
		ctx = r.signIn(ctx, ri, bearer(req.Header.Get("Authorization")))
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// signIn resolves token into the sign-in ctx carries, or marks ri with why it did not.
func (r *Resolver) signIn(ctx context.Context, ri *reqInfo, token string) context.Context {
	switch {
	case token == "":
		return ctx
	case !strings.HasPrefix(token, svc.TokenPrefix):
		ri.staffToken, ri.badToken = true, true
		return ctx
	}
	si, err := r.svc.Authenticate(ctx, token)
	switch {
	case err == nil:
		return svc.WithSignIn(ctx, si, ri.address)
	case errors.Is(err, svc.ErrUnauthenticated):
		ri.badToken = true
	default:
		r.log.Error("portal token lookup failed", "err", err)
		ri.lookupFailed = true
	}
	return ctx
}

func pathOf(ctx context.Context) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Path().String()
	}
	return ""
}
