package plan

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
)

func TestWindowRates(t *testing.T) {
	nairobi, err := time.LoadLocation("Africa/Nairobi")
	if err != nil {
		t.Fatal(err)
	}
	p := &ent.Profile{DownloadKbps: 10000, UploadKbps: 5000}
	night := Window{Days: AllDays, StartMinute: 0, EndMinute: 6 * 60, DownloadKbps: 20000, UploadKbps: 10000}
	late := Window{Days: 1 << 4, StartMinute: 22 * 60, EndMinute: 2 * 60, DownloadKbps: 30000, UploadKbps: 10000} // Friday 22:00–02:00
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, nairobi)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	// 2026-12-04 is a Friday.
	cases := []struct {
		name    string
		windows []Window
		at      string
		want    string
	}{
		{"no windows", nil, "2026-12-04 03:00", "5M/10M"},
		{"night boost", []Window{night}, "2026-12-04 03:00", "10M/20M"},
		{"night boost ended", []Window{night}, "2026-12-04 06:00", "5M/10M"},
		{"night boost starts at midnight", []Window{night}, "2026-12-05 00:00", "10M/20M"},
		{"Friday late, before", []Window{late}, "2026-12-04 21:59", "5M/10M"},
		{"Friday late, past midnight", []Window{late}, "2026-12-05 01:30", "10M/30M"},
		{"Friday late is not Thursday's", []Window{late}, "2026-12-04 01:30", "5M/10M"},
		{"the first window in force wins", []Window{late, night}, "2026-12-05 01:30", "10M/30M"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := RateAt(p, c.windows, at(c.at), nairobi); got != c.want {
				t.Fatalf("RateAt = %q, want %q", got, c.want)
			}
		})
	}
	edges := []struct {
		now, want string
		ok        bool
	}{
		{"2026-12-04 06:04", "2026-12-04 06:00", true},
		{"2026-12-04 00:00", "2026-12-04 00:00", true},
		{"2026-12-04 12:00", "", false},
	}
	for _, e := range edges {
		got, ok := LastEdge(p, []Window{night}, at(e.now), 10*time.Minute, nairobi)
		if ok != e.ok || (ok && !got.Equal(at(e.want))) {
			t.Fatalf("LastEdge at %s = %v %v, want %s %v", e.now, got, ok, e.want, e.ok)
		}
	}
	if err := (Window{Days: 0, DownloadKbps: 1, UploadKbps: 1}).Check(); err == nil {
		t.Fatal("a window without days was accepted")
	}
}
