// Package graph is linedesk's GraphQL API: the schema (schema/*.graphqls, partly generated
// by entgql), gqlgen's generated executor, thin resolvers over the services under internal/
// (customers, billing, auth, …), and the HTTP handler serving /graphql and
// /export/customers.csv.
package graph

import (
	"context"
	"errors"
	"fmt"
	"github.com/linedesk/linedesk/internal/pools"
	"github.com/linedesk/linedesk/internal/topups"
	"github.com/linedesk/linedesk/internal/windows"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/coder/websocket"
	"github.com/rs/cors"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auditlog"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/bulk"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/notes"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/profiles"
	"github.com/linedesk/linedesk/internal/radiuslog"
	"github.com/linedesk/linedesk/internal/reports"
	"github.com/linedesk/linedesk/internal/routerconfig"
	"github.com/linedesk/linedesk/internal/routers"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/staff"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/vouchers"
)

// Deps is what the API needs.
type Deps struct {
	Store  *store.Store
	Box    *secret.Box
	Bus    *events.Bus
	Logger *slog.Logger
	// Customers is the customer service; nil makes one over Store without a router module
	// (profile changes and disconnects then report PENDING per session).
	Customers *customers.Service
	// Billing is the ledger; nil makes one over Store that asks no router.
	Billing *billing.Service
	// Payments is the payments service; nil makes one over Store and Billing.
	Payments *payments.Service
	// Documents makes receipts and invoices; nil makes one over Store.
	Documents *documents.Service
	// Bulk starts and reads bulk jobs (its runner is the caller's to run); nil makes one over
	// Store and Billing without a router module.
	Bulk        *bulk.Service
	CORSOrigins []string
	// RadiusStats returns a router's RADIUS requests and rejects in the last hour; may be nil.
	RadiusStats func(nasID int) (requests1h, rejects1h int)
	// HTTPAddr is the HTTP listen address (--http): the expired page's router lines use it
	// when the public_url setting is empty.
	HTTPAddr string
	// RouterAPI reaches routers' RouterOS API (nas.Service) for the router configuration's dry
	// run, apply and check; nil: those answer that the API is not available.
	RouterAPI routerconfig.API
}

// Limits of a request.
const (
	MaxDepth       = 12
	MaxUploadBytes = 32 << 20
	// MaxBodyBytes bounds a JSON request body (uploads use MaxUploadBytes).
	MaxBodyBytes = 1 << 20
)

// NewHandler serves GraphQL (POST, GET and WebSocket) at /graphql and the customer CSV at
// GET /export/customers.csv, receipts (/receipts/{transaction id}.pdf|html) and invoices
// (/invoices/{id}.pdf|html), all behind bearer tokens, with CORS for the allowed origins.
func NewHandler(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Bus == nil {
		d.Bus = events.NewBus()
	}
	if d.Customers == nil {
		d.Customers = customers.New(d.Store, d.Box, d.Bus, nil)
	}
	if d.Documents == nil {
		d.Documents = documents.New(d.Store)
	}
	if d.Billing == nil {
		d.Billing = billing.NewService(d.Store, d.Bus, nil, d.Logger).WithInvoices(d.Documents)
	}
	if d.Payments == nil {
		d.Payments = payments.New(d.Store, d.Box, d.Billing, d.Bus, d.Logger)
	}
	sett := settings.NewService(d.Store, d.Box, d.Bus)
	d.Customers.WithRegions(sett)
	if d.Bulk == nil {
		d.Bulk = bulk.New(d.Store, d.Bus, customers.New(d.Store, d.Box, d.Bus, nil), d.Billing, nil, d.Logger)
	}
	r := &Resolver{
		deps:      d,
		client:    d.Store.Client,
		customers: d.Customers,
		documents: d.Documents,
		billing:   d.Billing,
		payments:  d.Payments,
		profiles:  profiles.New(d.Store, d.Bus),
		routers:   routers.New(d.Store, d.Box, d.Bus, d.RadiusStats).WithListenAddr(d.HTTPAddr),
		staff:     staff.New(d.Store, d.Box, d.Bus, d.Logger),
		settings:  sett,
		reports:   reports.New(d.Store),
		vouchers:  vouchers.New(d.Store, d.Billing),
		auditlog:  auditlog.New(d.Store),
		notes:     notes.New(d.Store),
		bulk:      d.Bulk,
		windows:   windows.New(d.Store, nil, d.Logger, ""),
		topups:    topups.New(d.Store, d.Billing),
		radiuslog: radiuslog.New(d.Store),
		pools:     pools.New(d.Store),
		now:       func() time.Time { return time.Now().UTC() },
	}
	r.routerConfig = routerconfig.New(d.Store, d.Box, r.routers, routerAPI(d.RouterAPI))
	srv := newServer(r)
	mux := http.NewServeMux()
	mux.Handle("/graphql", srv)
	mux.HandleFunc("GET /export/customers.csv", r.exportCSV)
	mux.HandleFunc("GET /receipts/{file}", r.serveReceipt)
	mux.HandleFunc("GET /invoices/{file}", r.serveInvoice)
	opts := cors.Options{
		AllowedOrigins:   d.CORSOrigins,
		AllowedMethods:   []string{http.MethodGet, http.MethodPost, http.MethodOptions},
		AllowedHeaders:   []string{"Authorization", "Content-Type", "Apollo-Require-Preflight", "X-Requested-With"},
		AllowCredentials: false,
		MaxAge:           600,
	}
	if len(d.CORSOrigins) == 0 {
		// rs/cors allows every origin when the list is empty; linedesk allows none.
		opts.AllowOriginFunc = func(string) bool { return false }
	}
	return cors.New(opts).Handler(r.authenticate(mux))
}

// newServer builds the gqlgen server with explicit transports and extensions.
func newServer(r *Resolver) *handler.Server {
	es := NewExecutableSchema(Config{Resolvers: r})
	srv := handler.New(es)
	origins := r.deps.CORSOrigins
	srv.AddTransport(&transport.Websocket{
		Implementation: guardedWebsocket{transport.CoderWebsocketImplementation{
			AcceptOptions: websocket.AcceptOptions{OriginPatterns: origins},
		}},
		KeepAlivePingInterval: 15 * time.Second,
		InitTimeout:           10 * time.Second,
		InitFunc:              r.initSocket,
	})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	srv.AddTransport(transport.MultipartForm{MaxUploadSize: MaxUploadBytes, MaxMemory: 8 << 20})

	srv.SetQueryCache(lru.New[*ast.QueryDocument](1000))
	srv.Use(extension.Introspection{})
	srv.Use(extension.AutomaticPersistedQuery{Cache: lru.New[string](1000)})
	srv.Use(costLimit{max: MaxCost})
	srv.Use(gate{})
	srv.Use(inputCheck{schema: es.Schema()})
	srv.AroundFields(r.checkRole)
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		r.deps.Logger.Error("panic in GraphQL resolver", "panic", fmt.Sprint(v), "path", pathOf(ctx))
		return errInternal
	})
	srv.SetErrorPresenter(r.presentError)
	return srv
}

// reqInfo is what the HTTP layer learned about a request.
type reqInfo struct {
	address      string
	userAgent    string
	badToken     bool
	lookupFailed bool         // the token could not be checked: the database is unavailable
	socket       *socketGuard // of a WebSocket, set when it is accepted

	mu           sync.Mutex
	openSessions map[int]*sessionRef // customer id → newest open session (prefetched)
	estimates    map[*ent.CustomerConnection]bool
	limits       map[int]*int64 // profile id → data limit (nil: unlimited), prefetched
	replayed     map[int]bool   // transactions recordPayment found recorded before
}

// markReplayed notes that recordPayment returned transaction id as recorded before, so that
// Transaction.alreadyRecorded says so in this request's answer.
func markReplayed(ctx context.Context, id int) {
	ri := infoFrom(ctx)
	ri.mu.Lock()
	defer ri.mu.Unlock()
	if ri.replayed == nil {
		ri.replayed = map[int]bool{}
	}
	ri.replayed[id] = true
}

func wasReplayed(ctx context.Context, id int) bool {
	ri := infoFrom(ctx)
	ri.mu.Lock()
	defer ri.mu.Unlock()
	return ri.replayed[id]
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

// authenticate resolves the bearer token of every request; refusals are decided per
// operation (login needs no token).
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
		if !checkBody(w, req) {
			return
		}
		ri := &reqInfo{address: host, userAgent: req.UserAgent()}
		ctx := context.WithValue(req.Context(), reqInfoKey{}, ri)
		if tok := bearer(req.Header.Get("Authorization")); tok != "" {
			p, err := auth.Authenticate(ctx, r.client, tok, r.now())
			switch {
			case err == nil:
				ctx = withCaller(ctx, p, host)
			case errors.Is(err, auth.ErrUnauthenticated):
				ri.badToken = true
			default:
				// The token could not be checked (database unreachable): say so, rather than
				// telling staff their login is gone.
				r.deps.Logger.Error("token lookup failed", "err", err)
				ri.lookupFailed = true
			}
		}
		next.ServeHTTP(w, req.WithContext(ctx))
	})
}

// withCaller returns ctx carrying the principal (for role checks) and the audit actor the
// services record (who, from where).
func withCaller(ctx context.Context, p *auth.Principal, address string) context.Context {
	a := audit.Actor{Name: p.Actor(), StaffID: p.StaffID, Address: address}
	return audit.WithActor(auth.WithPrincipal(ctx, p), a)
}

// gate refuses operations without a valid token (all but a bare login), allows
// introspection only to logged-in staff, and limits the query depth.
type gate struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = gate{}

func (gate) ExtensionName() string                   { return "LinedeskGate" }
func (gate) Validate(graphql.ExecutableSchema) error { return nil }
func (gate) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	p := auth.FromContext(ctx)
	oc.DisableIntrospection = p == nil
	if d := depth(oc.Operation.SelectionSet, oc.Doc.Fragments, 0); d > MaxDepth {
		return codeErr(fmt.Sprintf("the query is nested %d levels deep; at most %d are allowed", d, MaxDepth), "QUERY_TOO_DEEP", "")
	}
	if p != nil || onlyLogin(oc.Operation) {
		return nil
	}
	if infoFrom(ctx).lookupFailed {
		return codeErr(errUnavailableMessage, CodeUnavailable, "")
	}
	return codeErr(auth.ErrUnauthenticated.Error(), "UNAUTHENTICATED", "")
}

// onlyLogin reports whether op is a mutation selecting nothing but login (and __typename).
func onlyLogin(op *ast.OperationDefinition) bool {
	if op == nil || op.Operation != ast.Mutation {
		return false
	}
	n := 0
	for _, s := range op.SelectionSet {
		f, ok := s.(*ast.Field)
		if !ok {
			return false
		}
		switch f.Name {
		case "login":
			n++
		case "__typename":
		default:
			return false
		}
	}
	return n > 0
}

// depth measures a selection set, following fragments; introspection fields count once.
func depth(set ast.SelectionSet, frags ast.FragmentDefinitionList, seen int) int {
	if seen > 50 {
		return seen
	}
	max := seen
	for _, s := range set {
		d := seen
		switch s := s.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				d = seen + 1
			} else {
				d = depth(s.SelectionSet, frags, seen+1)
			}
		case *ast.InlineFragment:
			d = depth(s.SelectionSet, frags, seen)
		case *ast.FragmentSpread:
			if f := frags.ForName(s.Name); f != nil {
				d = depth(f.SelectionSet, frags, seen)
			}
		}
		if d > max {
			max = d
		}
	}
	return max
}

func pathOf(ctx context.Context) string {
	if fc := graphql.GetFieldContext(ctx); fc != nil {
		return fc.Path().String()
	}
	return ""
}

// Depth is how deeply a selection set nests, following fragments (introspection fields count
// once): the measure of MaxDepth, for the other GraphQL endpoints.
func Depth(set ast.SelectionSet, frags ast.FragmentDefinitionList) int { return depth(set, frags, 0) }
