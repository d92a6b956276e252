package security

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestSearchWithControlCharactersMatchesNothing searches the customer list with NUL and other
// control characters (SQLite used to read "\x00" as an empty pattern and return everyone;
// PostgreSQL failed with an internal error): on both databases such a search matches
// nothing, or is refused as bad input, and never fails otherwise.
func TestSearchWithControlCharactersMatchesNothing(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p, err := st.Client.Profile.Create().SetName("Search 10M").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetValidityDays(30).SetPrice(1500).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		svc := customers.New(st, testutil.Box(t), nil, nil)
		for i, u := range []string{"nul.alpha", "nul.beta", "nul.gamma"} {
			name := "Nul Person " + u
			pw := "Search-Pass-123"
			if _, err := svc.Create(ctx, customers.CreateInput{Username: u, Password: &pw,
				Phone: fmt.Sprintf("+25471234%04d", i), FullName: &name, ProfileID: p.ID}); err != nil {
				t.Fatal(err)
			}
		}
		count := func(q string) (int, error) {
			ps, err := customers.Filter{Search: q}.Predicates("KE", time.Now().UTC())
			if err != nil {
				return 0, err
			}
			return st.Client.Customer.Query().Where(ps...).Count(ctx)
		}
		if n, err := count("nul"); err != nil || n != 3 {
			t.Fatalf("search nul: %d, %v; want the 3 customers", n, err)
		}
		for _, q := range []string{"\x00", "\x00\x00", "nul\x00", "\x00nul", "n\x00ul.alpha", "0712340000\x00", "071234\x000000",
			"nul\x01", "\x1b[31m", "nul.alpha\x7f", "nul\u0080", "nul\u009b", " \x00 ", "%\x00", "Person\x00"} {
			n, err := count(q)
			fe, refused := domain.As(err)
			switch {
			case err != nil && refused:
				if strings.Contains(fe.Message, "\x00") {
					t.Errorf("search %q refused with a message holding the NUL: %q", q, fe.Message)
				}
			case err != nil:
				t.Errorf("search %q: %v, want no match or a clear refusal", q, err)
			case n != 0:
				t.Errorf("search %q matched %d customers, want none", q, n)
			}
		}
	})
}
