package radius

import (
	"strconv"
	"sync/atomic"
	"time"

	"github.com/linedesk/linedesk/internal/store/counter"
)

// Counters from the wire are hostile (gigawords·2³² + octets of two 0xffffffff values is near
// 2⁶⁴), so each is bounded by what a session can physically carry before it is stored or
// added to any sum, at maxLineRate bytes per second, by two limits:
//
//   - per update: a counter may grow, since the session's last stored update, by what the
//     line carries in the time between the two (by the router's clock: receive time minus
//     Acct-Delay-Time) plus counterSlack;
//   - per session: a counter may not exceed what the line carries in the session's age
//     (since its started_at) plus counterSlack, so the slack of many records sent in a burst
//     does not add up.
//
// A record with no stored session before it (a Start, or an Interim/Stop whose Start was
// lost) starts the session Acct-Session-Time before it, at most maxSessionWindow (the longest
// Session-Timeout linedesk sends), so it may carry what that time allows. A counter above
// the bound is clamped to it: the record is still stored and answered (a router retransmits
// an unanswered record forever), counters still only move forward, and each clamp is logged
// and counted in linedesk_radius_acct_counters_clamped_total{reason}. Every counter and
// every sum stops at counter.Max.
const (
	maxLineRate      = 10_000_000_000 / 8 // bytes per second: 10 Gbit/s
	counterSlack     = 5 * time.Second    // clock jitter and packets queued at the router
	maxSessionWindow = 31 * 24 * time.Hour
)

// Clamp reasons (label values of linedesk_radius_acct_counters_clamped_total).
const (
	clampLineRate = "above_line_rate" // grew faster than maxLineRate since the last update
	clampCeiling  = "above_ceiling"   // beyond counter.Max
)

// counterClamp is one counter of a record stored lower than the router reported.
type counterClamp struct {
	reason     string
	counter    string // "input" or "output"
	nasID      int
	customerID int
	sessionID  string
	reported   int64
	stored     int64
}

// allowance is how many bytes a session can move in window (plus the slack).
func allowance(window time.Duration) int64 {
	window = max(window, 0) + counterSlack
	secs := window.Seconds()
	if secs*maxLineRate >= float64(counter.Max) {
		return counter.Max
	}
	return int64(secs * maxLineRate)
}

// reportedAge is how long before r its session started, by the Acct-Session-Time r reports,
// at most maxSessionWindow: where a session first seen with r starts.
func reportedAge(r *acctReq) time.Duration {
	return min(time.Duration(max(r.sessTime, 0))*time.Second, maxSessionWindow)
}

// counterLimit is the highest value a counter now at from may take with r: the smaller of
// the per-update and per-session limits, never below from.
func counterLimit(from int64, row *sessRow, r *acctReq, first bool) int64 {
	age := r.at.Sub(row.Started)
	elapsed := age
	if !first {
		elapsed = r.at.Sub(row.Updated)
	}
	return max(from, min(counter.Add(from, allowance(elapsed)), allowance(age)))
}

// bounded returns the value a counter may move to when the router reports to and limit is
// its bound; the clamp reason is "" when to is stored as reported.
func bounded(to, limit int64) (int64, string) {
	switch {
	case to <= limit:
		return to, ""
	case limit < counter.Max:
		return limit, clampLineRate
	}
	return counter.Max, clampCeiling
}

// forward moves row's counters towards r's, within what the session can carry, and returns
// the growth. first says row is new with r (its started is r's). Counters only move
// forward: lower reported values change nothing. Clamps are added to clamps.
func forward(row *sessRow, r *acctReq, first bool, clamps *[]counterClamp) (dIn, dOut int64) {
	move := func(cur *int64, reported int64, counter string) int64 {
		if reported <= *cur {
			return 0
		}
		next, reason := bounded(reported, counterLimit(*cur, row, r, first))
		if reason != "" {
			*clamps = append(*clamps, counterClamp{reason: reason, counter: counter, nasID: r.nasID,
				customerID: row.CustomerID, sessionID: r.sessionID, reported: reported, stored: next})
		}
		if next <= *cur {
			return 0
		}
		d := next - *cur
		*cur = next
		return d
	}
	dIn = move(&row.In, r.bytesIn, "input")
	dOut = move(&row.Out, r.bytesOut, "output")
	if r.sessTime > row.Time {
		row.Time = r.sessTime
	}
	return dIn, dOut
}

// noteClamps counts and logs (at most once per NAS and reason every 10 s) the clamps of a
// committed batch.
func (s *Server) noteClamps(clamps []counterClamp) {
	for _, c := range clamps {
		s.m.clamped.WithLabelValues(c.reason).Inc()
		name := "unknown"
		if n := s.snap.nasID(c.nasID); n != nil {
			name = n.name
		}
		s.logLimitedKey("clamp/"+strconv.Itoa(c.nasID)+"/"+c.reason, "radius: accounting counter clamped to what the session can carry",
			"nas", name, "customer", c.customerID, "acct_session_id", c.sessionID, "counter", c.counter,
			"reason", c.reason, "reported", c.reported, "stored", c.stored)
	}
}

// addCounter adds d to a usage counter of the snapshot, stopping at counter.Max.
func addCounter(v *atomic.Int64, d int64) {
	for {
		old := v.Load()
		if v.CompareAndSwap(old, counter.Add(old, d)) {
			return
		}
	}
}
