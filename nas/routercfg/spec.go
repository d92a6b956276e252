// Package routercfg is the RouterOS configuration that makes a MikroTik router a linedesk NAS:
// the /radius entries for PPP (one per linedesk instance), /radius incoming for CoA, /ppp aaa
// with RADIUS, accounting and the interim interval, a PPPoE server profile, the expired pools
// with the redirect of their web traffic to the portal's expired page, and the RouterOS API
// service restricted to linedesk's addresses. Spec.Items is that configuration as a list of
// items; Script writes it as an .rsc for RouterOS 6 or 7, Plan compares it with what a router
// reports over its API (the dry run and the check), and Apply makes the changes.
package routercfg

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ProfileName is the PPP profile (and PPPoE service name) the configuration adds.
const ProfileName = "linedesk"

// Comment marks every item the configuration adds.
const Comment = "linedesk"

// Spec is what the configuration is made from.
type Spec struct {
	Router  string // the router's name, for the header
	Version int    // RouterOS major version: 6 or 7
	// Addresses are linedesk's instances' addresses (the instance_addresses setting): the
	// router sends RADIUS to each, in order, and only they may use its API.
	Addresses []string
	Secret    string // the RADIUS shared secret (never shown in a Change or Difference)
	AuthPort  int    // default 1812
	AcctPort  int    // default 1813
	CoAPort   int    // the router's CoA port linedesk sends to (default 3799)
	Interim   time.Duration
	// RequireMessageAuth asks RouterOS 7 to require Message-Authenticator in replies.
	RequireMessageAuth bool
	// PPPoEInterface is the interface the PPPoE server runs on ("": the server line is left
	// for the engineer to complete).
	PPPoEInterface string
	// ExpiredPools are the expired pools linedesk knows the ranges of (name → ranges).
	ExpiredPools []Pool
	// Expired is the expired page's redirect target (the portal's): host and port.
	ExpiredHost, ExpiredPort string
	// ExpiredScript is the portal's expired redirect lines (Nas.expiredRedirectScript), put in
	// the .rsc as they are.
	ExpiredScript string
}

// Pool is a RouterOS /ip pool.
type Pool struct {
	Name   string
	Ranges []string // e.g. 10.99.0.2-10.99.0.254 or 10.99.0.0/24
}

// KV is one attribute of an item.
type KV struct{ Key, Value string }

// Item is one thing on the router: a menu entry found by Match (no Match: the menu's single
// settings, as /ppp aaa), with the attributes linedesk needs.
type Item struct {
	Menu  string // API path, e.g. /ip/pool
	Match []KV   // how the entry is found; empty for a settings menu
	Attrs []KV   // what it must have
	// SetOnly: the entry exists on every router (e.g. /ip service api); it is changed, never added.
	SetOnly bool
	What    string // a short description, e.g. "RADIUS server 192.0.2.10"
}

// secretKeys are attributes whose values are never shown.
var secretKeys = map[string]bool{"secret": true}

func (s Spec) withDefaults() Spec {
	if s.AuthPort == 0 {
		s.AuthPort = 1812
	}
	if s.AcctPort == 0 {
		s.AcctPort = 1813
	}
	if s.CoAPort == 0 {
		s.CoAPort = 3799
	}
	if s.Interim <= 0 {
		s.Interim = 300 * time.Second
	}
	if s.Version != 6 {
		s.Version = 7
	}
	return s
}

// Validate reports what is missing to make the configuration.
func (s Spec) Validate() error {
	if len(s.Addresses) == 0 {
		return fmt.Errorf("linedesk's address is not known: set \"Instance addresses\" in Settings (RADIUS) to the address(es) routers reach linedesk at")
	}
	if s.Secret == "" {
		return fmt.Errorf("the router has no RADIUS secret")
	}
	return nil
}

// Items is the configuration linedesk needs, in the order it is applied.
func (s Spec) Items() []Item {
	s = s.withDefaults()
	var out []Item
	for _, a := range s.Addresses {
		attrs := []KV{{"service", "ppp"}, {"secret", s.Secret},
			{"authentication-port", strconv.Itoa(s.AuthPort)}, {"accounting-port", strconv.Itoa(s.AcctPort)},
			{"timeout", "3s"}, {"comment", Comment}}
		if s.Version >= 7 && s.RequireMessageAuth {
			attrs = append(attrs, KV{"require-message-auth", "yes-for-request-resp"})
		}
		out = append(out, Item{Menu: "/radius", Match: []KV{{"address", a}}, Attrs: attrs, What: "RADIUS server " + a})
	}
	out = append(out,
		Item{Menu: "/radius/incoming", Attrs: []KV{{"accept", "yes"}, {"port", strconv.Itoa(s.CoAPort)}}, What: "CoA and Disconnect from linedesk"},
		Item{Menu: "/ppp/aaa", Attrs: []KV{{"use-radius", "yes"}, {"accounting", "yes"}, {"interim-update", Duration(s.Interim)}}, What: "PPP uses RADIUS"},
		Item{Menu: "/ppp/profile", Match: []KV{{"name", ProfileName}},
			Attrs: []KV{{"change-tcp-mss", "yes"}, {"use-upnp", "no"}, {"comment", Comment}}, What: "PPPoE server profile"})
	if s.PPPoEInterface != "" {
		out = append(out, Item{Menu: "/interface/pppoe-server/server", Match: []KV{{"service-name", ProfileName}},
			Attrs: []KV{{"interface", s.PPPoEInterface}, {"default-profile", ProfileName},
				{"authentication", "pap,chap,mschap2"}, {"one-session-per-host", "yes"}, {"disabled", "no"}},
			What: "PPPoE server on " + s.PPPoEInterface})
	}
	out = append(out, s.expiredItems()...)
	api := strings.Join(s.Addresses, ",")
	for _, svc := range []string{"api", "api-ssl"} {
		out = append(out, Item{Menu: "/ip/service", Match: []KV{{"name", svc}}, Attrs: []KV{{"address", api}}, SetOnly: true,
			What: "RouterOS " + svc + " only from linedesk"})
	}
	return out
}

// ExpiredList is the firewall address list of the expired pools (the portal's).
const ExpiredList = "linedesk-expired"

// expiredItems are the expired pools, their address list and the dst-nat of their web traffic.
func (s Spec) expiredItems() []Item {
	var out []Item
	for _, p := range s.ExpiredPools {
		out = append(out, Item{Menu: "/ip/pool", Match: []KV{{"name", p.Name}}, Attrs: []KV{{"ranges", strings.Join(p.Ranges, ",")}},
			What: "expired pool " + p.Name})
		for _, r := range p.Ranges {
			out = append(out, Item{Menu: "/ip/firewall/address-list", Match: []KV{{"list", ExpiredList}, {"address", r}},
				Attrs: []KV{{"comment", "linedesk-expired: pool " + p.Name}}, What: "expired pool " + p.Name + " in " + ExpiredList})
		}
	}
	if s.ExpiredHost == "" {
		return out
	}
	port := s.ExpiredPort
	if port == "" {
		port = "80"
	}
	return append(out, Item{Menu: "/ip/firewall/nat", Match: []KV{{"comment", "linedesk-expired: web to the portal"}},
		Attrs: []KV{{"chain", "dstnat"}, {"src-address-list", ExpiredList}, {"protocol", "tcp"}, {"dst-port", "80"},
			{"action", "dst-nat"}, {"to-addresses", s.ExpiredHost}, {"to-ports", port}},
		What: "expired customers' web traffic to the portal's expired page"})
}

// Duration writes d as RouterOS does, e.g. 5m or 1h30m.
func Duration(d time.Duration) string {
	d = d.Truncate(time.Second)
	if d == 0 {
		return "0s"
	}
	var b strings.Builder
	for _, u := range []struct {
		n time.Duration
		s string
	}{{24 * time.Hour, "d"}, {time.Hour, "h"}, {time.Minute, "m"}, {time.Second, "s"}} {
		if q := d / u.n; q > 0 {
			fmt.Fprintf(&b, "%d%s", q, u.s)
			d -= q * u.n
		}
	}
	return b.String()
}
