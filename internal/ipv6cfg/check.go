package ipv6cfg

import (
	"net/netip"
	"strings"
)

// Prefix lengths accepted. A WAN (framed) prefix is a /64 for SLAAC, or longer down to a
// single address; a delegated prefix is what the customer's router cuts into /64 LANs, so
// from /40 (a large site) to /64 (one LAN).
const (
	FramedMinBits, FramedMaxBits       = 64, 128
	DelegatedMinBits, DelegatedMaxBits = 40, 64
	// PoolNameMax is the longest router pool name accepted.
	PoolNameMax = 64
)

// Check validates in: prefixes are IPv6 prefixes with no bits set past their length, of the
// lengths above; pool names are RouterOS names (no spaces, quotes or control characters).
// Empty strings (clearing) are accepted.
func Check(in *Input) error {
	if in == nil {
		return nil
	}
	if err := checkPrefix("framedPrefix", "Framed-IPv6-Prefix", in.FramedPrefix, FramedMinBits, FramedMaxBits); err != nil {
		return err
	}
	if err := checkPrefix("delegatedPrefix", "Delegated-IPv6-Prefix", in.DelegatedPrefix, DelegatedMinBits, DelegatedMaxBits); err != nil {
		return err
	}
	if err := checkPool("framedPool", in.FramedPool); err != nil {
		return err
	}
	return checkPool("delegatedPool", in.DelegatedPool)
}

func checkPrefix(field, attr string, v *string, minBits, maxBits int) error {
	if v == nil || strings.TrimSpace(*v) == "" {
		return nil
	}
	s := strings.TrimSpace(*v)
	p, err := netip.ParsePrefix(s)
	if err != nil || !p.Addr().Is6() || p.Addr().Is4In6() || p.Addr().Zone() != "" {
		return invalid(field, "ipv6.notPrefix", map[string]any{"attribute": attr, "bits": minBits},
			"%s must be an IPv6 prefix such as 2001:db8:1::/%d", attr, minBits)
	}
	if p.Bits() < minBits || p.Bits() > maxBits {
		return invalid(field, "ipv6.prefixLength", map[string]any{"attribute": attr, "min": minBits, "max": maxBits, "bits": p.Bits()},
			"%s must be from /%d to /%d, not /%d", attr, minBits, maxBits, p.Bits())
	}
	if m := p.Masked(); m != p {
		return invalid(field, "ipv6.bitsPastPrefix", map[string]any{"attribute": attr, "bits": p.Bits(), "masked": m.String()},
			"%s has bits set past /%d: did you mean %s?", attr, p.Bits(), m)
	}
	return nil
}

func checkPool(field string, v *string) error {
	if v == nil {
		return nil
	}
	s := strings.TrimSpace(*v)
	if len(s) > PoolNameMax {
		return invalid(field, "input.tooLong", map[string]any{"max": PoolNameMax}, "a pool name is at most %d characters", PoolNameMax)
	}
	for _, r := range s {
		if r <= ' ' || r == '"' || r == '\'' || r == '\\' || r == 0x7f {
			return invalid(field, "ipv6.poolNameChars", nil, "a pool name has no spaces, quotes or control characters")
		}
	}
	return nil
}
