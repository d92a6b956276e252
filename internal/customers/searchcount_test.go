package customers_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// countQueries are searches counted from the maintained counts on PostgreSQL (no filter,
// one to three characters, national phone prefixes of 5 to 8 E.164 characters) and some that
// are counted by COUNT, as a check of the comparison itself.
var countQueries = []string{"", "  ", "j", "ja", "JA", "w", "wa", "1", "10", "é", "él", "0712", "07120", "07129", "+2547",
	"+25471", "0733", "071200", "jam", "Wan", "anj", "100", "imp", "ela", "éla", "a b", "jame", "07"}

// TestMaintainedCountsMatchFilters: on both databases, the totalCount of a bare search
// equals the rows the list's filter finds, after each way customers change: creates, an
// import (COPY on PostgreSQL), renames and new phone numbers, archiving and restoring, and
// deletion. On PostgreSQL those counts come from customer_search_counts.
func TestMaintainedCountsMatchFilters(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st) // jane.wanjiku, +254712345678
		ctx := context.Background()
		defer st.Client.Customer.Delete().ExecX(ctx)
		defer st.Client.Session.Delete().ExecX(ctx)
		check := func(stage string) {
			t.Helper()
			first := 1000
			for _, q := range countQueries {
				page, err := f.svc.List(f.ctx, customers.ListInput{Filter: customers.Filter{Search: q}, First: &first, Count: true})
				if err != nil {
					t.Fatalf("%s: %q: %v", stage, q, err)
				}
				if page.TotalCount != len(page.Edges) {
					t.Errorf("%s: search %q: totalCount %d, the filter finds %d", stage, q, page.TotalCount, len(page.Edges))
				}
			}
		}
		var ids []int
		for _, c := range []struct{ u, phone, name string }{
			{"james.otieno", "0712000111", "James Otieno"},
			{"wambui.k", "0733000222", "Jackson Wambui"},
			{"jab", "0712999888", "Élise Wanjiru"},
		} {
			name := c.name
			cr, err := f.svc.Create(f.ctx, customers.CreateInput{Username: c.u, Phone: c.phone, ProfileID: f.home.ID, FullName: &name})
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, cr.Customer.ID)
		}
		check("created")
		var b strings.Builder
		b.WriteString("username,phone,full_name,profile\n")
		for i := range 40 {
			fmt.Fprintf(&b, "imp%03d,07%d%06d,%s %d,%s\n", i, 12+i%3*21, i, []string{"Jane Doe", "Wanjiku", "élan"}[i%3], i, f.home.Name)
		}
		if res, err := customers.Import(ctx, st, testutil.Box(t), strings.NewReader(b.String()), customers.ImportOptions{}); err != nil || !res.Applied {
			t.Fatalf("import: %+v %v", res, err)
		}
		check("imported")
		phone, name, user := "0733123456", "Wakili James", "wa.james"
		if _, err := f.svc.Update(f.ctx, ids[0], customers.UpdateInput{Phone: &phone, FullName: &name, Username: &user}); err != nil {
			t.Fatal(err)
		}
		check("renamed")
		if _, err := f.svc.Archive(f.ctx, ids[1]); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Archive(f.ctx, ids[2]); err != nil {
			t.Fatal(err)
		}
		check("archived")
		first := 10
		archived, err := f.svc.List(f.ctx, customers.ListInput{Filter: customers.Filter{Search: "ja", Access: customers.AccessArchived}, First: &first, Count: true})
		if err != nil || len(archived.Edges) != 2 || archived.TotalCount != 2 {
			t.Errorf("archived customers matching ja: %v (count %v), %v; want wambui.k and jab", archived.Edges, archived.TotalCount, err)
		}
		if _, err := f.svc.Restore(f.ctx, ids[2]); err != nil {
			t.Fatal(err)
		}
		check("restored")
		st.Client.Session.Delete().ExecX(ctx)
		st.Client.Customer.DeleteOneID(ids[0]).ExecX(ctx)
		check("deleted")
		if st.IsPostgres() { // the counts are the table's, not a fallback
			var n, want int
			if err := st.DB.QueryRow(`SELECT n FROM customer_search_counts WHERE key = 'p:ja'`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if err := st.DB.QueryRow(`SELECT count(*) FROM customers WHERE archived_at IS NULL AND (username LIKE 'ja%' OR account_no LIKE 'ja%' OR name_search LIKE 'ja%')`).Scan(&want); err != nil || n != want || n == 0 {
				t.Errorf("customer_search_counts p:ja = %d, want %d (%v)", n, want, err)
			}
		}
	})
}

// TestMaintainedCountsUnderConcurrentWriters: customers renamed, given new phone numbers,
// archived and restored by concurrent transactions; the counts stay exact and no writer fails
// (the triggers take the count rows in one order, so they cannot deadlock one another).
func TestMaintainedCountsUnderConcurrentWriters(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	f := newFixture(t, st)
	ctx := context.Background()
	defer st.Client.Customer.Delete().ExecX(ctx)
	defer st.Client.Session.Delete().ExecX(ctx)
	const writers = 6
	ids := make([]int, writers)
	for i := range ids {
		name := fmt.Sprintf("Jane Writer %d", i)
		cr, err := f.svc.Create(f.ctx, customers.CreateInput{Username: fmt.Sprintf("writer%d", i), Phone: fmt.Sprintf("07%02d000%03d", 10+i, i),
			ProfileID: f.home.ID, FullName: &name})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = cr.Customer.ID
	}
	var wg sync.WaitGroup
	errs := make(chan error, writers*8)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for round := range 4 {
				// Each writer moves between names and phone prefixes the others use too.
				name := []string{"Wambui Otieno", "Jane Kamau", "Otieno Jane"}[(i+round)%3]
				phone := fmt.Sprintf("07%02d111%03d", 10+(i+round)%writers, i)
				if _, err := f.svc.Update(f.ctx, id, customers.UpdateInput{FullName: &name, Phone: &phone}); err != nil {
					errs <- err
				}
				if _, err := f.svc.Archive(f.ctx, id); err != nil {
					errs <- err
				}
				if round%2 == 0 {
					if _, err := f.svc.Restore(f.ctx, id); err != nil {
						errs <- err
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Errorf("writer: %v", err)
	}
	first := 1000
	for _, q := range []string{"", "j", "ja", "wa", "ot", "oti", "kam", "0710", "07120", "0715", "wri"} {
		page, err := f.svc.List(f.ctx, customers.ListInput{Filter: customers.Filter{Search: q}, First: &first, Count: true})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if page.TotalCount != len(page.Edges) {
			t.Errorf("search %q: totalCount %d, the filter finds %d", q, page.TotalCount, len(page.Edges))
		}
	}
}
