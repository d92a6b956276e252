package radius

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"

	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/pools"
)

// Pool mode: a plan naming an address pool (profile.address_pool_id) gets its
// Framed-IP-Address from linedesk, given at login by one INSERT (pools.Allocator) and freed
// when the session stops, is closed by a router's Accounting-On/Off or by the reaper, or,
// for a login that never started, by the reaper's sweep. Plans without a pool cost nothing
// here: no query is made.

// needsPoolAddress reports whether an accepted attempt gets an address from its plan's pool:
// not a customer with a static address, nor one let into the expired pool.
func (a *attempt) needsPoolAddress() bool {
	return a.prof != nil && a.prof.p.AddressPoolID != nil && a.sub.staticIP == nil && !a.grant.expired
}

// poolKey names the login's session for its address (pools.SessionKey): the Acct-Session-Id
// the router sends in the Access-Request, else its NAS port, else the calling MAC.
func (a *attempt) poolKey() string {
	user := strings.ToLower(strings.TrimSpace(cleanString(rfc2865.UserName_Get(a.p), 253)))
	if sid := a.p.Get(rfc2866.AcctSessionID_Type); len(sid) > 0 {
		return pools.SessionKey(a.who.nasID, user, cleanString(sid, 253))
	}
	if port := cleanString(rfc2869.NASPortID_Get(a.p), 64); port != "" {
		return pools.PortKey(a.who.nasID, user, port)
	}
	if port, err := rfc2865.NASPort_Lookup(a.p); err == nil {
		return pools.PortKey(a.who.nasID, user, strconv.FormatUint(uint64(port), 10))
	}
	return pools.PortKey(a.who.nasID, user, "mac:"+a.who.mac)
}

// assignPoolAddress gives an accepted attempt on a pool plan its address. It returns the
// reason (OK, or POOL_EXHAUSTED with the pool named in the detail) and false when the
// database could not answer: then no reply is sent and the router retries.
func (s *Server) assignPoolAddress(a *attempt) (authevent.Reason, bool) {
	ctx, cancel := context.WithTimeout(s.ctx, 2*time.Second)
	defer cancel()
	g, err := s.addrs.Allocate(ctx, *a.prof.p.AddressPoolID, a.who.nasID, a.sub.id, a.poolKey())
	switch {
	case err == nil:
		ip, perr := netip.ParseAddr(g.Address)
		if perr != nil || !ip.Is4() {
			a.detail = "pool " + g.Pool + " is not IPv4"
			return authevent.ReasonPOOL_EXHAUSTED, true
		}
		a.grant.framedIP = ip
		return authevent.ReasonOK, true
	case errors.Is(err, pools.ErrExhausted), errors.Is(err, pools.ErrNoPool):
		a.detail = err.Error()
		return authevent.ReasonPOOL_EXHAUSTED, true
	}
	s.logLimited("pool", "radius: allocating an address failed; no reply sent", "err", err)
	return "", false
}

// setAddress puts the login's address on the Access-Accept: the customer's static address,
// the one given from the plan's pool, or else the router-side pool's name (Framed-Pool).
func (a *attempt) setAddress(r *radius.Packet) {
	switch {
	case a.sub.staticIP != nil && !a.grant.expired:
		_ = rfc2865.FramedIPAddress_Set(r, a.sub.staticIP)
	case a.grant.framedIP.IsValid():
		_ = rfc2865.FramedIPAddress_Set(r, net.IP(a.grant.framedIP.AsSlice()))
	case a.grant.pool != "":
		_ = rfc2869.FramedPool_SetString(r, a.grant.pool)
	}
}

// releaseStopped frees, off the accounting path, the pool addresses of the sessions a
// committed batch stopped (when any plan is in pool mode).
func (s *Server) releaseStopped(list []announcement) {
	var keys []string
	for i := range list {
		if list[i].kind == events.SessionStopped {
			keys = appendPoolKeys(keys, list[i].row.NasID, list[i].row.Username, list[i].row.SessionID, list[i].row.NasPort)
		}
	}
	// Most batches stop nothing: only then are the plans walked for a pool.
	if len(keys) == 0 || !s.snap.anyPoolMode() {
		return
	}
	select {
	case s.releases <- keys:
	default:
		// Queue full: the reaper's sweep frees them once their customers have no open session.
	}
}

// appendPoolKeys adds the keys a session's address may be held under.
func appendPoolKeys(keys []string, nasID int, username, sessionID, port string) []string {
	keys = append(keys, pools.SessionKey(nasID, username, sessionID))
	if port != "" {
		keys = append(keys, pools.PortKey(nasID, username, port))
	}
	return keys
}

// releaseLoop frees the addresses queued by releaseStopped.
func (s *Server) releaseLoop() {
	defer s.background.Done()
	for {
		select {
		case <-s.ctx.Done():
			return
		case keys := <-s.releases:
			ctx, cancel := context.WithTimeout(s.ctx, 5*time.Second)
			if _, err := s.addrs.Release(ctx, keys); err != nil && s.ctx.Err() == nil {
				s.logLimited("pool-release", "radius: freeing pool addresses failed; the reaper's sweep frees them", "err", err)
			}
			cancel()
		}
	}
}

// reapAddresses frees the addresses of the sessions the reaper closed, and those of logins
// older than cutoff whose customer has no open session.
func (s *Server) reapAddresses(ctx context.Context, closed []closedKey, cutoff time.Time) error {
	var keys []string
	for _, c := range closed {
		keys = appendPoolKeys(keys, c.nasID, c.username, c.sessionID, c.port)
	}
	freed, err := s.addrs.Release(ctx, keys)
	if err != nil {
		return err
	}
	swept, err := s.addrs.Sweep(ctx, cutoff)
	if err != nil {
		return err
	}
	if freed+swept > 0 {
		s.log.Info("radius: freed pool addresses", "of_closed_sessions", freed, "of_logins_without_session", swept)
	}
	return nil
}

// closedKey is what names a closed session's address.
type closedKey struct {
	nasID                     int
	username, sessionID, port string
}

// anyPoolMode reports whether some plan gives addresses or IPv6 prefixes from a pool.
func (s *snapshot) anyPoolMode() bool {
	if s.anyPrefixPool() {
		return true
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, p := range s.profiles {
		if p.p.AddressPoolID != nil {
			return true
		}
	}
	return false
}
