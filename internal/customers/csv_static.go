package customers

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/staticaddress"
	"github.com/linedesk/linedesk/internal/pools"
)

// The static_ip column of an import: each address is read as the dashboard reads it, and
// refused when the file gives it twice, when another customer has it, or when an open session
// holds it in a pool (each a row error: nothing is written). The addresses are claimed in the
// import's transaction through pools.ClaimStatic, the rule every other path goes through, so a
// concurrent change between validation and write still fails the whole import.

// checkStatics reads the static_ip cells of the valid rows into row.staticIP ("" clears it)
// and records the conflicts in res. A stored customer's row whose address changes is marked
// changed.
func checkStatics(ctx context.Context, c *ent.Client, rows []*importRow, res *ImportResult) error {
	first := map[string]int{}
	var addrs []string
	for _, row := range rows {
		v, ok := row.cells["static_ip"]
		if !ok || row.username == "" {
			continue
		}
		if v == "" {
			row.staticIP = &v
		} else if n, err := normalizeIP(v); err != nil {
			res.fail(row, "static_ip", "%s", messageOf(err))
			continue
		} else if l, dup := first[n]; dup {
			res.fail(row, "static_ip", "static address %s already appears on row %d", n, l)
			continue
		} else {
			first[n] = row.line
			row.staticIP = &n
			addrs = append(addrs, n)
		}
		if cur := row.existing; cur != nil && strp(cur.StaticIP) != *row.staticIP {
			row.changed = true
		}
	}
	held, err := staticHolders(ctx, c, addrs)
	if err != nil {
		return err
	}
	for _, row := range rows {
		if row.staticIP == nil || *row.staticIP == "" {
			continue
		}
		if h, ok := held[*row.staticIP]; ok && (row.existing == nil || h.customerID != row.existing.ID || h.pool != "") {
			res.fail(row, "static_ip", "%s", h.message(ctx, c, *row.staticIP))
		}
	}
	return nil
}

// holder is who holds an address: a customer as its static address, or an open session of a
// pool (pool set).
type holder struct {
	customerID int
	pool       string
}

func (h holder) message(ctx context.Context, c *ent.Client, addr string) string {
	name := fmt.Sprintf("customer %d", h.customerID)
	if cu, err := c.Customer.Query().Where(customer.ID(h.customerID)).Select(customer.FieldUsername, customer.FieldAccountNo).Only(ctx); err == nil {
		name = fmt.Sprintf("customer %s (account %s)", cu.Username, cu.AccountNo)
	}
	if h.pool != "" {
		return fmt.Sprintf("%s is given to an open session of %s (pool %s)", addr, name, h.pool)
	}
	return fmt.Sprintf("%s is already the static address of %s", addr, name)
}

// staticHolders finds who holds each of addrs, 1,000 addresses a query.
func staticHolders(ctx context.Context, c *ent.Client, addrs []string) (map[string]holder, error) {
	out := map[string]holder{}
	names := map[int]string{}
	for start := 0; start < len(addrs); start += 1000 {
		chunk := addrs[start:min(start+1000, len(addrs))]
		st, err := c.StaticAddress.Query().Where(staticaddress.AddressIn(chunk...)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading static addresses: %w", err)
		}
		for _, s := range st {
			out[s.Address] = holder{customerID: s.CustomerID}
		}
		given, err := c.IPAllocation.Query().Where(ipallocation.AddressIn(chunk...), ipallocation.KindEQ(ipallocation.KindSESSION)).All(ctx)
		if err != nil {
			return nil, fmt.Errorf("reading pool addresses: %w", err)
		}
		for _, g := range given {
			if _, ok := names[g.PoolID]; !ok {
				p, err := c.AddressPool.Query().Where(addresspool.ID(g.PoolID)).Only(ctx)
				if err != nil {
					return nil, fmt.Errorf("reading pool %d: %w", g.PoolID, err)
				}
				names[g.PoolID] = p.Name
			}
			out[g.Address] = holder{customerID: derefInt(g.CustomerID), pool: names[g.PoolID]}
		}
	}
	return out, nil
}

func derefInt(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// staticChange is the row's static address when it differs from the stored customer's (nil:
// unchanged or not in the file).
func (row *importRow) staticChange() *string {
	if row.staticIP == nil || (row.existing != nil && strp(row.existing.StaticIP) == *row.staticIP) {
		return nil
	}
	return row.staticIP
}

// claimCreatedStatics gives the new customers of rows (created, with their ids) the static
// addresses of their rows, in the import's transaction.
func claimCreatedStatics(ctx context.Context, c *ent.Client, rows []*importRow) error {
	for _, row := range rows {
		if row.staticIP == nil || *row.staticIP == "" {
			continue
		}
		if row.id == 0 {
			return rowErr(row.line, fmt.Errorf("customer %s was not created", row.username))
		}
		if err := c.Customer.UpdateOneID(row.id).SetStaticIP(*row.staticIP).Exec(ctx); err != nil {
			return rowErr(row.line, fmt.Errorf("setting the static address of %s: %w", row.username, err))
		}
		if err := pools.ClaimStatic(ctx, c, row.id, *row.staticIP); err != nil {
			return rowErr(row.line, err)
		}
	}
	return nil
}
