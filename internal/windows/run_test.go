package windows_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/windowrunitem"
	"github.com/linedesk/linedesk/internal/plan"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/internal/windows"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/coa"
	"github.com/linedesk/linedesk/nas/sim"
)

const secret = "router-secret"

// TestWindowEdgeOncePerSession: a window edge with 2,000 online sessions, worked by two
// instances at once, sends exactly one CoA per session (a capped customer gets none), spread
// over coa_spread_seconds, every one acknowledged by the simulated router.
func TestWindowEdgeOncePerSession(t *testing.T) {
	const sessions, spread = 2000, 3
	ctx := context.Background()
	st := testutil.OpenStore(t, testutil.Postgres)
	box := testutil.Box(t)
	router := sim.New(sim.Config{Secret: secret, AuthAddr: "127.0.0.1:9", AcctAddr: "127.0.0.1:9"})
	if err := router.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(router.Stop)
	c := st.Client
	c.Setting.Create().SetKey("coa_spread_seconds").SetValue(fmt.Sprint(spread)).ExecX(ctx)
	after := c.Profile.Create().SetName("After cap").SetDownloadKbps(1000).SetUploadKbps(512).SetPrice(0).SaveX(ctx)
	home := c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(5000).SetPrice(1000).
		SetDataLimitBytes(1 << 30).SetAfterCapProfileID(after.ID).SaveX(ctx)
	router1 := c.Nas.Create().SetName("sim").SetIPAddress("127.0.0.1").SetSecretEnc(box.MustEncrypt(secret)).
		SetCoaPort(router.CoAPort()).SaveX(ctx)

	// A night boost that started a minute ago (in the installation's time zone, Nairobi).
	loc, _ := time.LoadLocation("Africa/Nairobi")
	local := time.Now().In(loc)
	start := (local.Hour()*60 + local.Minute() + 24*60 - 1) % (24 * 60)
	boost := plan.Window{Days: plan.AllDays, StartMinute: start, EndMinute: (start + 120) % (24 * 60), DownloadKbps: 20000, UploadKbps: 10000}
	w0 := windows.New(st, nil, nil, "setup")
	if _, err := w0.Set(ctx, home.ID, []plan.Window{boost}); err != nil {
		t.Fatal(err)
	}

	online(t, st.Client, router, home.ID, router1.ID, sessions, false)
	capped := online(t, st.Client, router, home.ID, router1.ID, 1, true)

	// Two instances, each with its own router client, both ticking and working.
	var wg sync.WaitGroup
	deadline := time.Now().Add(3 * time.Minute)
	for i := range 2 {
		svc := nas.NewService(st, box, nil, nil)
		svc.CoA = coa.Client{Timeout: 2 * time.Second, Retries: 2}
		t.Cleanup(svc.Close)
		w := windows.New(st, svc, nil, fmt.Sprintf("instance-%d", i))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				if _, err := w.Tick(ctx, time.Now()); err != nil {
					t.Error(err)
					return
				}
				if _, err := w.Work(ctx); err != nil {
					t.Error(err)
					return
				}
				left, err := st.Client.WindowRunItem.Query().Where(windowrunitem.StatusIn(
					windowrunitem.StatusPENDING, windowrunitem.StatusCLAIMED)).Count(ctx)
				runs, err2 := st.Client.WindowRun.Query().Count(ctx)
				if err != nil || err2 != nil {
					t.Error(err, err2)
					return
				}
				if runs > 0 && left == 0 {
					return
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}
	wg.Wait()

	if n := st.Client.WindowRun.Query().CountX(ctx); n != 1 {
		t.Fatalf("%d runs for one edge, want 1", n)
	}
	items := st.Client.WindowRunItem.Query().AllX(ctx)
	if len(items) != sessions {
		t.Fatalf("%d sessions queued, want %d (the capped customer is not one of them)", len(items), sessions)
	}
	claimedBy := map[string]int{}
	for _, it := range items {
		if it.Status != windowrunitem.StatusDONE || it.Outcome != "ACK" || it.Attempts != 1 {
			t.Fatalf("item %+v not done with one acknowledged attempt", it)
		}
		claimedBy[it.ClaimedBy]++
	}
	t.Logf("sessions changed per instance: %v", claimedBy)

	got := router.Received()
	per := map[string]int{}
	var times []time.Time
	for _, p := range got {
		if p.Answer == "RETRANSMIT" {
			continue
		}
		if p.Answer != "ACK" {
			t.Fatalf("the router answered %q", p.Answer)
		}
		per[rfc2866.AcctSessionID_GetString(p.Packet)]++
		times = append(times, p.At)
	}
	if len(per) != sessions {
		t.Fatalf("CoAs reached %d sessions, want %d", len(per), sessions)
	}
	for id, n := range per {
		if n != 1 {
			t.Fatalf("session %s got %d CoAs, want 1", id, n)
		}
	}
	if per[capped[0]] != 0 {
		t.Fatal("the capped customer's session got the window's rate")
	}
	sort.Slice(times, func(i, j int) bool { return times[i].Before(times[j]) })
	span := times[len(times)-1].Sub(times[0])
	if min := time.Duration(spread) * time.Second * 9 / 10; span < min {
		t.Fatalf("the CoAs were sent within %v, want them spread over at least %v", span, min)
	}
	t.Logf("%d CoAs, one per session, over %v", len(times), span)
	if r := router.RateOf("user00001"); r != boost.RateLimit() {
		t.Fatalf("a session's rate is %q after the edge, want %q", r, boost.RateLimit())
	}
}

// online makes n customers of plan profileID online on the router and in the database, and
// returns their Acct-Session-Ids.
func online(t *testing.T, c *ent.Client, router *sim.Router, profileID, nasID, n int, capApplied bool) []string {
	t.Helper()
	ctx := context.Background()
	prefix := "user"
	if capApplied {
		prefix = "capped"
	}
	var ids []string
	for from := 0; from < n; from += 500 {
		to := min(from+500, n)
		var cb []*ent.CustomerCreate
		for i := from; i < to; i++ {
			name := fmt.Sprintf("%s%05d", prefix, i+1)
			cb = append(cb, c.Customer.Create().SetAccountNo(fmt.Sprintf("%s%d", map[bool]string{false: "2", true: "3"}[capApplied], 100000+i)).
				SetUsername(name).SetPasswordEnc("x").SetPhone(fmt.Sprintf("+2547%08d", i)).SetProfileID(profileID).
				SetExpiresAt(time.Now().Add(30*24*time.Hour)).SetCapApplied(capApplied))
		}
		custs := c.Customer.CreateBulk(cb...).SaveX(ctx)
		var sb []*ent.SessionCreate
		now := time.Now().UTC()
		for _, cu := range custs {
			info := router.Adopt(cu.Username, "5M/10M")
			ids = append(ids, info.AcctSessionID)
			sb = append(sb, c.Session.Create().SetAcctKey(fmt.Sprintf("%d/%s/%s", nasID, cu.Username, info.AcctSessionID)).
				SetAcctSessionID(info.AcctSessionID).SetUsername(cu.Username).SetCustomerID(cu.ID).SetNasID(nasID).
				SetFramedIP(info.IP.String()).SetStartedAt(now).SetUpdatedAt(now))
		}
		c.Session.CreateBulk(sb...).ExecX(ctx)
	}
	return ids
}
