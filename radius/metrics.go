package radius

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent/authevent"
)

// metrics are the server's Prometheus collectors.
type metrics struct {
	requests      *prometheus.CounterVec   // type, outcome
	rejects       *prometheus.CounterVec   // reason
	drops         *prometheus.CounterVec   // reason
	latency       *prometheus.HistogramVec // type
	batchSize     prometheus.Histogram
	commitTime    prometheus.Histogram
	commitErrors  prometheus.Counter
	acctRetries   prometheus.Counter
	rollUpTime    prometheus.Histogram
	rolledUp      prometheus.Counter
	authEventsQ   prometheus.Gauge
	authEventsOut *prometheus.CounterVec // written, dropped
	snapshotLoads *prometheus.CounterVec // entity
	reaped        prometheus.Counter
	clamped       *prometheus.CounterVec // reason
	skipped       *prometheus.CounterVec // entity

	// The authentication hot path's series, resolved once.
	accessAccept, accessReject, accessRetransmit prometheus.Counter
	accessLatency                                prometheus.Observer
}

func newMetrics(reg prometheus.Registerer) *metrics {
	var cs collectors
	m := &metrics{
		requests: cs.counterVec("linedesk_radius_requests_total",
			"RADIUS requests answered or dropped, by type (access, accounting-start, ...) and outcome (accept, reject, ok, dropped, error).", "type", "outcome"),
		rejects: cs.counterVec("linedesk_radius_rejects_total",
			"Access-Rejects by reason.", "reason"),
		drops: cs.counterVec("linedesk_radius_dropped_total",
			"Packets dropped without a reply, by reason.", "reason"),
		latency: cs.histogramVec("linedesk_radius_request_duration_seconds",
			"Time from reading a request to sending its reply (accounting: including the commit).", []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}, "type"),
		batchSize: cs.histogram("linedesk_radius_acct_batch_size",
			"Accounting requests per group commit.", prometheus.ExponentialBuckets(1, 2, 12)),
		commitTime: cs.histogram("linedesk_radius_acct_commit_seconds",
			"Duration of one accounting group commit.", []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5}),
		commitErrors: cs.counter("linedesk_radius_acct_commit_errors_total",
			"Accounting group commits that failed (their requests got no reply)."),
		acctRetries: cs.counter("linedesk_radius_acct_conflict_retries_total",
			"Accounting batches whose optimistic write met a change by another writer (or instance) and were redone under row locks."),
		rollUpTime: cs.histogram("linedesk_radius_rollup_seconds",
			"Duration of one roll-up pass (sessions' growth into period and daily usage).", []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5}),
		rolledUp: cs.counter("linedesk_radius_rollup_sessions_total",
			"Sessions whose growth a roll-up moved into period and daily usage."),
		authEventsQ: cs.gauge("linedesk_radius_authevents_queued",
			"Authentication events waiting to be written."),
		authEventsOut: cs.counterVec("linedesk_radius_authevents_total",
			"Authentication events written or dropped (queue full).", "result"),
		snapshotLoads: cs.counterVec("linedesk_radius_snapshot_reloads_total",
			"Entities reloaded into the in-memory snapshot.", "entity"),
		reaped: cs.counter("linedesk_radius_sessions_reaped_total",
			"Stale sessions closed by the reaper."),
		clamped: cs.counterVec("linedesk_radius_acct_counters_clamped_total",
			"Accounting byte counters stored lower than the router reported, by reason: above_line_rate (grew faster than 10 Gbit/s since the session's last update), above_ceiling (beyond 2^53-1 bytes).", "reason"),
		skipped: cs.counterVec("linedesk_radius_snapshot_skipped_total",
			"Rows the in-memory snapshot could not read and skipped (each logged with its id), by entity.", "entity"),
	}
	m.accessAccept = m.requests.WithLabelValues("access", "accept")
	m.accessReject = m.requests.WithLabelValues("access", "reject")
	m.accessRetransmit = m.requests.WithLabelValues("access", "retransmit")
	m.accessLatency = m.latency.WithLabelValues("access")
	m.precreate()
	if reg != nil {
		for _, c := range cs {
			if err := reg.Register(c); err != nil {
				// A second server in one process (tests): keep the collectors unregistered.
				continue
			}
		}
	}
	return m
}

// precreate makes the label sets that dashboards and alerts (deploy/) query appear on
// /metrics at zero before the first such event.
func (m *metrics) precreate() {
	for _, r := range []authevent.Reason{authevent.ReasonUNKNOWN_USER, authevent.ReasonWRONG_PASSWORD, authevent.ReasonSUSPENDED,
		authevent.ReasonDISABLED, authevent.ReasonEXPIRED, authevent.ReasonDATA_CAP, authevent.ReasonTOO_MANY_SESSIONS, authevent.ReasonMAC_MISMATCH} {
		m.rejects.WithLabelValues(string(r))
	}
	for _, d := range []string{dropUnknownClient, dropMalformed, dropWrongCode, dropMissingMA, dropBadMA, dropBadAuth,
		dropInFlight, dropNoSessionID, dropNoStatus, dropDBUnavailable, dropShutdown} {
		m.drops.WithLabelValues(d)
	}
	for _, typ := range []string{"accounting-start", "accounting-interim", "accounting-stop"} {
		m.requests.WithLabelValues(typ, "ok")
		m.requests.WithLabelValues(typ, "error")
		m.latency.WithLabelValues(typ)
	}
	m.requests.WithLabelValues("access", "error")
}

// collectors builds the server's collectors and lists them for registration.
type collectors []prometheus.Collector

func (cs *collectors) add(c prometheus.Collector) { *cs = append(*cs, c) }

func (cs *collectors) counter(name, help string) prometheus.Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	cs.add(c)
	return c
}

func (cs *collectors) counterVec(name, help string, labels ...string) *prometheus.CounterVec {
	c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: help}, labels)
	cs.add(c)
	return c
}

func (cs *collectors) gauge(name, help string) prometheus.Gauge {
	c := prometheus.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	cs.add(c)
	return c
}

func (cs *collectors) histogram(name, help string, buckets []float64) prometheus.Histogram {
	c := prometheus.NewHistogram(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets})
	cs.add(c)
	return c
}

func (cs *collectors) histogramVec(name, help string, buckets []float64, labels ...string) *prometheus.HistogramVec {
	c := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: help, Buckets: buckets}, labels)
	cs.add(c)
	return c
}

// nasStats counts requests and rejects per NAS in one-minute buckets over the last hour.
type nasStats struct {
	mu  sync.Mutex
	per map[int]*[60]minuteBucket
}

type minuteBucket struct {
	minute            int64
	requests, rejects int
}

func newNasStats() *nasStats { return &nasStats{per: map[int]*[60]minuteBucket{}} }

func (n *nasStats) add(nasID int, now time.Time, reject bool) {
	m := now.Unix() / 60
	n.mu.Lock()
	b := n.per[nasID]
	if b == nil {
		b = &[60]minuteBucket{}
		n.per[nasID] = b
	}
	slot := &b[m%60]
	if slot.minute != m {
		*slot = minuteBucket{minute: m}
	}
	slot.requests++
	if reject {
		slot.rejects++
	}
	n.mu.Unlock()
}

func (n *nasStats) get(nasID int, now time.Time) (requests, rejects int) {
	m := now.Unix() / 60
	n.mu.Lock()
	defer n.mu.Unlock()
	b := n.per[nasID]
	if b == nil {
		return 0, 0
	}
	for _, slot := range b {
		if slot.minute > m-60 && slot.minute <= m {
			requests += slot.requests
			rejects += slot.rejects
		}
	}
	return requests, rejects
}
