package nas

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/coa"
)

type metrics struct {
	requests   *prometheus.CounterVec
	duration   *prometheus.HistogramVec
	closed     prometheus.Counter
	missing    prometheus.Gauge
	perNAS     *nasCollector
	registered bool
}

func newMetrics(st *store.Store) *metrics {
	return &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_nas_requests_total",
			Help: "Requests sent to routers, by kind (disconnect, coa, api_remove) and outcome.",
		}, []string{"kind", "outcome"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "linedesk_nas_request_duration_seconds",
			Help:    "Time until a router answered, by kind.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"kind"}),
		closed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linedesk_nas_reconcile_closed_total",
			Help: "Open sessions closed because the router no longer had them.",
		}),
		missing: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "linedesk_nas_reconcile_missing_sessions",
			Help: "Router sessions without an open session in the database, at the last reconciliation.",
		}),
		perNAS: &nasCollector{st: st,
			active: prometheus.NewDesc("linedesk_nas_active_sessions", "Open PPPoE sessions in the database, per NAS.", []string{"nas"}, nil),
			api:    prometheus.NewDesc("linedesk_nas_api_reachable", "Whether the router's RouterOS API answered at the last check (1/0), per NAS with an API login.", []string{"nas"}, nil),
		},
	}
}

func (m *metrics) observe(kind, outcome string, rtt time.Duration) {
	m.requests.WithLabelValues(kind, outcome).Inc()
	if rtt > 0 {
		m.duration.WithLabelValues(kind).Observe(rtt.Seconds())
	}
}

func (m *metrics) reconciled(closed, missing int) {
	m.closed.Add(float64(closed))
	m.missing.Set(float64(missing))
}

// RegisterMetrics registers the service's metrics (request counters and latencies,
// reconciliation counts, and per-NAS active sessions and API health read at scrape time).
func (s *Service) RegisterMetrics(reg prometheus.Registerer) error {
	if reg == nil || s.m.registered {
		return nil
	}
	for _, kind := range []string{"coa", "disconnect"} { // dashboards query these before the first request
		for _, o := range []coa.Outcome{coa.ACK, coa.NAK, coa.Timeout, coa.Error} {
			s.m.requests.WithLabelValues(kind, string(o))
		}
	}
	for _, c := range []prometheus.Collector{s.m.requests, s.m.duration, s.m.closed, s.m.missing, s.m.perNAS} {
		if err := reg.Register(c); err != nil {
			return err
		}
	}
	s.m.registered = true
	return nil
}

// nasCollector reads per-NAS gauges from the database when scraped.
type nasCollector struct {
	st          *store.Store
	active, api *prometheus.Desc
}

func (c *nasCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.active
	ch <- c.api
}

func (c *nasCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	list, err := c.st.Client.Nas.Query().All(ctx)
	if err != nil {
		return
	}
	var counts []struct {
		NasID int `json:"nas_id"`
		Count int `json:"count"`
	}
	_ = c.st.Client.Session.Query().Where(session.Open(true)).
		GroupBy(session.FieldNasID).Aggregate(entCount()).Scan(ctx, &counts)
	byNAS := map[int]int{}
	for _, r := range counts {
		byNAS[r.NasID] = r.Count
	}
	for _, n := range list {
		ch <- prometheus.MustNewConstMetric(c.active, prometheus.GaugeValue, float64(byNAS[n.ID]), n.Name)
		if n.APIReachable != nil {
			v := 0.0
			if *n.APIReachable {
				v = 1
			}
			ch <- prometheus.MustNewConstMetric(c.api, prometheus.GaugeValue, v, n.Name)
		}
	}
}

func entCount() ent.AggregateFunc { return ent.Count() }
