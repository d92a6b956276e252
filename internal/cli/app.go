package cli

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/frontend"
	"github.com/linedesk/linedesk/graph"
	portalapi "github.com/linedesk/linedesk/graph/portal"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/bulk"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/portal"
	"github.com/linedesk/linedesk/internal/retention"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/vouchers"
	"github.com/linedesk/linedesk/internal/windows"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/radius"
)

// app is everything serve runs besides the HTTP listener: RADIUS, the router service,
// billing and reminders, housekeeping, the event bridge, and the HTTP handlers.
type app struct {
	radius  *radius.Server
	nas     *nas.Service
	bridge  *events.Bridge
	cancel  context.CancelFunc
	jobs    sync.WaitGroup
	handler http.Handler
	portal  http.Handler // the subscriber portal's API
	sett    *settings.Service
	pay     http.Handler // the payment gateways' callbacks (/pay/)
}

// tickInterval is how often the billing scheduler runs (LINEDESK_TICK, for tests and demos).
func tickInterval() time.Duration {
	if d, err := time.ParseDuration(os.Getenv("LINEDESK_TICK")); err == nil && d > 0 {
		return d
	}
	return 30 * time.Second
}

func startApp(ctx context.Context, e *env, st *store.Store, box *secret.Box, bus *events.Bus, reg prometheus.Registerer) (*app, error) {
	a := &app{}
	jobCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel

	if st.IsPostgres() {
		a.bridge = events.NewBridge(bus, st.DB, st.Source(), e.logger, func() {
			e.logger.Info("event bridge resynchronised; the RADIUS snapshot catches up from the change feed")
		})
		if err := a.bridge.Start(jobCtx); err != nil {
			cancel()
			return nil, fmt.Errorf("listening for events from other instances: %w", err)
		}
	}

	rs, err := radius.New(radius.Config{AuthAddr: e.cfg.RadiusAuth, AcctAddr: e.cfg.RadiusAcct, Logger: e.logger, Registerer: reg}, st, box, bus)
	if err != nil {
		a.shutdown(ctx)
		return nil, err
	}
	if err := rs.Start(ctx); err != nil {
		a.shutdown(ctx)
		return nil, err
	}
	a.radius = rs
	if err := registerGauges(reg, st, rs, e); err != nil {
		a.shutdown(ctx)
		return nil, err
	}

	a.nas = nas.NewService(st, box, bus, e.logger)
	if err := a.nas.RegisterMetrics(reg); err != nil {
		a.shutdown(ctx)
		return nil, fmt.Errorf("router metrics: %w", err)
	}
	notifier := notify.New(st, box, e.logger)
	notifier.RollUp = rs.FlushRollUp
	docs := documents.New(st)
	bill := billing.NewService(st, bus, a.nas, e.logger).WithReminders(notifier).WithInvoices(docs).WithReceipts(notifier).
		WithRollUp(rs.FlushRollUp)
	if err := billing.RegisterMetrics(reg); err != nil {
		a.shutdown(ctx)
		return nil, err
	}

	pay := payments.New(st, box, bill, bus, e.logger)
	a.pay = pay.Handler()

	a.goJob(func() { a.nas.Run(jobCtx) })
	a.goJob(func() { pay.Run(jobCtx, 15*time.Second) })
	a.goJob(func() { bill.Run(jobCtx, tickInterval()) })
	a.goJob(func() { notifier.Run(jobCtx, 15*time.Second) })
	a.goJob(func() { notifier.RunCapAlerts(jobCtx, time.Minute) })
	win := windows.New(st, a.nas, e.logger, instanceName())
	a.goJob(func() { win.Run(jobCtx, 2*time.Second) })
	a.goJob(func() { retention.Run(jobCtx, st, e.logger) })
	a.scheduleBackups(jobCtx, e, st)

	custs := customers.New(st, box, bus, a.nas)
	// Bulk jobs ask the routers themselves (to record their answers): their customer service
	// has no router module.
	jobs := bulk.New(st, bus, customers.New(st, box, bus, nil).WithRegions(settings.NewService(st, box, bus)), bill, a.nas, e.logger)
	a.goJob(func() { jobs.Run(jobCtx) })
	a.handler = graph.NewHandler(graph.Deps{
		Store: st, Box: box, Bus: bus, Logger: e.logger,
		Customers: custs, Billing: bill, Payments: pay, Documents: docs, Bulk: jobs,
		CORSOrigins: e.cfg.origins(), RadiusStats: rs.NasStats, HTTPAddr: e.cfg.HTTP, RouterAPI: a.nas,
	})
	a.sett = settings.NewService(st, box, bus)
	a.portal = portalapi.NewHandler(portalapi.Deps{Logger: e.logger, Origins: e.cfg.origins(),
		Service: portal.New(portal.Deps{Store: st, Box: box, Bus: bus, Customers: custs, Billing: bill,
			SMS: notifier, Throttle: auth.NewThrottle(st), Logger: e.logger, Payments: pay,
			Documents: docs, Vouchers: vouchers.New(st, bill)})})
	return a, nil
}

func (a *app) goJob(fn func()) {
	a.jobs.Add(1)
	go func() { defer a.jobs.Done(); fn() }()
}

// mount adds the APIs, the dashboard and the subscriber portal to mux.
func (a *app) mount(mux *http.ServeMux) {
	mux.Handle("/graphql", a.handler)
	mux.Handle("/export/", a.handler)
	mux.Handle("/portal/graphql", a.portal)
	// Exact patterns: a subtree pattern would redirect the portal's /portal/receipts page.
	mux.Handle("GET /portal/receipts/{file}", a.portal)
	mux.Handle("GET /portal/invoices/{file}", a.portal)
	mux.Handle("/portal/", frontend.PortalHandler())
	mux.Handle("/pay/", a.pay)
	mux.Handle("/receipts/", a.handler)
	mux.Handle("/invoices/", a.handler)
	mux.Handle("/", frontend.Handler())
}

// front wraps the whole HTTP handler: requests for other hosts (an expired customer's
// browser, sent here by the router's dst-nat) are redirected to the portal's expired page.
func (a *app) front(next http.Handler, listen string) http.Handler {
	return newExpiredRedirect(next, listen, func(ctx context.Context) (string, error) {
		v, err := a.sett.Values(ctx)
		if err != nil {
			return "", err
		}
		return v[settings.PublicURL], nil
	})
}

// shutdown drains RADIUS (in-flight accounting is committed and answered), then stops jobs.
func (a *app) shutdown(ctx context.Context) {
	if a.radius != nil {
		_ = a.radius.Shutdown(ctx)
	}
	if a.cancel != nil {
		a.cancel()
	}
	a.jobs.Wait()
	if a.nas != nil {
		a.nas.Close()
	}
	if a.bridge != nil {
		a.bridge.Close()
	}
}

func (a *app) authAddr() string {
	if a.radius == nil {
		return ""
	}
	return a.radius.AuthAddr().String()
}

func (a *app) acctAddr() string {
	if a.radius == nil {
		return ""
	}
	return a.radius.AcctAddr().String()
}

// instanceName names this process in the claims it makes (host and process id).
func instanceName() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}
