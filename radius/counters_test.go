package radius

import (
	"fmt"
	"math"
	"testing"
	"time"

	"layeh.com/radius"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

// ceiling is store.MaxCounter, spelled out: no stored counter or sum goes above 2^53 − 1.
const ceiling = 1<<53 - 1

// lineRate is the fastest a session may grow a counter: 10 Gbit/s, in bytes per second.
const lineRate = 10_000_000_000 / 8

// poison is what an overflowing sum of the old code stored: a REAL on SQLite, the largest
// bigint on PostgreSQL.
func poison(f *fixture) string {
	if f.st.IsPostgres() {
		return "9223372036854775807"
	}
	return "1.3835058055282164e19"
}

// counters reads a customer's period usage without failing the test on a scan error.
func (f *fixture) counters(c *ent.Customer) (in, out int64, err error) {
	f.rolledUp()
	got, err := f.st.Client.Customer.Get(f.ctx, c.ID)
	if err != nil {
		return 0, 0, err
	}
	return got.PeriodBytesIn, got.PeriodBytesOut, nil
}

// TestAccountingCountersBounded sends, for three sessions of one customer, a Start and then
// an Interim-Update carrying the largest counters a packet can hold (octets and gigawords
// 0xffffffff): every Interim is answered, each stored counter grew by no more than 10 Gbit/s
// over the time since the Start (plus 5 s), the customer's period usage is their sum, each
// clamp is counted on /metrics, and another customer's accounting is exact.
func TestAccountingCountersBounded(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			alice := f.customer("alice")
			bob := f.customer("bob")
			f.start()
			const most = 1<<64 - 1
			var sumIn, sumOut int64
			for i := range 3 {
				sid := fmt.Sprintf("max-%d", i)
				began := time.Now()
				f.mustAcct(start, "alice", sid, 0, 0)
				if err := f.acct(interim, "alice", sid, most, most); err != nil {
					t.Fatalf("session %d: the Interim-Update with maximal counters was not answered: %v", i, err)
				}
				limit := int64(lineRate * (time.Since(began).Seconds() + 5))
				ss := f.sessions("alice")
				if len(ss) != i+1 {
					t.Fatalf("%d sessions, want %d", len(ss), i+1)
				}
				s := ss[i]
				if s.BytesIn <= 0 || s.BytesIn > limit || s.BytesOut <= 0 || s.BytesOut > limit {
					t.Errorf("session %d stored %d in / %d out, want each in (0, %d]", i, s.BytesIn, s.BytesOut, limit)
				}
				sumIn += s.BytesIn
				sumOut += s.BytesOut
			}
			in, out, err := f.counters(alice)
			if err != nil {
				t.Fatalf("reading alice's period usage: %v", err)
			}
			if in != sumIn || out != sumOut {
				t.Errorf("alice's period usage %d/%d, want the sum of her sessions %d/%d", in, out, sumIn, sumOut)
			}
			f.mustAcct(start, "bob", "b1", 0, 0)
			f.mustAcct(interim, "bob", "b1", 1000, 2000)
			if in, out, err := f.counters(bob); err != nil || in != 1000 || out != 2000 {
				t.Errorf("bob's period usage %d/%d (%v), want 1000/2000", in, out, err)
			}
			if n := f.metric("linedesk_radius_acct_counters_clamped_total", "reason=above_line_rate"); n != 6 {
				t.Errorf("linedesk_radius_acct_counters_clamped_total{reason=above_line_rate} = %v, want 6 (3 sessions × in and out)", n)
			}
		})
	}
}

// TestAccountingSumsSaturate starts on a database where the old code left overflowed usage
// (written with SQL: a REAL on SQLite, the largest bigint on PostgreSQL): the server starts,
// new accounting for that customer is answered and its sums stay at the ceiling instead of
// overflowing, a customer whose stored usage is huge is refused at its data cap (its sum
// must not wrap around), and other customers are unaffected.
func TestAccountingSumsSaturate(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			limit := int64(1_000_000_000)
			capped := f.st.Client.Profile.Create().SetName("Capped").SetUploadKbps(1000).SetDownloadKbps(2000).
				SetPrice(100).SetDataLimitBytes(limit).SaveX(f.ctx)
			carol := f.customer("carol")
			dave := f.customer("dave", func(c *ent.CustomerCreate) { c.SetProfileID(capped.ID) })
			erin := f.customer("erin")
			day := time.Now().UTC().Format("2006-01-02")
			bad := poison(f)
			for _, q := range []string{
				fmt.Sprintf("UPDATE customers SET period_bytes_in = %s, period_bytes_out = %s WHERE id IN (%d, %d)", bad, bad, carol.ID, dave.ID),
				fmt.Sprintf("INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) VALUES (%d, '%s', %s, %s)", carol.ID, day, bad, bad),
			} {
				if _, err := f.st.DB.ExecContext(f.ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			f.start()

			f.mustAcct(start, "carol", "c1", 0, 0)
			if err := f.acct(interim, "carol", "c1", 1000, 2000); err != nil {
				t.Fatalf("carol's Interim-Update was not answered: %v", err)
			}
			if in, out, err := f.counters(carol); err != nil || in != ceiling || out != ceiling {
				t.Errorf("carol's period usage %d/%d (%v), want %d/%d (saturated)", in, out, err, int64(ceiling), int64(ceiling))
			}
			var din, dout int64
			if err := f.st.DB.QueryRowContext(f.ctx, fmt.Sprintf("SELECT bytes_in, bytes_out FROM usage_dailies WHERE customer_id = %d AND day = '%s'", carol.ID, day)).
				Scan(&din, &dout); err != nil || din != ceiling || dout != ceiling {
				t.Errorf("carol's daily usage %d/%d (%v), want %d/%d (saturated)", din, dout, err, int64(ceiling), int64(ceiling))
			}

			before := f.authEventID("dave")
			reply, err := f.access(client.PAP, "dave", "pw-dave", 3*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if ev := f.nextAuthEvent("dave", before); reply.Code != radius.CodeAccessReject || ev.Reason != authevent.ReasonDATA_CAP {
				t.Errorf("dave (stored usage far above his %d-byte cap): %v, reason %s; want Access-Reject, DATA_CAP", limit, reply.Code, ev.Reason)
			}

			if reply, err := f.access(client.PAP, "erin", "pw-erin", 3*time.Second); err != nil || reply.Code != radius.CodeAccessAccept {
				t.Fatalf("erin: %v %v, want Access-Accept", reply, err)
			}
			f.mustAcct(start, "erin", "e1", 0, 0)
			f.mustAcct(interim, "erin", "e1", 300, 400)
			if in, out, err := f.counters(erin); err != nil || in != 300 || out != 400 {
				t.Errorf("erin's period usage %d/%d (%v), want 300/400", in, out, err)
			}
			_ = dave
		})
	}
}

// TestSnapshotSkipsUnreadableRows starts on an SQLite database holding a customer row ent
// cannot read (a REAL in an integer column the snapshot reads, as an old overflow could leave;
// PostgreSQL's types cannot hold one): the server starts, the row is skipped, logged and counted, everyone else is served,
// and a later refresh naming that row together with others still applies the others.
func TestSnapshotSkipsUnreadableRows(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	bad := f.customer("erin")
	f.customer("frank")
	if _, err := f.st.DB.ExecContext(f.ctx, fmt.Sprintf("UPDATE customers SET max_sessions = 1e300 WHERE id = %d", bad.ID)); err != nil {
		t.Fatal(err)
	}
	f.start()
	if reply, err := f.access(client.PAP, "frank", "pw-frank", 3*time.Second); err != nil || reply.Code != radius.CodeAccessAccept {
		t.Fatalf("frank: %v %v, want Access-Accept", reply, err)
	}
	if n := f.metric("linedesk_radius_snapshot_skipped_total", "entity=customer"); n < 1 {
		t.Errorf("linedesk_radius_snapshot_skipped_total{entity=customer} = %v, want at least 1", n)
	}
	// One refresh names both: frank is suspended, erin's name changes (a change-feed row each).
	if err := f.st.Client.Customer.Update().Where(customer.IDIn(bad.ID)).SetFullName("Erin").Exec(f.ctx); err != nil {
		t.Fatal(err)
	}
	if err := f.st.Client.Customer.Update().Where(customer.Username("frank")).SetStatus(customer.StatusSUSPENDED).Exec(f.ctx); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		reply, err := f.access(client.PAP, "frank", "pw-frank", 3*time.Second)
		if err == nil && reply.Code == radius.CodeAccessReject {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("frank's suspension never reached the snapshot (last: %v %v)", reply, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestCounterBound is the bound itself, record by record: growth since the session's last
// stored update is limited to 10 Gbit/s over the time between the two (plus 5 s), and the
// counter to 10 Gbit/s over the session's age (plus 5 s), so a burst of records cannot add
// up their slack; a first record may carry what its reported session time allows, at most 31
// days' worth; lower (reordered) counters change nothing; and no counter passes the ceiling.
func TestCounterBound(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	const most = math.MaxInt64
	perSec := int64(lineRate)
	tests := []struct {
		name       string
		first      bool
		stored     int64
		age        time.Duration // of the session at its stored update (first: from sessTime)
		at         time.Duration // of the record, after the stored update
		sessTime   int64
		reported   int64
		want       int64
		wantReason string
	}{
		{"Start with zero counters", true, 0, 0, 0, 0, 0, 0, ""},
		{"Start with maximal counters", true, 0, 0, 0, 0, most, 5 * perSec, clampLineRate},
		{"first Interim of a 300 s session (Start lost), 1 Gbit/s", true, 0, 0, 0, 300, 300 * perSec / 10, 300 * perSec / 10, ""},
		{"first Interim of a 300 s session, maximal counters", true, 0, 0, 0, 300, most, 305 * perSec, clampLineRate},
		{"first Interim claiming 136 years", true, 0, 0, 0, math.MaxUint32, most, (31*86400 + 5) * perSec, clampLineRate},
		{"Interim 300 s after the last, at 10 Gbit/s", false, 1000, 300 * time.Second, 300 * time.Second, 600, 1000 + 300*perSec, 1000 + 300*perSec, ""},
		{"Interim 300 s after the last, maximal counters", false, 1000, 300 * time.Second, 300 * time.Second, 600, most, 1000 + 305*perSec, clampLineRate},
		{"a burst: 10 ms after a clamped Start", false, 5 * perSec, 0, 10 * time.Millisecond, 0, most, 5*perSec + perSec/100, clampLineRate},
		{"reordered: an older, lower Interim", false, 5000, 300 * time.Second, -10 * time.Second, 290, 4000, 5000, ""},
		{"at the ceiling (a 100-day session)", false, ceiling - 10, 100 * 24 * time.Hour, 300 * time.Second, 600, most, ceiling, clampCeiling},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &acctReq{nasID: 1, sessionID: "s", at: t0.Add(tt.at), sessTime: tt.sessTime, bytesIn: tt.reported, bytesOut: tt.reported}
			started := t0.Add(-tt.age)
			if tt.first {
				started = r.at.Add(-reportedAge(r))
			}
			row := &sessRow{Session: radiusdb.Session{In: tt.stored, Out: tt.stored, Started: started, Updated: t0, CustomerID: 7}}
			var clamps []counterClamp
			dIn, dOut := forward(row, r, tt.first, &clamps)
			if row.In != tt.want || row.Out != tt.want {
				t.Fatalf("stored %d/%d, want %d", row.In, row.Out, tt.want)
			}
			if want := max(tt.want-tt.stored, 0); dIn != want || dOut != want {
				t.Errorf("growth %d/%d, want %d", dIn, dOut, want)
			}
			if tt.wantReason == "" && len(clamps) != 0 {
				t.Errorf("clamped: %+v", clamps)
			}
			if tt.wantReason != "" && (len(clamps) != 2 || clamps[0].reason != tt.wantReason || clamps[0].customerID != 7 || clamps[0].reported != tt.reported) {
				t.Errorf("clamps %+v, want two (%s)", clamps, tt.wantReason)
			}
		})
	}
}

// TestAccountingBatchSurvivesUnreadableSession: a stored session the writer cannot read (a
// REAL in an SQLite integer column, as an old overflow could leave) fails only its own
// record; the other records of the same batch are committed and answered.
func TestAccountingBatchSurvivesUnreadableSession(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	alice := f.customer("alice")
	bob := f.customer("bob")
	f.start()
	f.mustAcct(start, "alice", "a1", 0, 0)
	f.mustAcct(start, "bob", "b1", 0, 0)
	if _, err := f.st.DB.ExecContext(f.ctx, "UPDATE sessions SET session_time = 1e300 WHERE acct_session_id = 'a1'"); err != nil {
		t.Fatal(err)
	}
	answered := map[string]bool{}
	req := func(user, sid string, cid int) *acctReq {
		now := time.Now()
		return &acctReq{status: interim, nasID: f.nas.ID, key: sessionKey(f.nas.ID, user, sid, nil), sessionID: sid,
			username: user, customerID: cid, bytesIn: 100, bytesOut: 200, sessTime: 60, at: now, received: now,
			done: func(ok bool) { answered[user] = ok }}
	}
	// A shard of its own: the server's shard goroutine keeps its state to itself.
	sh := &acctShard{known: map[string]*sessRow{}, sweptAt: time.Now()}
	f.srv.acct.commit(sh, []*acctReq{req("alice", "a1", alice.ID), req("bob", "b1", bob.ID)})
	if !answered["bob"] || answered["alice"] {
		t.Fatalf("answered %v, want bob's record only", answered)
	}
	if in, out, err := f.counters(bob); err != nil || in != 100 || out != 200 {
		t.Errorf("bob's period usage %d/%d (%v), want 100/200", in, out, err)
	}
}
