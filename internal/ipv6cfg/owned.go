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

// checkOwned checks what depends on the owner and on the stored rows: a plan's prefix pools
// (linedesk's IPv6 pools of fitting lengths, not together with a fixed prefix of the same
// kind), and a customer's fixed prefixes (no pools; no prefix another customer has or that
// overlaps one, nor one inside a pool linedesk hands prefixes out from).
func checkOwned(ctx context.Context, c *ent.Client, o owner, in Input, old, next Config) error {
	if o.customerID != 0 {
		if in.setsPools() {
			return invalid("framedPrefixPool", "prefix pools are chosen per plan, not per customer")
		}
		return checkCustomerPrefixes(ctx, c, o.customerID, old, next)
	}
	if next.FramedPrefixPoolID != 0 && next.FramedPrefix != "" {
		return invalid("framedPrefixPool", "a plan gives either a fixed Framed-IPv6-Prefix or one from a pool, not both")
	}
	if next.DelegatedPrefixPoolID != 0 && next.DelegatedPrefix != "" {
		return invalid("delegatedPrefixPool", "a plan gives either a fixed Delegated-IPv6-Prefix or one from a pool, not both")
	}
	if next.FramedPrefixPoolID != 0 && next.FramedPrefixPoolID == next.DelegatedPrefixPoolID {
		return invalid("delegatedPrefixPool", "the WAN and the delegated prefixes come from two different pools")
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
		return invalid(field, "pool %d does not exist", id)
	} else if err != nil {
		return fmt.Errorf("ipv6: reading pool %d: %w", id, err)
	}
	if p.Family != addresspool.FamilyIPV6 || p.PrefixLength == nil {
		return invalid(field, "pool %s is IPv4: prefixes come from an IPv6 pool", p.Name)
	}
	if n := *p.PrefixLength; n < minBits || n > maxBits {
		return invalid(field, "pool %s hands out /%d prefixes: this one needs /%d to /%d", p.Name, n, minBits, maxBits)
	}
	return nil
}

// checkCustomerPrefixes refuses a fixed prefix of customerID that another customer's fixed
// prefix equals or overlaps (a WAN /64 inside another's delegated /56 reaches the same
// hosts), or that lies in one of linedesk's IPv6 pools (a login could be given it). The
// refusal names the holder and carries a messageKey for the dashboard. Only changed prefixes
// are checked: two customers that shared one before the rule keep it until staff change one.
func checkCustomerPrefixes(ctx context.Context, c *ent.Client, customerID int, old, next Config) error {
	mine := map[string]netip.Prefix{}
	if p, err := netip.ParsePrefix(next.FramedPrefix); err == nil && next.FramedPrefix != old.FramedPrefix {
		mine["framedPrefix"] = p
	}
	if p, err := netip.ParsePrefix(next.DelegatedPrefix); err == nil && next.DelegatedPrefix != old.DelegatedPrefix {
		mine["delegatedPrefix"] = p
	}
	if len(mine) == 0 {
		return nil
	}
	others, err := c.IPv6Assignment.Query().Where(ipv6assignment.CustomerIDNotNil(), ipv6assignment.CustomerIDNEQ(customerID),
		ipv6assignment.Or(ipv6assignment.FramedPrefixNEQ(""), ipv6assignment.DelegatedPrefixNEQ(""))).All(ctx)
	if err != nil {
		return fmt.Errorf("ipv6: reading other customers' prefixes: %w", err)
	}
	for field, p := range mine {
		for _, r := range others {
			for _, v := range []string{r.FramedPrefix, r.DelegatedPrefix} {
				if q, err := netip.ParsePrefix(v); err == nil && q.Overlaps(p) {
					return prefixTaken(ctx, c, field, p, q, *r.CustomerID)
				}
			}
		}
	}
	return checkNotInPools(ctx, c, mine)
}

// prefixTaken is the refusal of prefix p of field, which q of customer holderID equals or
// overlaps.
func prefixTaken(ctx context.Context, c *ent.Client, field string, p, q netip.Prefix, holderID int) error {
	params := map[string]any{"prefix": p.String(), "other": q.String(), "username": "", "accountNo": ""}
	name := fmt.Sprintf("customer %d", holderID)
	if h, err := c.Customer.Query().Where(customer.ID(holderID)).Select(customer.FieldUsername, customer.FieldAccountNo).Only(ctx); err == nil {
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

// checkNotInPools refuses a fixed prefix inside one of linedesk's IPv6 pools.
func checkNotInPools(ctx context.Context, c *ent.Client, mine map[string]netip.Prefix) error {
	pools, err := c.AddressPool.Query().Where(addresspool.FamilyEQ(addresspool.FamilyIPV6)).All(ctx)
	if err != nil {
		return fmt.Errorf("ipv6: reading the pools: %w", err)
	}
	for field, p := range mine {
		for _, pl := range pools {
			if q, err := netip.ParsePrefix(pl.Ranges); err == nil && q.Overlaps(p) {
				return domain.Conflictf("ipv6."+field, "%s is in pool %s (%s), whose prefixes linedesk hands out at login", p, pl.Name, q).
					WithKey("customer.ipv6PrefixInPool", map[string]any{"prefix": p.String(), "pool": pl.Name, "range": q.String()})
			}
		}
	}
	return nil
}

// CheckCustomer reports whether in would change customer customerID's own IPv6 (0: a customer
// not yet created) and refuses, as SetCustomer would, a fixed prefix another customer has or
// overlaps, or one inside one of linedesk's IPv6 pools. For validating before writing (the
// CSV import); SetCustomer checks again in the writing transaction.
func CheckCustomer(ctx context.Context, c *ent.Client, customerID int, in Input) (bool, error) {
	if in.setsPools() {
		return false, invalid("framedPrefixPool", "prefix pools are chosen per plan, not per customer")
	}
	old := Config{}
	if customerID != 0 {
		var err error
		if old, err = Customer(ctx, c, customerID); err != nil {
			return false, err
		}
	}
	next := in.apply(old)
	if next == old {
		return false, nil
	}
	return true, checkCustomerPrefixes(ctx, c, customerID, old, next)
}
