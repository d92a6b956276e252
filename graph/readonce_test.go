package graph

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/intercept"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
)

// readCounter counts the queries of each entity type (ent's interceptors) while on.
type readCounter struct {
	on     atomic.Bool
	mu     sync.Mutex
	counts map[string]int
}

func countReads(c *ent.Client) *readCounter {
	rc := &readCounter{counts: map[string]int{}}
	c.Intercept(intercept.Func(func(_ context.Context, q intercept.Query) error {
		if rc.on.Load() {
			rc.mu.Lock()
			rc.counts[q.Type()]++
			rc.mu.Unlock()
		}
		return nil
	}))
	return rc
}

// during returns the reads fn makes.
func (rc *readCounter) during(fn func()) map[string]int {
	rc.mu.Lock()
	rc.counts = map[string]int{}
	rc.mu.Unlock()
	rc.on.Store(true)
	fn()
	rc.on.Store(false)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.counts
}

// TestChangeProfileReadsEachRowOnce runs changeCustomerProfile against the real router
// service and counts the queries on the way to the CoA: the customer and its open sessions
// are read once (issue 14), on both databases.
func TestChangeProfileReadsEachRowOnce(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			var rc *readCounter
			e := newEnvWith(t, kind, func(e *env, d *Deps) {
				svc := nas.NewService(e.st, d.Box, e.bus, nil)
				svc.CoA = coa.Client{Timeout: 50 * time.Millisecond, Retries: 0}
				t.Cleanup(svc.Close)
				d.Customers = customers.New(e.st, d.Box, d.Bus, svc)
			})
			ctx := context.Background()
			pid, pid2 := e.profile("Home", 30, nil), e.profile("Fast", 30, nil)
			c := e.customer("alice.k", "0712000001", pid)
			nasID := e.st.Client.Nas.Create().SetName("r1").SetIPAddress("127.0.0.1").
				SetSecretEnc(testutil.Box(t).MustEncrypt("router-secret")).SetCoaPort(testutil.FreePort(t)).SaveX(ctx).ID
			sess := openSession(t, e.st, atoi(t, c.ID), nasID)
			rc = countReads(e.st.Client)
			var out struct {
				ChangeCustomerProfile struct {
					Sessions []struct{ Outcome string }
				}
			}
			reads := rc.during(func() {
				e.ok(&out, e.op, `mutation($id:ID!,$p:ID!){ changeCustomerProfile(id:$id, profileID:$p){ sessions{ outcome } } }`,
					"id", c.ID, "p", pid2)
			})
			if len(out.ChangeCustomerProfile.Sessions) != 1 || out.ChangeCustomerProfile.Sessions[0].Outcome == "PENDING" {
				t.Fatalf("session %d: %+v", sess.ID, out)
			}
			if reads["Customer"] != 1 || reads["Session"] != 1 {
				t.Fatalf("reads on the way to the router: %v; want the customer and its open sessions read once each", fmt.Sprint(reads))
			}
			if got := e.st.Client.Customer.GetX(ctx, atoi(t, c.ID)).ProfileID; fmt.Sprint(got) != pid2 {
				t.Fatalf("profile not changed: %d", got)
			}
		})
	}
}
