// Package bulk runs one action over many customers as a job: renew, suspend, resume, change
// plan (with a CoA per online session), send a message through the notification outbox, or
// delete. A job and one item per selected customer are written in one transaction; a runner
// then works through the items in the background, several at a time (a pool of workers per
// job). Each item's action, its DONE/FAILED mark and the item's audit row commit in one
// transaction that first claims the item (PENDING → DONE, conditional), so a customer's
// action happens at most once, even when two workers or two instances reach it, or when
// an instance dies mid-job (the next runner picks up the items still PENDING) or several
// instances run: a job is leased to one instance at a time (lease_owner, lease_until), and
// the conditional claim keeps an overlapping instance from repeating an item. Router answers
// (CoA) are asked after the item's commit and stored on it; an item committed but not yet
// told to the routers (router_pending) is told again after a restart (a CoA is idempotent).
package bulk

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/bulkjob"
	"github.com/linedesk/linedesk/ent/bulkjobitem"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// JobChanged is the event of a job's progress (EntityID is the job).
const JobChanged events.Kind = "bulk.job"

// Action is what a job does to each customer (GraphQL's BulkAction).
type Action string

// Actions.
const (
	Renew         Action = "RENEW"
	Suspend       Action = "SUSPEND"
	Resume        Action = "RESUME"
	ChangeProfile Action = "CHANGE_PROFILE"
	Message       Action = "MESSAGE"
	Delete        Action = "DELETE"
	Archive       Action = "ARCHIVE"
)

// auditAction is the audit log's action of each item.
var auditAction = map[Action]string{
	Renew: "bulkRenew", Suspend: "bulkSuspend", Resume: "bulkResume",
	ChangeProfile: "bulkChangeProfile", Message: "bulkMessage", Delete: "bulkDelete", Archive: "bulkArchive",
}

// Job and item states.
const (
	StateRunning = "RUNNING"
	StateDone    = "DONE"
	ItemPending  = "PENDING"
	ItemDone     = "DONE"
	ItemFailed   = "FAILED"
)

// MaxSelection bounds the customers one job may select.
const MaxSelection = 200000

// Selection names customers: by ids, or by the customer list's search and filters.
type Selection struct {
	IDs    []int
	Filter customers.Filter
}

// Params are an action's parameters.
type Params struct {
	ProfileID int `json:"profileID,omitempty"`
	// Message: the channels, the e-mail subject and the text (reminder template variables).
	SMS     bool   `json:"sms,omitempty"`
	Email   bool   `json:"email,omitempty"`
	Subject string `json:"subject,omitempty"`
	Body    string `json:"body,omitempty"`
}

// Job is a bulk job as the API shows it.
type Job struct {
	ID, Total, Done, Failed int
	Action                  Action
	State                   string
	Actor                   string
	CreatedAt               time.Time
	FinishedAt              *time.Time
}

func jobOf(j *ent.BulkJob) *Job {
	return &Job{ID: j.ID, Total: j.Total, Done: j.Done, Failed: j.Failed, Action: Action(j.Action), State: j.State,
		Actor: j.Actor, CreatedAt: j.CreatedAt, FinishedAt: j.FinishedAt}
}

// Customers is what the jobs need from the customer service (one without a router module:
// the job asks the routers itself, to record their answers).
type Customers interface {
	Suspend(ctx context.Context, id int) (*ent.Customer, error)
	Resume(ctx context.Context, id int) (*ent.Customer, error)
	ChangeProfile(ctx context.Context, id, profileID int) (*customers.ActionResult, error)
	Delete(ctx context.Context, id int) (bool, *ent.Customer, error)
	Archive(ctx context.Context, id int) (*customers.ActionResult, error)
}

// Renewer renews a customer from its balance (billing.Service).
type Renewer interface {
	Renew(ctx context.Context, customerID int) (*ent.Customer, error)
}

// Router applies a customer's plan to its open sessions (nas.Service).
type Router interface {
	ApplyCustomerProfile(ctx context.Context, customerID int) ([]domain.SessionResult, error)
	// DisconnectCustomer drops the customer's open sessions (archive).
	DisconnectCustomer(ctx context.Context, customerID int) ([]domain.SessionResult, error)
}

// Service starts, runs and reads bulk jobs.
type Service struct {
	st     *store.Store
	bus    *events.Bus
	custs  Customers
	renew  Renewer
	router Router
	log    *slog.Logger

	// Owner names this instance in job leases; LeaseFor is how long a lease holds unrenewed.
	Owner    string
	LeaseFor time.Duration
	// Batch is how many items a runner reads at a time; Workers how many it runs at once
	// (0: the database's default, see workers).
	Batch, Workers int
	// Now is the clock (UTC).
	Now func() time.Time
	// crashAfter, in tests, stops a run after that many items (a simulated crash).
	crashAfter int

	kick     chan struct{}
	mu       sync.Mutex
	lastPush map[int]time.Time
	// countMu serialises the progress recounts; lastCount is each job's last one.
	countMu   sync.Mutex
	lastCount map[int]time.Time
}

// New makes the service. router may be nil (plan changes then apply at the next login).
func New(st *store.Store, bus *events.Bus, custs Customers, renew Renewer, router Router, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{st: st, bus: bus, custs: custs, renew: renew, router: router, log: logger.With("component", "bulk"),
		Owner: fmt.Sprintf("i%d", time.Now().UnixNano()), LeaseFor: 30 * time.Second, Batch: 200,
		Now: func() time.Time { return time.Now().UTC() }, kick: make(chan struct{}, 1), lastPush: map[int]time.Time{},
		lastCount: map[int]time.Time{}}
}

func (s *Service) now() time.Time { return s.Now().UTC() }

// Resolve returns the ids of the customers sel names, in id order.
func (s *Service) Resolve(ctx context.Context, sel Selection) ([]int, error) {
	c := store.Reader(ctx, s.st.Client)
	if sel.IDs != nil {
		if len(sel.IDs) == 0 {
			return nil, domain.Invalidf("selection", "select at least one customer").WithKey("bulk.selectionEmpty", nil)
		}
		if len(sel.IDs) > MaxSelection {
			return nil, domain.Invalidf("selection", "at most %d customers at once", MaxSelection).
				WithKey("bulk.selectionTooLarge", map[string]any{"max": MaxSelection})
		}
		ids, err := c.Customer.Query().Where(customer.IDIn(sel.IDs...)).Order(ent.Asc(customer.FieldID)).IDs(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading selection: %w", err)
		}
		if gone := len(unique(sel.IDs)) - len(ids); gone != 0 {
			return nil, domain.Invalidf("selection", "%d of the selected customers no longer exist", gone).
				WithKey("bulk.selectionGone", map[string]any{"count": gone})
		}
		return ids, nil
	}
	if len(sel.Filter.Search) > customers.MaxSearch {
		return nil, domain.Invalidf("search", "a search is at most %d characters", customers.MaxSearch).
			WithKey("input.tooLong", map[string]any{"field": "search", "max": customers.MaxSearch})
	}
	region, err := customers.PhoneRegion(ctx, c)
	if err != nil {
		return nil, err
	}
	ps, err := sel.Filter.Predicates(region, s.now())
	if err != nil {
		return nil, err
	}
	ids, err := c.Customer.Query().Where(ps...).Order(ent.Asc(customer.FieldID)).Limit(MaxSelection + 1).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading selection: %w", err)
	}
	if len(ids) > MaxSelection {
		return nil, domain.Invalidf("selection", "at most %d customers at once", MaxSelection).
			WithKey("bulk.selectionTooLarge", map[string]any{"max": MaxSelection})
	}
	return ids, nil
}

func unique(ids []int) map[int]bool {
	m := make(map[int]bool, len(ids))
	for _, id := range ids {
		m[id] = true
	}
	return m
}

// Count returns how many customers sel names (the confirmation's number).
func (s *Service) Count(ctx context.Context, sel Selection) (int, error) {
	ids, err := s.Resolve(ctx, sel)
	return len(ids), err
}

// Start checks the action, writes the job and its items in one transaction, and wakes the
// runner. The job runs with the actor of ctx.
func (s *Service) Start(ctx context.Context, a Action, sel Selection, p Params) (*Job, error) {
	if _, ok := auditAction[a]; !ok {
		return nil, domain.Invalidf("action", "unknown bulk action %q", a).
			WithKey("bulk.unknownAction", map[string]any{"action": string(a)})
	}
	var job *ent.BulkJob
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := s.check(ctx, c, a, &p); err != nil {
			return err
		}
		ids, err := s.Resolve(ctx, sel)
		if err != nil {
			return err
		}
		if len(ids) == 0 {
			return domain.Invalidf("selection", "no customer matches the selection").WithKey("bulk.noMatch", nil)
		}
		raw, err := json.Marshal(p)
		if err != nil {
			return fmt.Errorf("encoding parameters: %w", err)
		}
		actor := audit.ActorFrom(ctx)
		job, err = c.BulkJob.Create().SetAction(string(a)).SetParams(string(raw)).SetTotal(len(ids)).
			SetActor(actor.Name).SetNillableStaffID(actor.StaffID).SetCreatedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("creating job: %w", err)
		}
		if err := insertItems(ctx, c, job.ID, ids); err != nil {
			return err
		}
		store.AfterCommit(ctx, func(context.Context) { s.Wake(); s.publish(job.ID, true) })
		return nil
	})
	if err != nil {
		return nil, err
	}
	return jobOf(store.Unwrap(ctx, job)), nil
}

// insertItems writes one PENDING item per customer, in chunks (SQLite's bound parameters).
func insertItems(ctx context.Context, c *ent.Client, jobID int, ids []int) error {
	const chunk = 1000
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		b := make([]*ent.BulkJobItemCreate, len(part))
		for k, id := range part {
			b[k] = c.BulkJobItem.Create().SetJobID(jobID).SetCustomerID(id)
		}
		if err := c.BulkJobItem.CreateBulk(b...).Exec(ctx); err != nil {
			return fmt.Errorf("creating job items: %w", err)
		}
	}
	return nil
}

// Get returns job id, or nil when there is none.
func (s *Service) Get(ctx context.Context, id int) (*Job, error) {
	j, err := store.Reader(ctx, s.st.Client).BulkJob.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading job: %w", err)
	}
	return jobOf(j), nil
}

// Recent returns the newest jobs, newest first.
func (s *Service) Recent(ctx context.Context, n int) ([]*Job, error) {
	list, err := store.Reader(ctx, s.st.Client).BulkJob.Query().Order(ent.Desc(bulkjob.FieldID)).Limit(max(1, min(n, 100))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading jobs: %w", err)
	}
	out := make([]*Job, len(list))
	for i, j := range list {
		out[i] = jobOf(j)
	}
	return out, nil
}

// Result is one customer's item of a job.
type Result struct {
	ID, CustomerID int
	State, Message string
	Routers        []RouterAnswer
	FinishedAt     *time.Time
}

// RouterAnswer is what a router answered for one of the customer's sessions.
type RouterAnswer struct {
	Router    string         `json:"router"`
	SessionID int            `json:"session,omitempty"`
	Outcome   domain.Outcome `json:"outcome"`
	Message   string         `json:"message,omitempty"`
}

// ResultPage is a page of a job's results.
type ResultPage struct {
	Results []*Result
	Total   int
	HasNext bool
}

// Results returns up to first items of job id after the item id after (0: from the start),
// in selection order; state filters by item state when not empty.
func (s *Service) Results(ctx context.Context, id, first, after int, state string) (*ResultPage, error) {
	c := store.Reader(ctx, s.st.Client)
	first = max(1, min(first, 500))
	q := c.BulkJobItem.Query().Where(bulkjobitem.JobID(id))
	if state != "" {
		q = q.Where(bulkjobitem.State(state))
	}
	total, err := q.Clone().Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting results: %w", err)
	}
	list, err := q.Where(bulkjobitem.IDGT(after)).Order(ent.Asc(bulkjobitem.FieldID)).Limit(first + 1).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading results: %w", err)
	}
	page := &ResultPage{Total: total, HasNext: len(list) > first}
	for _, it := range list[:min(first, len(list))] {
		r := &Result{ID: it.ID, CustomerID: it.CustomerID, State: it.State, Message: it.Message, FinishedAt: it.FinishedAt}
		if it.Routers != "" {
			_ = json.Unmarshal([]byte(it.Routers), &r.Routers)
		}
		if r.Routers == nil {
			r.Routers = []RouterAnswer{}
		}
		page.Results = append(page.Results, r)
	}
	return page, nil
}

// publish tells subscribers of job id's progress: at most every 200 ms unless force.
func (s *Service) publish(id int, force bool) {
	if s.bus == nil {
		return
	}
	now := time.Now()
	s.mu.Lock()
	if !force && now.Sub(s.lastPush[id]) < 200*time.Millisecond {
		s.mu.Unlock()
		return
	}
	s.lastPush[id] = now
	s.mu.Unlock()
	s.bus.Publish(events.Event{Kind: JobChanged, EntityID: id, At: now.UTC()})
}
