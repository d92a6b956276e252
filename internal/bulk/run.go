package bulk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"entgo.io/ent/dialect"
	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/bulkjob"
	"github.com/linedesk/linedesk/ent/bulkjobitem"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// errCrash stops a run in tests (crashAfter).
var errCrash = errors.New("bulk: simulated crash")

// errTaken: another runner has the item.
var errTaken = errors.New("bulk: item taken")

// Wake makes the runner look for work now.
func (s *Service) Wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Run works through the running jobs until ctx ends: at once, whenever a job starts on this
// instance, and every few seconds (a job of another instance whose lease ran out).
func (s *Service) Run(ctx context.Context) {
	t := time.NewTicker(5 * time.Second)
	defer t.Stop()
	for {
		if _, err := s.RunOnce(ctx); err != nil && ctx.Err() == nil {
			s.log.Error("running bulk jobs", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		case <-s.kick:
		}
	}
}

// RunOnce runs every running job this instance can lease, to its end, and returns how many
// items it finished.
func (s *Service) RunOnce(ctx context.Context) (int, error) {
	ids, err := s.st.Client.BulkJob.Query().Where(bulkjob.State(StateRunning)).Order(ent.Asc(bulkjob.FieldID)).IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("listing jobs: %w", err)
	}
	n := 0
	for _, id := range ids {
		ok, err := s.lease(ctx, id)
		if err != nil || !ok {
			if err != nil {
				return n, err
			}
			continue
		}
		k, err := s.runJob(ctx, id)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// lease takes (or renews) job id for this instance when nobody else holds it.
func (s *Service) lease(ctx context.Context, id int) (bool, error) {
	now := s.now()
	n, err := s.st.Client.BulkJob.Update().Where(bulkjob.ID(id), bulkjob.State(StateRunning),
		bulkjob.Or(bulkjob.LeaseOwner(s.Owner), bulkjob.LeaseUntilIsNil(), bulkjob.LeaseUntilLT(now))).
		SetLeaseOwner(s.Owner).SetLeaseUntil(now.Add(s.LeaseFor)).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("leasing job %d: %w", id, err)
	}
	return n == 1, nil
}

// runJob works through job id's unfinished items with a pool of workers, then marks it
// DONE. Items run side by side: each one's claim (PENDING → DONE, conditional) keeps any of
// them from running twice, and the job's counters are recounted from the items (progress)
// rather than added to by every item, so the workers do not queue on the job's row.
func (s *Service) runJob(ctx context.Context, id int) (int, error) {
	j, err := s.st.Client.BulkJob.Get(ctx, id)
	if err != nil {
		return 0, fmt.Errorf("reading job %d: %w", id, err)
	}
	var p Params
	if err := json.Unmarshal([]byte(j.Params), &p); err != nil {
		return 0, fmt.Errorf("job %d parameters: %w", id, err)
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: j.Actor, StaffID: j.StaffID})
	r := &run{s: s, job: j, p: p}
	if err := r.prepare(ctx); err != nil {
		return 0, err
	}
	pl := newPool(ctx, s.workers(), r.item, func() { s.progress(ctx, id, false) })
	complete, err := s.dispatch(ctx, id, pl)
	if perr := pl.wait(); err == nil {
		err = perr
	}
	if cerr := s.progress(context.WithoutCancel(ctx), id, true); err == nil {
		err = cerr
	}
	if err != nil || !complete {
		return pl.finished(), err
	}
	_, err = s.st.Client.BulkJob.Update().Where(bulkjob.ID(id), bulkjob.State(StateRunning)).
		SetState(StateDone).SetFinishedAt(s.now()).SetLeaseOwner("").ClearLeaseUntil().Save(ctx)
	if err != nil {
		return pl.finished(), fmt.Errorf("finishing job %d: %w", id, err)
	}
	s.publish(id, true)
	return pl.finished(), nil
}

// dispatch hands job id's unfinished items to the pool in id order, renewing the lease as it
// goes. complete reports that every item was handed out (not when the lease was lost, the
// pool failed or ctx ended).
func (s *Service) dispatch(ctx context.Context, id int, pl *pool) (complete bool, err error) {
	n, renewed, after := 0, time.Now(), 0
	for {
		items, err := s.st.Client.BulkJobItem.Query().Where(bulkjobitem.JobID(id), bulkjobitem.IDGT(after),
			bulkjobitem.Or(bulkjobitem.State(ItemPending), bulkjobitem.RouterPending(true))).
			Order(ent.Asc(bulkjobitem.FieldID)).Limit(s.Batch).All(ctx)
		if err != nil {
			return false, fmt.Errorf("reading items of job %d: %w", id, err)
		}
		if len(items) == 0 {
			return true, nil
		}
		for _, it := range items {
			if s.crashAfter > 0 && n >= s.crashAfter {
				return false, errCrash
			}
			if time.Since(renewed) > s.LeaseFor/3 {
				if ok, err := s.lease(ctx, id); err != nil || !ok {
					return false, err // lost the lease: the other instance goes on
				}
				renewed = time.Now()
			}
			if !pl.submit(it) {
				return false, ctx.Err()
			}
			n++
			after = it.ID
		}
	}
}

// workers is how many items of a job run at once: Workers, else 8 on PostgreSQL and 4 on
// SQLite (one writer at a time there; the others wait on their router answers).
func (s *Service) workers() int {
	if s.Workers > 0 {
		return s.Workers
	}
	if s.st.Dialect == dialect.SQLite {
		return 4
	}
	return 8
}

// progress recounts job id's finished and failed items into its row and tells subscribers:
// at most every 200 ms unless force, and a worker finding another one recounting goes on.
func (s *Service) progress(ctx context.Context, id int, force bool) error {
	if force {
		s.countMu.Lock()
	} else if !s.countMu.TryLock() {
		return nil
	}
	defer s.countMu.Unlock()
	if !force && time.Since(s.lastCount[id]) < 200*time.Millisecond {
		return nil
	}
	s.lastCount[id] = time.Now()
	if force {
		delete(s.lastCount, id)
	}
	items := s.st.Client.BulkJobItem.Query().Where(bulkjobitem.JobID(id))
	done, err := items.Clone().Where(bulkjobitem.StateNEQ(ItemPending)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting items of job %d: %w", id, err)
	}
	failed, err := items.Where(bulkjobitem.State(ItemFailed)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting items of job %d: %w", id, err)
	}
	if err := s.st.Client.BulkJob.UpdateOneID(id).SetDone(done).SetFailed(failed).Exec(ctx); err != nil {
		return fmt.Errorf("counting items of job %d: %w", id, err)
	}
	s.publish(id, true)
	return nil
}

// run is one runner's pass over a job.
type run struct {
	s   *Service
	job *ent.BulkJob
	p   Params
	msg *messageRun // the message action's settings, read once
}

// outcome is what an item's action did.
type outcome struct {
	message string
	// router: the routers are to be told after the commit (a plan change of an online customer).
	router bool
}

// item runs it: the action when it is PENDING, then the routers when they are due.
func (r *run) item(ctx context.Context, it *ent.BulkJobItem) error {
	if it.State == ItemPending {
		out, err := r.apply(ctx, it)
		if errors.Is(err, errTaken) {
			return nil
		}
		if err != nil {
			var de *domain.Error
			if !errors.As(err, &de) && !errors.Is(err, errRefused) {
				return err
			}
			return r.fail(ctx, it, err)
		}
		if !out.router {
			return nil
		}
	}
	return r.tellRouters(ctx, it)
}

// errRefused marks an action's refusal that is the customer's result, not the job's failure.
var errRefused = errors.New("refused")

// apply claims it and runs the action in one transaction with the item's DONE mark and the
// audit row.
func (r *run) apply(ctx context.Context, it *ent.BulkJobItem) (outcome, error) {
	var out outcome
	err := store.InTx(ctx, r.s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.BulkJobItem.Update().Where(bulkjobitem.ID(it.ID), bulkjobitem.State(ItemPending)).
			SetState(ItemDone).SetFinishedAt(r.s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("claiming item: %w", err)
		}
		if n == 0 {
			return errTaken
		}
		if out, err = r.act(ctx, c, it.CustomerID); err != nil {
			return err
		}
		if err := c.BulkJobItem.UpdateOneID(it.ID).SetMessage(truncate(out.message, 500)).
			SetRouterPending(out.router).Exec(ctx); err != nil {
			return fmt.Errorf("marking item: %w", err)
		}
		return audit.Write(ctx, c, auditAction[Action(r.job.Action)], "customer", it.CustomerID,
			map[string]any{"job": r.job.ID, "result": out.message})
	})
	return out, err
}

// fail marks it FAILED with the refusal cause, audited, when it is still PENDING.
func (r *run) fail(ctx context.Context, it *ent.BulkJobItem, cause error) error {
	msg := cause.Error()
	var de *domain.Error
	if errors.As(cause, &de) {
		msg = de.Message
	}
	return store.InTx(ctx, r.s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.BulkJobItem.Update().Where(bulkjobitem.ID(it.ID), bulkjobitem.State(ItemPending)).
			SetState(ItemFailed).SetMessage(truncate(msg, 500)).SetFinishedAt(r.s.now()).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		return audit.Write(ctx, c, auditAction[Action(r.job.Action)], "customer", it.CustomerID,
			map[string]any{"job": r.job.ID, "failed": msg})
	})
}

// tellRouters asks the routers to apply the customer's plan to its open sessions (or, for an
// archive, to drop them) and stores their answers on the item.
func (r *run) tellRouters(ctx context.Context, it *ent.BulkJobItem) error {
	answers := []RouterAnswer{}
	if r.s.router == nil {
		answers = append(answers, RouterAnswer{Router: "", Outcome: domain.Pending, Message: "no router module: the plan applies at the next login"})
	} else {
		tell := r.s.router.ApplyCustomerProfile
		if Action(r.job.Action) == Archive {
			tell = r.s.router.DisconnectCustomer
		}
		res, err := tell(ctx, it.CustomerID)
		if err != nil {
			answers = append(answers, RouterAnswer{Outcome: domain.Failed, Message: err.Error()})
		}
		for _, sr := range res {
			a := RouterAnswer{Outcome: sr.Outcome, Message: sr.Message}
			if sr.Session != nil {
				a.SessionID = sr.Session.ID
				if n := sr.Session.Edges.Nas; n != nil {
					a.Router = n.Name
				}
			}
			answers = append(answers, a)
		}
	}
	raw, err := json.Marshal(answers)
	if err != nil {
		return fmt.Errorf("encoding router answers: %w", err)
	}
	err = r.s.st.Client.BulkJobItem.UpdateOneID(it.ID).SetRouters(string(raw)).SetRouterPending(false).Exec(ctx)
	if err != nil {
		return fmt.Errorf("storing router answers: %w", err)
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
