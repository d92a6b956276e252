package radius

import (
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc3162"
	"layeh.com/radius/rfc4818"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/testutil"
)

// prefixPlan adds two IPv6 pools (WAN /64s of framed, delegated /56s of delegated) and a
// plan handing its prefixes out from them.
func (f *fixture) prefixPlan(name, framed, delegated string) *ent.Profile {
	fp := f.st.Client.AddressPool.Create().SetName(name + "-wan").SetFamily("IPV6").SetRanges(framed).SetPrefixLength(64).SaveX(f.ctx)
	dp := f.st.Client.AddressPool.Create().SetName(name + "-pd").SetFamily("IPV6").SetRanges(delegated).SetPrefixLength(56).SaveX(f.ctx)
	p := f.st.Client.Profile.Create().SetName("plan " + name).SetUploadKbps(5000).SetDownloadKbps(20000).SetPrice(2500).SaveX(f.ctx)
	f.st.Client.IPv6Assignment.Create().SetProfileID(p.ID).SetFramedPoolID(fp.ID).SetDelegatedPoolID(dp.ID).ExecX(f.ctx)
	return p
}

// v6Of reads the prefixes of an Access-Accept.
func v6Of(r *radius.Packet) (framed, delegated netip.Prefix) {
	if n, err := rfc3162.FramedIPv6Prefix_Lookup(r); err == nil {
		framed, _ = netip.ParsePrefix(n.String())
	}
	if n, err := rfc4818.DelegatedIPv6Prefix_Lookup(r); err == nil {
		delegated, _ = netip.ParsePrefix(n.String())
	}
	return framed, delegated
}

// TestPoolPrefixesTwoInstances: 200 concurrent logins through two RADIUS servers on one
// PostgreSQL database each get a WAN /64 and a delegated /56 of the plan's IPv6 pools that no
// other login has; a login asking again (on the other server) gets the same prefixes;
// Accounting-Stop frees half, the reaper the rest.
func TestPoolPrefixesTwoInstances(t *testing.T) {
	f := newFixture(t, testutil.Postgres)
	plan := f.prefixPlan("v6", "2001:db8:aa00::/56", "2001:db8:100::/48")
	const n = 200
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("six%03d", i)
		f.customer(users[i], func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
	}
	srvs := [2]*Server{f.start(), f.secondServer()}
	got := make([][2]netip.Prefix, n)
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
			got[i][0], got[i][1] = v6Of(r)
		}(i)
	}
	wg.Wait()
	wan, pd := netip.MustParsePrefix("2001:db8:aa00::/56"), netip.MustParsePrefix("2001:db8:100::/48")
	holder := map[netip.Prefix]string{}
	for i, g := range got {
		if g[0].Bits() != 64 || !wan.Contains(g[0].Addr()) || g[1].Bits() != 56 || !pd.Contains(g[1].Addr()) {
			t.Fatalf("%s got %v and %v, outside the pools", users[i], g[0], g[1])
		}
		for _, p := range g {
			if h := holder[p]; h != "" {
				t.Fatalf("%v given to %s and %s", p, h, users[i])
			}
			holder[p] = users[i]
		}
	}
	for i := 0; i < 10; i++ {
		r, err := f.login(srvs[(i+1)%2], users[i], "sid-"+users[i])
		if err != nil {
			t.Fatal(err)
		}
		if fr, de := v6Of(r); fr != got[i][0] || de != got[i][1] {
			t.Fatalf("%s asked again: %v %v, first %v", users[i], fr, de, got[i])
		}
	}
	f.waitAddresses(2 * n)
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
	f.waitAddresses(n)
	f.st.Client.Session.Update().Where(session.Open(true)).SetUpdatedAt(time.Now().Add(-24 * time.Hour)).ExecX(f.ctx)
	if err := srvs[1].reap(f.ctx); err != nil {
		t.Fatal(err)
	}
	f.waitAddresses(0)
}

// TestPoolPrefixExhausted: a login finding an IPv6 pool full is refused with POOL_EXHAUSTED
// naming the pool, and holds nothing; a customer's own fixed prefix replaces the pool's; a
// Stop frees the session's prefixes for the next login.
func TestPoolPrefixExhausted(t *testing.T) {
	f := newFixture(t, testutil.SQLite)
	plan := f.prefixPlan("tiny", "2001:db8:aa00::/63", "2001:db8:100::/55") // two /64s, two /56s
	for _, u := range []string{"ann", "ben", "cat"} {
		f.customer(u, func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
	}
	own := f.customer("own", func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
	f.st.Client.IPv6Assignment.Create().SetCustomerID(own.ID).SetDelegatedPrefix("2001:db8:ff00::/56").ExecX(f.ctx)
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
	if ev := f.nextAuthEvent("cat", before); ev.Reason != authevent.ReasonPOOL_EXHAUSTED || !strings.Contains(ev.Detail, "pool tiny-wan") {
		t.Fatalf("RADIUS log: %s %q", ev.Reason, ev.Detail)
	}
	// own: its fixed /56, and no /64 left in tiny-wan either (ann and ben hold both).
	r, err = f.login(f.srv, "own", "s-own")
	if err != nil || r.Code != radius.CodeAccessReject {
		t.Fatalf("own with a full WAN pool: %v %v", r, err)
	}
	if err := f.acct(rfc2866.AcctStatusType_Value_Start, "ann", "s-ann", 0, 0); err != nil {
		t.Fatal(err)
	}
	if err := f.acct(rfc2866.AcctStatusType_Value_Stop, "ann", "s-ann", 1, 1); err != nil {
		t.Fatal(err)
	}
	f.waitAddresses(2) // ben's two: ann's were freed, the refused logins hold none
	r, err = f.login(f.srv, "own", "s-own")
	if fr, de := v6Of(r); err != nil || r.Code != radius.CodeAccessAccept || de.String() != "2001:db8:ff00::/56" || !fr.IsValid() {
		t.Fatalf("own after ann's Stop: %v %v %v %v", r, err, fr, de)
	}
}

// TestInteropPoolPrefixes: FreeRADIUS's radclient reads, in the Access-Accept, the WAN and
// delegated prefixes linedesk gave the login from the plan's IPv6 pools, on both databases.
func TestInteropPoolPrefixes(t *testing.T) {
	radclient := needTool(t, "radclient")
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			plan := f.prefixPlan("rc", "2001:db8:aa00::/56", "2001:db8:100::/48")
			f.customer("rcuser", func(c *ent.CustomerCreate) { c.SetProfileID(plan.ID) })
			f.start()
			in := "User-Name = \"rcuser\"\nUser-Password = \"pw-rcuser\"\nAcct-Session-Id = \"rc-1\"\nMessage-Authenticator = 0x00\n"
			out, err := run(t, in, radclient, "-x", "-r", "3", "-t", "2", f.srv.AuthAddr().String(), "auth", testSecret)
			if err != nil || !strings.Contains(out, "Received Access-Accept") {
				t.Fatalf("radclient: %v\n%s", err, out)
			}
			reply := out[strings.Index(out, "Received Access-Accept"):]
			given := f.st.Client.IPAllocation.Query().AllX(f.ctx)
			if len(given) != 2 {
				t.Fatalf("%d prefixes given, want 2", len(given))
			}
			for _, g := range given {
				attr := "Delegated-IPv6-Prefix = "
				if strings.HasSuffix(g.Address, "/64") {
					attr = "Framed-IPv6-Prefix = "
				}
				if !strings.Contains(reply, attr+g.Address) {
					t.Errorf("no %q in\n%s", attr+g.Address, reply)
				}
			}
		})
	}
}
