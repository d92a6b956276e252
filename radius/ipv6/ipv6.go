// Package ipv6 writes the IPv6 attributes of an Access-Accept and reads those a router
// reports in accounting. Framed-IPv6-Prefix (RFC 3162, 97), Delegated-IPv6-Prefix (RFC 4818,
// 123), Framed-IPv6-Pool (RFC 3162, 100), and the delegated pool's name as RFC 6911's
// Delegated-IPv6-Prefix-Pool (171) and MikroTik's Mikrotik-Delegated-IPv6-Pool (14988/22),
// which RouterOS reads. layeh.com/radius's IPv6Prefix refuses lengths outside 2–18 bytes,
// prefix lengths over 128 and bits set past the prefix, and its _Get helpers then return nil
// silently; Reported reads the raw bytes itself so that a malformed prefix is recorded as
// malformed instead of dropping the packet or losing the attribute unseen.
package ipv6

import (
	"fmt"
	"net"
	"net/netip"

	"layeh.com/radius"
	"layeh.com/radius/rfc3162"
	"layeh.com/radius/rfc4818"
	"layeh.com/radius/rfc6911"
	"layeh.com/radius/vendors/mikrotik"
)

// Grant is the IPv6 a login gets: prefixes linedesk assigned and/or the names of the
// router's own pools. Zero fields are not sent.
type Grant struct {
	Framed, Delegated         netip.Prefix
	FramedPool, DelegatedPool string
}

// Set adds g's attributes to an Access-Accept.
func Set(r *radius.Packet, g Grant) error {
	if g.Framed.IsValid() {
		if err := rfc3162.FramedIPv6Prefix_Set(r, ipNet(g.Framed)); err != nil {
			return fmt.Errorf("Framed-IPv6-Prefix %s: %w", g.Framed, err)
		}
	}
	if g.Delegated.IsValid() {
		if err := rfc4818.DelegatedIPv6Prefix_Set(r, ipNet(g.Delegated)); err != nil {
			return fmt.Errorf("Delegated-IPv6-Prefix %s: %w", g.Delegated, err)
		}
	}
	if g.FramedPool != "" {
		if err := rfc3162.FramedIPv6Pool_SetString(r, g.FramedPool); err != nil {
			return fmt.Errorf("Framed-IPv6-Pool: %w", err)
		}
	}
	if g.DelegatedPool != "" {
		if err := rfc6911.DelegatedIPv6PrefixPool_SetString(r, g.DelegatedPool); err != nil {
			return fmt.Errorf("Delegated-IPv6-Prefix-Pool: %w", err)
		}
		if err := mikrotik.MikrotikDelegatedIPv6Pool_SetString(r, g.DelegatedPool); err != nil {
			return fmt.Errorf("Mikrotik-Delegated-IPv6-Pool: %w", err)
		}
	}
	return nil
}

func ipNet(p netip.Prefix) *net.IPNet {
	p = p.Masked()
	return &net.IPNet{IP: net.IP(p.Addr().AsSlice()), Mask: net.CIDRMask(p.Bits(), 128)}
}

// Reported is what accounting says of a session's IPv6: the prefixes and the address in
// canonical form, the interface id as four hex groups, and a note for each attribute that
// could not be read (kept, never fatal).
type Reported struct {
	Framed, Delegated string
	InterfaceID       string // Framed-Interface-Id (RFC 3162, 96)
	Address           string // Framed-IPv6-Address (RFC 6911, 168)
	Malformed         []string
}

// IsZero reports whether the request carried none of the attributes.
func (r Reported) IsZero() bool {
	return r.Framed == "" && r.Delegated == "" && r.InterfaceID == "" && r.Address == "" && len(r.Malformed) == 0
}

// Read reads the IPv6 prefixes of an accounting request leniently.
func Read(p *radius.Packet) Reported {
	var out Reported
	for _, a := range []struct {
		typ  radius.Type
		name string
		dst  *string
	}{{rfc3162.FramedIPv6Prefix_Type, "Framed-IPv6-Prefix", &out.Framed}, {rfc4818.DelegatedIPv6Prefix_Type, "Delegated-IPv6-Prefix", &out.Delegated}} {
		raw, ok := p.Attributes.Lookup(a.typ)
		if !ok {
			continue
		}
		pfx, note := Decode(raw)
		if pfx.IsValid() {
			*a.dst = pfx.String()
		}
		if note != "" {
			out.Malformed = append(out.Malformed, a.name+": "+note)
		}
	}
	if raw, ok := p.Attributes.Lookup(rfc3162.FramedInterfaceID_Type); ok {
		if len(raw) == 8 {
			out.InterfaceID = fmt.Sprintf("%x:%x:%x:%x", uint16(raw[0])<<8|uint16(raw[1]), uint16(raw[2])<<8|uint16(raw[3]),
				uint16(raw[4])<<8|uint16(raw[5]), uint16(raw[6])<<8|uint16(raw[7]))
		} else {
			out.Malformed = append(out.Malformed, fmt.Sprintf("Framed-Interface-Id: %d bytes (8 expected)", len(raw)))
		}
	}
	if raw, ok := p.Attributes.Lookup(rfc6911.FramedIPv6Address_Type); ok {
		if a, ok := netip.AddrFromSlice(raw); ok && len(raw) == 16 {
			out.Address = a.String()
		} else {
			out.Malformed = append(out.Malformed, fmt.Sprintf("Framed-IPv6-Address: %d bytes (16 expected)", len(raw)))
		}
	}
	return out
}

// Decode reads an IPv6 prefix attribute (reserved byte, prefix length, then the prefix's
// significant bytes). A prefix with bits set past its length is masked (and noted); a length
// over 128 or missing bytes give no prefix and a note.
func Decode(b []byte) (netip.Prefix, string) {
	if len(b) < 2 || len(b) > 18 {
		return netip.Prefix{}, fmt.Sprintf("%d bytes (a prefix is 2 to 18)", len(b))
	}
	bits := int(b[1])
	if bits > 128 {
		return netip.Prefix{}, fmt.Sprintf("prefix length %d", bits)
	}
	if need := (bits + 7) / 8; len(b)-2 < need {
		return netip.Prefix{}, fmt.Sprintf("/%d needs %d bytes, %d given", bits, need, len(b)-2)
	}
	var a [16]byte
	copy(a[:], b[2:])
	p := netip.PrefixFrom(netip.AddrFrom16(a), bits)
	if m := p.Masked(); m != p {
		return m, fmt.Sprintf("bits set past /%d (%s read as %s)", bits, p.Addr(), m)
	}
	return p, ""
}
