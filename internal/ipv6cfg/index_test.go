package ipv6cfg

import (
	"net/netip"
	"testing"
)

// TestIndexClash: the index finds a prefix equal to, containing or inside another holder's,
// never the holder's own, and forgets a prefix its holder changed.
func TestIndexClash(t *testing.T) {
	x := &Index{at: map[netip.Prefix][]int{}, inside: map[netip.Prefix][]int{}}
	x.Set(1, Config{}, Config{DelegatedPrefix: "2001:db8:ff00::/56", FramedPrefix: "2001:db8:1:2::/64"})
	x.Set(2, Config{}, Config{FramedPrefix: "2001:db8:aa00:5::/64"})
	for _, tt := range []struct {
		holder     int
		prefix     string
		wantHolder int
		wantPrefix string
	}{
		{3, "2001:db8:ff00::/56", 1, "2001:db8:ff00::/56"},    // equal
		{3, "2001:db8:ff00:12::/64", 1, "2001:db8:ff00::/56"}, // inside another's
		{3, "2001:db8:aa00::/56", 2, "2001:db8:aa00:5::/64"},  // contains another's
		{3, "2001:db8:fe00::/56", 0, ""},                      // disjoint
		{1, "2001:db8:ff00:1::/64", 0, ""},                    // its own /56
		{-7, "2001:db8::/40", 1, ""},                          // a file row over customer 1's /64
	} {
		h, q := x.clash(tt.holder, netip.MustParsePrefix(tt.prefix))
		if h != tt.wantHolder || (tt.wantPrefix != "" && q.String() != tt.wantPrefix) {
			t.Errorf("%d %s: clash with %d %v, want %d %s", tt.holder, tt.prefix, h, q, tt.wantHolder, tt.wantPrefix)
		}
	}
	x.Set(1, Config{DelegatedPrefix: "2001:db8:ff00::/56", FramedPrefix: "2001:db8:1:2::/64"}, Config{FramedPrefix: "2001:db8:1:2::/64"})
	if h, _ := x.clash(3, netip.MustParsePrefix("2001:db8:ff00:12::/64")); h != 0 {
		t.Errorf("a freed /56 still clashes with %d", h)
	}
	if h, _ := x.clash(3, netip.MustParsePrefix("2001:db8:1:2::/64")); h != 1 {
		t.Errorf("the kept /64 no longer clashes: %d", h)
	}
}
