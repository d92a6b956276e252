package radius

import (
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/testutil"
)

// periodAndDaily reads a customer's period usage and the sum of its daily usage, at once
// (no waiting for the roll-up).
func (f *fixture) periodAndDaily(c *ent.Customer) (period, daily [2]int64) {
	got := f.st.Client.Customer.GetX(f.ctx, c.ID)
	period = [2]int64{got.PeriodBytesIn, got.PeriodBytesOut}
	for _, d := range f.st.Client.UsageDaily.Query().Where(usagedaily.CustomerID(c.ID)).AllX(f.ctx) {
		daily[0], daily[1] = daily[0]+d.BytesIn, daily[1]+d.BytesOut
	}
	return period, daily
}

// waitUsage waits until period usage and daily usage are want, failing when that takes
// longer than RollUpBound from since.
func (f *fixture) waitUsage(c *ent.Customer, want [2]int64, since time.Time) {
	f.t.Helper()
	for {
		p, d := f.periodAndDaily(c)
		if p == want && d == want {
			return
		}
		if time.Since(since) > RollUpBound {
			f.t.Fatalf("after %v: period usage %v, daily usage %v; want %v within RollUpBound (%v)",
				time.Since(since).Round(time.Millisecond), p, d, want, RollUpBound)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// The stated bound: what an acknowledged Start, Interim-Update or Stop carried is in the
// customer's period usage and daily usage within RollUpBound of its Accounting-Response, on
// both databases; a billing-style flush makes it visible at once.
func TestRollUpWithinBound(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			alice := f.customer("alice")
			srv := f.start()
			f.mustAcct(start, "alice", "s1", 100, 200)
			f.waitUsage(alice, [2]int64{100, 200}, time.Now())
			f.mustAcct(interim, "alice", "s1", 1100, 2200)
			f.waitUsage(alice, [2]int64{1100, 2200}, time.Now())
			f.mustAcct(stop, "alice", "s1", 1500, 2600)
			f.waitUsage(alice, [2]int64{1500, 2600}, time.Now())

			// FlushRollUp (billing's tick, cap alerts) returns once everything acknowledged is in.
			f.mustAcct(start, "alice", "s2", 0, 0)
			f.mustAcct(interim, "alice", "s2", 10, 20)
			if err := srv.FlushRollUp(f.ctx); err != nil {
				t.Fatal(err)
			}
			if p, d := f.periodAndDaily(alice); p != [2]int64{1510, 2620} || d != p {
				t.Fatalf("after FlushRollUp: period %v, daily %v; want 1510/2620", p, d)
			}
		})
	}
}

// A crash between an accounting commit and its roll-up loses nothing: the session's marks
// lag its counters, and the next start (like every instance every rollUpSweepEvery) finds
// and rolls it up, once.
func TestRollUpRecoversAfterCrash(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			alice := f.customer("alice")
			now := time.Now().UTC()
			// What a crashed instance left: two committed sessions, one half rolled up.
			f.st.Client.Session.Create().SetAcctKey("k1").SetAcctSessionID("s1").SetUsername("alice").SetCustomerID(alice.ID).
				SetNasID(f.nas.ID).SetStartedAt(now).SetUpdatedAt(now).SetBytesIn(300).SetBytesOut(400).ExecX(f.ctx)
			f.st.Client.Session.Create().SetAcctKey("k2").SetAcctSessionID("s2").SetUsername("alice").SetCustomerID(alice.ID).
				SetNasID(f.nas.ID).SetStartedAt(now).SetUpdatedAt(now).SetBytesIn(50).SetBytesOut(60).
				SetRolledIn(20).SetRolledOut(60).SetOpen(false).SetStoppedAt(now).ExecX(f.ctx)
			f.st.Client.Customer.UpdateOneID(alice.ID).SetPeriodBytesIn(20).SetPeriodBytesOut(60).ExecX(f.ctx)
			f.st.Client.UsageDaily.Create().SetCustomerID(alice.ID).SetDay(now.Format("2006-01-02")).
				SetBytesIn(20).SetBytesOut(60).ExecX(f.ctx)
			began := time.Now()
			f.start()
			want := [2]int64{20 + 300 + 30, 60 + 400}
			f.waitUsage(alice, want, began)
			// Counted once: still the same after more passes and a sweep.
			f.srv.rollup.sweepLagging()
			time.Sleep(3 * rollUpEvery)
			if p, d := f.periodAndDaily(alice); p != want || d != want {
				t.Fatalf("period usage %v, daily %v after more passes; want %v", p, d, want)
			}
		})
	}
}
