package windows

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/plan"
)

// Input is a window as staff give it: days of the week (1 Monday … 7 Sunday), start and end
// as HH:MM in the installation's time zone, and the rate in kbit/s.
type Input struct {
	Days         []int
	Start, End   string
	DownloadKbps int
	UploadKbps   int
}

// SetInputs replaces plan profileID's windows with in (see Set).
func (s *Service) SetInputs(ctx context.Context, profileID int, in []Input) ([]plan.Window, error) {
	list := make([]plan.Window, 0, len(in))
	for i, w := range in {
		field := fmt.Sprintf("windows[%d]", i)
		days := 0
		for _, d := range w.Days {
			if d < 1 || d > 7 {
				return nil, domain.Invalidf(field+".days", "days of the week are 1 (Monday) to 7 (Sunday)").
					WithKey("window.dayNumber", map[string]any{"min": 1, "max": 7})
			}
			days |= 1 << (d - 1)
		}
		start, err := ParseClock(w.Start)
		if err != nil {
			return nil, domain.Invalidf(field+".start", "%s", err.Error()).WithKey("window.timeOfDay", nil)
		}
		end, err := ParseClock(w.End)
		if err != nil {
			return nil, domain.Invalidf(field+".end", "%s", err.Error()).WithKey("window.timeOfDay", nil)
		}
		list = append(list, plan.Window{Days: days, StartMinute: start, EndMinute: end,
			DownloadKbps: w.DownloadKbps, UploadKbps: w.UploadKbps})
	}
	return s.Set(ctx, profileID, list)
}

// ParseClock reads HH:MM (00:00–23:59) as minutes after midnight.
func ParseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || hh < 0 || hh > 23 || mm < 0 || mm > 59 || len(m) != 2 {
		return 0, fmt.Errorf("a time of day is HH:MM, from 00:00 to 23:59")
	}
	return hh*60 + mm, nil
}

// Clock writes minutes after midnight as HH:MM.
func Clock(minute int) string { return fmt.Sprintf("%02d:%02d", minute/60, minute%60) }

// Days lists the days of the week of w's bits, 1 Monday … 7 Sunday.
func Days(w plan.Window) []int {
	var out []int
	for d := 1; d <= 7; d++ {
		if w.Days&(1<<(d-1)) != 0 {
			out = append(out, d)
		}
	}
	return out
}
