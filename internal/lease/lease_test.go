package lease

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestOnlyOneRuns(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			dsn := testutil.DSN(t, kind)
			var stores []*store.Store
			for i := 0; i < 2; i++ { // two "instances" on one database
				st, err := store.Open(context.Background(), dsn)
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { st.Close() })
				stores = append(stores, st)
			}
			var running, maxRunning, ran atomic.Int32
			var wg sync.WaitGroup
			for i := 0; i < 6; i++ {
				wg.Add(1)
				go func(st *store.Store) {
					defer wg.Done()
					ok, err := Run(context.Background(), st, "expiry", func(ctx context.Context) error {
						n := running.Add(1)
						if n > maxRunning.Load() {
							maxRunning.Store(n)
						}
						time.Sleep(150 * time.Millisecond)
						running.Add(-1)
						return nil
					})
					if err != nil {
						t.Error(err)
					}
					if ok {
						ran.Add(1)
					}
				}(stores[i%2])
			}
			wg.Wait()
			if maxRunning.Load() != 1 {
				t.Fatalf("%d runs overlapped, want 1", maxRunning.Load())
			}
			if ran.Load() < 1 {
				t.Fatal("no run took the lease")
			}
			ok, err := Run(context.Background(), stores[0], "expiry", func(context.Context) error { return nil })
			if err != nil || !ok {
				t.Fatalf("lease not released: ok=%v err=%v", ok, err)
			}
		})
	}
}
