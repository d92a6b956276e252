// Package ipv6cfg keeps the IPv6 a plan or a customer is given at login (issue 18):
// Framed-IPv6-Prefix (RFC 3162) and Delegated-IPv6-Prefix (RFC 4818) when linedesk hands out
// fixed prefixes, and the names of the router's own pools (Framed-IPv6-Pool; for delegation
// RFC 6911's Delegated-IPv6-Prefix-Pool and MikroTik's Mikrotik-Delegated-IPv6-Pool). A
// customer's value overrides the plan's, field by field. The rows live in ipv6_assignments
// (one per plan or customer) and are written inside the plan's or the customer's transaction,
// so RADIUS on every instance reloads them with the plan or the customer.
package ipv6cfg

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/ipv6assignment"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Config is the IPv6 of a plan or a customer; empty fields are unset.
type Config struct {
	FramedPrefix    string
	DelegatedPrefix string
	FramedPool      string
	DelegatedPool   string
	// Plans only: linedesk's IPv6 pools (address_pools) the login's own Framed-IPv6-Prefix
	// and Delegated-IPv6-Prefix are handed out from (0: none).
	FramedPrefixPoolID    int
	DelegatedPrefixPoolID int
}

// IsZero reports whether nothing is set.
func (c Config) IsZero() bool { return c == Config{} }

// Over is c with every empty field taken from plan: a customer's values override the plan's.
func (c Config) Over(plan Config) Config {
	pick := func(own, inherited string) string {
		if own != "" {
			return own
		}
		return inherited
	}
	out := Config{
		FramedPrefix: pick(c.FramedPrefix, plan.FramedPrefix), DelegatedPrefix: pick(c.DelegatedPrefix, plan.DelegatedPrefix),
		FramedPool: pick(c.FramedPool, plan.FramedPool), DelegatedPool: pick(c.DelegatedPool, plan.DelegatedPool),
		FramedPrefixPoolID: plan.FramedPrefixPoolID, DelegatedPrefixPoolID: plan.DelegatedPrefixPoolID,
	}
	// A customer's own fixed prefix replaces the one the plan's pool would give.
	if c.FramedPrefix != "" {
		out.FramedPrefixPoolID = 0
	}
	if c.DelegatedPrefix != "" {
		out.DelegatedPrefixPoolID = 0
	}
	return out
}

// Input changes a Config (GraphQL's IPv6Input): a nil field stays as it is, an empty string
// clears it.
type Input struct {
	FramedPrefix    *string
	DelegatedPrefix *string
	FramedPool      *string
	DelegatedPool   *string
	// Plans only: linedesk's IPv6 pools to hand prefixes out from; Clear… unsets them.
	FramedPrefixPoolID       *int
	DelegatedPrefixPoolID    *int
	ClearFramedPrefixPool    bool
	ClearDelegatedPrefixPool bool
}

// setsPools reports whether in names or clears a prefix pool (plans only).
func (in Input) setsPools() bool {
	return in.FramedPrefixPoolID != nil || in.DelegatedPrefixPoolID != nil || in.ClearFramedPrefixPool || in.ClearDelegatedPrefixPool
}

// apply returns c changed by in (values trimmed; prefixes in canonical form, already checked).
func (in Input) apply(c Config) Config {
	set := func(dst *string, v *string, prefix bool) {
		if v == nil {
			return
		}
		s := strings.TrimSpace(*v)
		if p, err := netip.ParsePrefix(s); prefix && err == nil {
			s = p.String()
		}
		*dst = s
	}
	set(&c.FramedPrefix, in.FramedPrefix, true)
	set(&c.DelegatedPrefix, in.DelegatedPrefix, true)
	set(&c.FramedPool, in.FramedPool, false)
	set(&c.DelegatedPool, in.DelegatedPool, false)
	setID := func(dst *int, v *int, clear bool) {
		if clear {
			*dst = 0
		} else if v != nil {
			*dst = *v
		}
	}
	setID(&c.FramedPrefixPoolID, in.FramedPrefixPoolID, in.ClearFramedPrefixPool)
	setID(&c.DelegatedPrefixPoolID, in.DelegatedPrefixPoolID, in.ClearDelegatedPrefixPool)
	return c
}

// owner is the plan or the customer a row belongs to.
type owner struct {
	profileID, customerID int
}

func (o owner) where() predicate.IPv6Assignment {
	if o.profileID != 0 {
		return ipv6assignment.ProfileID(o.profileID)
	}
	return ipv6assignment.CustomerID(o.customerID)
}

func (o owner) entity() (string, int) {
	if o.profileID != 0 {
		return store.EntityProfile, o.profileID
	}
	return store.EntityCustomer, o.customerID
}

// SetProfile applies in (checked with Check first) to plan profileID through c, the plan's
// transaction, and returns the audit entry of the change (nil when nothing changed; a nil in
// changes nothing).
func SetProfile(ctx context.Context, c *ent.Client, profileID int, in *Input) (map[string]any, error) {
	return set(ctx, c, nil, owner{profileID: profileID}, in)
}

// SetCustomer is SetProfile for customer customerID's own values.
func SetCustomer(ctx context.Context, c *ent.Client, customerID int, in *Input) (map[string]any, error) {
	return set(ctx, c, nil, owner{customerID: customerID}, in)
}

// SetCustomerIndexed is SetCustomer checking the prefixes against idx (loaded through c, the
// same transaction, and kept up to date), for writing many customers (the CSV import).
func SetCustomerIndexed(ctx context.Context, c *ent.Client, idx *Index, customerID int, in *Input) (map[string]any, error) {
	return set(ctx, c, idx, owner{customerID: customerID}, in)
}

func set(ctx context.Context, c *ent.Client, idx *Index, o owner, in *Input) (map[string]any, error) {
	if in == nil {
		return nil, nil
	}
	row, err := c.IPv6Assignment.Query().Where(o.where()).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("ipv6: reading: %w", err)
	}
	old := configOf(row)
	next := in.apply(old)
	if next == old {
		return nil, nil
	}
	if err := checkOwned(ctx, c, idx, o, *in, old, next); err != nil {
		return nil, err
	}
	switch {
	case next.IsZero():
		_, err = c.IPv6Assignment.Delete().Where(ipv6assignment.ID(row.ID)).Exec(ctx)
	case row == nil:
		cr := c.IPv6Assignment.Create()
		if o.profileID != 0 {
			cr.SetProfileID(o.profileID)
		} else {
			cr.SetCustomerID(o.customerID)
		}
		err = cr.SetFramedPrefix(next.FramedPrefix).SetDelegatedPrefix(next.DelegatedPrefix).
			SetFramedPool(next.FramedPool).SetDelegatedPool(next.DelegatedPool).
			SetNillableFramedPoolID(idOrNil(next.FramedPrefixPoolID)).
			SetNillableDelegatedPoolID(idOrNil(next.DelegatedPrefixPoolID)).Exec(ctx)
	default:
		up := row.Update().SetFramedPrefix(next.FramedPrefix).SetDelegatedPrefix(next.DelegatedPrefix).
			SetFramedPool(next.FramedPool).SetDelegatedPool(next.DelegatedPool).
			SetNillableFramedPoolID(idOrNil(next.FramedPrefixPoolID)).
			SetNillableDelegatedPoolID(idOrNil(next.DelegatedPrefixPoolID))
		if next.FramedPrefixPoolID == 0 {
			up.ClearFramedPoolID()
		}
		if next.DelegatedPrefixPoolID == 0 {
			up.ClearDelegatedPoolID()
		}
		err = up.Exec(ctx)
	}
	if err != nil {
		return nil, fmt.Errorf("ipv6: saving: %w", err)
	}
	entity, id := o.entity()
	if err := store.RecordChanges(ctx, c, entity, "update", []int{id}); err != nil {
		return nil, err
	}
	return map[string]any{"ipv6": audit.Change{From: old, To: next}}, nil
}

func configOf(r *ent.IPv6Assignment) Config {
	if r == nil {
		return Config{}
	}
	return Config{FramedPrefix: r.FramedPrefix, DelegatedPrefix: r.DelegatedPrefix, FramedPool: r.FramedPool, DelegatedPool: r.DelegatedPool,
		FramedPrefixPoolID: deref(r.FramedPoolID), DelegatedPrefixPoolID: deref(r.DelegatedPoolID)}
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func idOrNil(id int) *int {
	if id == 0 {
		return nil
	}
	return &id
}

// Profile returns plan profileID's IPv6.
func Profile(ctx context.Context, c *ent.Client, profileID int) (Config, error) {
	return one(ctx, c, owner{profileID: profileID})
}

// Customer returns customer customerID's own IPv6 (without the plan's).
func Customer(ctx context.Context, c *ent.Client, customerID int) (Config, error) {
	return one(ctx, c, owner{customerID: customerID})
}

func one(ctx context.Context, c *ent.Client, o owner) (Config, error) {
	row, err := c.IPv6Assignment.Query().Where(o.where()).Only(ctx)
	if ent.IsNotFound(err) {
		return Config{}, nil
	}
	if err != nil {
		return Config{}, fmt.Errorf("ipv6: reading: %w", err)
	}
	return configOf(row), nil
}

// Profiles returns every plan's IPv6, by plan id (a small table: read whole by RADIUS).
func Profiles(ctx context.Context, c *ent.Client) (map[int]Config, error) {
	rows, err := c.IPv6Assignment.Query().Where(ipv6assignment.ProfileIDNotNil()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("ipv6: loading plans: %w", err)
	}
	out := make(map[int]Config, len(rows))
	for _, r := range rows {
		out[*r.ProfileID] = configOf(r)
	}
	return out, nil
}

// Customers returns the IPv6 of the given customers that have one, by customer id; every
// customer's when ids is nil.
func Customers(ctx context.Context, c *ent.Client, ids []int) (map[int]Config, error) {
	out := map[int]Config{}
	read := func(preds ...predicate.IPv6Assignment) error {
		q := c.IPv6Assignment.Query().Where(ipv6assignment.CustomerIDNotNil()).Where(preds...)
		rows, err := q.All(ctx)
		if err != nil {
			return fmt.Errorf("ipv6: loading customers: %w", err)
		}
		for _, r := range rows {
			out[*r.CustomerID] = configOf(r)
		}
		return nil
	}
	if ids == nil {
		return out, read()
	}
	for start := 0; start < len(ids); start += 1000 {
		if err := read(ipv6assignment.CustomerIDIn(ids[start:min(start+1000, len(ids))]...)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// invalid is the error of a field of the input, with its translation key and parameters
// (frontend/shared/i18n/errors: ipv6.*).
func invalid(field, key string, params map[string]any, format string, args ...any) error {
	return domain.Invalidf("ipv6."+field, format, args...).WithKey(key, params)
}

// InEffect returns what a login of customer customerID on plan profileID gets: the
// customer's values over the plan's.
func InEffect(ctx context.Context, c *ent.Client, customerID, profileID int) (Config, error) {
	own, err := Customer(ctx, c, customerID)
	if err != nil {
		return Config{}, err
	}
	plan, err := Profile(ctx, c, profileID)
	if err != nil {
		return Config{}, err
	}
	return own.Over(plan), nil
}
