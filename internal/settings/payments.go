package settings

import (
	"fmt"
	"net/netip"
	"strings"
)

// MpesaCallbackSources is the setting naming the addresses M-Pesa's callbacks may come from.
const MpesaCallbackSources = "mpesa_callback_sources"

func init() {
	Definitions = append(Definitions, Definition{MpesaCallbackSources, "",
		"addresses or networks (comma-separated, e.g. 196.201.214.0/24) from which M-Pesa callbacks are accepted; empty accepts any source (the secret token in the callback URL still applies)",
		false, func(s string) error {
			_, err := ParseSources(s)
			return err
		}})
}

// ParseSources reads a comma-separated list of IP addresses and CIDR networks.
func ParseSources(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("must be IP addresses or networks separated by commas, e.g. 196.201.214.200, 196.201.213.0/24 (%q is neither)", f)
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
