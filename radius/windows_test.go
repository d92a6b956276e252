package radius

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/plan"
)

// TestPolicyWindowsAndTopups: the Access-Accept carries the rate of the window in force; the
// after-cap rate wins over a window; the period's top-ups raise the cap.
func TestPolicyWindowsAndTopups(t *testing.T) {
	pol, _ := policyFixture()
	utc := time.UTC
	boost := plan.Window{Days: plan.AllDays, StartMinute: 0, EndMinute: 6 * 60, DownloadKbps: 40000, UploadKbps: 10000}
	pol.snap.win.byProfile = map[int][]plan.Window{1: {boost}, 2: {boost}}
	pol.snap.win.loc = utc
	night := time.Date(2026, 3, 1, 3, 0, 0, 0, utc)
	noon := time.Date(2026, 3, 1, 12, 0, 0, 0, utc)
	tests := []struct {
		name      string
		profileID int
		at        time.Time
		used      int64
		extra     int64
		want      authevent.Reason
		wantRate  string
	}{
		{"night boost in force", 1, night, 0, 0, "", "10M/40M"},
		{"outside the window: the plan's rate", 1, noon, 0, 0, "", "5M/20M"},
		{"capped at night: the after-cap rate wins", 2, night, 1000, 0, "", "512k/1M"},
		{"a top-up raises the cap: the window's rate", 2, night, 1000, 500, "", "10M/40M"},
		{"past the raised cap", 2, noon, 1500, 500, "", "512k/1M"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sub(tt.at, func(s *subscriber) { s.profileID = tt.profileID; s.extraBytes = tt.extra })
			s.usedIn.Store(tt.used)
			a := &attempt{now: tt.at, sub: s}
			for _, step := range []policyStep{stepStatus, stepExpiry, stepCap} {
				if r := pol.check(step, a); r != "" {
					if r != tt.want {
						t.Fatalf("%s refused %q, want %q", step, r, tt.want)
					}
					return
				}
			}
			if a.grant.rateLimit != tt.wantRate {
				t.Fatalf("rate %q, want %q", a.grant.rateLimit, tt.wantRate)
			}
		})
	}
}
