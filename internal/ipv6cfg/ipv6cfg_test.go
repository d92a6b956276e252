package ipv6cfg

import (
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	s := func(v string) *string { return &v }
	for _, tc := range []struct {
		name string
		in   Input
		err  string // "" when accepted
	}{
		{"all good", Input{FramedPrefix: s("2001:db8:1:2::/64"), DelegatedPrefix: s("2001:db8:100::/56"), FramedPool: s("v6-wan"), DelegatedPool: s("v6-pd")}, ""},
		{"clearing", Input{FramedPrefix: s(""), DelegatedPrefix: s(" "), FramedPool: s("")}, ""},
		{"single address", Input{FramedPrefix: s("2001:db8::1/128")}, ""},
		{"/40 delegated", Input{DelegatedPrefix: s("2001:db8::/40")}, ""},
		{"IPv4", Input{FramedPrefix: s("10.0.0.0/8")}, "must be an IPv6 prefix"},
		{"IPv4-mapped", Input{FramedPrefix: s("::ffff:10.0.0.0/120")}, "must be an IPv6 prefix"},
		{"no length", Input{FramedPrefix: s("2001:db8::")}, "must be an IPv6 prefix"},
		{"framed too short", Input{FramedPrefix: s("2001:db8::/48")}, "from /64 to /128"},
		{"delegated too long", Input{DelegatedPrefix: s("2001:db8::/80")}, "from /40 to /64"},
		{"delegated too short", Input{DelegatedPrefix: s("2001:db8::/32")}, "from /40 to /64"},
		{"host bits", Input{DelegatedPrefix: s("2001:db8:0:1::/56")}, "did you mean 2001:db8::/56"},
		{"pool space", Input{FramedPool: s("v6 wan")}, "no spaces"},
		{"pool quote", Input{DelegatedPool: s(`v6"pd`)}, "no spaces"},
		{"pool long", Input{DelegatedPool: s(strings.Repeat("p", 65))}, "at most 64"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Check(&tc.in)
			if (err == nil) != (tc.err == "") || (err != nil && !strings.Contains(err.Error(), tc.err)) {
				t.Fatalf("Check = %v, want %q", err, tc.err)
			}
		})
	}
}

func TestOverAndApply(t *testing.T) {
	plan := Config{FramedPool: "wan", DelegatedPool: "pd", DelegatedPrefix: "2001:db8::/56"}
	own := Config{DelegatedPool: "vip"}
	if got := own.Over(plan); got != (Config{FramedPool: "wan", DelegatedPool: "vip", DelegatedPrefix: "2001:db8::/56"}) {
		t.Fatal(got)
	}
	up, clr := "2001:DB8:0:1::/64", ""
	got := Input{FramedPrefix: &up, FramedPool: &clr}.apply(plan)
	if got != (Config{FramedPrefix: "2001:db8:0:1::/64", DelegatedPool: "pd", DelegatedPrefix: "2001:db8::/56"}) {
		t.Fatal(got)
	}
}
