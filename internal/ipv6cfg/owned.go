package ipv6cfg

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
)

// checkOwned checks what depends on the owner and on the stored rows: a plan's prefix pools
// (linedesk's IPv6 pools of fitting lengths, not together with a fixed prefix of the same
// kind), and a customer's fixed prefixes (no pools; no prefix another customer has or that
// overlaps one, nor one inside a pool linedesk hands prefixes out from).
func checkOwned(ctx context.Context, c *ent.Client, idx *Index, o owner, in Input, old, next Config) error {
	if o.customerID != 0 {
		if in.setsPools() {
			return invalid("framedPrefixPool", "ipv6.poolPerPlan", nil, "prefix pools are chosen per plan, not per customer")
		}
		return checkCustomerPrefixes(ctx, c, idx, o.customerID, old, next)
	}
	if next.FramedPrefixPoolID != 0 && next.FramedPrefix != "" {
		return invalid("framedPrefixPool", "ipv6.fixedOrPool", map[string]any{"attribute": "Framed-IPv6-Prefix"},
			"a plan gives either a fixed Framed-IPv6-Prefix or one from a pool, not both")
	}
	if next.DelegatedPrefixPoolID != 0 && next.DelegatedPrefix != "" {
		return invalid("delegatedPrefixPool", "ipv6.fixedOrPool", map[string]any{"attribute": "Delegated-IPv6-Prefix"},
			"a plan gives either a fixed Delegated-IPv6-Prefix or one from a pool, not both")
	}
	if next.FramedPrefixPoolID != 0 && next.FramedPrefixPoolID == next.DelegatedPrefixPoolID {
		return invalid("delegatedPrefixPool", "ipv6.twoPools", nil, "the WAN and the delegated prefixes come from two different pools")
	}
	if err := checkPrefixPool(ctx, c, "framedPrefixPool", next.FramedPrefixPoolID, FramedMinBits, FramedMaxBits); err != nil {
		return err
	}
	return checkPrefixPool(ctx, c, "delegatedPrefixPool", next.DelegatedPrefixPoolID, DelegatedMinBits, DelegatedMaxBits)
}

// checkPrefixPool refuses a pool that does not exist, is IPv4, or hands out prefixes of a
// length outside minBits–maxBits.
func checkPrefixPool(ctx context.Context, c *ent.Client, field string, id, minBits, maxBits int) error {
	if id == 0 {
		return nil
	}
	p, err := c.AddressPool.Get(ctx, id)
	if ent.IsNotFound(err) {
		return invalid(field, "pool.notFound", nil, "pool %d does not exist", id)
	} else if err != nil {
		return fmt.Errorf("ipv6: reading pool %d: %w", id, err)
	}
	if p.Family != addresspool.FamilyIPV6 || p.PrefixLength == nil {
		return invalid(field, "ipv6.poolIsIPv4", map[string]any{"name": p.Name}, "pool %s is IPv4: prefixes come from an IPv6 pool", p.Name)
	}
	if n := *p.PrefixLength; n < minBits || n > maxBits {
		return invalid(field, "ipv6.poolPrefixLength", map[string]any{"name": p.Name, "bits": n, "min": minBits, "max": maxBits},
			"pool %s hands out /%d prefixes: this one needs /%d to /%d", p.Name, n, minBits, maxBits)
	}
	return nil
}

// checkCustomerPrefixes refuses a fixed prefix of customerID that another customer's fixed
// prefix equals or overlaps (a WAN /64 inside another's delegated /56 reaches the same
// hosts), or that lies in one of linedesk's IPv6 pools (a login could be given it). The
// refusal names the holder and carries a messageKey for the dashboard. Only changed prefixes
// are checked: two customers that shared one before the rule keep it until staff change one.
// idx, when not nil, is used (and kept up to date) instead of reading every prefix.
func checkCustomerPrefixes(ctx context.Context, c *ent.Client, idx *Index, customerID int, old, next Config) error {
	if next.FramedPrefix == old.FramedPrefix && next.DelegatedPrefix == old.DelegatedPrefix {
		return nil
	}
	if idx == nil {
		var err error
		if idx, err = LoadIndex(ctx, c); err != nil {
			return err
		}
	}
	if err := idx.Check(ctx, c, customerID, old, next); err != nil {
		return err
	}
	idx.Set(customerID, old, next)
	return nil
}

// CheckCustomer reports whether in changes old, the IPv6 of holder (a customer id, or -line
// for a row of an import file not yet created), and refuses, as SetCustomer would, a fixed
// prefix another holder in idx has or overlaps, or one inside one of linedesk's IPv6 pools.
// An accepted change is recorded in idx, so the next rows are checked against it. For
// validating before writing (the CSV import); SetCustomerIndexed checks again when writing.
func CheckCustomer(ctx context.Context, c *ent.Client, idx *Index, holder int, old Config, in Input) (bool, error) {
	if in.setsPools() {
		return false, invalid("framedPrefixPool", "ipv6.poolPerPlan", nil, "prefix pools are chosen per plan, not per customer")
	}
	next := in.apply(old)
	if next == old {
		return false, nil
	}
	return true, checkCustomerPrefixes(ctx, c, idx, holder, old, next)
}
