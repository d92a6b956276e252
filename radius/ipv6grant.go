package radius

import (
	"context"
	"net/netip"
	"sync"

	"layeh.com/radius"

	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/radius/ipv6"
)

// IPv6 in the Access-Accept (issue 18): the plan's and the customer's IPv6 (ipv6_assignments),
// the customer's values over the plan's. Kept apart from acceptReply's IPv4 (Framed-IP-Address,
// Framed-Pool) so that address pools can change that side on their own.

// planIPv6 is every plan's IPv6 by plan id (a small table, read whole with the plans).
type planIPv6 struct {
	mu        sync.RWMutex
	byProfile map[int]ipv6cfg.Config
}

// loadPlanIPv6 reloads every plan's IPv6.
func (s *snapshot) loadPlanIPv6(ctx context.Context, st *store.Store) error {
	all, err := ipv6cfg.Profiles(ctx, st.Client)
	if err != nil {
		return err
	}
	s.v6.mu.Lock()
	s.v6.byProfile = all
	s.v6.mu.Unlock()
	return nil
}

// addCustomerIPv6 sets the customers' own IPv6 on the subscribers in subs (before they are
// published: subscribers are replaced, never changed).
func addCustomerIPv6(ctx context.Context, st *store.Store, subs map[int]*subscriber) error {
	var ids []int
	if len(subs) <= 1000 {
		ids = make([]int, 0, len(subs))
		for id := range subs {
			ids = append(ids, id)
		}
	} // else nil: every customer's rows, one query
	own, err := ipv6cfg.Customers(ctx, st.Client, ids)
	if err != nil {
		return err
	}
	for id, c := range own {
		if sub := subs[id]; sub != nil && !c.IsZero() {
			sub.ipv6 = &c
		}
	}
	return nil
}

// ipv6Grant is what the login of a gets: the customer's IPv6 over its plan's (and, in
// a.v6pools, the plan's IPv6 pools its prefixes are then given from). A login
// accepted into the expired pool gets none (as it gets no static IPv4). Values that no longer
// parse (stored before a rule changed) are left out rather than failing the login.
func (s *snapshot) ipv6Grant(a *attempt) ipv6.Grant {
	if a.grant.expired || a.sub == nil || a.prof == nil {
		return ipv6.Grant{}
	}
	s.v6.mu.RLock()
	plan := s.v6.byProfile[a.prof.p.ID]
	s.v6.mu.RUnlock()
	c := a.sub.ownIPv6().Over(plan)
	if c.IsZero() {
		return ipv6.Grant{}
	}
	a.v6pools = v6Pools{framed: c.FramedPrefixPoolID, delegated: c.DelegatedPrefixPoolID}
	g := ipv6.Grant{FramedPool: c.FramedPool, DelegatedPool: c.DelegatedPool}
	g.Framed, _ = netip.ParsePrefix(c.FramedPrefix)
	g.Delegated, _ = netip.ParsePrefix(c.DelegatedPrefix)
	return g
}

// addIPv6 adds the IPv6 attributes of the login's grant to the Access-Accept r.
func (a *attempt) addIPv6(r *radius.Packet) {
	if a.v6 == (ipv6.Grant{}) {
		return
	}
	_ = ipv6.Set(r, a.v6)
}
