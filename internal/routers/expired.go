package routers

import (
	"context"
	"fmt"
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// The expired page's router lines: a customer whose subscription ended is let in to the plan's
// expired pool (RADIUS answers with that Framed-Pool); these RouterOS commands put the pool's
// addresses in a firewall address list, send that list's plain-HTTP traffic (tcp/80) to
// linedesk, which answers a request for a foreign Host with a redirect to
// <public_url>/portal/expired, and let the list reach linedesk and DNS.

// ExpiredList is the firewall address list the script fills with the expired pools' ranges.
const ExpiredList = "linedesk-expired"

// expiredTag starts the comment of every rule the script adds, so running it again removes
// the rules it added before.
const expiredTag = "linedesk-expired:"

// ExpiredRedirect is what the expired page's script is made from.
type ExpiredRedirect struct {
	Router string // the router's name, for the header
	// PublicURL is the public_url setting ("" when not set).
	PublicURL string
	// ListenAddr is linedesk's HTTP listen address (host:port), used when PublicURL is empty.
	ListenAddr string
	// Pools are the expired pools' names with the plans that use each.
	Pools map[string][]string
}

// WithListenAddr tells the service linedesk's HTTP listen address (the --http flag), which
// the expired page's script uses when public_url is not set; it returns s.
func (s *Service) WithListenAddr(addr string) *Service {
	s.listen = addr
	return s
}

// ExpiredRedirectScript returns the RouterOS lines that send router n's expired customers'
// HTTP traffic to the portal's expired page, from the public_url setting and the expired
// pools of the profiles.
func (s *Service) ExpiredRedirectScript(ctx context.Context, n *ent.Nas) (string, error) {
	c := store.Reader(ctx, s.st.Client)
	v, err := settings.Load(ctx, c)
	if err != nil {
		return "", err
	}
	ps, err := c.Profile.Query().Where(profile.ExpiredPoolNotNil(), profile.ExpiredPoolNEQ("")).
		Order(ent.Asc(profile.FieldName)).All(ctx)
	if err != nil {
		return "", fmt.Errorf("reading the expired pools: %w", err)
	}
	pools := map[string][]string{}
	for _, p := range ps {
		pools[*p.ExpiredPool] = append(pools[*p.ExpiredPool], p.Name)
	}
	return ExpiredRedirect{Router: n.Name, PublicURL: v[settings.PublicURL], ListenAddr: s.listen, Pools: pools}.Script(), nil
}

// target is where the dst-nat sends the expired customers' web traffic.
type target struct {
	host, port string
	// reach are the ports the expired customers may open on host: port, and public_url's
	// HTTPS port when it is https (the redirect leads there).
	reach string
	notes []string // comment lines about how the target was chosen
}

// target works out the dst-nat's address and port: public_url's host, and its port, or 80
// (a proxy in front of linedesk answers plain HTTP there); without public_url, the listen
// address.
func (e ExpiredRedirect) target() target {
	if u, err := url.Parse(e.PublicURL); e.PublicURL != "" && err == nil && u.Hostname() != "" {
		t := target{host: u.Hostname(), port: u.Port()}
		if u.Scheme == "https" {
			https := t.port
			if https == "" {
				https = "443"
			}
			t.port, t.reach = "80", "80,"+https
			t.notes = append(t.notes, "public_url is https: what listens on port 80 there (linedesk or its proxy) must hand requests",
				"for other hosts to linedesk, which redirects them to "+strings.TrimRight(e.PublicURL, "/")+"/portal/expired.")
		} else if t.port == "" {
			t.port = "80"
		}
		t.notes = append([]string{fmt.Sprintf("linedesk's address: %s (the public_url setting), plain HTTP on port %s.", e.PublicURL, t.port)}, t.notes...)
		if t.reach == "" {
			t.reach = t.port
		}
		return t
	}
	host, port, err := net.SplitHostPort(e.ListenAddr)
	if err != nil {
		host, port = e.ListenAddr, "80"
	}
	t := target{host: host, port: port, reach: port}
	t.notes = append(t.notes, "public_url is not set (Settings, Subscriber portal & branding): using linedesk's listen",
		fmt.Sprintf("address %s instead. Set public_url to the address customers reach linedesk at.", e.ListenAddr))
	if ip := net.ParseIP(host); host == "" || ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
		t.notes = append(t.notes, fmt.Sprintf("%q is not an address a router can reach: replace it below, or set public_url.", host))
	}
	return t
}

// Script returns the RouterOS commands.
func (e ExpiredRedirect) Script() string {
	t := e.target()
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("# linedesk: send the web traffic of expired customers to the portal's expired page.")
	line("# Router: %s. Paste into the router's terminal (New Terminal in WinBox, or SSH).", oneLine(e.Router))
	line("# RouterOS 6 and 7: these commands are the same in both versions.")
	line("# Running it again replaces what it added before (rules commented %q).", expiredTag+" …")
	line("# Only plain HTTP can be redirected: HTTPS pages cannot (the browser would refuse a")
	line("# certificate that is not the site's), so customers see the page when they open any http:// address.")
	for _, n := range t.notes {
		line("# %s", n)
	}
	addr := t.host
	if net.ParseIP(t.host) == nil && t.host != "" {
		line("# %s is a name: the router resolves it once, when this script runs; run it again if its address changes.", t.host)
		addr = fmt.Sprintf("[:resolve %s]", rosString(t.host))
	}
	line("")
	e.addressList(line)
	line("")
	line("# 2. Web requests (tcp/80) from the list go to linedesk, which answers with the expired page.")
	line("/ip firewall nat")
	line("remove [find where comment~%s]", rosString("^"+expiredTag))
	line("add chain=dstnat src-address-list=%s protocol=tcp dst-port=80 action=dst-nat to-addresses=%s to-ports=%s comment=%s",
		ExpiredList, addr, t.port, rosString(expiredTag+" web to the portal"))
	line("")
	line("# 3. Let the list reach linedesk and DNS (placed first, before rules that drop their traffic).")
	line("#    If a chain has no rules yet, leave out place-before=0.")
	line("/ip firewall filter")
	line("remove [find where comment~%s]", rosString("^"+expiredTag))
	line("add chain=forward src-address-list=%s protocol=tcp dst-address=%s dst-port=%s action=accept place-before=0 comment=%s",
		ExpiredList, addr, t.reach, rosString(expiredTag+" reach linedesk"))
	for _, proto := range []string{"udp", "tcp"} {
		line("add chain=forward src-address-list=%s protocol=%s dst-port=53 action=accept place-before=0 comment=%s",
			ExpiredList, proto, rosString(expiredTag+" DNS"))
		line("add chain=input src-address-list=%s protocol=%s dst-port=53 action=accept place-before=0 comment=%s",
			ExpiredList, proto, rosString(expiredTag+" DNS on the router"))
	}
	line("# To let expired customers reach nothing else, add after the lines above:")
	line("# add chain=forward src-address-list=%s action=reject reject-with=icmp-admin-prohibited comment=%s",
		ExpiredList, rosString(expiredTag+" nothing else"))
	return b.String()
}

// addressList writes the commands that fill the address list from the expired pools.
func (e ExpiredRedirect) addressList(line func(string, ...any)) {
	line("# 1. The addresses of the expired pools, as the firewall address list %s.", ExpiredList)
	names := make([]string, 0, len(e.Pools))
	for p := range e.Pools {
		names = append(names, p)
	}
	sort.Strings(names)
	if len(names) == 0 {
		line("#    No plan has an expired pool yet: set one on the Profiles page (Expired pool), then")
		line("#    copy these lines again. Until then the list stays empty and nothing is redirected.")
	}
	line("#    The ranges are read from the router's own /ip pool: run this again after changing them.")
	line("/ip firewall address-list remove [find where list=%s]", ExpiredList)
	for _, p := range names {
		line("# pool %s: plans %s", oneLine(p), oneLine(strings.Join(e.Pools[p], ", ")))
		line(":foreach p in=[/ip pool find where name=%s] do={ :foreach r in=[/ip pool get $p ranges] do={ /ip firewall address-list add list=%s address=$r comment=%s } }",
			rosString(p), ExpiredList, rosString(expiredTag+" pool "+p))
	}
}

// rosString returns s as a RouterOS string literal: in double quotes, with \ " $ escaped (a $
// would otherwise name a variable) and control characters dropped.
func rosString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '\\' || r == '"' || r == '$':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// oneLine keeps s on one comment line.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
