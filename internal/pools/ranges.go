// Package pools is linedesk's address pools: IPv4 ranges or CIDRs named as RouterOS names
// its /ip pool, and IPv6 pools cut into prefixes (e.g. a /48 into /56 or /64). This file is
// the address arithmetic: reading a pool's ranges and finding its n-th address or prefix, so
// that an allocation is a number checked against a unique constraint in the database.
package pools

import (
	"fmt"
	"math/big"
	"net/netip"
	"strings"
)

// Range is an inclusive run of IPv4 addresses.
type Range struct{ First, Last netip.Addr }

// Size is how many addresses r holds.
func (r Range) Size() uint64 {
	return uint64(v4(r.Last)-v4(r.First)) + 1
}

func v4(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func fromV4(n uint32) netip.Addr {
	return netip.AddrFrom4([4]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)})
}

// ParseRanges reads a pool's ranges as RouterOS writes them: comma-separated addresses,
// first-last runs and CIDRs (a CIDR of /30 or wider leaves out its network and broadcast
// addresses). Overlapping ranges are refused.
func ParseRanges(s string) ([]Range, error) {
	var out []Range
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		r, err := parseRange(f)
		if err != nil {
			return nil, err
		}
		for _, o := range out {
			if v4(r.First) <= v4(o.Last) && v4(o.First) <= v4(r.Last) {
				return nil, fmt.Errorf("%s overlaps %s-%s", f, o.First, o.Last)
			}
		}
		out = append(out, r)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("a pool needs at least one range, e.g. 10.10.0.2-10.10.0.254 or 10.10.0.0/24")
	}
	return out, nil
}

func parseRange(f string) (Range, error) {
	if p, err := netip.ParsePrefix(f); err == nil {
		if !p.Addr().Is4() {
			return Range{}, fmt.Errorf("%s is not IPv4 (IPv6 pools are prefixes)", f)
		}
		p = p.Masked()
		first := v4(p.Addr())
		last := first | (1<<(32-p.Bits()) - 1)
		if p.Bits() <= 30 {
			first, last = first+1, last-1
		}
		return Range{fromV4(first), fromV4(last)}, nil
	}
	lo, hi, isRun := strings.Cut(f, "-")
	a, err := netip.ParseAddr(strings.TrimSpace(lo))
	if err != nil || !a.Is4() {
		return Range{}, fmt.Errorf("%q is not an IPv4 address, range (first-last) or CIDR", f)
	}
	b := a
	if isRun {
		if b, err = netip.ParseAddr(strings.TrimSpace(hi)); err != nil || !b.Is4() {
			return Range{}, fmt.Errorf("%q is not an IPv4 address, range (first-last) or CIDR", f)
		}
	}
	if v4(b) < v4(a) {
		return Range{}, fmt.Errorf("%s: the last address comes before the first", f)
	}
	return Range{a, b}, nil
}

// Size is how many addresses ranges hold.
func Size(ranges []Range) uint64 {
	var n uint64
	for _, r := range ranges {
		n += r.Size()
	}
	return n
}

// Nth is the n-th address (from 0) of ranges, in order.
func Nth(ranges []Range, n uint64) (netip.Addr, bool) {
	for _, r := range ranges {
		if n < r.Size() {
			return fromV4(v4(r.First) + uint32(n)), true
		}
		n -= r.Size()
	}
	return netip.Addr{}, false
}

// Index is the position of a in ranges (Nth's inverse).
func Index(ranges []Range, a netip.Addr) (uint64, bool) {
	if !a.Is4() {
		return 0, false
	}
	var base uint64
	for _, r := range ranges {
		if v4(a) >= v4(r.First) && v4(a) <= v4(r.Last) {
			return base + uint64(v4(a)-v4(r.First)), true
		}
		base += r.Size()
	}
	return 0, false
}

// Prefixes is an IPv6 pool: Base cut into prefixes of Length bits (a /48 into /56: 256).
type Prefixes struct {
	Base   netip.Prefix
	Length int
}

// ParsePrefixes reads an IPv6 pool: its prefix and the length it is cut into.
func ParsePrefixes(base string, length int) (Prefixes, error) {
	p, err := netip.ParsePrefix(strings.TrimSpace(base))
	if err != nil || !p.Addr().Is6() || p.Addr().Is4In6() {
		return Prefixes{}, fmt.Errorf("%q is not an IPv6 prefix, e.g. 2001:db8:100::/48", base)
	}
	if p != p.Masked() {
		return Prefixes{}, fmt.Errorf("%s has bits set past /%d (%s?)", base, p.Bits(), p.Masked())
	}
	if length < p.Bits() || length > 128 || length-p.Bits() > 32 {
		return Prefixes{}, fmt.Errorf("prefixes of /%d cannot be cut from a /%d (at most 32 bits more, up to /128)", length, p.Bits())
	}
	return Prefixes{Base: p, Length: length}, nil
}

// Size is how many prefixes the pool holds.
func (p Prefixes) Size() uint64 { return 1 << (p.Length - p.Base.Bits()) }

// Nth is the n-th prefix (from 0).
func (p Prefixes) Nth(n uint64) (netip.Prefix, bool) {
	if n >= p.Size() {
		return netip.Prefix{}, false
	}
	b := p.Base.Addr().As16()
	v := new(big.Int).SetBytes(b[:])
	v.Or(v, new(big.Int).Lsh(new(big.Int).SetUint64(n), uint(128-p.Length)))
	var out [16]byte
	v.FillBytes(out[:])
	return netip.PrefixFrom(netip.AddrFrom16(out), p.Length), true
}

func netipParse(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(strings.TrimSpace(s))
	if err != nil || !a.Is4() {
		return netip.Addr{}, fmt.Errorf("not IPv4: %q", s)
	}
	return a, nil
}

// Index is the position of prefix s in the pool (Nth's inverse).
func (p Prefixes) Index(s string) (uint64, bool) {
	q, err := netip.ParsePrefix(strings.TrimSpace(s))
	if err != nil || q.Bits() != p.Length || !p.Base.Contains(q.Addr()) || q != q.Masked() {
		return 0, false
	}
	a, b := q.Addr().As16(), p.Base.Addr().As16()
	v := new(big.Int).Sub(new(big.Int).SetBytes(a[:]), new(big.Int).SetBytes(b[:]))
	v.Rsh(v, uint(128-p.Length))
	if !v.IsUint64() || v.Uint64() >= p.Size() {
		return 0, false
	}
	return v.Uint64(), true
}
