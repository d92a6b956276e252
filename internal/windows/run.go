package windows

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/windowrun"
	"github.com/linedesk/linedesk/ent/windowrunitem"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Run checks for window edges and sends due items every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 5 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := s.Tick(ctx, time.Now()); err != nil && ctx.Err() == nil {
			s.log.Error("window edges", "err", err)
		}
		if _, err := s.Work(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("window changes", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick creates the run of every plan edge in (now-Lookback, now] not created yet (on any
// instance) and returns how many it created.
func (s *Service) Tick(ctx context.Context, now time.Time) (int, error) {
	all, err := Load(ctx, s.st.Client)
	if err != nil || len(all) == 0 {
		return 0, err
	}
	vals, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return 0, fmt.Errorf("windows: %w", err)
	}
	loc := vals.Location()
	created := 0
	var errs []error
	for profileID, list := range all {
		p, err := s.st.Client.Profile.Get(ctx, profileID)
		if err != nil {
			errs = append(errs, fmt.Errorf("windows: plan %d: %w", profileID, err))
			continue
		}
		edge, ok := plan.LastEdge(p, list, now, s.Lookback, loc)
		if !ok {
			continue
		}
		made, err := s.createRun(ctx, p, plan.RateAt(p, list, edge, loc), edge.UTC(), vals.Int(settings.CoASpreadSeconds))
		if err != nil {
			errs = append(errs, err)
		}
		if made {
			created++
		}
	}
	return created, errors.Join(errs...)
}

// createRun creates the run of plan p's edge with one item per online session, unless another
// instance did; the items' due times start now and are spread evenly over spread seconds.
func (s *Service) createRun(ctx context.Context, p *ent.Profile, rate string, edge time.Time, spread int) (bool, error) {
	exists, err := s.st.Client.WindowRun.Query().Where(windowrun.ProfileID(p.ID), windowrun.EdgeAt(edge)).Exist(ctx)
	if err != nil || exists {
		return false, err
	}
	made := false
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		start := time.Now().UTC()
		run, err := tx.WindowRun.Create().SetProfileID(p.ID).SetEdgeAt(edge).SetRateLimit(rate).
			SetSpreadSeconds(spread).SetCreatedAt(start).Save(ctx)
		if err != nil {
			return err
		}
		open, err := tx.Session.Query().Where(session.Open(true), session.HasCustomerWith(
			customer.ProfileID(p.ID), customer.CapApplied(false), customer.ExpiresAtGT(start),
		)).Order(ent.Asc(session.FieldID)).Select(session.FieldID, session.FieldCustomerID, session.FieldUsername).All(ctx)
		if err != nil {
			return fmt.Errorf("listing online sessions: %w", err)
		}
		n := len(open)
		for from := 0; from < n; from += 500 {
			to := min(from+500, n)
			b := make([]*ent.WindowRunItemCreate, 0, to-from)
			for i := from; i < to; i++ {
				due := start.Add(time.Duration(spread) * time.Second * time.Duration(i) / time.Duration(n))
				b = append(b, tx.WindowRunItem.Create().SetRunID(run.ID).SetSessionID(open[i].ID).
					SetCustomerID(*open[i].CustomerID).SetUsername(open[i].Username).SetRateLimit(rate).SetDueAt(due))
			}
			if err := tx.WindowRunItem.CreateBulk(b...).Exec(ctx); err != nil {
				return fmt.Errorf("queueing sessions: %w", err)
			}
		}
		made = true
		return tx.WindowRun.UpdateOne(run).SetSessions(n).Exec(ctx)
	})
	if store.AsConflict(err) != nil {
		return false, nil // another instance created it first
	}
	if err != nil {
		return false, fmt.Errorf("windows: run of plan %d at %s: %w", p.ID, edge.Format(time.RFC3339), err)
	}
	s.log.Info("window edge", "plan", p.ID, "edge", edge, "rate", rate)
	return made, nil
}

// claimable matches items due now: pending and due, or claimed by an instance that did not
// finish within its claim.
func claimable(now time.Time) predicate.WindowRunItem {
	return windowrunitem.Or(
		windowrunitem.And(windowrunitem.StatusEQ(windowrunitem.StatusPENDING), windowrunitem.DueAtLTE(now)),
		windowrunitem.And(windowrunitem.StatusEQ(windowrunitem.StatusCLAIMED), windowrunitem.ClaimUntilLT(now)),
	)
}

// Work sends every item due now (claiming each first) and returns how many it sent.
func (s *Service) Work(ctx context.Context) (int, error) {
	if s.sender == nil {
		return 0, nil
	}
	total := 0
	for ctx.Err() == nil {
		now := time.Now().UTC()
		ids, err := s.st.Client.WindowRunItem.Query().Where(claimable(now)).
			Order(ent.Asc(windowrunitem.FieldDueAt)).Limit(s.Batch).IDs(ctx)
		if err != nil {
			return total, fmt.Errorf("windows: listing due sessions: %w", err)
		}
		if len(ids) == 0 {
			return total, nil
		}
		sent, err := s.sendAll(ctx, ids)
		total += sent
		if err != nil {
			return total, err
		}
	}
	return total, ctx.Err()
}

func (s *Service) sendAll(ctx context.Context, ids []int) (int, error) {
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		sent int
		errs []error
		sem  = make(chan struct{}, max(s.Parallel, 1))
	)
	for _, id := range ids {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			ok, err := s.sendOne(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				sent++
			}
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return sent, errors.Join(errs...)
}

// sendOne claims item id (only one instance's conditional update succeeds), sends its CoA
// and records the result.
func (s *Service) sendOne(ctx context.Context, id int) (bool, error) {
	now := time.Now().UTC()
	n, err := s.st.Client.WindowRunItem.Update().Where(windowrunitem.ID(id), claimable(now)).
		SetStatus(windowrunitem.StatusCLAIMED).SetClaimedBy(s.Instance).SetClaimUntil(now.Add(s.ClaimFor)).
		AddAttempts(1).Save(ctx)
	if err != nil || n == 0 {
		return false, err
	}
	it, err := s.st.Client.WindowRunItem.Get(ctx, id)
	if err != nil {
		return false, fmt.Errorf("windows: reading item %d: %w", id, err)
	}
	res := s.sender.Reshape(ctx, it.SessionID, it.RateLimit)
	upd := s.st.Client.WindowRunItem.UpdateOneID(id).Where(windowrunitem.ClaimedBy(s.Instance)).
		SetOutcome(string(res.Outcome)).SetMessage(truncate(res.Message, 500)).SetSentAt(time.Now().UTC()).ClearClaimUntil()
	switch {
	case res.Outcome == domain.ACK:
		upd.SetStatus(windowrunitem.StatusDONE)
	case res.Unanswered() && it.Attempts < s.MaxAttempts:
		upd.SetStatus(windowrunitem.StatusPENDING).SetDueAt(time.Now().UTC().Add(s.RetryAfter))
	default:
		upd.SetStatus(windowrunitem.StatusFAILED)
	}
	if err := upd.Exec(ctx); err != nil && !ent.IsNotFound(err) {
		return true, fmt.Errorf("windows: recording item %d: %w", id, err)
	}
	return true, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
