package customers_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestPhoneDigits(t *testing.T) {
	for _, tc := range []struct {
		q, region, want string
	}{
		{"0740", "KE", "254740"}, {"9737", "KE", "9737"}, {"07 40-12", "KE", "25474012"},
		{"0740", "UG", "256740"}, {"+2547", "KE", "2547"}, {"(0712) 345", "KE", "254712345"},
		{"123", "KE", ""}, {"07a4", "KE", ""}, {"jane", "KE", ""}, {"0740", "", "254740"},
	} {
		got, ok := customers.PhoneDigits(tc.q, tc.region)
		if ok != (tc.want != "") || got != tc.want {
			t.Errorf("PhoneDigits(%q, %s) = %q, %v; want %q", tc.q, tc.region, got, ok, tc.want)
		}
	}
}

// TestSearchRule: DESIGN.md's search rule on both databases, with the page's rows and the
// exact totalCount agreeing: prefixes of username and account number, a name prefix for one
// or two characters and a name substring from three, and runs of 4 or more digits of the
// phone numbers (national or E.164 forms).
func TestSearchRule(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st) // jane.wanjiku, +254712345678
		defer st.Client.Customer.Delete().ExecX(context.Background())
		defer st.Client.Session.Delete().ExecX(context.Background())
		for _, c := range []struct{ u, phone, name string }{
			{"peter.otieno", "0733000111", "Peter Otieno"},
			{"mary.akinyi", "0740973712", "Mary Akinyi"},
			{"sam.kamau", "+256772123456", "Sam Kamau"},
			{"zoe.e", "0722000333", "Élise Zoë"},
		} {
			name := c.name
			if _, err := f.svc.Create(f.ctx, customers.CreateInput{Username: c.u, Phone: c.phone, ProfileID: f.home.ID, FullName: &name}); err != nil {
				t.Fatal(err)
			}
		}
		first := 100
		for _, tc := range []struct {
			q    string
			want []string
		}{
			{"0740", []string{"mary.akinyi"}},
			{"9737", []string{"mary.akinyi"}},
			{"0740 97-37", []string{"mary.akinyi"}},
			{"+25677", []string{"sam.kamau"}},
			{"0712345678", []string{"jane.wanjiku"}},
			{"254", []string{}},                 // three digits are no phone search
			{"m", []string{"mary.akinyi"}},      // username / name prefix
			{"ka", []string{}},                  // no name substring under 3 characters
			{"kam", []string{"sam.kamau"}},      // name substring
			{"akinyi", []string{"mary.akinyi"}}, // name substring
			{"100", []string{"jane.wanjiku", "mary.akinyi", "peter.otieno", "sam.kamau", "zoe.e"}}, // account prefix
			// One and two characters: prefixes (a byte-order range on PostgreSQL).
			{"10", []string{"jane.wanjiku", "mary.akinyi", "peter.otieno", "sam.kamau", "zoe.e"}},
			{"Pe", []string{"peter.otieno"}},
			{"s", []string{"sam.kamau"}},
			{"z", []string{"zoe.e"}},
			{"É", []string{"zoe.e"}}, // name prefix, multi-byte, case folded
			{"él", []string{"zoe.e"}},
			{"e", []string{}}, // é is not e
			{"%", []string{}},
			{"m_", []string{}},
		} {
			page, err := f.svc.List(f.ctx, customers.ListInput{Filter: customers.Filter{Search: tc.q}, First: &first, Count: true})
			if err != nil {
				t.Fatalf("%q: %v", tc.q, err)
			}
			var got []string
			for _, e := range page.Edges {
				got = append(got, e.Node.Username)
			}
			slices.Sort(got)
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || page.TotalCount != len(tc.want) || !page.Exact {
				t.Errorf("search %q: %v (count %d, exact %v); want %v", tc.q, got, page.TotalCount, page.Exact, tc.want)
			}
		}
	})
}
