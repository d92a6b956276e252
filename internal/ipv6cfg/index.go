package ipv6cfg

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/ipv6assignment"
	"github.com/linedesk/linedesk/internal/domain"
)

// Index holds the customers' fixed prefixes and linedesk's IPv6 pools in memory, so that a
// prefix is checked against all of them in at most 129 map lookups: at holds each prefix under
// itself, inside under each of its shorter supernets. Two prefixes overlap when one contains
// the other: a supernet of the new one is at some stored prefix, or the new one is a supernet
// of a stored one. Holders are customer ids; a negative holder is a row of an import file
// (-line), so a file's rows are checked against each other and the stored customers at once.
type Index struct {
	at, inside map[netip.Prefix][]int
	pools      []*ent.AddressPool
}

// LoadIndex reads every customer's fixed prefixes and linedesk's IPv6 pools through c.
func LoadIndex(ctx context.Context, c *ent.Client) (*Index, error) {
	x := &Index{at: map[netip.Prefix][]int{}, inside: map[netip.Prefix][]int{}}
	rows, err := c.IPv6Assignment.Query().Where(ipv6assignment.CustomerIDNotNil(),
		ipv6assignment.Or(ipv6assignment.FramedPrefixNEQ(""), ipv6assignment.DelegatedPrefixNEQ(""))).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("ipv6: reading the customers' prefixes: %w", err)
	}
	for _, r := range rows {
		x.Set(*r.CustomerID, Config{}, configOf(r))
	}
	if x.pools, err = c.AddressPool.Query().Where(addresspool.FamilyEQ(addresspool.FamilyIPV6)).All(ctx); err != nil {
		return nil, fmt.Errorf("ipv6: reading the pools: %w", err)
	}
	return x, nil
}

// Set records that holder's prefixes changed from old to next.
func (x *Index) Set(holder int, old, next Config) {
	for _, v := range []string{old.FramedPrefix, old.DelegatedPrefix} {
		if p, err := netip.ParsePrefix(v); err == nil {
			x.walk(p, func(m map[netip.Prefix][]int, k netip.Prefix) { m[k] = without(m[k], holder) })
		}
	}
	for _, v := range []string{next.FramedPrefix, next.DelegatedPrefix} {
		if p, err := netip.ParsePrefix(v); err == nil {
			x.walk(p, func(m map[netip.Prefix][]int, k netip.Prefix) { m[k] = append(m[k], holder) })
		}
	}
}

// walk calls f with p in at, and with each of p's shorter supernets in inside.
func (x *Index) walk(p netip.Prefix, f func(map[netip.Prefix][]int, netip.Prefix)) {
	f(x.at, p)
	for bits := p.Bits() - 1; bits >= 0; bits-- {
		q, _ := p.Addr().Prefix(bits)
		f(x.inside, q)
	}
}

func without(list []int, v int) []int {
	for i, h := range list {
		if h == v {
			return append(list[:i:i], list[i+1:]...)
		}
	}
	return list
}

// clash is another holder of a prefix equal to or overlapping p, and that prefix; holder 0
// when there is none.
func (x *Index) clash(holder int, p netip.Prefix) (int, netip.Prefix) {
	for bits := p.Bits(); bits >= 0; bits-- {
		q, _ := p.Addr().Prefix(bits)
		for _, h := range x.at[q] {
			if h != holder {
				return h, q
			}
		}
	}
	for _, h := range x.inside[p] {
		if h != holder {
			return h, x.find(h, p)
		}
	}
	return 0, netip.Prefix{}
}

// find is the prefix of holder inside p (for the message).
func (x *Index) find(holder int, p netip.Prefix) netip.Prefix {
	for q, hs := range x.at {
		if q.Bits() > p.Bits() && p.Contains(q.Addr()) {
			for _, h := range hs {
				if h == holder {
					return q
				}
			}
		}
	}
	return p
}

// Check refuses next's changed fixed prefixes (against old) that another holder's prefix
// equals or overlaps, or that lie in one of linedesk's IPv6 pools; see checkCustomerPrefixes.
func (x *Index) Check(ctx context.Context, c *ent.Client, holder int, old, next Config) error {
	for _, f := range []struct{ field, v, was string }{
		{"framedPrefix", next.FramedPrefix, old.FramedPrefix}, {"delegatedPrefix", next.DelegatedPrefix, old.DelegatedPrefix},
	} {
		p, err := netip.ParsePrefix(f.v)
		if err != nil || f.v == f.was {
			continue
		}
		if h, q := x.clash(holder, p); h != 0 {
			return prefixTaken(ctx, c, f.field, p, q, h)
		}
		for _, pl := range x.pools {
			if q, err := netip.ParsePrefix(pl.Ranges); err == nil && q.Overlaps(p) {
				return domain.Conflictf("ipv6."+f.field, "%s is in pool %s (%s), whose prefixes linedesk hands out at login", p, pl.Name, q).
					WithKey("customer.ipv6PrefixInPool", map[string]any{"prefix": p.String(), "pool": pl.Name, "range": q.String()})
			}
		}
	}
	return nil
}

// prefixTaken is the refusal of prefix p of field, which q of holder equals or overlaps.
func prefixTaken(ctx context.Context, c *ent.Client, field string, p, q netip.Prefix, holder int) error {
	params := map[string]any{"prefix": p.String(), "other": q.String(), "username": "", "accountNo": "", "row": 0}
	if holder < 0 {
		params["row"] = -holder
		return domain.Conflictf("ipv6."+field, "%s already appears on row %d, or overlaps %s there", p, -holder, q).
			WithKey("customer.ipv6PrefixInFile", params)
	}
	name := fmt.Sprintf("customer %d", holder)
	if h, err := c.Customer.Query().Where(customer.ID(holder)).Select(customer.FieldUsername, customer.FieldAccountNo).Only(ctx); err == nil {
		params["username"], params["accountNo"] = h.Username, h.AccountNo
		name = fmt.Sprintf("customer %s (account %s)", h.Username, h.AccountNo)
	}
	if p == q {
		return domain.Conflictf("ipv6."+field, "%s is already the IPv6 prefix of %s", p, name).
			WithKey("customer.ipv6PrefixTaken", params)
	}
	return domain.Conflictf("ipv6."+field, "%s overlaps %s, the IPv6 prefix of %s", p, q, name).
		WithKey("customer.ipv6PrefixOverlaps", params)
}
