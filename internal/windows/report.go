package windows

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/windowrun"
	"github.com/linedesk/linedesk/ent/windowrunitem"
)

// RunReport is one window edge's run: how its sessions fared, and those not changed.
type RunReport struct {
	ID, ProfileID     int
	EdgeAt, CreatedAt time.Time
	RateLimit         string
	Sessions          int
	Done              int
	Pending           int                  // not sent yet, or being retried
	Unchanged         []*ent.WindowRunItem // refused or unanswered after every attempt
}

// Runs returns the latest runs (newest first, at most first; of plan profileID when not 0).
func (s *Service) Runs(ctx context.Context, profileID, first int) ([]RunReport, error) {
	if first <= 0 || first > 100 {
		first = 20
	}
	q := s.st.Client.WindowRun.Query()
	if profileID != 0 {
		q.Where(windowrun.ProfileID(profileID))
	}
	runs, err := q.Order(ent.Desc(windowrun.FieldCreatedAt), ent.Desc(windowrun.FieldID)).Limit(first).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("windows: listing runs: %w", err)
	}
	out := make([]RunReport, 0, len(runs))
	for _, r := range runs {
		rep := RunReport{ID: r.ID, ProfileID: r.ProfileID, EdgeAt: r.EdgeAt, CreatedAt: r.CreatedAt,
			RateLimit: r.RateLimit, Sessions: r.Sessions}
		if rep.Done, err = s.st.Client.WindowRunItem.Query().Where(windowrunitem.RunID(r.ID),
			windowrunitem.StatusEQ(windowrunitem.StatusDONE)).Count(ctx); err != nil {
			return nil, fmt.Errorf("windows: counting: %w", err)
		}
		if rep.Pending, err = s.st.Client.WindowRunItem.Query().Where(windowrunitem.RunID(r.ID),
			windowrunitem.StatusIn(windowrunitem.StatusPENDING, windowrunitem.StatusCLAIMED)).Count(ctx); err != nil {
			return nil, fmt.Errorf("windows: counting: %w", err)
		}
		if rep.Unchanged, err = s.st.Client.WindowRunItem.Query().Where(windowrunitem.RunID(r.ID),
			windowrunitem.StatusEQ(windowrunitem.StatusFAILED)).Order(ent.Asc(windowrunitem.FieldID)).Limit(500).All(ctx); err != nil {
			return nil, fmt.Errorf("windows: listing unchanged sessions: %w", err)
		}
		out = append(out, rep)
	}
	return out, nil
}
