// Package windows gives plans time windows with another rate (a night boost, say) and pushes
// each window edge to the online sessions: at the edge one instance creates a run (unique per
// plan and edge) with one item per online session of the plan, each due at a point spread over
// the coa_spread_seconds setting; every instance then claims due items with a conditional
// update, so each session is changed once, sends the CoA with the new Mikrotik-Rate-Limit,
// retries on timeout and records the result. Sessions that could not be changed are listed.
//
// Precedence: a customer whose data cap is applied keeps the after-cap plan's rate; a window
// never lifts it, so capped customers are not part of a run.
package windows

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/planwindow"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/store"
)

// Sender changes one session's rate (nas.Service.Reshape).
type Sender interface {
	Reshape(ctx context.Context, sessionID int, rate string) domain.SessionResult
}

// Service keeps plans' windows and runs their edges.
type Service struct {
	st     *store.Store
	sender Sender
	log    *slog.Logger

	// Instance names this process in claims (for the log and the items' claimed_by).
	Instance string
	// Lookback is how late an edge is still pushed (an instance down at the edge catches up).
	Lookback time.Duration
	// ClaimFor hides a claimed item from other instances; a crash is retried after it.
	ClaimFor time.Duration
	// MaxAttempts is how often a session that timed out is tried before it is listed.
	MaxAttempts int
	// RetryAfter is the wait after a timed-out attempt.
	RetryAfter time.Duration
	// Parallel bounds the CoAs in flight; Batch is how many due items one pass reads.
	Parallel, Batch int
}

// New makes the service; sender may be nil (nothing is sent: items stay pending).
func New(st *store.Store, sender Sender, logger *slog.Logger, instance string) *Service {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Service{
		st: st, sender: sender, log: logger.With("component", "windows"), Instance: instance,
		Lookback: 10 * time.Minute, ClaimFor: 30 * time.Second, MaxAttempts: 3, RetryAfter: 5 * time.Second,
		Parallel: 64, Batch: 500,
	}
}

// List returns the windows of plan profileID, in the order they are checked.
func (s *Service) List(ctx context.Context, profileID int) ([]plan.Window, error) {
	all, err := load(ctx, s.st.Client, profileID)
	if err != nil {
		return nil, err
	}
	return all[profileID], nil
}

// Load returns every plan's windows by plan id (for RADIUS and the runner).
func Load(ctx context.Context, c *ent.Client) (map[int][]plan.Window, error) {
	return load(ctx, c)
}

func load(ctx context.Context, c *ent.Client, profileIDs ...int) (map[int][]plan.Window, error) {
	q := c.PlanWindow.Query()
	if len(profileIDs) > 0 {
		q.Where(planwindow.ProfileIDIn(profileIDs...))
	}
	rows, err := q.Order(ent.Asc(planwindow.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("windows: loading: %w", err)
	}
	out := map[int][]plan.Window{}
	for _, r := range rows {
		out[r.ProfileID] = append(out[r.ProfileID], plan.Window{
			Days: r.Days, StartMinute: r.StartMinute, EndMinute: r.EndMinute,
			DownloadKbps: r.DownloadKbps, UploadKbps: r.UploadKbps,
		})
	}
	return out, nil
}

// Set replaces plan profileID's windows (checked first; none clears them). The plan is
// touched in the same transaction, so RADIUS on every instance reloads it.
func (s *Service) Set(ctx context.Context, profileID int, list []plan.Window) ([]plan.Window, error) {
	for i, w := range list {
		if err := w.Check(); err != nil {
			return nil, checkRefusal(fmt.Sprintf("windows[%d]", i), err)
		}
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].StartMinute < list[j].StartMinute })
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := tx.Profile.UpdateOneID(profileID).SetUpdatedAt(time.Now().UTC()).Exec(ctx); err != nil {
			if ent.IsNotFound(err) {
				return domain.NotFoundf("plan %d", profileID).WithKey("profile.notFound", nil)
			}
			return fmt.Errorf("windows: touching plan %d: %w", profileID, err)
		}
		if _, err := tx.PlanWindow.Delete().Where(planwindow.ProfileID(profileID)).Exec(ctx); err != nil {
			return fmt.Errorf("windows: clearing plan %d: %w", profileID, err)
		}
		for _, w := range list {
			if err := tx.PlanWindow.Create().SetProfileID(profileID).SetDays(w.Days).SetStartMinute(w.StartMinute).
				SetEndMinute(w.EndMinute).SetDownloadKbps(w.DownloadKbps).SetUploadKbps(w.UploadKbps).Exec(ctx); err != nil {
				return fmt.Errorf("windows: saving plan %d: %w", profileID, err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return list, nil
}

// checkRefusal refuses the window at field that plan.Window.Check refused (err).
func checkRefusal(field string, err error) error {
	key := "window.ratesPositive"
	switch {
	case errors.Is(err, plan.ErrWindowDays):
		key = "window.dayRequired"
	case errors.Is(err, plan.ErrWindowTimes):
		key = "window.timeOfDay"
	}
	return domain.Invalidf(field, "%s", err.Error()).Because(err).WithKey(key, nil)
}
