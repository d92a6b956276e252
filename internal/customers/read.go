package customers

import (
	"context"
	"fmt"
	"io"
	"time"

	"entgo.io/contrib/entgql"
	"golang.org/x/sync/errgroup"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/topups"
)

// The read side: one customer, lists, the open sessions that give the connection status,
// usage, and exports. Reads go through the transaction of the context when it carries one
// (store.Reader), else through the plain client.

// MaxSearch is the longest search text.
const MaxSearch = 200

// Get returns customer id, or nil when there is none.
func (s *Service) Get(ctx context.Context, id int) (*ent.Customer, error) {
	cu, err := store.Reader(ctx, s.st.Client).Customer.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	return cu, err
}

// UsernameAvailable reports whether u is a valid username nobody has.
func (s *Service) UsernameAvailable(ctx context.Context, u string) (bool, error) {
	u, err := NormalizeUsername(u)
	if err != nil {
		return false, nil
	}
	taken, err := store.Reader(ctx, s.st.Client).Customer.Query().Where(customer.Username(u)).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("checking username: %w", err)
	}
	return !taken, nil
}

// ListInput asks for one page of customers (entgql's cursors and order).
type ListInput struct {
	Filter  Filter
	After   *entgql.Cursor[int]
	First   *int
	Before  *entgql.Cursor[int]
	Last    *int
	OrderBy *ent.CustomerOrder
	// Count asks for the number of customers the filter matches, counted beside the page
	// (then the context must not ask entgql's pagination to count as well).
	Count bool
}

// Page is one page of customers.
type Page struct {
	*ent.CustomerConnection
	// Exact is always true: TotalCount is counted, never estimated (issue 19: staff compare
	// the list's count with the dashboard and their own records). Kept for totalCountExact.
	Exact bool
	// Open maps every customer of the page to its newest open session (nil: none), read in
	// one query for their connection status.
	Open map[int]*ent.Session
	// Limits maps the plans of the page's customers that have a data limit to it, read in one
	// query for their access state.
	Limits map[int]int64
}

// List returns a page of the customers matching in.Filter (DESIGN.md's search rule and the
// derived connection status), the page and its count read side by side.
func (s *Service) List(ctx context.Context, in ListInput) (*Page, error) {
	if len(in.Filter.Search) > MaxSearch {
		return nil, domain.Invalidf("search", "a search is at most %d characters", MaxSearch).
			WithKey("input.tooLong", map[string]any{"field": "search", "max": MaxSearch})
	}
	region, err := s.region(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	ps, err := in.Filter.Predicates(region, now)
	if err != nil {
		return nil, err
	}
	c := store.Reader(ctx, s.st.Client)
	var orders []*ent.CustomerOrder
	if in.OrderBy != nil {
		orders = []*ent.CustomerOrder{in.OrderBy}
	}
	page := &Page{Exact: true}
	var (
		total int
		g     errgroup.Group
	)
	if in.Count {
		g.Go(func() (err error) {
			total, page.Exact, err = s.count(ctx, c, in.Filter, ps, region, now)
			return err
		})
	}
	conn, err := c.Customer.Query().Where(ps...).Paginate(ctx, in.After, in.First, in.Before, in.Last, ent.WithCustomerOrder(orders))
	if gerr := g.Wait(); err == nil {
		err = gerr
	}
	if err != nil {
		return nil, err
	}
	if in.Count {
		conn.TotalCount = total
	}
	page.CustomerConnection = conn
	ids := make([]int, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		ids = append(ids, e.Node.ID)
	}
	if page.Open, err = s.OpenSessions(ctx, ids); err != nil {
		return nil, err
	}
	plans := make([]int, 0, len(conn.Edges))
	for _, e := range conn.Edges {
		plans = append(plans, e.Node.ProfileID)
	}
	if page.Limits, err = s.DataLimits(ctx, plans); err != nil {
		return nil, err
	}
	return page, nil
}

// count counts the customers matching ps, the predicates of f at now, exactly: never the
// planner's estimate. A bare ONLINE or OFFLINE filter is counted as the dashboard counts it
// (CountStatuses, tested to agree with the filters), which needs no NOT EXISTS or semi join
// over every customer. On PostgreSQL, no filter or a bare search whose matches are unbounded
// (one or two characters, a national phone prefix) is counted from the maintained counts
// (countMaintained).
func (s *Service) count(ctx context.Context, c *ent.Client, f Filter, ps []predicate.Customer, region string, now time.Time) (int, bool, error) {
	pg := s.st.IsPostgres()
	if pg && f.Access == "" && f.Where == nil && f.Status == "" {
		if n, ok, err := countMaintained(ctx, c, f.Search, region); ok {
			return n, true, err
		}
	}
	if f.onlyStatus() && f.Status == Online {
		n, err := CountOnline(ctx, c, pg, now)
		return n, true, err
	}
	if f.onlyStatus() && f.Status == Offline {
		fs, err := CountStatuses(ctx, c, pg, now)
		return fs.Offline, true, err
	}
	// Unique(false): COUNT(id), not ent's default COUNT(DISTINCT id), which sorts or hashes
	// every matching id; a query of customers alone has no duplicate rows.
	n, err := c.Customer.Query().Where(ps...).Unique(false).Count(ctx)
	if err != nil {
		return 0, true, fmt.Errorf("counting customers: %w", err)
	}
	return n, true, nil
}

// OpenSessions returns the newest open session of each of the customers ids (nil for those
// without one), read in one query.
func (s *Service) OpenSessions(ctx context.Context, ids []int) (map[int]*ent.Session, error) {
	out := make(map[int]*ent.Session, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	ss, err := store.Reader(ctx, s.st.Client).Session.Query().Where(session.CustomerIDIn(ids...), session.Open(true)).
		Order(ent.Asc(session.FieldStartedAt)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading open sessions: %w", err)
	}
	for _, id := range ids {
		out[id] = nil
	}
	for _, sess := range ss {
		out[*sess.CustomerID] = sess // newest last wins
	}
	return out, nil
}

// OpenSession returns the newest open session of a customer, or nil.
func (s *Service) OpenSession(ctx context.Context, customerID int) (*ent.Session, error) {
	sess, err := store.Reader(ctx, s.st.Client).Session.Query().Where(session.CustomerID(customerID), session.Open(true)).
		Order(ent.Desc(session.FieldStartedAt)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading open session: %w", err)
	}
	return sess, nil
}

// ConnectionStatus is the connection status of cu now, given whether it has an open session.
func (s *Service) ConnectionStatus(cu *ent.Customer, online bool) ConnectionStatus {
	return StatusOf(cu.ExpiresAt, online, s.now())
}

// Usage is a customer's use of the current period.
type Usage struct {
	PeriodStart       time.Time
	BytesIn, BytesOut int64
	LimitBytes        *int64 // the plan's data limit; nil: unlimited
}

// Usage returns cu's use of its current period with its plan's limit (the profile is read
// unless cu was loaded with it).
func (s *Service) Usage(ctx context.Context, cu *ent.Customer) (*Usage, error) {
	p := cu.Edges.Profile
	if p == nil {
		var err error
		if p, err = store.Reader(ctx, s.st.Client).Profile.Get(ctx, cu.ProfileID); err != nil {
			return nil, fmt.Errorf("reading profile: %w", err)
		}
	}
	limit := p.DataLimitBytes
	if limit != nil {
		// The period's data top-ups raise the cap (internal/topups).
		extra, err := topups.PeriodExtra(ctx, store.Reader(ctx, s.st.Client), cu)
		if err != nil {
			return nil, err
		}
		l := *limit + extra
		limit = &l
	}
	return &Usage{PeriodStart: cu.PeriodStart, BytesIn: cu.PeriodBytesIn, BytesOut: cu.PeriodBytesOut, LimitBytes: limit}, nil
}

// DailyUsage returns a customer's usage per day (UTC) for the last days days (31 when nil;
// 1 to 366), oldest first.
func (s *Service) DailyUsage(ctx context.Context, customerID int, days *int) ([]*ent.UsageDaily, error) {
	n := 31
	if days != nil {
		n = *days
	}
	if n < 1 || n > 366 {
		return nil, domain.Invalidf("days", "days must be from 1 to 366").
			WithKey("input.range", map[string]any{"field": "days", "min": 1, "max": 366})
	}
	from := s.now().AddDate(0, 0, 1-n).Format("2006-01-02")
	rows, err := store.Reader(ctx, s.st.Client).UsageDaily.Query().
		Where(usagedaily.CustomerID(customerID), usagedaily.DayGTE(from)).
		Order(ent.Asc(usagedaily.FieldDay)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading daily usage: %w", err)
	}
	return rows, nil
}

// Export writes the customers matching f as CSV to w (see the package function Export).
func (s *Service) Export(ctx context.Context, w io.Writer, f Filter) (int, error) {
	return Export(ctx, store.Reader(ctx, s.st.Client), w, ExportOptions{Filter: f})
}

// RecordExport writes the audit row of a customer file downloaded with filter f
// (exportCustomers).
func (s *Service) RecordExport(ctx context.Context, f Filter) error {
	return store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		return audit.Write(ctx, c, "exportCustomers", "customer", 0, map[string]any{"search": f.Search, "status": string(f.Status)})
	})
}
