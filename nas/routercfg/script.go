package routercfg

import (
	"fmt"
	"strings"
)

// Script writes the configuration as RouterOS commands (an .rsc file) for the spec's version.
// Every entry is added when missing, else set, so the script may be run again. RouterOS 7
// is written with its path syntax (/ip/pool) and gets require-message-auth; RouterOS 6 only
// understands menus separated by spaces (/ip pool).
func Script(s Spec) string {
	s = s.withDefaults()
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("# linedesk: make router %s a linedesk NAS (RouterOS %d).", oneLine(s.Router), s.Version)
	line("# Import with /import file-name=<this file>, or paste into the terminal.")
	line("# Running it again changes the entries it added before and adds none twice.")
	line("# linedesk's addresses: %s", strings.Join(s.Addresses, ", "))
	menu := ""
	for _, it := range s.Items() {
		if it.Menu != menu {
			menu = it.Menu
			line("")
			line("# %s", it.What)
			line("%s", menuPath(it.Menu, s.Version))
		} else {
			line("# %s", it.What)
		}
		writeItem(line, it)
	}
	if s.PPPoEInterface == "" {
		line("")
		line("# PPPoE server: choose the interface customers are on (e.g. bridge-customers) and run:")
		line("# %s add service-name=%s interface=<interface> default-profile=%s authentication=pap,chap,mschap2 one-session-per-host=yes disabled=no",
			menuPath("/interface/pppoe-server/server", s.Version), ProfileName, ProfileName)
	}
	if s.ExpiredScript != "" {
		line("")
		line("# ---- The expired page's redirect (the same lines as on the router's page) ----")
		b.WriteString(strings.TrimRight(s.ExpiredScript, "\n"))
		b.WriteString("\n")
	}
	return b.String()
}

// writeItem writes one item: settings menus are set; entries are added whole when missing,
// else set (RouterOS refuses to add a PPPoE server without its interface, or a rule without
// its chain).
func writeItem(line func(string, ...any), it Item) {
	attrs := render(it.Attrs)
	switch {
	case len(it.Match) == 0:
		line("set %s", attrs)
	case it.SetOnly:
		line("set [find where %s] %s", render(it.Match), attrs)
	default:
		find := render(it.Match)
		line(":if ([:len [find where %s]] = 0) do={ add %s %s } else={ set [find where %s] %s }", find, find, attrs, find, attrs)
	}
}

// menuPath writes an API path as the version's console does.
func menuPath(apiPath string, version int) string {
	if version >= 7 {
		return apiPath
	}
	return "/" + strings.ReplaceAll(strings.TrimPrefix(apiPath, "/"), "/", " ")
}

func render(kvs []KV) string {
	parts := make([]string, 0, len(kvs))
	for _, kv := range kvs {
		parts = append(parts, kv.Key+"="+value(kv.Value))
	}
	return strings.Join(parts, " ")
}

// value writes v bare when it is plain (letters, digits and . , : / - _), else as a RouterOS
// string literal: in double quotes, \ " $ escaped (a $ would name a variable) and control
// characters dropped.
func value(v string) string {
	plain := v != ""
	for _, r := range v {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".,:/-_", r)) {
			plain = false
		}
	}
	if plain {
		return v
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range v {
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

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, s)
}
