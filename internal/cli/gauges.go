package cli

import (
	"fmt"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/internal/dbgauges"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/radius"
)

// registerGauges adds the gauges read at scrape time: the database's (outbox, routers'
// silence, interim interval), the accounting writers' backlog and the roll-up's.
func registerGauges(reg prometheus.Registerer, st *store.Store, rs *radius.Server, e *env) error {
	queued := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "linedesk_radius_acct_queued",
		Help: "Accounting requests waiting for their commit (the writers' backlog)."}, func() float64 { return float64(rs.AcctQueued()) })
	rollUp := prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "linedesk_radius_rollup_queued",
		Help: "Sessions whose acknowledged usage waits for the roll-up into period and daily usage."}, func() float64 { return float64(rs.RollUpQueued()) })
	for _, c := range []prometheus.Collector{queued, rollUp, dbgauges.New(st, e.logger)} {
		if err := reg.Register(c); err != nil {
			return fmt.Errorf("metrics: %w", err)
		}
	}
	return nil
}
