// Package dbgauges exports the Prometheus gauges that are read from the database when
// /metrics is scraped: the notification outbox by status, each router's seconds since it
// last spoke RADIUS, the interim interval routers are told, and the reads that failed. The
// Grafana dashboard and alert rules in deploy/ use them.
package dbgauges

import (
	"context"
	"log/slog"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Collector reads the gauges at scrape time.
type Collector struct {
	st                            *store.Store
	logger                        *slog.Logger
	outbox, silent, interim, errs *prometheus.Desc
	readErrors                    prometheus.Counter
}

// New returns the collector over st.
func New(st *store.Store, logger *slog.Logger) *Collector {
	return &Collector{
		st: st, logger: logger,
		outbox:  prometheus.NewDesc("linedesk_notifications", "Notifications (SMS, e-mail, webhook) in the outbox by status: PENDING (waiting or retrying), SENT, FAILED (gave up).", []string{"status"}, nil),
		silent:  prometheus.NewDesc("linedesk_nas_last_seen_seconds", "Seconds since each router last sent a RADIUS request (absent for a router never heard from).", []string{"nas"}, nil),
		interim: prometheus.NewDesc("linedesk_interim_interval_seconds", "Acct-Interim-Interval routers are told (setting interim_interval_seconds).", nil, nil),
		readErrors: prometheus.NewCounter(prometheus.CounterOpts{Name: "linedesk_db_read_errors_total",
			Help: "Reads of the database for /metrics that failed (the database is unreachable or failing)."}),
	}
}

// Describe sends the descriptions.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.outbox
	ch <- c.silent
	ch <- c.interim
	c.readErrors.Describe(ch)
}

// Collect reads the database (two seconds at most) and sends the gauges.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := c.collect(ctx, ch); err != nil {
		c.readErrors.Inc()
		c.logger.Debug("metrics: reading the database failed", "err", err)
	}
	c.readErrors.Collect(ch)
}

func (c *Collector) collect(ctx context.Context, ch chan<- prometheus.Metric) error {
	var counts []struct {
		Status notification.Status `json:"status"`
		Count  int                 `json:"count"`
	}
	err := c.st.Client.Notification.Query().GroupBy(notification.FieldStatus).Aggregate(entCount()).Scan(ctx, &counts)
	if err != nil {
		return err
	}
	by := map[notification.Status]int{notification.StatusPENDING: 0, notification.StatusSENT: 0, notification.StatusFAILED: 0}
	for _, r := range counts {
		by[r.Status] = r.Count
	}
	for s, n := range by {
		ch <- prometheus.MustNewConstMetric(c.outbox, prometheus.GaugeValue, float64(n), string(s))
	}
	routers, err := c.st.Client.Nas.Query().All(ctx)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, n := range routers {
		if n.LastSeenAt != nil {
			ch <- prometheus.MustNewConstMetric(c.silent, prometheus.GaugeValue, now.Sub(*n.LastSeenAt).Seconds(), n.Name)
		}
	}
	v, err := settings.Load(ctx, c.st.Client)
	if err != nil {
		return err
	}
	ch <- prometheus.MustNewConstMetric(c.interim, prometheus.GaugeValue, float64(v.Int(settings.InterimInterval)))
	return nil
}

func entCount() ent.AggregateFunc { return ent.Count() }
