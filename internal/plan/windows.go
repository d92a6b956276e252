package plan

import (
	"errors"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// Window is a time of day, on some days of the week, in which a plan has another rate (a
// night boost, say). Times are minutes after local midnight in the installation's time zone;
// a window whose end is at or before its start runs past midnight into the next day and
// belongs to the day it starts on.
type Window struct {
	Days         int // bits: 1 Monday, 2 Tuesday, 4 Wednesday, … 64 Sunday
	StartMinute  int
	EndMinute    int
	DownloadKbps int
	UploadKbps   int
}

// AllDays is every day of the week.
const AllDays = 127

// dayBit is the Days bit of a weekday.
func dayBit(d time.Weekday) int { return 1 << ((int(d) + 6) % 7) }

// length is how long the window lasts.
func (w Window) length() time.Duration {
	m := w.EndMinute - w.StartMinute
	if m <= 0 {
		m += 24 * 60
	}
	return time.Duration(m) * time.Minute
}

// What Check finds wrong with a window, in words for staff.
var (
	ErrWindowDays  = errors.New("a window needs at least one day of the week")
	ErrWindowTimes = errors.New("a window's start and end are times of day from 00:00 to 23:59")
	ErrWindowRates = errors.New("a window's download and upload rates must be above zero")
)

// Check reports what is wrong with w, in words for staff (one of the ErrWindow… errors).
func (w Window) Check() error {
	switch {
	case w.Days <= 0 || w.Days > AllDays:
		return ErrWindowDays
	case w.StartMinute < 0 || w.StartMinute >= 24*60 || w.EndMinute < 0 || w.EndMinute >= 24*60:
		return ErrWindowTimes
	case w.DownloadKbps <= 0 || w.UploadKbps <= 0:
		return ErrWindowRates
	}
	return nil
}

// RateLimit is the window's Mikrotik-Rate-Limit (no burst).
func (w Window) RateLimit() string { return rate(w.UploadKbps) + "/" + rate(w.DownloadKbps) }

// starts lists the instants w starts on the local days from..to (inclusive).
func (w Window) starts(from, to time.Time, loc *time.Location) []time.Time {
	var out []time.Time
	y, m, d := from.In(loc).Date()
	for day := time.Date(y, m, d, 0, 0, 0, 0, loc); !day.After(to); day = day.AddDate(0, 0, 1) {
		if w.Days&dayBit(day.Weekday()) != 0 {
			out = append(out, time.Date(day.Year(), day.Month(), day.Day(), w.StartMinute/60, w.StartMinute%60, 0, 0, loc))
		}
	}
	return out
}

// active reports whether w is in force at t.
func (w Window) active(t time.Time, loc *time.Location) bool {
	for _, s := range w.starts(t.Add(-48*time.Hour), t, loc) {
		if !t.Before(s) && t.Before(s.Add(w.length())) {
			return true
		}
	}
	return false
}

// RateAt is the Mikrotik-Rate-Limit of plan p at t: the first of its windows in force, else
// the plan's own rate.
func RateAt(p *ent.Profile, windows []Window, t time.Time, loc *time.Location) string {
	for _, w := range windows {
		if w.active(t, loc) {
			return w.RateLimit()
		}
	}
	return RateLimit(p)
}

// LastEdge returns the latest instant in (now-lookback, now] at which plan p's rate changes
// (a window starts or ends with a rate other than the one before it), and false when there is
// none.
func LastEdge(p *ent.Profile, windows []Window, now time.Time, lookback time.Duration, loc *time.Location) (time.Time, bool) {
	var best time.Time
	from := now.Add(-lookback)
	for _, w := range windows {
		for _, s := range w.starts(from.Add(-48*time.Hour), now, loc) {
			for _, edge := range []time.Time{s, s.Add(w.length())} {
				if edge.After(from) && !edge.After(now) && edge.After(best) &&
					RateAt(p, windows, edge, loc) != RateAt(p, windows, edge.Add(-time.Second), loc) {
					best = edge
				}
			}
		}
	}
	return best, !best.IsZero()
}
