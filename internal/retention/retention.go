// Package retention runs linedesk's housekeeping: it samples the number of online sessions
// for the dashboard's 24-hour chart, rolls daily usage up into months, and prunes old sessions,
// authentication events, samples and change-feed rows in small batches so no table is locked
// for long. Each job runs on one instance at a time (internal/lease).
package retention

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/change"
	"github.com/linedesk/linedesk/ent/onlinesample"
	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/ent/usagemonthly"
	"github.com/linedesk/linedesk/internal/lease"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// BatchSize is how many rows one delete removes; each batch is its own short transaction.
const BatchSize = 2000

// Keep periods of the tables that have no setting of their own.
const (
	SampleKeep = 30 * 24 * time.Hour
	ChangeKeep = 24 * time.Hour
	DailyKeep  = 400 * 24 * time.Hour
)

// Report says what one pass did.
type Report struct {
	Sampled                                         bool
	Sessions, AuthEvents, Samples, Changes, Dailies int
	Tallies                                         int
	MonthsRolled                                    int
}

// SampleOnline records the number of open sessions now.
func SampleOnline(ctx context.Context, st *store.Store, now time.Time) (int, error) {
	n, err := st.Client.Session.Query().Where(session.Open(true)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting online sessions: %w", err)
	}
	if err := st.Client.OnlineSample.Create().SetAt(now.UTC()).SetOnline(n).Exec(ctx); err != nil {
		return 0, fmt.Errorf("recording online sample: %w", err)
	}
	return n, nil
}

// RollUpMonths adds the daily usage of the given UTC month into the monthly table (replacing
// what was there, so running it twice changes nothing). The sums saturate at
// store.MaxCounter, so one overflowed day cannot fail the month of every customer.
func RollUpMonths(ctx context.Context, st *store.Store, month string) (int, error) {
	type row struct {
		CustomerID int   `json:"customer_id"`
		In         int64 `json:"bin"`
		Out        int64 `json:"bout"`
	}
	var rows []row
	err := st.Client.UsageDaily.Query().Where(usagedaily.DayHasPrefix(month+"-")).
		GroupBy(usagedaily.FieldCustomerID).
		Aggregate(func(s *sql.Selector) string {
			return sql.As(store.SumCounterSQL(s.Dialect(), s.C(usagedaily.FieldBytesIn)), "bin")
		}, func(s *sql.Selector) string {
			return sql.As(store.SumCounterSQL(s.Dialect(), s.C(usagedaily.FieldBytesOut)), "bout")
		}).
		Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("summing daily usage of %s: %w", month, err)
	}
	for start := 0; start < len(rows); start += 500 {
		end := min(start+500, len(rows))
		builders := make([]*ent.UsageMonthlyCreate, 0, end-start)
		for _, r := range rows[start:end] {
			builders = append(builders, st.Client.UsageMonthly.Create().SetCustomerID(r.CustomerID).
				SetMonth(month).SetBytesIn(r.In).SetBytesOut(r.Out))
		}
		err := st.Client.UsageMonthly.CreateBulk(builders...).
			OnConflictColumns(usagemonthly.FieldCustomerID, usagemonthly.FieldMonth).UpdateNewValues().Exec(ctx)
		if err != nil {
			return 0, fmt.Errorf("writing monthly usage of %s: %w", month, err)
		}
	}
	return len(rows), nil
}

// deleteBatches deletes ids returned by pick, BatchSize at a time, until none are left.
func deleteBatches(ctx context.Context, pick func(ctx context.Context) ([]int, error), del func(ctx context.Context, ids []int) (int, error)) (int, error) {
	total := 0
	for {
		ids, err := pick(ctx)
		if err != nil {
			return total, err
		}
		if len(ids) == 0 {
			return total, nil
		}
		n, err := del(ctx, ids)
		total += n
		if err != nil {
			return total, err
		}
		if len(ids) < BatchSize {
			return total, nil
		}
	}
}

// pruneTallies removes the RADIUS log's counts of the buckets before cut.
func pruneTallies(ctx context.Context, c *ent.Client, cut time.Time) (int, error) {
	n, err := deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.RadiusTally.Query().Where(radiustally.BucketLT(cut)).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.RadiusTally.Delete().Where(radiustally.IDIn(ids...)).Exec(ctx)
		},
	)
	if err != nil {
		return n, fmt.Errorf("pruning radius tallies: %w", err)
	}
	return n, nil
}

// Prune removes what is older than its retention period, in batches.
func Prune(ctx context.Context, st *store.Store, now time.Time) (Report, error) {
	var r Report
	vals, err := settings.Load(ctx, st.Client)
	if err != nil {
		return r, err
	}
	c := st.Client
	sessionCut := now.Add(-time.Duration(vals.Int(settings.SessionRetentionDays)) * 24 * time.Hour).UTC()
	authCut := now.Add(-time.Duration(vals.Int(settings.AuthEventRetention)) * 24 * time.Hour).UTC()

	if r.Sessions, err = deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.Session.Query().Where(session.Open(false), session.StoppedAtLT(sessionCut)).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.Session.Delete().Where(session.IDIn(ids...)).Exec(ctx)
		},
	); err != nil {
		return r, fmt.Errorf("pruning sessions: %w", err)
	}
	if r.AuthEvents, err = deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.AuthEvent.Query().Where(authevent.CreatedAtLT(authCut)).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.AuthEvent.Delete().Where(authevent.IDIn(ids...)).Exec(ctx)
		},
	); err != nil {
		return r, fmt.Errorf("pruning auth events: %w", err)
	}
	// The RADIUS log's counts (RadiusTally) are kept as long as its events.
	if r.Tallies, err = pruneTallies(ctx, c, authCut); err != nil {
		return r, err
	}
	if r.Samples, err = deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.OnlineSample.Query().Where(onlinesample.AtLT(now.Add(-SampleKeep).UTC())).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.OnlineSample.Delete().Where(onlinesample.IDIn(ids...)).Exec(ctx)
		},
	); err != nil {
		return r, fmt.Errorf("pruning online samples: %w", err)
	}
	if r.Changes, err = deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.Change.Query().Where(change.CreatedAtLT(now.Add(-ChangeKeep).UTC())).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.Change.Delete().Where(change.IDIn(ids...)).Exec(ctx)
		},
	); err != nil {
		return r, fmt.Errorf("pruning change feed: %w", err)
	}
	// Months are rolled up before their days are pruned: last month and this one, every pass.
	thisMonth := now.UTC().Format("2006-01")
	lastMonth := now.UTC().AddDate(0, -1, -now.UTC().Day()+1).Format("2006-01")
	for _, m := range []string{lastMonth, thisMonth} {
		n, err := RollUpMonths(ctx, st, m)
		if err != nil {
			return r, err
		}
		r.MonthsRolled += n
	}
	dayCut := now.Add(-DailyKeep).UTC().Format("2006-01-02")
	if r.Dailies, err = deleteBatches(ctx,
		func(ctx context.Context) ([]int, error) {
			return c.UsageDaily.Query().Where(usagedaily.DayLT(dayCut)).Limit(BatchSize).IDs(ctx)
		},
		func(ctx context.Context, ids []int) (int, error) {
			return c.UsageDaily.Delete().Where(usagedaily.IDIn(ids...)).Exec(ctx)
		},
	); err != nil {
		return r, fmt.Errorf("pruning daily usage: %w", err)
	}
	return r, nil
}

// Run samples every minute and prunes every hour until ctx ends.
func Run(ctx context.Context, st *store.Store, logger *slog.Logger) {
	sample := time.NewTicker(time.Minute)
	defer sample.Stop()
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	doSample := func() {
		if _, err := lease.Run(ctx, st, "online-sampler", func(ctx context.Context) error {
			_, err := SampleOnline(ctx, st, time.Now())
			return err
		}); err != nil && ctx.Err() == nil {
			logger.Warn("online sampler", "err", err)
		}
	}
	doPrune := func() {
		if _, err := lease.Run(ctx, st, "retention", func(ctx context.Context) error {
			r, err := Prune(ctx, st, time.Now())
			if r.Sessions+r.AuthEvents+r.Dailies > 0 {
				logger.Info("pruned old rows", "sessions", r.Sessions, "auth_events", r.AuthEvents, "daily_usage", r.Dailies)
			}
			return err
		}); err != nil && ctx.Err() == nil {
			logger.Warn("retention", "err", err)
		}
	}
	doSample()
	doPrune()
	for {
		select {
		case <-ctx.Done():
			return
		case <-sample.C:
			doSample()
		case <-prune.C:
			doPrune()
		}
	}
}
