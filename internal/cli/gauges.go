package cli

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/internal/dbgauges"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/radius"
)

// registerGauges adds the gauges read at scrape time: the database's (outbox, routers'
// silence, interim interval) and the accounting writers' backlog.
func registerGauges(reg prometheus.Registerer, st *store.Store, rs *radius.Server, e *env) error {
	queued := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "linedesk_radius_acct_queued",
		Help: "Accounting requests waiting for their commit (the writers' backlog)."}, func() float64 { return float64(rs.AcctQueued()) })
	for _, c := range []prometheus.Collector{queued, dbgauges.New(st, e.logger)} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}
