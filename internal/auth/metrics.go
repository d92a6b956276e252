package auth

import "github.com/prometheus/client_golang/prometheus"

// Collectors are the login metrics of this process, for its /metrics registry: argon2id
// computations (every login checked, every password set) and logins refused by the throttle.
func Collectors() []prometheus.Collector {
	return []prometheus.Collector{
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "linedesk_staff_password_hashes_total",
			Help: "argon2id password hashes computed by this process (staff logins checked, passwords set).",
		}, func() float64 { return float64(hashCount.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "linedesk_staff_logins_throttled_total",
			Help: "Staff logins refused with TOO_MANY_REQUESTS before any hash (throttle or no hash slot free).",
		}, func() float64 { return float64(throttledCount.Load()) }),
	}
}
