package pools

import (
	"net/netip"
	"testing"
)

func TestParseRanges(t *testing.T) {
	for _, tc := range []struct {
		in   string
		size uint64
		err  bool
	}{
		{"10.0.0.0/24", 254, false},
		{"10.0.0.0/31", 2, false},
		{"10.0.0.5", 1, false},
		{"10.0.0.2-10.0.0.254, 10.0.1.0/30", 255, false},
		{"10.0.0.9-10.0.0.2", 0, true},
		{"10.0.0.0/24,10.0.0.100", 0, true},
		{"2001:db8::/64", 0, true},
		{"", 0, true},
		{"ten", 0, true},
	} {
		r, err := ParseRanges(tc.in)
		if (err != nil) != tc.err || Size(r) != tc.size {
			t.Errorf("%q: size %d err %v", tc.in, Size(r), err)
		}
	}
}

func TestNthIndex(t *testing.T) {
	r, _ := ParseRanges("10.0.0.250-10.0.0.251,10.0.1.0/30")
	want := []string{"10.0.0.250", "10.0.0.251", "10.0.1.1", "10.0.1.2"}
	for i, w := range want {
		a, ok := Nth(r, uint64(i))
		if !ok || a.String() != w {
			t.Fatalf("%d: %v", i, a)
		}
		if n, ok := Index(r, a); !ok || n != uint64(i) {
			t.Fatalf("index of %s: %d", a, n)
		}
	}
	if _, ok := Nth(r, 4); ok {
		t.Fatal("past the end")
	}
	if _, ok := Index(r, netip.MustParseAddr("10.0.1.3")); ok {
		t.Fatal("broadcast is not in the pool")
	}
}

func TestPrefixes(t *testing.T) {
	p, err := ParsePrefixes("2001:db8:100::/48", 56)
	if err != nil || p.Size() != 256 {
		t.Fatal(p, err)
	}
	for n, want := range map[uint64]string{0: "2001:db8:100::/56", 1: "2001:db8:100:100::/56", 255: "2001:db8:100:ff00::/56"} {
		if got, ok := p.Nth(n); !ok || got.String() != want {
			t.Errorf("%d: %s", n, got)
		}
	}
	for _, bad := range []struct {
		base string
		l    int
	}{{"2001:db8:100::1/48", 56}, {"10.0.0.0/8", 16}, {"2001:db8::/48", 40}, {"2001:db8::/48", 96}} {
		if _, err := ParsePrefixes(bad.base, bad.l); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
