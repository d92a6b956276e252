package pools

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// twoInstances opens two stores on one fresh, migrated database, as two linedesk instances.
func twoInstances(t *testing.T, kind string) [2]*Service {
	t.Helper()
	dsn := testutil.DSN(t, kind)
	var out [2]*Service
	for i := range out {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			if err := st.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		out[i] = New(st)
	}
	return out
}

// TestConcurrentLogins: 200 logins at once through two instances get 200 different
// addresses; a pool smaller than the logins refuses the rest; every address is freed at Stop
// or by the reaper.
func TestConcurrentLogins(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		kind, ranges string
		given        int
	}{
		{testutil.Postgres, "10.20.0.0/24", 200},
		{testutil.Postgres, "10.20.1.1-10.20.1.150", 150},
		{testutil.SQLite, "10.20.0.0/24", 200},
	} {
		t.Run(tc.kind+" "+tc.ranges, func(t *testing.T) {
			inst := twoInstances(t, tc.kind)
			p, err := inst[0].Create(ctx, PoolInput{Name: ptr("customers"), Ranges: ptr(tc.ranges)})
			if err != nil {
				t.Fatal(err)
			}
			var mu sync.Mutex
			holders := map[string]string{}
			exhausted := 0
			var wg sync.WaitGroup
			for i := 0; i < 200; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					key := fmt.Sprintf("nas1/%08x", i)
					addr, err := inst[i%2].AllocateSession(ctx, p.ID, key)
					mu.Lock()
					defer mu.Unlock()
					switch {
					case errors.Is(err, ErrExhausted):
						exhausted++
					case err != nil:
						t.Error(err)
					case holders[addr] != "":
						t.Errorf("%s given to %s and %s", addr, holders[addr], key)
					default:
						holders[addr] = key
					}
				}(i)
			}
			wg.Wait()
			if len(holders) != tc.given || exhausted != 200-tc.given {
				t.Fatalf("%d given, %d refused", len(holders), exhausted)
			}
			u, _ := inst[1].List(ctx)
			if len(u) != 1 || u[0].Used != int64(tc.given) {
				t.Fatalf("usage %+v", u)
			}
			// Half stop, the other half are closed by the reaper: both free the address.
			for addr, key := range holders {
				n, err := inst[len(addr)%2].ReleaseSession(ctx, key)
				if err != nil || n != 1 {
					t.Fatalf("release %s: %d %v", key, n, err)
				}
			}
			if u, _ := inst[0].List(ctx); u[0].Used != 0 {
				t.Fatalf("left allocated: %+v", u[0])
			}
		})
	}
}

func TestIPv6Pool(t *testing.T) {
	ctx := context.Background()
	inst := twoInstances(t, testutil.SQLite)
	v6 := 56
	p6, err := inst[0].Create(ctx, PoolInput{Name: ptr("pd"), Ranges: ptr("2001:db8:100::/48"), PrefixLength: &v6})
	if err != nil {
		t.Fatal(err)
	}
	a, err := inst[1].AllocateSession(ctx, p6.ID, "nas1/1")
	if err != nil || !strings.Contains(a, "/56") {
		t.Fatalf("%s %v", a, err)
	}
	again, err := inst[0].AllocateSession(ctx, p6.ID, "nas1/1")
	if err != nil || again != a {
		t.Fatalf("asked again: %s %v, first %s", again, err, a)
	}
}

func ptr[T any](v T) *T { return &v }
