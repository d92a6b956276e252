package pools

import (
	"context"
	"fmt"
	"net/netip"
	"regexp"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/ent/ipv6assignment"
	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Service keeps the pools (create, change, delete, usage), the static addresses of customers
// and, through its Allocator, the addresses given to sessions.
type Service struct {
	st    *store.Store
	alloc *Allocator
}

// New returns the service over st.
func New(st *store.Store) *Service {
	return &Service{st: st, alloc: NewAllocator(st.DB, st.Dialect)}
}

// Allocator is the service's allocator of session addresses.
func (s *Service) Allocator() *Allocator { return s.alloc }

// PoolInput is a new pool, or the change of one (nil fields stay as they are).
type PoolInput struct {
	Name         *string
	Ranges       *string // IPv4 addresses, first-last runs and CIDRs; or one IPv6 prefix
	PrefixLength *int    // IPv6: the length handed out (only when creating)
	NasID        *int    // the router it serves
	Shared       bool    // clears NasID (update)
}

// Pool is a pool with its use.
type Pool struct {
	*ent.AddressPool
	Size, Used, Static, Free int64
}

// nameRe is a pool name as RouterOS writes one in /ip pool without quoting.
var nameRe = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$`)

func checkName(v string) (string, error) {
	v = strings.TrimSpace(v)
	if !nameRe.MatchString(v) {
		return "", domain.Invalidf("name", "%q is not a pool name as RouterOS writes one: letters, digits, '.', '_' and '-', "+
			"starting with a letter or digit, at most 64 (e.g. pppoe-pool)", v).WithKey("pool.badName", map[string]any{"name": v})
	}
	return v, nil
}

// Create checks in and adds a pool; static addresses of customers inside it are marked used.
func (s *Service) Create(ctx context.Context, in PoolInput) (*Pool, error) {
	if in.Name == nil || in.Ranges == nil {
		return nil, domain.Invalidf("name", "a pool needs a name and ranges").WithKey("pool.needsNameAndRanges", nil)
	}
	name, err := checkName(*in.Name)
	if err != nil {
		return nil, err
	}
	ranges, family, err := checkRanges(*in.Ranges, in.PrefixLength)
	if err != nil {
		return nil, err
	}
	var p *ent.AddressPool
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := checkScope(ctx, c, 0, name, ranges, in.PrefixLength, in.NasID); err != nil {
			return err
		}
		p, err = c.AddressPool.Create().SetName(name).SetRanges(ranges).SetFamily(family).
			SetNillablePrefixLength(in.PrefixLength).SetNillableNasID(in.NasID).Save(ctx)
		if err != nil {
			return fmt.Errorf("creating pool %s: %w", name, err)
		}
		if err := markStatics(ctx, c, p); err != nil {
			return err
		}
		return audit.Write(ctx, c, "createPool", "pool", p.ID, map[string]any{"name": name, "ranges": ranges})
	})
	if err != nil {
		return nil, err
	}
	return s.usageOf(ctx, store.Unwrap(ctx, p))
}

// Update changes pool id. Its ranges may not leave out an address given to an open session.
func (s *Service) Update(ctx context.Context, id int, in PoolInput) (*Pool, error) {
	var p *ent.AddressPool
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		name, ranges, nasID := cur.Name, cur.Ranges, cur.NasID
		if in.Name != nil {
			if name, err = checkName(*in.Name); err != nil {
				return err
			}
		}
		if in.Ranges != nil {
			if ranges, _, err = checkRanges(*in.Ranges, cur.PrefixLength); err != nil {
				return err
			}
		}
		if in.NasID != nil {
			nasID = in.NasID
		} else if in.Shared {
			nasID = nil
		}
		if err := checkScope(ctx, c, id, name, ranges, cur.PrefixLength, nasID); err != nil {
			return err
		}
		up := c.AddressPool.UpdateOneID(id).SetName(name).SetRanges(ranges)
		if nasID == nil {
			up.ClearNasID()
		} else {
			up.SetNasID(*nasID)
		}
		if p, err = up.Save(ctx); err != nil {
			return fmt.Errorf("changing pool %s: %w", cur.Name, err)
		}
		if ranges != cur.Ranges {
			if err := s.keepGiven(ctx, c, p); err != nil {
				return err
			}
			if err := markStatics(ctx, c, p); err != nil {
				return err
			}
		}
		return audit.Write(ctx, c, "updatePool", "pool", id, map[string]any{"name": name, "ranges": ranges})
	})
	if err != nil {
		return nil, err
	}
	return s.usageOf(ctx, store.Unwrap(ctx, p))
}

// Delete removes pool id, unless a plan assigns from it or an open session holds one of its
// addresses.
func (s *Service) Delete(ctx context.Context, id int) (int, error) {
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		p, err := get(ctx, c, id)
		if err != nil {
			return err
		}
		plans, err := c.Profile.Query().Where(profile.AddressPoolID(id)).Select(profile.FieldName).Strings(ctx)
		if err != nil {
			return fmt.Errorf("reading the plans of pool %s: %w", p.Name, err)
		}
		if len(plans) > 0 {
			return domain.Refusedf("pool %s is the address pool of plan %s: choose another pool for it first",
				p.Name, strings.Join(plans, ", ")).WithKey("pool.addressPoolInUse", map[string]any{"name": p.Name, "plans": strings.Join(plans, ", ")})
		}
		if err := notPrefixPool(ctx, c, p); err != nil {
			return err
		}
		n, err := c.IPAllocation.Query().Where(ipallocation.PoolID(id), ipallocation.KindEQ(ipallocation.KindSESSION)).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting pool %s's sessions: %w", p.Name, err)
		}
		if n > 0 {
			return domain.Refusedf("pool %s has %d addresses given to open sessions", p.Name, n).
				WithKey("pool.sessionsHold", map[string]any{"name": p.Name, "addresses": n})
		}
		if _, err := c.IPAllocation.Delete().Where(ipallocation.PoolID(id)).Exec(ctx); err != nil {
			return fmt.Errorf("deleting pool %s: %w", p.Name, err)
		}
		if err := c.AddressPool.DeleteOneID(id).Exec(ctx); err != nil {
			return fmt.Errorf("deleting pool %s: %w", p.Name, err)
		}
		return audit.Write(ctx, c, "deletePool", "pool", id, map[string]any{"name": p.Name})
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// notPrefixPool refuses to delete pool p while a plan hands out IPv6 prefixes from it.
func notPrefixPool(ctx context.Context, c *ent.Client, p *ent.AddressPool) error {
	ids, err := c.IPv6Assignment.Query().Where(ipv6assignment.ProfileIDNotNil(),
		ipv6assignment.Or(ipv6assignment.FramedPoolID(p.ID), ipv6assignment.DelegatedPoolID(p.ID))).
		Select(ipv6assignment.FieldProfileID).Ints(ctx)
	if err != nil {
		return fmt.Errorf("reading the plans of pool %s: %w", p.Name, err)
	}
	if len(ids) == 0 {
		return nil
	}
	plans, err := c.Profile.Query().Where(profile.IDIn(ids...)).Select(profile.FieldName).Strings(ctx)
	if err != nil {
		return fmt.Errorf("reading the plans of pool %s: %w", p.Name, err)
	}
	return domain.Refusedf("pool %s is the IPv6 prefix pool of plan %s: choose another pool for it first",
		p.Name, strings.Join(plans, ", ")).WithKey("pool.prefixPoolInUse", map[string]any{"name": p.Name, "plans": strings.Join(plans, ", ")})
}

func get(ctx context.Context, c *ent.Client, id int) (*ent.AddressPool, error) {
	p, err := c.AddressPool.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, domain.NotFoundf("pool").Because(err).WithKey("pool.notFound", nil)
	} else if err != nil {
		return nil, fmt.Errorf("reading pool %d: %w", id, err)
	}
	return p, nil
}

// checkRanges reads ranges (IPv4) or an IPv6 prefix cut into prefixLen, and returns them
// written in one form.
func checkRanges(ranges string, prefixLen *int) (string, addresspool.Family, error) {
	ranges = strings.Join(strings.Fields(ranges), "")
	if prefixLen != nil {
		if _, err := ParsePrefixes(ranges, *prefixLen); err != nil {
			return "", "", domain.Invalidf("ranges", "%s", err.Error()).WithKey("pool.badPrefixes", map[string]any{"detail": err.Error()})
		}
		return ranges, addresspool.FamilyIPV6, nil
	}
	if _, err := ParseRanges(ranges); err != nil {
		return "", "", domain.Invalidf("ranges", "%s", err.Error()).WithKey("pool.badRanges", map[string]any{"detail": err.Error()})
	}
	return strings.ReplaceAll(ranges, ",", ", "), addresspool.FamilyIPV4, nil
}

// checkScope refuses a duplicate name, a router that does not exist, and ranges overlapping
// another pool that the same router may use (a shared pool, or one of the same router): an
// address in two such pools could go to two sessions.
func checkScope(ctx context.Context, c *ent.Client, id int, name, ranges string, prefixLen, nasID *int) error {
	if n, err := c.AddressPool.Query().Where(addresspool.Name(name), addresspool.IDNEQ(id)).Count(ctx); err != nil {
		return fmt.Errorf("checking pool names: %w", err)
	} else if n > 0 {
		return domain.Conflictf("name", "a pool named %s exists", name).WithKey("pool.nameTaken", map[string]any{"name": name})
	}
	if nasID != nil {
		if ok, err := c.Nas.Query().Where(nas.ID(*nasID)).Exist(ctx); err != nil {
			return fmt.Errorf("checking the router: %w", err)
		} else if !ok {
			return domain.Invalidf("nasID", "router %d does not exist", *nasID).WithKey("router.notFound", nil)
		}
	}
	if prefixLen != nil {
		if err := checkFixedPrefixes(ctx, c, ranges); err != nil {
			return err
		}
	}
	others, err := c.AddressPool.Query().Where(addresspool.IDNEQ(id)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading the pools: %w", err)
	}
	for _, o := range others {
		if (o.PrefixLength != nil) != (prefixLen != nil) || (o.NasID != nil && nasID != nil && *o.NasID != *nasID) {
			continue
		}
		if at, ok := overlap(ranges, o.Ranges, prefixLen != nil); ok {
			return domain.Invalidf("ranges", "%s is also in pool %s (%s), which the same routers use", at, o.Name, o.Ranges).
				WithKey("pool.overlaps", map[string]any{"address": at, "pool": o.Name, "ranges": o.Ranges})
		}
	}
	return nil
}

// overlap reports an address (or prefix) two pools' ranges share.
func overlap(a, b string, v6 bool) (string, bool) {
	if v6 {
		pa, errA := netip.ParsePrefix(a)
		pb, errB := netip.ParsePrefix(b)
		if errA == nil && errB == nil && pa.Overlaps(pb) {
			return pa.String(), true
		}
		return "", false
	}
	ra, errA := ParseRanges(a)
	rb, errB := ParseRanges(b)
	if errA != nil || errB != nil {
		return "", false
	}
	for _, x := range ra {
		for _, y := range rb {
			if v4(x.First) <= v4(y.Last) && v4(y.First) <= v4(x.Last) {
				return fromV4(max(v4(x.First), v4(y.First))).String(), true
			}
		}
	}
	return "", false
}

// keepGiven refuses new ranges of p that leave out an address given to an open session.
func (s *Service) keepGiven(ctx context.Context, c *ent.Client, p *ent.AddressPool) error {
	sl, err := slotsOf(p.Ranges, deref(p.PrefixLength))
	if err != nil {
		return err
	}
	given, err := c.IPAllocation.Query().Where(ipallocation.PoolID(p.ID)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading pool %s's addresses: %w", p.Name, err)
	}
	for _, g := range given {
		if _, ok := sl.index(g.Address); ok {
			continue
		}
		if g.Kind == ipallocation.KindSESSION {
			return domain.Invalidf("ranges", "%s is given to an open session: the new ranges must keep it until it ends", g.Address).
				WithKey("pool.addressInSession", map[string]any{"address": g.Address})
		}
		if err := c.IPAllocation.DeleteOne(g).Exec(ctx); err != nil {
			return fmt.Errorf("changing pool %s: %w", p.Name, err)
		}
	}
	return nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// List is every pool with its use, by name.
func (s *Service) List(ctx context.Context) ([]*Pool, error) {
	c := store.Reader(ctx, s.st.Client)
	ps, err := c.AddressPool.Query().Order(ent.Asc(addresspool.FieldName)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the pools: %w", err)
	}
	var counts []struct {
		PoolID int    `json:"pool_id"`
		Kind   string `json:"kind"`
		Count  int    `json:"count"`
	}
	err = c.IPAllocation.Query().GroupBy(ipallocation.FieldPoolID, ipallocation.FieldKind).
		Aggregate(ent.Count()).Scan(ctx, &counts)
	if err != nil {
		return nil, fmt.Errorf("counting the pools' addresses: %w", err)
	}
	type used struct{ all, static int64 }
	byPool := map[int]*used{}
	for _, n := range counts {
		u := byPool[n.PoolID]
		if u == nil {
			u = &used{}
			byPool[n.PoolID] = u
		}
		u.all += int64(n.Count)
		if n.Kind == string(ipallocation.KindSTATIC) {
			u.static += int64(n.Count)
		}
	}
	out := make([]*Pool, 0, len(ps))
	for _, p := range ps {
		u := byPool[p.ID]
		if u == nil {
			u = &used{}
		}
		out = append(out, withUse(p, u.all, u.static))
	}
	return out, nil
}

func withUse(p *ent.AddressPool, used, static int64) *Pool {
	sl, err := slotsOf(p.Ranges, deref(p.PrefixLength))
	size := int64(0)
	if err == nil {
		size = int64(min(sl.size, 1<<52))
	}
	free := max(size-used, 0)
	return &Pool{AddressPool: p, Size: size, Used: used, Static: static, Free: free}
}

// usageOf is p with its use.
func (s *Service) usageOf(ctx context.Context, p *ent.AddressPool) (*Pool, error) {
	c := store.Reader(ctx, s.st.Client)
	all, err := c.IPAllocation.Query().Where(ipallocation.PoolID(p.ID)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting pool %s: %w", p.Name, err)
	}
	static, err := c.IPAllocation.Query().Where(ipallocation.PoolID(p.ID), ipallocation.KindEQ(ipallocation.KindSTATIC)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting pool %s: %w", p.Name, err)
	}
	return withUse(p, int64(all), int64(static)), nil
}

// Get is pool id with its use.
func (s *Service) Get(ctx context.Context, id int) (*Pool, error) {
	p, err := get(ctx, store.Reader(ctx, s.st.Client), id)
	if err != nil {
		return nil, err
	}
	return s.usageOf(ctx, p)
}

// AllocateSession gives session key a free address of pool poolID (or the one it holds),
// through the allocator; see Allocator.Allocate.
func (s *Service) AllocateSession(ctx context.Context, poolID int, key string) (string, error) {
	g, err := s.alloc.Allocate(ctx, poolID, 0, 0, key)
	return g.Address, err
}

// ReleaseSession frees the addresses held by session key; it returns how many were freed.
func (s *Service) ReleaseSession(ctx context.Context, key string) (int, error) {
	return s.alloc.Release(ctx, []string{key})
}
