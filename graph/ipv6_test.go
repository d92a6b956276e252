package graph

import (
	"strings"
	"testing"
)

// TestIPv6PlanAndCustomer: IPv6 set on a plan and on a customer through the create and update
// inputs, the customer's values over the plan's, clearing with "", and the validation of
// prefixes (IPv6, lengths, no bits past the prefix) and pool names.
func TestIPv6PlanAndCustomer(t *testing.T) {
	e := newEnv(t, false)
	var p struct{ CreateProfile struct{ ID string } }
	e.ok(&p, e.admin, `mutation{ createProfile(input:{name:"V6", downloadKbps:10000, uploadKbps:5000, validityDays:30, price:100,
		ipv6:{framedPool:"v6-wan", delegatedPool:"v6-pd", delegatedPrefix:"2001:DB8:FF00::/56"}}){ id ipv6 { delegatedPrefix } } }`)
	pid := p.CreateProfile.ID
	var c struct {
		CreateCustomer struct{ Customer struct{ ID string } }
	}
	e.ok(&c, e.admin, `mutation($p:ID!){ createCustomer(input:{username:"v6.user", phone:"0712345670", profileID:$p,
		ipv6:{framedPrefix:"2001:db8:1:2::/64"}}){ customer { id } } }`, "p", pid)
	cid := c.CreateCustomer.Customer.ID
	type cfg struct{ FramedPrefix, DelegatedPrefix, FramedPool, DelegatedPool string }
	var got struct {
		Customer struct {
			Ipv6, Ipv6InEffect cfg
			Profile            struct{ Ipv6 cfg }
		}
	}
	read := `query($id:ID!){ customer(id:$id){ ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool }
		ipv6InEffect { framedPrefix delegatedPrefix framedPool delegatedPool } profile { ipv6 { framedPrefix delegatedPrefix framedPool delegatedPool } } } }`
	e.ok(&got, e.viewer, read, "id", cid)
	want := cfg{"2001:db8:1:2::/64", "2001:db8:ff00::/56", "v6-wan", "v6-pd"}
	if got.Customer.Ipv6InEffect != want || got.Customer.Ipv6 != (cfg{FramedPrefix: "2001:db8:1:2::/64"}) ||
		got.Customer.Profile.Ipv6 != (cfg{"", "2001:db8:ff00::/56", "v6-wan", "v6-pd"}) {
		t.Fatalf("%+v", got)
	}
	// The customer overrides the delegated pool, then clears its prefix; the plan drops its pool.
	e.ok(nil, e.op, `mutation($id:ID!){ updateCustomer(id:$id, input:{ipv6:{delegatedPool:"vip-pd", framedPrefix:""}}){ id } }`, "id", cid)
	e.ok(nil, e.admin, `mutation($id:ID!){ updateProfile(id:$id, input:{ipv6:{framedPool:""}}){ id } }`, "id", pid)
	e.ok(&got, e.viewer, read, "id", cid)
	if want := (cfg{"", "2001:db8:ff00::/56", "", "vip-pd"}); got.Customer.Ipv6InEffect != want {
		t.Fatalf("after the updates %+v", got.Customer.Ipv6InEffect)
	}
	for _, bad := range []string{
		`{framedPrefix:"10.0.0.0/24"}`, `{framedPrefix:"2001:db8::/48"}`, `{delegatedPrefix:"2001:db8::/72"}`,
		`{delegatedPrefix:"2001:db8::1/56"}`, `{framedPrefix:"not a prefix"}`, `{framedPool:"two words"}`,
		`{delegatedPool:"` + strings.Repeat("a", 65) + `"}`,
	} {
		e.fails("BAD_USER_INPUT", e.admin, `mutation($id:ID!){ updateProfile(id:$id, input:{ipv6:`+bad+`}){ id } }`, "id", pid)
		e.fails("BAD_USER_INPUT", e.op, `mutation($id:ID!){ updateCustomer(id:$id, input:{ipv6:`+bad+`}){ id } }`, "id", cid)
	}
}

// TestIPv6PrefixPoolsAndConflicts: a plan names linedesk's IPv6 pools for its logins'
// prefixes (read back as Profile.ipv6.framedPrefixPool and delegatedPrefixPool), refused when
// the pool is IPv4, of the wrong length, the same for both, set with a fixed prefix, or set on
// a customer; a pool in use cannot be deleted. A customer's fixed prefix that another customer
// has, overlaps, or that lies in a pool is refused with a messageKey naming the holder.
func TestIPv6PrefixPoolsAndConflicts(t *testing.T) {
	e := newEnv(t, false)
	var wan, pd, v4 struct{ CreatePool struct{ ID string } }
	e.ok(&wan, e.admin, `mutation{ createPool(input:{name:"v6-wan", ranges:"2001:db8:aa00::/56", prefixLength:64}){ id } }`)
	e.ok(&pd, e.admin, `mutation{ createPool(input:{name:"v6-pd", ranges:"2001:db8:100::/48", prefixLength:56}){ id } }`)
	e.ok(&v4, e.admin, `mutation{ createPool(input:{name:"v4", ranges:"10.9.0.0/24"}){ id } }`)
	pid := e.profile("V6 pools", 30, nil)
	const upd = `mutation($id:ID!,$in:IPv6Input!){ updateProfile(id:$id, input:{ipv6:$in}){ ipv6 { framedPrefixPool { name } delegatedPrefixPool { name } } } }`
	for _, bad := range []map[string]any{
		{"framedPrefixPoolID": v4.CreatePool.ID},
		{"framedPrefixPoolID": pd.CreatePool.ID}, // /56: too short for a WAN prefix
		{"framedPrefixPoolID": wan.CreatePool.ID, "framedPrefix": "2001:db8:1:2::/64"},
		{"framedPrefixPoolID": wan.CreatePool.ID, "delegatedPrefixPoolID": wan.CreatePool.ID},
	} {
		e.fails("BAD_USER_INPUT", e.admin, upd, "id", pid, "in", bad)
	}
	var got struct {
		UpdateProfile struct {
			Ipv6 struct{ FramedPrefixPool, DelegatedPrefixPool *struct{ Name string } }
		}
	}
	e.ok(&got, e.admin, upd, "id", pid, "in", map[string]any{"framedPrefixPoolID": wan.CreatePool.ID, "delegatedPrefixPoolID": pd.CreatePool.ID})
	if g := got.UpdateProfile.Ipv6; g.FramedPrefixPool == nil || g.FramedPrefixPool.Name != "v6-wan" || g.DelegatedPrefixPool == nil || g.DelegatedPrefixPool.Name != "v6-pd" {
		t.Fatalf("plan's prefix pools: %+v", g)
	}
	e.fails("BAD_USER_INPUT", e.admin, `mutation($id:ID!){ deletePool(id:$id) }`, "id", pd.CreatePool.ID)

	a := e.customer("v6.ann", "0712345671", pid)
	b := e.customer("v6.ben", "0712345672", pid)
	const cust = `mutation($id:ID!,$in:IPv6Input!){ updateCustomer(id:$id, input:{ipv6:$in}){ id } }`
	e.fails("BAD_USER_INPUT", e.op, cust, "id", a.ID, "in", map[string]any{"framedPrefixPoolID": wan.CreatePool.ID})
	e.ok(nil, e.op, cust, "id", a.ID, "in", map[string]any{"delegatedPrefix": "2001:db8:ff00::/56"})
	for _, tt := range []struct{ prefix, key string }{
		{"2001:db8:ff00::/56", "customer.ipv6PrefixTaken"},
		{"2001:db8:ff00:12::/64", "customer.ipv6PrefixOverlaps"},
		{"2001:db8:100:4400::/56", "customer.ipv6PrefixInPool"},
	} {
		field := "delegatedPrefix"
		if strings.HasSuffix(tt.prefix, "/64") {
			field = "framedPrefix"
		}
		bad := e.fails("CONFLICT", e.op, cust, "id", b.ID, "in", map[string]any{field: tt.prefix})
		params, _ := bad.Extensions["params"].(map[string]any)
		if bad.Extensions["messageKey"] != tt.key || params["prefix"] != tt.prefix {
			t.Errorf("%s: extensions %v", tt.prefix, bad.Extensions)
		}
		if tt.key != "customer.ipv6PrefixInPool" && params["username"] != "v6.ann" {
			t.Errorf("%s: holder %v", tt.prefix, params)
		}
	}
	e.ok(nil, e.op, cust, "id", b.ID, "in", map[string]any{"delegatedPrefix": "2001:db8:fe00::/56"})
	// A new pool may not take in a customer's fixed prefix; the pools list the plans using them.
	bad := e.fails("BAD_USER_INPUT", e.admin, `mutation{ createPool(input:{name:"big", ranges:"2001:db8:ff00::/40", prefixLength:56}){ id } }`)
	if bad.Extensions["messageKey"] != "pool.fixedPrefixInside" {
		t.Errorf("pool over a fixed prefix: %v", bad.Extensions)
	}
	var list struct {
		Pools []struct {
			Name  string
			Plans []struct{ Name string }
		}
	}
	e.ok(&list, e.viewer, `{ pools { name plans { name } } }`)
	for _, p := range list.Pools {
		if want := p.Name != "v4"; (len(p.Plans) == 1 && p.Plans[0].Name == "V6 pools") != want {
			t.Errorf("pool %s: plans %+v", p.Name, p.Plans)
		}
	}
}
