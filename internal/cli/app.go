package cli

import (
	"context"
	"net/http"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// app is everything serve runs besides the HTTP listener.
type app struct {
	stops      []func(ctx context.Context)
	mounts     []func(mux *http.ServeMux)
	auth, acct string
}

func startApp(ctx context.Context, e *env, st *store.Store, box *secret.Box, bus *events.Bus, reg prometheus.Registerer) (*app, error) {
	a := &app{}
	return a, nil
}

func (a *app) mount(mux *http.ServeMux) {
	for _, m := range a.mounts {
		m(mux)
	}
}

func (a *app) shutdown(ctx context.Context) {
	for i := len(a.stops) - 1; i >= 0; i-- {
		a.stops[i](ctx)
	}
}

func (a *app) authAddr() string { return a.auth }
func (a *app) acctAddr() string { return a.acct }
