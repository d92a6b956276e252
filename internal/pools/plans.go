package pools

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/ipv6assignment"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Plans lists, by name, the plans that hand out pool id's addresses (IPv4 pool mode) or
// prefixes (a plan's IPv6 prefix pools).
func (s *Service) Plans(ctx context.Context, id int) ([]*ent.Profile, error) {
	c := store.Reader(ctx, s.st.Client)
	v6, err := c.IPv6Assignment.Query().Where(ipv6assignment.ProfileIDNotNil(),
		ipv6assignment.Or(ipv6assignment.FramedPoolID(id), ipv6assignment.DelegatedPoolID(id))).
		Select(ipv6assignment.FieldProfileID).Ints(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the plans of pool %d: %w", id, err)
	}
	out, err := c.Profile.Query().Where(profile.Or(profile.AddressPoolID(id), profile.IDIn(v6...))).
		Order(ent.Asc(profile.FieldName)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the plans of pool %d: %w", id, err)
	}
	return out, nil
}

// checkFixedPrefixes refuses an IPv6 pool overlapping a customer's fixed prefix: linedesk
// could hand that prefix to another customer's session (ipv6cfg refuses the converse).
func checkFixedPrefixes(ctx context.Context, c *ent.Client, base string) error {
	b, err := netip.ParsePrefix(base)
	if err != nil {
		return nil // checkRanges has refused it
	}
	rows, err := c.IPv6Assignment.Query().Where(ipv6assignment.CustomerIDNotNil(),
		ipv6assignment.Or(ipv6assignment.FramedPrefixNEQ(""), ipv6assignment.DelegatedPrefixNEQ(""))).All(ctx)
	if err != nil {
		return fmt.Errorf("reading the customers' IPv6 prefixes: %w", err)
	}
	for _, r := range rows {
		for _, v := range []string{r.FramedPrefix, r.DelegatedPrefix} {
			if q, err := netip.ParsePrefix(v); err == nil && q.Overlaps(b) {
				name := fmt.Sprintf("customer %d", *r.CustomerID)
				if cu, err := c.Customer.Query().Where(customer.ID(*r.CustomerID)).Only(ctx); err == nil {
					name = fmt.Sprintf("customer %s (account %s)", cu.Username, cu.AccountNo)
				}
				return domain.Invalidf("ranges", "%s includes %s, the fixed IPv6 prefix of %s", base, q, name).
					WithKey("pool.fixedPrefixInside", map[string]any{"range": base, "prefix": q.String(), "customer": name})
			}
		}
	}
	return nil
}
