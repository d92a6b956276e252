package sim

import (
	"sort"
	"strconv"
	"strings"
)

// The router's configuration as the RouterOS API shows it: menus of entries (/radius,
// /ip/pool, /ip/firewall/nat, …) and settings menus of one entry (/radius/incoming, /ppp/aaa,
// /system/resource). print (with ?key=value queries), add, set and remove work as on RouterOS;
// an attribute a menu does not have is refused ("unknown parameter"), and yes/no are kept as
// true/false, as the API prints them.

// menus lists each menu's attributes; single menus hold one settings entry.
var menus = map[string]struct {
	single bool
	fixed  bool // entries cannot be added or removed (/ip/service)
	attrs  string
}{
	"/radius":                        {attrs: "service address secret authentication-port accounting-port timeout comment require-message-auth src-address disabled"},
	"/radius/incoming":               {single: true, attrs: "accept port vrf"},
	"/ppp/aaa":                       {single: true, attrs: "use-radius accounting interim-update use-circuit-id-in-nas-port-id"},
	"/ppp/profile":                   {attrs: "name local-address remote-address change-tcp-mss use-upnp use-encryption only-one rate-limit dns-server comment"},
	"/interface/pppoe-server/server": {attrs: "service-name interface default-profile authentication one-session-per-host disabled max-mtu max-mru"},
	"/ip/pool":                       {attrs: "name ranges next-pool comment"},
	"/ip/firewall/address-list":      {attrs: "list address comment timeout disabled"},
	"/ip/firewall/nat":               {attrs: "chain src-address-list protocol dst-port action to-addresses to-ports comment disabled"},
	"/ip/firewall/filter":            {attrs: "chain src-address-list protocol dst-address dst-port action comment disabled"},
	"/ip/service":                    {fixed: true, attrs: "name port address disabled"},
	"/system/resource":               {single: true, attrs: "version uptime board-name"},
}

// routerConfig is the configuration's state.
type routerConfig struct {
	entries map[string][]map[string]string
	nextID  int
}

func newRouterConfig(version string) *routerConfig {
	c := &routerConfig{entries: map[string][]map[string]string{}}
	if version == "" {
		version = "7.16.2 (stable)"
	}
	c.entries["/system/resource"] = []map[string]string{{"version": version, "board-name": "sim", "uptime": "1d"}}
	c.entries["/radius/incoming"] = []map[string]string{{"accept": "false", "port": "3799"}}
	c.entries["/ppp/aaa"] = []map[string]string{{"use-radius": "false", "accounting": "true", "interim-update": "0s"}}
	ports := map[string]string{"telnet": "23", "ftp": "21", "www": "80", "ssh": "22", "www-ssl": "443", "api": "8728", "winbox": "8291", "api-ssl": "8729"}
	names := make([]string, 0, len(ports))
	for n := range ports {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c.add("/ip/service", map[string]string{"name": n, "port": ports[n], "address": "", "disabled": "false"})
	}
	for _, m := range []string{"/radius/incoming", "/ppp/aaa", "/system/resource"} {
		c.entries[m][0][".id"] = "*0"
	}
	return c
}

func (c *routerConfig) add(menu string, attrs map[string]string) string {
	c.nextID++
	id := "*" + strings.ToUpper(strconv.FormatInt(int64(c.nextID), 16))
	e := map[string]string{".id": id}
	for k, v := range attrs {
		e[k] = v
	}
	c.entries[menu] = append(c.entries[menu], e)
	return id
}

// apiValue keeps yes/no as the API prints them.
func apiValue(v string) string {
	switch v {
	case "yes":
		return "true"
	case "no":
		return "false"
	}
	return v
}

// run answers a configuration command; it reports false when cmd is not one.
func (c *routerConfig) run(cmd apiCommand, out apiReply) bool {
	i := strings.LastIndex(cmd.name, "/")
	menu, verb := cmd.name[:i], cmd.name[i+1:]
	def, ok := menus[menu]
	if !ok {
		return false
	}
	attrs := map[string]string{}
	for k, v := range cmd.attrs {
		if k == ".id" {
			continue
		}
		if !strings.Contains(" "+def.attrs+" ", " "+k+" ") {
			out.trap("unknown parameter " + k)
			return true
		}
		attrs[k] = apiValue(v)
	}
	switch verb {
	case "print":
		c.print(menu, cmd.queries, out)
	case "add":
		if def.single || def.fixed {
			out.trap("no such command")
			return true
		}
		out.send("!done", "=ret="+c.add(menu, attrs))
	case "set":
		e := c.find(menu, cmd.attrs[".id"], def.single)
		if e == nil {
			out.trap("no such item")
			return true
		}
		for k, v := range attrs {
			e[k] = v
		}
		out.send("!done")
	case "remove":
		if !c.remove(menu, cmd.attrs[".id"]) || def.single || def.fixed {
			out.trap("no such item")
			return true
		}
		out.send("!done")
	default:
		out.trap("no such command")
	}
	return true
}

func (c *routerConfig) print(menu string, queries [][2]string, out apiReply) {
	for _, e := range c.entries[menu] {
		match := true
		for _, q := range queries {
			if e[q[0]] != apiValue(q[1]) {
				match = false
			}
		}
		if !match {
			continue
		}
		keys := make([]string, 0, len(e))
		for k := range e {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		words := []string{"!re"}
		for _, k := range keys {
			words = append(words, "="+k+"="+e[k])
		}
		out.send(words...)
	}
	out.send("!done")
}

func (c *routerConfig) find(menu, id string, single bool) map[string]string {
	list := c.entries[menu]
	if single && id == "" && len(list) > 0 {
		return list[0]
	}
	for _, e := range list {
		if e[".id"] == id {
			return e
		}
	}
	return nil
}

func (c *routerConfig) remove(menu, id string) bool {
	list := c.entries[menu]
	for i, e := range list {
		if e[".id"] == id {
			c.entries[menu] = append(list[:i], list[i+1:]...)
			return true
		}
	}
	return false
}

// ConfigEntries returns a copy of a menu's entries, e.g. ConfigEntries("/radius").
func (r *Router) ConfigEntries(menu string) []map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []map[string]string
	for _, e := range r.config().entries[menu] {
		m := map[string]string{}
		for k, v := range e {
			m[k] = v
		}
		out = append(out, m)
	}
	return out
}

// SetConfig changes attributes of a menu's first entry matching key=value (for a settings
// menu, key is ""), as an engineer at the console would; it reports whether one matched.
func (r *Router) SetConfig(menu, key, value string, attrs map[string]string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.config().entries[menu] {
		if key == "" || e[key] == value {
			for k, v := range attrs {
				e[k] = apiValue(v)
			}
			return true
		}
	}
	return false
}

// config returns the configuration, made on first use; r.mu is held.
func (r *Router) config() *routerConfig {
	if r.cfgState == nil {
		r.cfgState = newRouterConfig(r.cfg.RouterOSVersion)
	}
	return r.cfgState
}
