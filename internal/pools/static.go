package pools

import (
	"context"
	"fmt"
	"net/netip"

	"entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/staticaddress"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// ClaimStatic makes addr (normalised; "" for none) the static address of customerID, with
// c (the caller's transaction): the address is refused when another customer has it, or
// when it is in a pool and given to an open session there, naming who has it. Inside a pool
// it is marked used, so no session gets it. Every path that sets a static address
// (dashboard, GraphQL API, CSV import) goes through the customers service, which calls this.
func ClaimStatic(ctx context.Context, c *ent.Client, customerID int, addr string) error {
	if _, err := c.StaticAddress.Delete().Where(staticaddress.CustomerID(customerID)).Exec(ctx); err != nil {
		return fmt.Errorf("freeing the static address: %w", err)
	}
	_, err := c.IPAllocation.Delete().Where(ipallocation.CustomerID(customerID), ipallocation.KindEQ(ipallocation.KindSTATIC)).Exec(ctx)
	if err != nil {
		return fmt.Errorf("freeing the static address: %w", err)
	}
	if addr == "" {
		return nil
	}
	holder, err := c.StaticAddress.Query().Where(staticaddress.Address(addr)).Only(ctx)
	switch {
	case err == nil:
		name, params := who(ctx, c, holder.CustomerID)
		params["address"] = addr
		return domain.Conflictf("staticIp", "%s is already the static address of %s", addr, name).
			WithKey("customer.staticIpTaken", params)
	case !ent.IsNotFound(err):
		return fmt.Errorf("checking the static address: %w", err)
	}
	in, err := poolsHolding(ctx, c, addr)
	if err != nil {
		return err
	}
	for _, p := range in {
		held, err := c.IPAllocation.Query().Where(ipallocation.PoolID(p.ID), ipallocation.Address(addr)).Only(ctx)
		if err == nil {
			name, params := who(ctx, c, deref(held.CustomerID))
			params["address"], params["pool"] = addr, p.Name
			return domain.Conflictf("staticIp", "%s is given to an open session of %s (pool %s): choose another address, "+
				"or set it once that session has ended", addr, name, p.Name).WithKey("customer.staticIpInSession", params)
		} else if !ent.IsNotFound(err) {
			return fmt.Errorf("checking pool %s: %w", p.Name, err)
		}
	}
	err = c.StaticAddress.Create().SetAddress(addr).SetCustomerID(customerID).Exec(ctx)
	for _, p := range in {
		if err != nil {
			break
		}
		err = c.IPAllocation.Create().SetPoolID(p.ID).SetAddress(addr).SetKind(ipallocation.KindSTATIC).
			SetCustomerID(customerID).Exec(ctx)
	}
	if ent.IsConstraintError(err) {
		return domain.Conflictf("staticIp", "%s was given to someone else a moment ago: choose another address", addr).
			WithKey("customer.staticIpRace", map[string]any{"address": addr})
	} else if err != nil {
		return fmt.Errorf("giving the static address: %w", err)
	}
	return nil
}

// who names a customer for an error message (user name and account number), and gives them
// as the params of its messageKey.
func who(ctx context.Context, c *ent.Client, customerID int) (string, map[string]any) {
	params := map[string]any{"username": "", "accountNo": ""}
	cu, err := c.Customer.Query().Where(customer.ID(customerID)).Select(customer.FieldUsername, customer.FieldAccountNo).Only(ctx)
	if err != nil {
		return fmt.Sprintf("customer %d", customerID), params
	}
	params["username"], params["accountNo"] = cu.Username, cu.AccountNo
	return fmt.Sprintf("customer %s (account %s)", cu.Username, cu.AccountNo), params
}

// poolsHolding lists the IPv4 pools addr is in.
func poolsHolding(ctx context.Context, c *ent.Client, addr string) ([]*ent.AddressPool, error) {
	a, err := netip.ParseAddr(addr)
	if err != nil || !a.Is4() {
		return nil, nil
	}
	ps, err := c.AddressPool.Query().Where(addresspool.FamilyEQ(addresspool.FamilyIPV4)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the pools: %w", err)
	}
	var out []*ent.AddressPool
	for _, p := range ps {
		if rs, err := ParseRanges(p.Ranges); err == nil {
			if _, ok := Index(rs, a); ok {
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// markStatics marks used, in pool p, the static addresses of customers inside its ranges
// (an address already given there is left to its holder).
func markStatics(ctx context.Context, c *ent.Client, p *ent.AddressPool) error {
	if p.PrefixLength != nil {
		return nil
	}
	rs, err := ParseRanges(p.Ranges)
	if err != nil {
		return err
	}
	statics, err := c.StaticAddress.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("reading the static addresses: %w", err)
	}
	var add []*ent.IPAllocationCreate
	for _, st := range statics {
		if a, err := netip.ParseAddr(st.Address); err == nil {
			if _, ok := Index(rs, a); ok {
				add = append(add, c.IPAllocation.Create().SetPoolID(p.ID).SetAddress(st.Address).
					SetKind(ipallocation.KindSTATIC).SetCustomerID(st.CustomerID))
			}
		}
	}
	for start := 0; start < len(add); start += 500 {
		err := c.IPAllocation.CreateBulk(add[start:min(start+500, len(add))]...).OnConflict().DoNothing().Exec(ctx)
		if err != nil {
			return fmt.Errorf("marking static addresses in pool %s: %w", p.Name, err)
		}
	}
	return nil
}

// Conflict is a customer whose static address another customer holds: they shared it before
// addresses were unique (the migration keeps the first and reports the rest).
type Conflict struct {
	Address          string
	Customer, Holder *ent.Customer
}

// StaticConflicts lists the customers sharing a static address with another (dashboard and
// the log at start), until staff give one of them another address.
func (s *Service) StaticConflicts(ctx context.Context) ([]*Conflict, error) {
	c := store.Reader(ctx, s.st.Client)
	dups, err := c.Customer.Query().Where(customer.StaticIPNotNil(), customer.StaticIPNEQ(""), func(sel *sql.Selector) {
		t := sql.Table(staticaddress.Table)
		sel.Where(sql.Not(sql.Exists(sql.Select(t.C(staticaddress.FieldID)).From(t).Where(sql.And(
			sql.ColumnsEQ(t.C(staticaddress.FieldCustomerID), sel.C(customer.FieldID)),
			sql.ColumnsEQ(t.C(staticaddress.FieldAddress), sel.C(customer.FieldStaticIP)))))))
	}).Order(ent.Asc(customer.FieldStaticIP), ent.Asc(customer.FieldID)).Limit(1000).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading shared static addresses: %w", err)
	}
	out := make([]*Conflict, 0, len(dups))
	for _, d := range dups {
		cf := &Conflict{Address: *d.StaticIP, Customer: d}
		if h, err := c.StaticAddress.Query().Where(staticaddress.Address(*d.StaticIP)).Only(ctx); err == nil {
			cf.Holder, _ = c.Customer.Get(ctx, h.CustomerID)
		}
		out = append(out, cf)
	}
	return out, nil
}
