package sim

import (
	"fmt"
	"net"
	"time"
)

// Adopt makes username online on the router without a RADIUS exchange (for tests that need
// thousands of sessions the database already knows): it gets a fresh Acct-Session-Id and
// address, answers CoA and Disconnect like any other session, and sends no accounting.
func (r *Router) Adopt(username, rate string) SessionInfo {
	r.mu.Lock()
	r.nextAcct++
	r.nextAPIID++
	r.nextIP++
	s := &session{
		username: username, acctID: fmt.Sprintf("%08x", r.nextAcct), apiID: r.nextAPIID,
		mac: MAC(username), rate: rate, started: time.Now(), lastInterim: time.Now(),
		ip: net.IPv4(10, 200, byte(r.nextIP>>8), byte(r.nextIP)),
	}
	r.sessions[s.acctID] = s
	r.mu.Unlock()
	return r.info(s)
}
