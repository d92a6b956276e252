package ipv6

import (
	"net/netip"
	"strings"
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc3162"
	"layeh.com/radius/rfc4818"
	"layeh.com/radius/rfc6911"
	"layeh.com/radius/vendors/mikrotik"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
		note string
	}{
		{"/64", append([]byte{0, 64}, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 2), "2001:db8:1:2::/64", ""},
		{"/56 short form", []byte{0, 56, 0x20, 0x01, 0x0d, 0xb8, 0, 1, 0}, "2001:db8:1::/56", ""},
		{"/0", []byte{0, 0}, "::/0", ""},
		{"bits past the prefix", []byte{0, 16, 0x20, 0x01, 0xff}, "2001::/16", "bits set past /16"},
		{"length 129", []byte{0, 129, 1}, "", "prefix length 129"},
		{"too short", []byte{0}, "", "1 bytes"},
		{"missing bytes", []byte{0, 64, 0x20, 0x01}, "", "needs 8 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, note := Decode(tc.in)
			got := ""
			if p.IsValid() {
				got = p.String()
			}
			if got != tc.want || (tc.note == "") != (note == "") || !strings.Contains(note, tc.note) {
				t.Fatalf("got %q %q", got, note)
			}
		})
	}
}

// TestReadKeepsThePacket: a malformed prefix is noted and the other one still read.
func TestReadKeepsThePacket(t *testing.T) {
	p := radius.New(radius.CodeAccountingRequest, []byte("secret"))
	p.Add(rfc3162.FramedIPv6Prefix_Type, radius.Attribute{0, 200, 1, 2})
	if err := rfc4818.DelegatedIPv6Prefix_Set(p, ipNet(netip.MustParsePrefix("2001:db8:100::/56"))); err != nil {
		t.Fatal(err)
	}
	r := Read(p)
	if r.Framed != "" || r.Delegated != "2001:db8:100::/56" || len(r.Malformed) != 1 {
		t.Fatalf("%+v", r)
	}
}

func TestSet(t *testing.T) {
	r := radius.New(radius.CodeAccessAccept, []byte("secret"))
	g := Grant{Framed: netip.MustParsePrefix("2001:db8:1:2::/64"), Delegated: netip.MustParsePrefix("2001:db8:100:ff00::/56"),
		FramedPool: "v6-wan", DelegatedPool: "v6-pd"}
	if err := Set(r, g); err != nil {
		t.Fatal(err)
	}
	if got := rfc3162.FramedIPv6Prefix_Get(r); got == nil || got.String() != "2001:db8:1:2::/64" {
		t.Fatal(got)
	}
	if got := rfc4818.DelegatedIPv6Prefix_Get(r); got == nil || got.String() != "2001:db8:100:ff00::/56" {
		t.Fatal(got)
	}
	if rfc3162.FramedIPv6Pool_GetString(r) != "v6-wan" || rfc6911.DelegatedIPv6PrefixPool_GetString(r) != "v6-pd" ||
		mikrotik.MikrotikDelegatedIPv6Pool_GetString(r) != "v6-pd" {
		t.Fatal("pool names")
	}
}
