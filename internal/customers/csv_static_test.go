package customers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/staticaddress"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestImportStaticAddresses: the static_ip column of an import (COPY on PostgreSQL, INSERTs
// on SQLite) gives new and stored customers their static address through the same rule as the
// dashboard. An address given twice in the file, another customer's, one an open session holds
// in a pool, or one that is not an address is a row error naming the column, and the import
// writes nothing; a changed address frees the old one.
func TestImportStaticAddresses(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		st.Client.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetValidityDays(30).SetPrice(100).ExecX(ctx)
		pool := st.Client.AddressPool.Create().SetName("pppoe").SetRanges("10.9.0.0/24").SaveX(ctx)
		st.Client.IPAllocation.Create().SetPoolID(pool.ID).SetAddress("10.9.0.10").SetKind(ipallocation.KindSESSION).
			SetSessionKey("1|someone|s1").ExecX(ctx)
		imp := func(data string, dry bool) *customers.ImportResult {
			t.Helper()
			res, err := customers.Import(ctx, st, box, strings.NewReader(data), customers.ImportOptions{DryRun: dry})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		const head = "username,phone,profile,static_ip\n"
		if res := imp(head+"alice,0712000001,home,10.0.0.5\nann,0712000002,home,10.9.0.20\n", false); !res.Applied || res.Created != 2 {
			t.Fatalf("first import: %+v", res)
		}
		holders(t, st, map[string]string{"10.0.0.5": "alice", "10.9.0.20": "ann"})
		if n := st.Client.IPAllocation.Query().Where(ipallocation.KindEQ(ipallocation.KindSTATIC), ipallocation.Address("10.9.0.20")).CountX(ctx); n != 1 {
			t.Fatalf("ann's address in the pool: %d allocation rows", n)
		}
		bad := head + "bob,0712000003,home,10.0.0.6\ncarol,0712000004,home,10.0.0.6\ndave,0712000005,home,10.0.0.5\n" +
			"erin,0712000006,home,10.9.0.10\nfred,0712000007,home,10.0.0.300\n"
		for _, dry := range []bool{true, false} {
			res := imp(bad, dry)
			want := map[int]string{3: "already appears on row 2", 4: "static address of customer alice", 5: "open session", 6: "not an IP address"}
			if res.Applied || len(res.Errors) != len(want) {
				t.Fatalf("dry %v: %+v", dry, res)
			}
			for _, e := range res.Errors {
				if e.Column != "static_ip" || !strings.Contains(e.Message, want[e.Row]) {
					t.Errorf("dry %v: error %+v", dry, e)
				}
			}
		}
		if n := st.Client.Customer.Query().CountX(ctx); n != 2 {
			t.Fatalf("a refused import wrote customers: %d", n)
		}
		// alice moves to .7; then bob may have .5; a row without the column keeps the address.
		if res := imp(head+"alice,,,10.0.0.7\n", false); !res.Applied || res.Updated != 1 {
			t.Fatalf("alice's new address: %+v", res)
		}
		if res := imp(head+"bob,0712000003,home,10.0.0.5\n", false); !res.Applied || res.Created != 1 {
			t.Fatalf("bob on alice's old address: %+v", res)
		}
		if res := imp("username,full_name\nalice,Alice W\n", false); !res.Applied || res.Updated != 1 {
			t.Fatalf("alice's name: %+v", res)
		}
		holders(t, st, map[string]string{"10.0.0.7": "alice", "10.9.0.20": "ann", "10.0.0.5": "bob"})
	})
}

// holders checks that static_addresses and customers.static_ip both say want (address: user).
func holders(t *testing.T, st *store.Store, want map[string]string) {
	t.Helper()
	ctx := context.Background()
	rows := st.Client.StaticAddress.Query().AllX(ctx)
	if len(rows) != len(want) {
		t.Fatalf("%d static addresses, want %d", len(rows), len(want))
	}
	for addr, user := range want {
		cu := st.Client.Customer.Query().Where(customer.Username(user)).OnlyX(ctx)
		if cu.StaticIP == nil || *cu.StaticIP != addr {
			t.Errorf("%s: static_ip %v, want %s", user, cu.StaticIP, addr)
		}
		if n := st.Client.StaticAddress.Query().Where(staticaddress.Address(addr), staticaddress.CustomerID(cu.ID)).CountX(ctx); n != 1 {
			t.Errorf("%s is not %s's in static_addresses", addr, user)
		}
	}
}

// TestImportIPv6Prefixes: the framed_ipv6_prefix and delegated_ipv6_prefix columns set a
// customer's own prefixes with the dashboard's rules: a prefix another customer has or
// overlaps, one given twice in the file, one inside a linedesk IPv6 pool, or one with bits set
// past its length is an error of its row and column, and nothing is written; an empty cell
// clears the prefix.
func TestImportIPv6Prefixes(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		st.Client.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetValidityDays(30).SetPrice(100).ExecX(ctx)
		st.Client.AddressPool.Create().SetName("v6-pd").SetFamily("IPV6").SetRanges("2001:db8:100::/48").SetPrefixLength(56).ExecX(ctx)
		imp := func(data string) *customers.ImportResult {
			t.Helper()
			res, err := customers.Import(ctx, st, box, strings.NewReader(data), customers.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			return res
		}
		const head = "username,phone,profile,framed_ipv6_prefix,delegated_ipv6_prefix\n"
		if res := imp(head + "alice,0712000001,home,2001:db8:1:2::/64,2001:DB8:FF00::/56\n"); !res.Applied || res.Created != 1 {
			t.Fatalf("first import: %+v", res)
		}
		bad := head + "bob,0712000002,home,,2001:db8:ff00::/56\ncarol,0712000003,home,2001:db8:ff00:1::/64,\n" +
			"dave,0712000004,home,,2001:db8:aa00::/56\nerin,0712000005,home,,2001:db8:aa00::/56\n" +
			"fred,0712000006,home,2001:db8::1/64,\ngina,0712000007,home,,2001:db8:100:200::/56\n"
		res := imp(bad)
		want := map[int]string{2: "already the IPv6 prefix of customer alice", 3: "overlaps 2001:db8:ff00::/56, the IPv6 prefix of customer alice",
			5: "already appears on row 4", 6: "bits set past", 7: "in pool v6-pd"}
		if res.Applied || len(res.Errors) != len(want) {
			t.Fatalf("bad file: %+v", res)
		}
		for _, e := range res.Errors {
			if !strings.Contains(e.Message, want[e.Row]) || !strings.HasSuffix(e.Column, "_ipv6_prefix") {
				t.Errorf("error %+v", e)
			}
		}
		if n := st.Client.Customer.Query().CountX(ctx); n != 1 {
			t.Fatalf("a refused import wrote customers: %d", n)
		}
		if res := imp(head + "alice,,,,2001:db8:ff00::/56\n"); !res.Applied || res.Updated != 1 {
			t.Fatalf("alice clears her WAN prefix: %+v", res)
		}
		if res := imp(head + "bob,0712000002,home,2001:db8:1:2::/64,\n"); !res.Applied || res.Created != 1 {
			t.Fatalf("bob takes it: %+v", res)
		}
		got := map[string]string{}
		for _, r := range st.Client.IPv6Assignment.Query().AllX(ctx) {
			cu := st.Client.Customer.GetX(ctx, *r.CustomerID)
			got[cu.Username] = r.FramedPrefix + " " + r.DelegatedPrefix
		}
		if got["alice"] != " 2001:db8:ff00::/56" || got["bob"] != "2001:db8:1:2::/64 " || len(got) != 2 {
			t.Fatalf("stored %q", got)
		}
	})
}
