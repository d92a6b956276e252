// Package egress decides which network addresses linedesk may connect to when it delivers to
// an address staff configured (the SMS gateway, the webhook, the SMTP server), so that a
// setting cannot turn linedesk into a probe of its own host or of the private network behind
// it (server-side request forgery).
//
// Addresses fall into classes (Classify). Public addresses are always allowed. Loopback,
// link-local and private addresses are refused unless the policy allows private targets (the
// allow_private_targets setting); loopback is also allowed on a policy's LoopbackPorts (a local
// MTA on 25, 465 and 587). Unspecified, multicast and reserved addresses are always refused.
// The check runs twice: when a setting is saved (CheckHost, which resolves names) and on every
// connection, against the address actually dialled (Policy.Control as a net.Dialer's Control
// hook), so a name that later resolves elsewhere (DNS rebinding) is refused too.
package egress

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strings"
	"syscall"
	"time"
)

// Class is the kind of an IP address as far as outbound connections are concerned.
type Class uint8

// Classes of addresses. Loopback, LinkLocal and Private are "private targets"; Unspecified,
// Multicast and Reserved are never a target.
const (
	Public      Class = iota
	Loopback          // 127.0.0.0/8, ::1
	LinkLocal         // 169.254.0.0/16 (with cloud metadata at 169.254.169.254), fe80::/10
	Private           // RFC 1918, CGNAT 100.64.0.0/10, 192.0.0.0/24, 198.18.0.0/15, fc00::/7, fec0::/10, 64:ff9b:1::/48
	Unspecified       // 0.0.0.0/8, ::
	Multicast         // 224.0.0.0/4, ff00::/8
	Reserved          // 240.0.0.0/4 (with 255.255.255.255), IPv4-compatible ::/96, discard-only 100::/64
)

func (c Class) String() string {
	switch c {
	case Public:
		return "public"
	case Loopback:
		return "loopback"
	case LinkLocal:
		return "link-local"
	case Private:
		return "private"
	case Unspecified:
		return "unspecified"
	case Multicast:
		return "multicast"
	}
	return "reserved"
}

// privateTarget reports a class that allow_private_targets allows.
func (c Class) privateTarget() bool { return c == Loopback || c == LinkLocal || c == Private }

type classPrefix struct {
	p netip.Prefix
	c Class
}

var prefixes = func() []classPrefix {
	var out []classPrefix
	for _, e := range []struct {
		s string
		c Class
	}{
		{"0.0.0.0/8", Unspecified},
		{"127.0.0.0/8", Loopback},
		{"169.254.0.0/16", LinkLocal},
		{"10.0.0.0/8", Private},
		{"172.16.0.0/12", Private},
		{"192.168.0.0/16", Private},
		{"100.64.0.0/10", Private}, // shared address space (CGNAT): an ISP's own network
		{"192.0.0.0/24", Private},  // IETF protocol assignments (e.g. DS-Lite, NAT64 discovery)
		{"198.18.0.0/15", Private}, // benchmarking networks
		{"224.0.0.0/4", Multicast},
		{"240.0.0.0/4", Reserved}, // with the limited broadcast 255.255.255.255
		{"::/128", Unspecified},
		{"::1/128", Loopback},
		{"::/96", Reserved}, // IPv4-compatible addresses (deprecated)
		{"100::/64", Reserved},
		{"fe80::/10", LinkLocal},
		{"fc00::/7", Private},
		{"fec0::/10", Private},
		{"64:ff9b:1::/48", Private},
		{"ff00::/8", Multicast},
	} {
		out = append(out, classPrefix{netip.MustParsePrefix(e.s), e.c})
	}
	// Longest prefix first, so ::1/128 wins over ::/96.
	slices.SortStableFunc(out, func(a, b classPrefix) int { return b.p.Bits() - a.p.Bits() })
	return out
}()

var (
	nat64     = netip.MustParsePrefix("64:ff9b::/96")
	sixToFour = netip.MustParsePrefix("2002::/16")
)

// Classify returns the class of ip. IPv4 addresses carried inside IPv6 (mapped ::ffff:a.b.c.d,
// NAT64 64:ff9b::/96, 6to4 2002::/16) are classified by the IPv4 address they carry.
func Classify(ip netip.Addr) Class {
	ip = ip.WithZone("").Unmap()
	if ip.Is6() {
		b := ip.As16()
		switch {
		case nat64.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[12:16]))
		case sixToFour.Contains(ip):
			ip = netip.AddrFrom4([4]byte(b[2:6]))
		}
	}
	for _, e := range prefixes {
		if e.p.Contains(ip) {
			return e.c
		}
	}
	if !ip.IsValid() {
		return Reserved
	}
	return Public
}

// SMTPPorts are the ports on which a loopback SMTP server (a local MTA) is always allowed.
var SMTPPorts = []uint16{25, 465, 587}

// Policy says which addresses outbound connections may reach.
type Policy struct {
	// AllowPrivate allows loopback, link-local and private addresses (allow_private_targets).
	AllowPrivate bool
	// LoopbackPorts are ports on which loopback addresses are allowed even without AllowPrivate.
	LoopbackPorts []uint16
}

// RefusedError is a connection the policy refuses. Its message names only the class of the
// address, so it can be shown to operators; Addr is for logs and for admins' error messages.
type RefusedError struct {
	Addr  netip.Addr
	Class Class
}

func (e *RefusedError) Error() string { return "refused: " + e.Class.String() + " address" }

// Check refuses ap when the policy does not allow its address.
func (p Policy) Check(ap netip.AddrPort) error {
	c := Classify(ap.Addr())
	switch {
	case c == Public:
		return nil
	case c.privateTarget() && p.AllowPrivate:
		return nil
	case c == Loopback && slices.Contains(p.LoopbackPorts, ap.Port()):
		return nil
	}
	return &RefusedError{Addr: ap.Addr().WithZone(""), Class: c}
}

// Control is a net.Dialer Control hook: it checks the address actually being dialled, after
// name resolution, so every connection is checked however the name resolved.
func (p Policy) Control(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("egress: cannot check address %q: %w", address, err)
	}
	return p.Check(ap)
}

// Dialer returns a dialer whose every connection is checked by the policy.
func (p Policy) Dialer(timeout time.Duration) *net.Dialer {
	return &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second, Control: p.Control}
}

// HTTPClient returns a client for delivery requests: every connection checked by the policy,
// no proxy from the environment (a proxy would dial for us, unchecked), redirects not followed
// (the 3xx answer is returned as it is: a redirect would carry the request, its query and
// body, to a place the settings never named), hence never a Referer header.
func (p Policy) HTTPClient(timeout time.Duration) *http.Client {
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           p.Dialer(10 * time.Second).DialContext,
			ForceAttemptHTTP2:     true,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: timeout,
			MaxIdleConns:          4,
			IdleConnTimeout:       30 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Resolver looks up a host's addresses; net.DefaultResolver is one.
type Resolver interface {
	LookupNetIP(ctx context.Context, network, host string) ([]netip.Addr, error)
}

// lookupTimeout bounds the name resolution of CheckHost.
const lookupTimeout = 3 * time.Second

// CheckHost refuses host (an IP address or a name) on port when it is, or resolves to, an
// address the policy refuses. "localhost" and names under .localhost are loopback without a
// lookup. A name that does not resolve now is accepted: the address actually dialled is
// checked on every connection anyway.
func (p Policy) CheckHost(ctx context.Context, r Resolver, host string, port uint16) error {
	host = strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(host, "["), "]"), ".")
	if ip, err := netip.ParseAddr(host); err == nil {
		return p.Check(netip.AddrPortFrom(ip, port))
	}
	lower := strings.ToLower(host)
	if lower == "localhost" || strings.HasSuffix(lower, ".localhost") {
		return p.Check(netip.AddrPortFrom(netip.IPv6Loopback(), port))
	}
	ctx, cancel := context.WithTimeout(ctx, lookupTimeout)
	defer cancel()
	ips, err := r.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return nil
	}
	for _, ip := range ips {
		if err := p.Check(netip.AddrPortFrom(ip, port)); err != nil {
			return err
		}
	}
	return nil
}
