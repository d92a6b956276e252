package radius

import (
	"context"
	"errors"
	"net/netip"
	"time"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/pools"
)

// IPv6 pool mode: a plan naming linedesk's IPv6 pools (ipv6_assignments.framed_pool_id and
// delegated_pool_id) gets its Framed-IPv6-Prefix and Delegated-IPv6-Prefix from linedesk, one
// prefix of each pool per session, with the IPv4 pool mode's rules: given by one INSERT under
// the login's session key (so a login asking again gets the same prefix, on any instance),
// refused with POOL_EXHAUSTED when a pool is full, and freed with the session's IPv4 address
// (Release and Sweep delete every allocation of the key, whatever the pool).

// v6Pools are the IPv6 pools a login's prefixes come from (0: none).
type v6Pools struct{ framed, delegated int }

// needsPoolPrefixes reports whether an accepted attempt gets prefixes from IPv6 pools.
func (a *attempt) needsPoolPrefixes() bool {
	return a.v6pools != v6Pools{} && !a.grant.expired
}

// assignAddresses gives an accepted attempt what its plan's pools hand out: its IPv4
// address, then its IPv6 prefixes. It returns the reason (OK, or POOL_EXHAUSTED with the pool
// named in the detail) and false when the database could not answer (no reply is sent).
// Prefixes given before a later pool refused the login stay with the session key: the same
// login asking again gets them back, and the reaper's sweep frees them otherwise.
func (s *Server) assignAddresses(a *attempt) (authevent.Reason, bool) {
	if a.needsPoolAddress() {
		if reason, answered := s.assignPoolAddress(a); !answered || reason != authevent.ReasonOK {
			return reason, answered
		}
	}
	if !a.needsPoolPrefixes() {
		return authevent.ReasonOK, true
	}
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
	defer cancel()
	key := a.poolKey()
	for _, slot := range []struct {
		poolID int
		dst    *netip.Prefix
	}{{a.v6pools.framed, &a.v6.Framed}, {a.v6pools.delegated, &a.v6.Delegated}} {
		if slot.poolID == 0 {
			continue
		}
		g, err := s.addrs.Allocate(ctx, slot.poolID, a.who.nasID, a.sub.id, key)
		switch {
		case err == nil:
			p, perr := netip.ParsePrefix(g.Address)
			if perr != nil || !p.Addr().Is6() {
				a.detail = "pool " + g.Pool + " is not IPv6"
				return authevent.ReasonPOOL_EXHAUSTED, true
			}
			*slot.dst = p
		case errors.Is(err, pools.ErrExhausted), errors.Is(err, pools.ErrNoPool):
			a.detail = err.Error()
			return authevent.ReasonPOOL_EXHAUSTED, true
		default:
			s.logLimited("pool", "radius: allocating an IPv6 prefix failed; no reply sent", "err", err)
			return "", false
		}
	}
	return authevent.ReasonOK, true
}

// anyPrefixPool reports whether some plan hands out IPv6 prefixes from a pool.
func (s *snapshot) anyPrefixPool() bool {
	s.v6.mu.RLock()
	defer s.v6.mu.RUnlock()
	for _, c := range s.v6.byProfile {
		if c.FramedPrefixPoolID != 0 || c.DelegatedPrefixPoolID != 0 {
			return true
		}
	}
	return false
}
