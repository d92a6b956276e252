package radius

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
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
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_requests_total",
			Help: "RADIUS requests answered or dropped, by type (access, accounting-start, ...) and outcome (accept, reject, ok, dropped, error).",
		}, []string{"type", "outcome"}),
		rejects: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_rejects_total",
			Help: "Access-Rejects by reason.",
		}, []string{"reason"}),
		drops: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_dropped_total",
			Help: "Packets dropped without a reply, by reason.",
		}, []string{"reason"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "linedesk_radius_request_duration_seconds",
			Help:    "Time from reading a request to sending its reply (accounting: including the commit).",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"type"}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "linedesk_radius_acct_batch_size",
			Help:    "Accounting requests per group commit.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 12),
		}),
		commitTime: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "linedesk_radius_acct_commit_seconds",
			Help:    "Duration of one accounting group commit.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 5},
		}),
		commitErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linedesk_radius_acct_commit_errors_total",
			Help: "Accounting group commits that failed (their requests got no reply).",
		}),
		acctRetries: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linedesk_radius_acct_conflict_retries_total",
			Help: "Accounting batches whose optimistic write met a change by another writer (or instance) and were redone under row locks.",
		}),
		authEventsQ: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "linedesk_radius_authevents_queued",
			Help: "Authentication events waiting to be written.",
		}),
		authEventsOut: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_authevents_total",
			Help: "Authentication events written or dropped (queue full).",
		}, []string{"result"}),
		snapshotLoads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_snapshot_reloads_total",
			Help: "Entities reloaded into the in-memory snapshot.",
		}, []string{"entity"}),
		reaped: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "linedesk_radius_sessions_reaped_total",
			Help: "Stale sessions closed by the reaper.",
		}),
		clamped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_acct_counters_clamped_total",
			Help: "Accounting byte counters stored lower than the router reported, by reason: above_line_rate (grew faster than 10 Gbit/s since the session's last update), above_ceiling (beyond 2^53-1 bytes).",
		}, []string{"reason"}),
		skipped: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "linedesk_radius_snapshot_skipped_total",
			Help: "Rows the in-memory snapshot could not read and skipped (each logged with its id), by entity.",
		}, []string{"entity"}),
	}
	m.accessAccept = m.requests.WithLabelValues("access", "accept")
	m.accessReject = m.requests.WithLabelValues("access", "reject")
	m.accessRetransmit = m.requests.WithLabelValues("access", "retransmit")
	m.accessLatency = m.latency.WithLabelValues("access")
	if reg != nil {
		for _, c := range []prometheus.Collector{m.requests, m.rejects, m.drops, m.latency, m.batchSize,
			m.commitTime, m.commitErrors, m.acctRetries, m.authEventsQ, m.authEventsOut, m.snapshotLoads, m.reaped,
			m.clamped, m.skipped} {
			if err := reg.Register(c); err != nil {
				// A second server in one process (tests): keep the collectors unregistered.
				continue
			}
		}
	}
	return m
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
