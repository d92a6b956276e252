package billing

import (
	"context"
	"fmt"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestDataCapSurvivesOverflowedCounters runs the scheduler on a plan one of whose customers
// holds the usage an overflowing sum of the old accounting code left behind (written with
// SQL: the largest bigint on PostgreSQL, where adding its two counters overflows; a REAL on
// SQLite): the pass reports no error for the plan, the customers over the cap are capped
// (that one too: its usage is far above the cap) and the one under it is not.
func TestDataCapSurvivesOverflowedCounters(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		limit := int64(10_000)
		hard := f.profile(t, 100, &limit, nil)
		poisoned := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		over := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		under := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		bad := "9223372036854775807"
		if !st.IsPostgres() {
			bad = "1.3835058055282164e19"
		}
		if _, err := st.DB.ExecContext(ctx, fmt.Sprintf("UPDATE customers SET period_bytes_in = %s, period_bytes_out = %s WHERE id = %d", bad, bad, poisoned.ID)); err != nil {
			t.Fatal(err)
		}
		st.Client.Customer.UpdateOneID(over.ID).SetPeriodBytesIn(6000).SetPeriodBytesOut(6000).ExecX(ctx)
		st.Client.Customer.UpdateOneID(under.ID).SetPeriodBytesIn(10).ExecX(ctx)

		rep, err := f.svc.Tick(ctx, t0)
		if err != nil {
			t.Errorf("tick: %v", err)
		}
		if d, _ := f.enf.counts(over.ID); d != 1 {
			t.Errorf("the customer over the cap was disconnected %d times, want 1 (report %+v)", d, rep)
		}
		if d, _ := f.enf.counts(poisoned.ID); d != 1 {
			t.Errorf("the customer with overflowed usage was disconnected %d times, want 1", d)
		}
		if d, _ := f.enf.counts(under.ID); d != 0 {
			t.Error("the customer under the cap was disconnected")
		}
		if rep.CapsApplied != 2 {
			t.Errorf("CapsApplied = %d, want 2", rep.CapsApplied)
		}
	})
}

// TestDataCapGoesOnAfterAFailure: when enforcement fails for one customer, the pass caps the
// others, reports and counts the failure (linedesk_billing_customer_failures_total), and the
// next pass retries the one it failed for.
func TestDataCapGoesOnAfterAFailure(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		f.svc.Parallel = 1
		limit := int64(10_000)
		hard := f.profile(t, 100, &limit, nil)
		a := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		b := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		for _, c := range []int{a.ID, b.ID} {
			st.Client.Customer.UpdateOneID(c).SetPeriodBytesIn(20_000).ExecX(ctx)
		}
		f.enf.fail = 1
		before := failures(t, "data_cap")
		rep, err := f.svc.Tick(ctx, t0)
		if err == nil || rep.Failed != 1 || rep.CapsApplied != 1 {
			t.Fatalf("first pass: %+v, %v; want one capped, one failed and its error", rep, err)
		}
		if got := failures(t, "data_cap") - before; got != 1 {
			t.Errorf("linedesk_billing_customer_failures_total{job=data_cap} grew by %v, want 1", got)
		}
		rep, err = f.svc.Tick(ctx, t0.Add(time.Minute))
		if err != nil || rep.Failed != 0 || rep.CapsApplied != 1 {
			t.Fatalf("second pass: %+v, %v; want the failed one capped now", rep, err)
		}
		da, _ := f.enf.counts(a.ID)
		db, _ := f.enf.counts(b.ID)
		if da != 1 || db != 1 {
			t.Errorf("disconnects %d and %d, want one each", da, db)
		}
	})
}

// failures reads linedesk_billing_customer_failures_total for job.
func failures(t *testing.T, job string) float64 {
	t.Helper()
	var m dto.Metric
	if err := customerFailures.WithLabelValues(job).Write(&m); err != nil {
		t.Fatal(err)
	}
	return m.GetCounter().GetValue()
}
