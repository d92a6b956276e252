package radius

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

// secondServer starts another RADIUS server on the fixture's database, as a second instance.
func (f *fixture) secondServer() *Server {
	f.t.Helper()
	st, err := openSameDB(f)
	if err != nil {
		f.t.Fatal(err)
	}
	srv, err := New(Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0",
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, f.box, events.NewBus())
	if err != nil {
		f.t.Fatal(err)
	}
	srv.pollEvery = 100 * time.Millisecond
	if err := srv.Start(f.ctx); err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	})
	return srv
}

// login sends a PAP Access-Request with Acct-Session-Id sid to srv.
func (f *fixture) login(srv *Server, user, sid string) (*radius.Packet, error) {
	p, verify, err := client.NewAccessRequest(f.secret, client.PAP, user, "pw-"+user,
		client.String(rfc2866.AcctSessionID_Type, sid))
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(f.ctx, 10*time.Second)
	defer cancel()
	return client.Exchange(ctx, srv.AuthAddr().String(), p, verify, time.Second)
}

// poolPlan adds a pool of ranges and a plan giving addresses from it.
func (f *fixture) poolPlan(name, ranges string) *ent.Profile {
	p := f.st.Client.AddressPool.Create().SetName(name).SetRanges(ranges).SaveX(f.ctx)
	return f.st.Client.Profile.Create().SetName("plan " + name).SetUploadKbps(5000).SetDownloadKbps(20000).
		SetPrice(2500).SetAddressPoolID(p.ID).SaveX(f.ctx)
}

func (f *fixture) sessionAddresses() int {
	return f.st.Client.IPAllocation.Query().Where(ipallocation.KindEQ(ipallocation.KindSESSION)).CountX(f.ctx)
}

// waitAddresses waits until want addresses are given to sessions.
func (f *fixture) waitAddresses(want int) {
	f.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for f.sessionAddresses() != want {
		if time.Now().After(deadline) {
			f.t.Fatalf("%d addresses given to sessions, want %d", f.sessionAddresses(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestPoolLoginsTwoInstances: 200 concurrent logins through two RADIUS servers on one
// PostgreSQL database get 200 different addresses of the plan's pool; a login asking again
// (on either server) gets the same one; Accounting-Stop frees half, the reaper the rest.
func TestPoolLoginsTwoInstances(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	plan := f.poolPlan("pppoe-pool", "10.50.0.0/24")
	const n = 200
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("pool%03d", i)
		f.customer(users[i], func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
	}
	srvs := [2]*Server{f.start(), f.secondServer()}
	prefix := netip.MustParsePrefix("10.50.0.0/24")
	got := make([]netip.Addr, n)
	var wg sync.WaitGroup
	for i := range users {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			r, err := f.login(srvs[i%2], users[i], "sid-"+users[i])
			if err != nil || r.Code != radius.CodeAccessAccept {
				t.Errorf("%s: %v %v", users[i], r, err)
				return
			}
			ip, err := rfc2865.FramedIPAddress_Lookup(r)
			if err != nil {
				t.Errorf("%s: no Framed-IP-Address", users[i])
				return
			}
			got[i], _ = netip.AddrFromSlice(ip.To4())
		}(i)
	}
	wg.Wait()
	holder := map[netip.Addr]string{}
	for i, a := range got {
		if !prefix.Contains(a) {
			t.Fatalf("%s got %v, outside the pool", users[i], a)
		}
		if h := holder[a]; h != "" {
			t.Fatalf("%v given to %s and %s", a, h, users[i])
		}
		holder[a] = users[i]
	}
	// Asked again (a new Access-Request for the same session), on either server: same address.
	for i := 0; i < 10; i++ {
		r, err := f.login(srvs[(i+1)%2], users[i], "sid-"+users[i])
		if err != nil {
			t.Fatal(err)
		}
		if ip, _ := rfc2865.FramedIPAddress_Lookup(r); !ip.Equal(got[i].AsSlice()) {
			t.Fatalf("%s asked again: %v, first %v", users[i], ip, got[i])
		}
	}
	f.waitAddresses(n)
	for _, u := range users {
		if err := f.acct(rfc2866.AcctStatusType_Value_Start, u, "sid-"+u, 0, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, u := range users[:n/2] {
		if err := f.acct(rfc2866.AcctStatusType_Value_Stop, u, "sid-"+u, 100, 100); err != nil {
			t.Fatal(err)
		}
	}
	f.waitAddresses(n / 2)
	// The other half go silent: the reaper closes them and frees their addresses.
	f.st.Client.Session.Update().Where(session.Open(true)).SetUpdatedAt(time.Now().Add(-24 * time.Hour)).ExecX(f.ctx)
	if err := srvs[1].reap(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.waitAddresses(0)
}

// TestPoolExhausted: a login on a full pool is refused, with POOL_EXHAUSTED and the pool
// named in the RADIUS log; a plan without a pool gives none.
func TestPoolExhausted(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	plan := f.poolPlan("tiny", "10.60.0.1-10.60.0.2")
	for _, u := range []string{"ann", "ben", "cat"} {
		f.customer(u, func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
	}
	f.customer("dan") // the fixture's plan: Framed-Pool, no address from linedesk
	f.start()
	for _, u := range []string{"ann", "ben"} {
		if r, err := f.login(f.srv, u, "s-"+u); err != nil || r.Code != radius.CodeAccessAccept {
			t.Fatalf("%s: %v %v", u, r, err)
		}
	}
	before := f.authEventID("cat")
	r, err := f.login(f.srv, "cat", "s-cat")
	if err != nil || r.Code != radius.CodeAccessReject || rfc2865.ReplyMessage_GetString(r) != "No address available" {
		t.Fatalf("cat on a full pool: %v %v", r, err)
	}
	ev := f.nextAuthEvent("cat", before)
	if ev.Reason != authevent.ReasonPOOL_EXHAUSTED || ev.Detail != "pool tiny: the pool has no free address" {
		t.Fatalf("RADIUS log: %s %q", ev.Reason, ev.Detail)
	}
	r, err = f.login(f.srv, "dan", "s-dan")
	if err != nil || r.Code != radius.CodeAccessAccept || rfc2865.FramedIPAddress_Get(r) != nil {
		t.Fatalf("dan: %v %v", r, err)
	}
	if f.sessionAddresses() != 2 {
		t.Fatalf("%d addresses given", f.sessionAddresses())
	}
}
