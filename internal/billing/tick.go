package billing

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"entgo.io/ent/dialect/sql"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/lease"
	"github.com/linedesk/linedesk/internal/store"
)

// Lease names of the scheduler's parts: each runs on one instance at a time.
const (
	LeaseLifecycle = "billing.lifecycle" // auto-renew, then expiry enforcement
	LeaseDataCap   = "billing.datacap"
	LeaseReminders = "billing.reminders"
)

// SchedulerActor is the ledger actor of automatic renewals.
const SchedulerActor = "scheduler"

// TickReport says what one scheduler pass did.
type TickReport struct {
	Renewed         int      // auto-renewals charged
	ExpiryEnforced  int      // expired customers disconnected (once per expiry)
	CapsApplied     int      // customers moved to their after-cap plan or disconnected (once per period)
	RemindersQueued int      // outbox entries created
	Failed          int      // customers a part failed for (logged with their id; retried next pass)
	Skipped         []string // parts another instance was running (their lease was taken)
}

// customerFailures counts, per scheduler part, the customers a pass failed for: one bad
// row is logged with its customer id, counted here, and the pass goes on with the others.
var customerFailures = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "linedesk_billing_customer_failures_total",
	Help: "Customers a scheduler part (auto_renew, expiry, data_cap) failed for in a pass; each is logged with its customer id and retried on the next pass.",
}, []string{"job"})

// RegisterMetrics registers the scheduler's metrics with reg (nil: none; registering again
// is not an error).
func RegisterMetrics(reg prometheus.Registerer) error {
	if reg == nil {
		return nil
	}
	if err := reg.Register(customerFailures); err != nil {
		var are prometheus.AlreadyRegisteredError
		if !errors.As(err, &are) {
			return fmt.Errorf("billing metrics: %w", err)
		}
	}
	return nil
}

// customerFailed logs and counts a part that failed for one customer.
func (s *Service) customerFailed(job string, id int, err error) {
	customerFailures.WithLabelValues(job).Inc()
	s.log.Error("billing: customer skipped in this pass; retried on the next", "job", job, "customer", id, "err", err)
}

// Tick runs one scheduler pass at now: auto-renewals of due customers whose balance covers the
// price, then expiry enforcement of the customers whose subscription has ended, then data-cap
// enforcement, then queues the reminders due. Each part runs under a lease, so instances
// ticking together never charge or disconnect twice; each is also guarded in the database (a
// renewal re-checks under the row lock, enforcement claims the row with a conditional update),
// and everything left over (downtime) is caught up on the next pass. Errors for single
// customers are logged and joined into the returned error; the pass goes on.
func (s *Service) Tick(ctx context.Context, now time.Time) (TickReport, error) {
	now = norm(now)
	var rep TickReport
	var errs []error
	run := func(name string, fn func(ctx context.Context) error) {
		ran, err := lease.Run(ctx, s.st, name, fn)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
		if !ran && err == nil {
			rep.Skipped = append(rep.Skipped, name)
		}
	}
	run(LeaseLifecycle, func(ctx context.Context) error {
		n, err := s.autoRenew(ctx, now, &rep.Failed)
		rep.Renewed = n
		m, err2 := s.enforceExpiry(ctx, now, &rep.Failed)
		rep.ExpiryEnforced = m
		return errors.Join(err, err2)
	})
	run(LeaseDataCap, func(ctx context.Context) error {
		if s.rollUp != nil {
			// Period usage first: an error leaves usage at most radius.RollUpBound behind.
			if err := s.rollUp(ctx); err != nil {
				s.log.Warn("billing: rolling up accounting before cap enforcement failed", "err", err)
			}
		}
		n, err := s.enforceCaps(ctx, now, &rep.Failed)
		rep.CapsApplied = n
		return err
	})
	if s.remind != nil && s.reminderDue(now) {
		run(LeaseReminders, func(ctx context.Context) error {
			n, err := s.remind.Enqueue(ctx, now)
			rep.RemindersQueued = n
			return err
		})
	}
	return rep, errors.Join(errs...)
}

// reminderDue reports whether reminders should be queued at now, and notes the time if so.
func (s *Service) reminderDue(now time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.lastReminder.IsZero() && now.After(s.lastReminder) && now.Sub(s.lastReminder) < s.ReminderEvery {
		return false
	}
	s.lastReminder = now
	return true
}

// Run ticks every interval until ctx ends (the first pass at once).
func (s *Service) Run(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = 30 * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := s.Tick(ctx, time.Now())
		if err != nil && ctx.Err() == nil {
			s.log.Error("billing tick", "err", err)
		}
		if rep.Renewed+rep.ExpiryEnforced+rep.CapsApplied+rep.RemindersQueued+rep.Failed > 0 {
			s.log.Info("billing tick", "renewed", rep.Renewed, "expired", rep.ExpiryEnforced,
				"capped", rep.CapsApplied, "reminders", rep.RemindersQueued, "failed", rep.Failed)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// autoRenew renews every ACTIVE auto-renewing customer due by now+RenewAhead whose balance
// covers its plan's price. Customers it fails for are added to *failed.
func (s *Service) autoRenew(ctx context.Context, now time.Time, failed *int) (int, error) {
	due := now.Add(s.RenewAhead)
	profiles, err := s.st.Client.Profile.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("auto-renew: listing plans: %w", err)
	}
	var errs []error
	renewed := 0
	for _, p := range profiles {
		ids, err := s.st.Client.Customer.Query().Where(
			customer.ProfileID(p.ID), customer.AutoRenew(true), customer.StatusEQ(customer.StatusACTIVE),
			customer.ArchivedAtIsNil(), customer.ExpiresAtLTE(due), customer.BalanceGTE(p.Price),
		).Order(customer.ByExpiresAt()).IDs(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("auto-renew: listing due customers: %w", err))
			continue
		}
		for _, id := range ids {
			if ctx.Err() != nil {
				return renewed, ctx.Err()
			}
			ok, err := s.renewIfDue(ctx, id, now, due)
			if err != nil {
				s.customerFailed("auto_renew", id, err)
				*failed++
				errs = append(errs, fmt.Errorf("auto-renew of customer %d: %w", id, err))
			}
			if ok {
				renewed++
			}
		}
	}
	return renewed, errors.Join(errs...)
}

// renewIfDue renews one customer when, under its row lock, it is still due and can pay.
func (s *Service) renewIfDue(ctx context.Context, id int, now, due time.Time) (bool, error) {
	renewed := false
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		c, err := s.lock(ctx, tx, id)
		if err != nil {
			return err
		}
		if !c.AutoRenew || c.Status != customer.StatusACTIVE || c.ExpiresAt.After(due) {
			return nil // renewed or changed meanwhile
		}
		p, err := tx.Profile.Get(ctx, c.ProfileID)
		if err != nil {
			return fmt.Errorf("reading plan: %w", err)
		}
		if p, _, err = pendingPlan(ctx, tx, c, p); err != nil {
			return err
		}
		charge, err := s.renewalCharge(ctx, tx, p)
		if err != nil {
			return err
		}
		if c.Balance < charge {
			return nil // the plan chosen for this renewal (with tax) costs more than the balance
		}
		_, eff, err := s.renewLocked(ctx, tx, c, p, now, SchedulerActor)
		if err != nil {
			return err
		}
		s.afterCommit(ctx, eff)
		renewed = true
		return nil
	})
	if err != nil {
		return false, err
	}
	return renewed, nil
}

// notEnforced: expiry not yet enforced for the current expires_at (a later expiry, after a
// renewal or an edit by staff, is enforced again).
func notEnforced() predicate.Customer {
	return customer.Or(customer.ExpiryEnforcedAtIsNil(), func(s *sql.Selector) {
		s.Where(sql.ColumnsLT(s.C(customer.FieldExpiryEnforcedAt), s.C(customer.FieldExpiresAt)))
	})
}

// forEach runs fn for every id with at most Parallel at once (router calls may wait for
// timeouts), and returns how many reported done plus the joined errors. A customer fn fails
// for is logged and counted under job (and added to *failed); the others go on.
func (s *Service) forEach(ctx context.Context, job string, ids []int, failed *int, fn func(ctx context.Context, id int) (bool, error)) (int, error) {
	var (
		mu   sync.Mutex
		done int
		errs []error
		wg   sync.WaitGroup
		sem  = make(chan struct{}, max(s.Parallel, 1))
	)
	for _, id := range ids {
		select {
		case <-ctx.Done():
			wg.Wait()
			return done, errors.Join(append(errs, ctx.Err())...)
		case sem <- struct{}{}:
		}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			ok, err := fn(ctx, id)
			mu.Lock()
			defer mu.Unlock()
			if ok {
				done++
			}
			if err != nil {
				s.customerFailed(job, id, err)
				*failed++
				errs = append(errs, err)
			}
		}()
	}
	wg.Wait()
	return done, errors.Join(errs...)
}

// enforceExpiry disconnects, once per expiry, every customer whose subscription has ended.
func (s *Service) enforceExpiry(ctx context.Context, now time.Time, failed *int) (int, error) {
	ids, err := s.st.Client.Customer.Query().
		Where(customer.ExpiresAtLTE(now), notEnforced()).Order(customer.ByExpiresAt()).IDs(ctx)
	if err != nil {
		return 0, fmt.Errorf("expiry: listing expired customers: %w", err)
	}
	return s.forEach(ctx, "expiry", ids, failed, func(ctx context.Context, id int) (bool, error) {
		// Claim: only the update that flips the row acts, on any instance.
		claimed, err := s.st.Client.Customer.Update().
			Where(customer.ID(id), customer.ExpiresAtLTE(now), notEnforced()).
			SetExpiryEnforcedAt(now).Save(ctx)
		if err != nil {
			return false, fmt.Errorf("expiry: marking customer %d: %w", id, err)
		}
		if claimed == 0 {
			return false, nil
		}
		s.publish(ctx, id)
		if err := s.enforce(ctx, id, false); err != nil {
			// Give the claim back so the next pass tries again.
			if _, uerr := s.st.Client.Customer.Update().
				Where(customer.ID(id), customer.ExpiryEnforcedAtEQ(now)).ClearExpiryEnforcedAt().Save(ctx); uerr != nil {
				err = errors.Join(err, uerr)
			}
			return false, fmt.Errorf("expiry: disconnecting customer %d: %w", id, err)
		}
		return true, nil
	})
}

// enforce calls the router side for one customer: a CoA with the current plan when apply,
// a disconnect otherwise.
func (s *Service) enforce(ctx context.Context, id int, apply bool) error {
	if s.enf == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(ctx, s.EnforceTimeout)
	defer cancel()
	if apply {
		return unanswered(s.enf.ApplyCustomerProfile(ctx, id))
	}
	return unanswered(s.enf.DisconnectCustomer(ctx, id))
}

// overCap matches customers whose usage in the period reached limit bytes plus the period's
// data top-ups (those created at or after period_start). Each counter is
// bounded to store.MaxCounter before the addition, so a counter an old overflow left near
// 2^63 cannot make the sum overflow (PostgreSQL would fail the whole plan's query).
func overCap(limit int64) predicate.Customer {
	return func(s *sql.Selector) {
		in := store.CounterSQL(s.Dialect(), s.C(customer.FieldPeriodBytesIn))
		out := store.CounterSQL(s.Dialect(), s.C(customer.FieldPeriodBytesOut))
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString("(").WriteString(in).WriteString(" + ").WriteString(out).WriteString(") >= ").Arg(limit).
				WriteString(" + COALESCE((SELECT SUM(t.bytes) FROM data_topups t WHERE t.customer_id = ").
				WriteString(s.C(customer.FieldID)).WriteString(" AND t.created_at >= ").
				WriteString(s.C(customer.FieldPeriodStart)).WriteString("), 0)")
		}))
	}
}

// enforceCaps applies, once per period, the after-cap plan (by CoA) to every active customer
// whose period usage reached its plan's data limit, or disconnects it when the plan has no
// after-cap plan (RADIUS then refuses it until the next renewal).
func (s *Service) enforceCaps(ctx context.Context, now time.Time, failed *int) (int, error) {
	profiles, err := s.st.Client.Profile.Query().Where(profile.DataLimitBytesNotNil()).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("data cap: listing plans: %w", err)
	}
	var errs []error
	n := 0
	for _, p := range profiles {
		limit := *p.DataLimitBytes
		where := []predicate.Customer{
			customer.ProfileID(p.ID), customer.CapApplied(false), customer.StatusEQ(customer.StatusACTIVE),
			customer.ExpiresAtGT(now), overCap(limit),
		}
		ids, err := s.st.Client.Customer.Query().Where(where...).IDs(ctx)
		if err != nil {
			errs = append(errs, fmt.Errorf("data cap: listing customers: %w", err))
			continue
		}
		apply := p.AfterCapProfileID != nil
		done, err := s.forEach(ctx, "data_cap", ids, failed, func(ctx context.Context, id int) (bool, error) {
			claimed, err := s.st.Client.Customer.Update().
				Where(append([]predicate.Customer{customer.ID(id)}, where...)...).
				SetCapApplied(true).Save(ctx)
			if err != nil {
				return false, fmt.Errorf("data cap: marking customer %d: %w", id, err)
			}
			if claimed == 0 {
				return false, nil
			}
			s.publish(ctx, id)
			if err := s.enforce(ctx, id, apply); err != nil {
				if _, uerr := s.st.Client.Customer.Update().
					Where(customer.ID(id), customer.CapApplied(true), overCap(limit)).SetCapApplied(false).Save(ctx); uerr != nil {
					err = errors.Join(err, uerr)
				}
				return false, fmt.Errorf("data cap: customer %d: %w", id, err)
			}
			return true, nil
		})
		n += done
		if err != nil {
			errs = append(errs, err)
		}
		if ctx.Err() != nil {
			return n, errors.Join(errs...)
		}
	}
	return n, errors.Join(errs...)
}
