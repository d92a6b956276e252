package pools

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/ipallocation"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Service keeps the pools and hands out their addresses. An address is given by inserting
// its allocation row: the unique (pool_id, address) index refuses a second holder, whichever
// instance tries, and the loser takes the next free address.
type Service struct{ st *store.Store }

// New returns the service over st.
func New(st *store.Store) *Service { return &Service{st: st} }

// PoolInput is a new pool.
type PoolInput struct {
	Name         string
	Ranges       string // IPv4 ranges/CIDRs, or an IPv6 prefix
	PrefixLength *int   // IPv6: the length handed out
	NasID        *int   // nil: shared
}

// Create adds a pool after checking its ranges.
func (s *Service) Create(ctx context.Context, in PoolInput) (*ent.AddressPool, error) {
	family := addresspool.FamilyIPV4
	if in.PrefixLength != nil {
		if _, err := ParsePrefixes(in.Ranges, *in.PrefixLength); err != nil {
			return nil, domain.Invalidf("ranges", "%s", err.Error())
		}
		family = addresspool.FamilyIPV6
	} else if _, err := ParseRanges(in.Ranges); err != nil {
		return nil, domain.Invalidf("ranges", "%s", err.Error())
	}
	p, err := s.st.Client.AddressPool.Create().SetName(in.Name).SetRanges(in.Ranges).SetFamily(family).
		SetNillablePrefixLength(in.PrefixLength).SetNillableNasID(in.NasID).Save(ctx)
	if ent.IsConstraintError(err) {
		return nil, domain.Invalidf("name", "a pool named %q exists", in.Name)
	} else if err != nil {
		return nil, fmt.Errorf("creating pool %s: %w", in.Name, err)
	}
	return p, nil
}

// ErrExhausted means every address of the pool is given out.
var ErrExhausted = errors.New("the pool has no free address")

// slots reads a pool's size and its n-th address or prefix.
func slots(p *ent.AddressPool) (uint64, func(uint64) string, error) {
	if p.PrefixLength != nil {
		px, err := ParsePrefixes(p.Ranges, *p.PrefixLength)
		if err != nil {
			return 0, nil, err
		}
		return px.Size(), func(n uint64) string { v, _ := px.Nth(n); return v.String() }, nil
	}
	rs, err := ParseRanges(p.Ranges)
	if err != nil {
		return 0, nil, err
	}
	return Size(rs), func(n uint64) string { v, _ := Nth(rs, n); return v.String() }, nil
}

// AllocateSession gives an open session (key) a free address of pool poolID; the same key
// asking again gets the address it holds.
func (s *Service) AllocateSession(ctx context.Context, poolID int, key string) (string, error) {
	c := s.st.Client
	if a, err := c.IPAllocation.Query().Where(ipallocation.PoolID(poolID), ipallocation.SessionKey(key)).Only(ctx); err == nil {
		return a.Address, nil
	}
	p, err := c.AddressPool.Get(ctx, poolID)
	if err != nil {
		return "", fmt.Errorf("reading pool %d: %w", poolID, err)
	}
	size, nth, err := slots(p)
	if err != nil {
		return "", fmt.Errorf("pool %s: %w", p.Name, err)
	}
	usedList, err := c.IPAllocation.Query().Where(ipallocation.PoolID(poolID)).Select(ipallocation.FieldAddress).Strings(ctx)
	if err != nil {
		return "", fmt.Errorf("reading pool %s's allocations: %w", p.Name, err)
	}
	used := make(map[string]bool, len(usedList))
	for _, a := range usedList {
		used[a] = true
	}
	// Start where the key hashes to, so that concurrent logins mostly try different addresses.
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	start := h.Sum64() % size
	for i := uint64(0); i < size; i++ {
		addr := nth((start + i) % size)
		if used[addr] {
			continue
		}
		err := c.IPAllocation.Create().SetPoolID(poolID).SetAddress(addr).SetKind(ipallocation.KindSESSION).
			SetSessionKey(key).Exec(ctx)
		if err == nil {
			return addr, nil
		}
		if !ent.IsConstraintError(err) {
			return "", fmt.Errorf("allocating in pool %s: %w", p.Name, err)
		}
		used[addr] = true // taken meanwhile, perhaps by another instance
	}
	return "", fmt.Errorf("pool %s: %w", p.Name, ErrExhausted)
}

// ReleaseSession frees the addresses held by session key (at its Stop, or when the reaper
// closes it); it returns how many were freed.
func (s *Service) ReleaseSession(ctx context.Context, key string) (int, error) {
	n, err := s.st.Client.IPAllocation.Delete().Where(ipallocation.SessionKey(key), ipallocation.KindEQ(ipallocation.KindSESSION)).Exec(ctx)
	if err != nil {
		return 0, fmt.Errorf("freeing the addresses of session %s: %w", key, err)
	}
	return n, nil
}

// AssignStatic gives customerID the static address addr from pool poolID; an address in use
// (static or by a session) is refused, whatever path asks (dashboard, API, CSV import).
func (s *Service) AssignStatic(ctx context.Context, poolID, customerID int, addr string) error {
	p, err := s.st.Client.AddressPool.Get(ctx, poolID)
	if err != nil {
		return fmt.Errorf("reading pool %d: %w", poolID, err)
	}
	if p.PrefixLength != nil {
		return domain.Invalidf("staticIp", "pool %s is IPv6", p.Name)
	}
	rs, err := ParseRanges(p.Ranges)
	if err != nil {
		return fmt.Errorf("pool %s: %w", p.Name, err)
	}
	a, err := netipParse(addr)
	if err != nil {
		return domain.Invalidf("staticIp", "%q is not an IPv4 address", addr)
	}
	if _, ok := Index(rs, a); !ok {
		return domain.Invalidf("staticIp", "%s is not in pool %s (%s)", addr, p.Name, p.Ranges)
	}
	err = s.st.Client.IPAllocation.Create().SetPoolID(poolID).SetAddress(a.String()).SetKind(ipallocation.KindSTATIC).
		SetCustomerID(customerID).Exec(ctx)
	if ent.IsConstraintError(err) {
		return domain.Invalidf("staticIp", "%s is already given out", a)
	} else if err != nil {
		return fmt.Errorf("assigning %s: %w", a, err)
	}
	return nil
}

// Usage is a pool's used and free addresses (or prefixes).
type Usage struct {
	Pool       *ent.AddressPool
	Used, Free uint64
}

// Usage lists every pool with its use, for the dashboard.
func (s *Service) Usage(ctx context.Context) ([]Usage, error) {
	c := store.Reader(ctx, s.st.Client)
	ps, err := c.AddressPool.Query().Order(ent.Asc(addresspool.FieldName)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the pools: %w", err)
	}
	out := make([]Usage, 0, len(ps))
	for _, p := range ps {
		size, _, err := slots(p)
		if err != nil {
			return nil, fmt.Errorf("pool %s: %w", p.Name, err)
		}
		used, err := c.IPAllocation.Query().Where(ipallocation.PoolID(p.ID)).Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("counting pool %s: %w", p.Name, err)
		}
		free := uint64(0)
		if uint64(used) < size {
			free = size - uint64(used)
		}
		out = append(out, Usage{Pool: p, Used: uint64(used), Free: free})
	}
	return out, nil
}
