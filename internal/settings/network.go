package settings

// InstanceAddresses is the setting listing linedesk's instances' addresses, which routers send
// RADIUS to and restrict their API service to.
const InstanceAddresses = "instance_addresses"

func init() {
	groups[InstanceAddresses] = GroupRADIUS
	Definitions = append(Definitions, Definition{InstanceAddresses, "",
		"the addresses routers reach linedesk's instances at (comma-separated, e.g. 192.0.2.10, 192.0.2.11): the router configuration sends RADIUS to each and lets only them use the router's API",
		false, func(s string) error {
			_, err := ParseSources(s)
			return err
		}})
}

// Addresses reads a comma-separated list of addresses (InstanceAddresses), as written.
func (v Values) Addresses(key string) []string {
	ps, _ := ParseSources(v[key])
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if p.IsSingleIP() {
			out = append(out, p.Addr().String())
		}
	}
	return out
}
