package routercfg

import (
	"context"
	"fmt"
)

// Difference is one way the router is not configured as linedesk needs, in words (the
// router's health).
type Difference struct {
	Menu    string
	Key     string // the attribute, "" when the whole entry is missing
	Message string
}

// Check reads the router's configuration back and lists what differs from what linedesk
// needs: a wrong secret, accounting off, another interim interval, the CoA port closed, and
// every other item of the configuration.
func Check(ctx context.Context, r Runner, s Spec) ([]Difference, error) {
	changes, err := Plan(ctx, r, s)
	if err != nil {
		return nil, err
	}
	var out []Difference
	for _, c := range changes {
		if c.Action == "add" {
			out = append(out, Difference{Menu: c.Item.Menu, Message: "missing: " + c.Item.What})
			continue
		}
		for _, f := range c.Fields {
			out = append(out, Difference{Menu: c.Item.Menu, Key: f.Key, Message: message(c.Item, f)})
		}
	}
	return out, nil
}

// message words one differing field; the known ones are named as an engineer would.
func message(it Item, f Field) string {
	switch it.Menu + " " + f.Key {
	case "/radius secret":
		return fmt.Sprintf("wrong secret on %s: the router's RADIUS secret is not the one linedesk has", it.What)
	case "/ppp/aaa accounting":
		return "accounting is off: linedesk sees no sessions or usage"
	case "/ppp/aaa use-radius":
		return "PPP does not use RADIUS"
	case "/ppp/aaa interim-update":
		return fmt.Sprintf("interim interval is %s, linedesk expects %s", orNone(f.Have), f.Want)
	case "/radius/incoming accept":
		return "CoA port closed: the router does not accept CoA or Disconnect from linedesk"
	case "/radius/incoming port":
		return fmt.Sprintf("CoA port is %s, linedesk sends to %s", orNone(f.Have), f.Want)
	case "/ip/service address":
		have := f.Have
		if have == "" {
			have = "anywhere"
		}
		return fmt.Sprintf("%s: allowed from %s, linedesk needs %s", it.What, have, f.Want)
	}
	return fmt.Sprintf("%s: %s is %s, linedesk needs %s", it.What, f.Key, orNone(f.Have), f.Want)
}

func orNone(s string) string {
	if s == "" {
		return "(not set)"
	}
	return s
}
