package routercfg

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Runner runs one RouterOS API command and returns its !re sentences (routeros.Client does).
type Runner interface {
	Run(ctx context.Context, words ...string) ([]map[string]string, error)
}

// Change is one difference between the router and the configuration, and what applying it
// does. Secret values are never shown (Have and Want read "(hidden)").
type Change struct {
	Item   Item
	Action string // "add" or "set"
	ID     string // the entry's .id for "set" of an entry
	Fields []Field
}

// Field is one attribute that differs.
type Field struct{ Key, Have, Want string }

// Describe is the change in words, for the dry run.
func (c Change) Describe() string {
	if c.Action == "add" {
		return fmt.Sprintf("add %s %s (%s)", c.Item.Menu, render(masked(c.Item.Match)), c.Item.What)
	}
	parts := make([]string, 0, len(c.Fields))
	for _, f := range c.Fields {
		have := f.Have
		if have == "" {
			have = "(empty)"
		}
		parts = append(parts, fmt.Sprintf("%s %s → %s", f.Key, have, f.Want))
	}
	return fmt.Sprintf("set %s (%s): %s", c.Item.Menu, c.Item.What, strings.Join(parts, "; "))
}

func masked(kvs []KV) []KV {
	out := make([]KV, len(kvs))
	for i, kv := range kvs {
		out[i] = kv
		if secretKeys[kv.Key] {
			out[i].Value = "(hidden)"
		}
	}
	return out
}

// Plan reads each item from the router and returns the changes that make it as the spec says
// (none: the router is configured as linedesk needs).
func Plan(ctx context.Context, r Runner, s Spec) ([]Change, error) {
	var out []Change
	for _, it := range s.Items() {
		words := []string{it.Menu + "/print"}
		for _, kv := range it.Match {
			words = append(words, "?"+kv.Key+"="+kv.Value)
		}
		rows, err := r.Run(ctx, words...)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", it.Menu, err)
		}
		if len(rows) == 0 {
			if it.SetOnly || len(it.Match) == 0 {
				return nil, fmt.Errorf("the router has no %s %s", it.Menu, render(it.Match))
			}
			out = append(out, Change{Item: it, Action: "add", Fields: diff(nil, it.Attrs)})
			continue
		}
		if f := diff(rows[0], it.Attrs); len(f) > 0 {
			out = append(out, Change{Item: it, Action: "set", ID: rows[0][".id"], Fields: f})
		}
	}
	return out, nil
}

// diff lists the attributes of want that have differs from.
func diff(have map[string]string, want []KV) []Field {
	var out []Field
	for _, kv := range want {
		h, ok := have[kv.Key]
		if ok && same(kv.Key, h, kv.Value) {
			continue
		}
		f := Field{Key: kv.Key, Have: h, Want: kv.Value}
		if secretKeys[kv.Key] {
			f.Have, f.Want = "(hidden)", "(hidden)"
		}
		out = append(out, f)
	}
	return out
}

// Apply makes the changes over the API, in order; it stops at the first refusal.
func Apply(ctx context.Context, r Runner, changes []Change) (applied int, err error) {
	for _, c := range changes {
		var words []string
		switch {
		case c.Action == "add":
			words = []string{c.Item.Menu + "/add"}
			for _, kv := range append(append([]KV(nil), c.Item.Match...), c.Item.Attrs...) {
				words = append(words, "="+kv.Key+"="+kv.Value)
			}
		default:
			words = []string{c.Item.Menu + "/set"}
			if c.ID != "" && len(c.Item.Match) > 0 {
				words = append(words, "=.id="+c.ID)
			}
			for _, kv := range c.Item.Attrs {
				words = append(words, "="+kv.Key+"="+kv.Value)
			}
		}
		if _, err := r.Run(ctx, words...); err != nil {
			return applied, fmt.Errorf("%s %s (%s): %w", c.Action, c.Item.Menu, c.Item.What, err)
		}
		applied++
	}
	return applied, nil
}

// same compares a value the router reports with the one linedesk wants: yes/no as
// true/false, durations in any RouterOS form, address lists as sets (a bare address is /32).
func same(key, have, want string) bool {
	if have == want {
		return true
	}
	if hb, ok := boolean(have); ok {
		wb, ok2 := boolean(want)
		return ok2 && hb == wb
	}
	if hd, ok := ParseDuration(have); ok {
		wd, ok2 := ParseDuration(want)
		return ok2 && hd == wd
	}
	if key == "address" || key == "ranges" {
		return sameSet(have, want)
	}
	return false
}

func boolean(s string) (bool, bool) {
	switch s {
	case "yes", "true":
		return true, true
	case "no", "false":
		return false, true
	}
	return false, false
}

func sameSet(a, b string) bool {
	norm := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, f := range strings.Split(s, ",") {
			f = strings.TrimSpace(f)
			if f == "" {
				continue
			}
			if ad, err := netip.ParseAddr(f); err == nil {
				f = netip.PrefixFrom(ad, ad.BitLen()).String()
			}
			m[f] = true
		}
		return m
	}
	ma, mb := norm(a), norm(b)
	if len(ma) != len(mb) {
		return false
	}
	for k := range ma {
		if !mb[k] {
			return false
		}
	}
	return true
}

var (
	clockForm = regexp.MustCompile(`^(?:(\d+)d)?\s*(\d+):(\d\d):(\d\d)$`)
	unitForm  = regexp.MustCompile(`^(?:\d+(?:w|d|h|ms|m|s))+$`)
	unitPart  = regexp.MustCompile(`(\d+)(w|d|h|ms|m|s)`)
)

// ParseDuration reads a RouterOS duration: 5m, 1h30m, 3000ms or 00:05:00. A bare number is
// not read (it may be a port).
func ParseDuration(s string) (time.Duration, bool) {
	if m := clockForm.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi("0" + m[1])
		h, _ := strconv.Atoi(m[2])
		mi, _ := strconv.Atoi(m[3])
		se, _ := strconv.Atoi(m[4])
		return time.Duration(d)*24*time.Hour + time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(se)*time.Second, true
	}
	if !unitForm.MatchString(s) {
		return 0, false
	}
	units := map[string]time.Duration{"w": 7 * 24 * time.Hour, "d": 24 * time.Hour, "h": time.Hour, "m": time.Minute, "s": time.Second, "ms": time.Millisecond}
	var d time.Duration
	for _, m := range unitPart.FindAllStringSubmatch(s, -1) {
		n, _ := strconv.Atoi(m[1])
		d += time.Duration(n) * units[m[2]]
	}
	return d, true
}

// Version reads the router's RouterOS major version over the API (/system/resource).
func Version(ctx context.Context, r Runner) (int, error) {
	rows, err := r.Run(ctx, "/system/resource/print")
	if err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, fmt.Errorf("the router did not report its version")
	}
	v := rows[0]["version"]
	major, _, _ := strings.Cut(v, ".")
	n, err := strconv.Atoi(major)
	if err != nil || n < 6 {
		return 0, fmt.Errorf("unknown RouterOS version %q", v)
	}
	if n > 7 {
		n = 7
	}
	return n, nil
}
