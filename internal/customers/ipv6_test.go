package customers_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestFixedPrefixOnceUnderRace: eight customers given the same fixed delegated prefix at once
// (on each database): exactly one gets it, the others are refused with the keyed conflict.
func TestFixedPrefixOnceUnderRace(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		const n = 8
		ids := make([]int, n)
		for i := range ids {
			c, err := f.svc.Create(f.ctx, customers.CreateInput{Username: fmt.Sprintf("race%d", i), Phone: "0712345678", ProfileID: f.home.ID})
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = c.Customer.ID
		}
		prefix := "2001:db8:ab00::/56"
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, refused := 0, 0
		for _, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, err := f.svc.Update(f.ctx, id, customers.UpdateInput{IPv6: &ipv6cfg.Input{DelegatedPrefix: &prefix}})
				mu.Lock()
				defer mu.Unlock()
				de, ok := domain.As(err)
				switch {
				case err == nil:
					won++
				case ok && de.Key == "customer.ipv6PrefixTaken":
					refused++
				default:
					t.Errorf("customer %d: %v", id, err)
				}
			}()
		}
		wg.Wait()
		if won != 1 || refused != n-1 {
			t.Fatalf("%d got the prefix, %d refused", won, refused)
		}
	})
}
