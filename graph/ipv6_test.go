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
