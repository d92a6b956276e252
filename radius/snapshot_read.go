package radius

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// Reading the snapshot's rows at a million customers (issue 19): the columns authentication
// needs and no others, page by page in id order (keyset, so no page costs more than the
// first), the next page read while the last one is decoded, and the passwords decrypted on
// every core. A page's rows are garbage once decoded: the start-up peak is the snapshot plus
// two pages, not every customer row ent can hold.

// loadPage is how many rows one query of a full load reads.
const loadPage = 10000

// customerColumns are the columns newSubscriber reads.
var customerColumns = []string{
	customer.FieldID, customer.FieldUsername, customer.FieldPasswordEnc, customer.FieldStatus,
	customer.FieldArchivedAt, customer.FieldProfileID, customer.FieldExpiresAt, customer.FieldMaxSessions,
	customer.FieldPeriodStart, customer.FieldStaticIP, customer.FieldMACLock,
	customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut,
}

// clampUsage reads the customers' period usage bounded to store.MaxCounter, so a counter an
// old overflow left out of bounds (a REAL on SQLite) is read at the ceiling rather than
// failing the query of every customer.
var clampUsage = counter.ClampedColumns(customerColumns, customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut)

// customerPage is one page of a full load: the rows read, and the ids of rows that could not
// be read (left out).
type customerPage struct {
	rows    []*ent.Customer
	skipped []int
	err     error
}

// loadCustomers reads the subscribers with the given ids (every customer when ids is nil). A
// query that fails on a row it cannot read is read again in chunks of 1000 and then one row
// at a time: the unreadable rows are left out, reported to s.skip (logged with their id and
// counted) and returned in skipped, and the others are loaded. Only a database that cannot
// be reached fails the load.
func (s *snapshot) loadCustomers(ctx context.Context, st *store.Store, box decrypter, ids []int) (subs []*subscriber, skipped map[int]bool, err error) {
	if ids != nil {
		rows, bad, err := s.readChunks(ctx, st, ids)
		if err != nil {
			return nil, nil, err
		}
		return decodeSubscribers(rows, box), bad, nil
	}
	pages := make(chan customerPage, 1)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go s.readPages(ctx, st, pages)
	for p := range pages {
		if p.err != nil {
			return nil, nil, p.err
		}
		for _, id := range p.skipped {
			if skipped == nil {
				skipped = map[int]bool{}
			}
			skipped[id] = true
		}
		subs = append(subs, decodeSubscribers(p.rows, box)...)
	}
	if err := ctx.Err(); err != nil { // the pages stopped early: the load is incomplete
		return nil, nil, wrapLoad(err)
	}
	return subs, skipped, nil
}

// readPages sends every customer to out, page by page in id order, and closes out. A page
// that fails on an unreadable row is read again by readChunks; a database that cannot be
// reached ends the pages with an error page.
func (s *snapshot) readPages(ctx context.Context, st *store.Store, out chan<- customerPage) {
	defer close(out)
	send := func(p customerPage) bool {
		select {
		case out <- p:
			return true
		case <-ctx.Done():
			return false
		}
	}
	after := 0
	for {
		rows, err := queryCustomers(ctx, st, nil, after)
		var p customerPage
		n, last := len(rows), 0
		if n > 0 {
			last = rows[n-1].ID
		}
		switch {
		case err == nil:
			p.rows = rows
		case ctx.Err() != nil || store.IsUnavailable(err):
			send(customerPage{err: wrapLoad(err)})
			return
		default: // a row of this page cannot be read: find it, chunk by chunk
			ids, err := st.Client.Customer.Query().Where(customer.IDGT(after)).Order(customer.ByID()).Limit(loadPage).IDs(ctx)
			if err != nil {
				send(customerPage{err: wrapLoad(err)})
				return
			}
			if n = len(ids); n > 0 {
				last = ids[n-1]
			}
			var bad map[int]bool
			if p.rows, bad, err = s.readChunks(ctx, st, ids); err != nil {
				send(customerPage{err: err})
				return
			}
			for id := range bad {
				p.skipped = append(p.skipped, id)
			}
		}
		if !send(p) || n < loadPage {
			return
		}
		after = last
	}
}

// queryCustomers reads the customers whose ids are in where, or (where nil) the page of
// loadPage customers after the id after.
func queryCustomers(ctx context.Context, st *store.Store, where []int, after int) ([]*ent.Customer, error) {
	q := st.Client.Customer.Query()
	if where != nil {
		q.Where(customer.IDIn(where...))
	} else {
		q.Where(customer.IDGT(after)).Order(customer.ByID()).Limit(loadPage)
	}
	q.Modify(clampUsage)
	return q.All(ctx)
}

// readChunks reads the customers with the given ids in chunks of 1000, a chunk that fails one
// row at a time (see loadCustomers).
func (s *snapshot) readChunks(ctx context.Context, st *store.Store, ids []int) (rows []*ent.Customer, skipped map[int]bool, err error) {
	for _, part := range chunks(ids, 1000) {
		got, err := queryCustomers(ctx, st, part, 0)
		if err == nil {
			rows = append(rows, got...)
			continue
		}
		if ctx.Err() != nil || store.IsUnavailable(err) {
			return nil, nil, wrapLoad(err)
		}
		for _, id := range part {
			one, err := queryCustomers(ctx, st, []int{id}, 0)
			switch {
			case err == nil:
				rows = append(rows, one...)
			case ctx.Err() != nil || store.IsUnavailable(err):
				return nil, nil, wrapLoad(err)
			default:
				if skipped == nil {
					skipped = map[int]bool{}
				}
				skipped[id] = true
				if s.skip != nil {
					s.skip("customer", id, err)
				}
			}
		}
	}
	return rows, skipped, nil
}

func wrapLoad(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("loading customers: %w", err)
}

// decodeSubscribers turns rows into subscribers, decrypting the passwords on every core.
func decodeSubscribers(rows []*ent.Customer, box decrypter) []*subscriber {
	out := make([]*subscriber, len(rows))
	workers := runtime.GOMAXPROCS(0)
	if len(rows) < 512 {
		workers = 1
	}
	per := (len(rows) + workers - 1) / workers
	var wg sync.WaitGroup
	for lo := 0; lo < len(rows); lo += per {
		hi := min(lo+per, len(rows))
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				out[i] = newSubscriber(rows[i], box)
			}
		})
	}
	wg.Wait()
	return out
}

// loadOpenSessions reads every open session of a customer, page by page in id order.
func loadOpenSessions(ctx context.Context, st *store.Store) ([]*openSession, error) {
	var out []*openSession
	after := 0
	for {
		rows, err := st.Client.Session.Query().
			Where(session.Open(true), session.CustomerIDNotNil(), session.IDGT(after)).Order(session.ByID()).Limit(loadPage).
			Select(session.FieldID, session.FieldAcctKey, session.FieldCustomerID, session.FieldNasID, session.FieldUpdatedAt,
				session.FieldCallingStationID).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("loading open sessions: %w", err)
		}
		for _, o := range rows {
			out = append(out, &openSession{id: o.ID, customerID: *o.CustomerID, key: o.AcctKey, nasID: o.NasID,
				updated: o.UpdatedAt, mac: normMACPtr(o.CallingStationID)})
		}
		if len(rows) < loadPage {
			return out, nil
		}
		after = rows[len(rows)-1].ID
	}
}
