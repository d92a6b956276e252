package graph

import (
	"fmt"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// The customers list sorts by plan (customers of one plan together, plans in the order they
// were created) and by status, page after page.
func TestCustomersSortByPlanAndStatus(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			plans := []string{e.profile("Zebra 5M", 30, nil), e.profile("Alpha 2M", 30, nil), e.profile("Middle 8M", 30, nil)}
			for i := 0; i < 9; i++ {
				c := e.customer(fmt.Sprintf("sorted%d", i), fmt.Sprintf("07120010%02d", i), plans[i%3])
				if i%4 == 0 {
					e.ok(nil, e.op, `mutation($c:ID!){ suspendCustomer(id:$c){ id } }`, "c", c.ID)
				}
			}
			type page struct {
				Customers struct {
					PageInfo struct {
						HasNextPage bool
						EndCursor   *string
					}
					Edges []struct {
						Node struct {
							Status  string
							Profile struct{ Name string }
						}
					}
				}
			}
			read := func(field, dir string) (names, statuses []string) {
				var after *string
				for {
					var p page
					e.ok(&p, e.viewer, `query($o:CustomerOrder,$a:Cursor){ customers(first:4, after:$a, orderBy:$o){ pageInfo{ hasNextPage endCursor } edges{ node{ status profile{ name } } } } }`,
						"o", map[string]any{"field": field, "direction": dir}, "a", after)
					for _, ed := range p.Customers.Edges {
						names, statuses = append(names, ed.Node.Profile.Name), append(statuses, ed.Node.Status)
					}
					if !p.Customers.PageInfo.HasNextPage {
						return names, statuses
					}
					after = p.Customers.PageInfo.EndCursor
				}
			}
			names, _ := read("PROFILE", "ASC")
			want := []string{"Zebra 5M", "Zebra 5M", "Zebra 5M", "Alpha 2M", "Alpha 2M", "Alpha 2M", "Middle 8M", "Middle 8M", "Middle 8M"}
			if fmt.Sprint(names) != fmt.Sprint(want) {
				t.Fatalf("by plan: %v", names)
			}
			names, _ = read("PROFILE", "DESC")
			if names[0] != "Middle 8M" || names[8] != "Zebra 5M" || len(names) != 9 {
				t.Fatalf("by plan, descending: %v", names)
			}
			_, statuses := read("STATUS", "ASC")
			if fmt.Sprint(statuses) != "[ACTIVE ACTIVE ACTIVE ACTIVE ACTIVE ACTIVE SUSPENDED SUSPENDED SUSPENDED]" {
				t.Fatalf("by status: %v", statuses)
			}
		})
	}
}
