package radius

import (
	"fmt"
	"math"
	"net"
	"net/netip"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// subscriber is a customer as authentication needs it, with the password in clear text
// (CHAP and MS-CHAP need it). Entries are replaced, never changed, except the usage counters.
//
// A million of them stay in memory (issue 19), so the struct is kept small: the status is
// one of the shared constants, the rarely set IPv6 is a pointer, and the flags sit together.
type subscriber struct {
	id          int
	username    string
	password    string
	status      customer.Status // one of the customer.Status constants (shared, not a copy)
	profileID   int
	expiresAt   time.Time
	staticIP    net.IP
	macLock     string // normalised (lower-case hex, no separators)
	maxSessions int
	usedIn      atomic.Int64 // period usage, grown by accounting after each commit
	usedOut     atomic.Int64
	periodStart int64           // unix nanoseconds (a time.Time is 24 bytes)
	extraBytes  int64           // data top-ups of the current period (windows.go)
	ipv6        *ipv6cfg.Config // the customer's own IPv6 (ipv6grant.go), nil when none
	passwordErr bool            // the stored password cannot be decrypted with this key
	archived    bool            // archived by staff: refused as ARCHIVED
}

// ownIPv6 is the customer's own IPv6 (zero when none).
func (c *subscriber) ownIPv6() ipv6cfg.Config {
	if c.ipv6 == nil {
		return ipv6cfg.Config{}
	}
	return *c.ipv6
}

// sharedStatus is st as one of the customer.Status constants, so a million subscribers do
// not each hold a copy of "ACTIVE" read from their row.
func sharedStatus(st customer.Status) customer.Status {
	for _, c := range [...]customer.Status{customer.StatusACTIVE, customer.StatusSUSPENDED, customer.StatusDISABLED} {
		if c == st {
			return c
		}
	}
	return st
}

// plan is a profile with its Mikrotik-Rate-Limit worked out.
type planInfo struct {
	p         *ent.Profile
	rateLimit string
}

// nasInfo is a NAS as the packet checks need it.
type nasInfo struct {
	id        int
	name      string
	ip        netip.Addr
	secret    []byte
	requireMA bool
	seen      atomic.Int64 // unix nanos of the last request, flushed to nas.last_seen_at
}

// openSession is one open session as the session limit counts it.
type openSession struct {
	id         int
	customerID int
	nasID      int
	updated    time.Time
	key        string // the accounting key (acctKey)
	mac        string // normalised Calling-Station-Id, "" when unknown
}

// login is the device asking to log in, for the session count.
type login struct {
	nasID int
	mac   string // normalised Calling-Station-Id
}

// tunables are the settings the server reads, worked out once per settings load.
type tunables struct {
	interim    time.Duration // Acct-Interim-Interval
	timeoutCap time.Duration // Session-Timeout cap
	stale      time.Duration // a session without accounting for this long no longer counts
}

// snapshot is the in-memory copy of everything authentication reads.
type snapshot struct {
	mu        sync.RWMutex
	byName    map[string]*subscriber
	byID      map[int]*subscriber
	profiles  map[int]*planInfo
	nasByIP   map[netip.Addr]*nasInfo
	nasByID   map[int]*nasInfo
	tune      tunables
	decodeErr int // customers whose password could not be decrypted (last full load)
	// skip is told of each row that cannot be read and is left out (see loadCustomers).
	skip func(entity string, id int, err error)

	smu      sync.Mutex
	sessions map[int][]*openSession // customer id → its open sessions (a few: a slice, not a map)
	sessByID map[int]*openSession   // session id → the session
	resets   map[int]time.Time      // NAS id → time of its last Accounting-On/Off

	win planWindows // the plans' time windows (windows.go)
	v6  planIPv6    // the plans' IPv6 (ipv6grant.go)
}

func newSnapshot() *snapshot {
	return &snapshot{
		byName: map[string]*subscriber{}, byID: map[int]*subscriber{},
		profiles: map[int]*planInfo{}, nasByIP: map[netip.Addr]*nasInfo{}, nasByID: map[int]*nasInfo{},
		sessions: map[int][]*openSession{}, resets: map[int]time.Time{}, sessByID: map[int]*openSession{},
		tune: tunablesOf(settings.Defaults()),
	}
}

func tunablesOf(v settings.Values) tunables {
	interim := v.Seconds(settings.InterimInterval)
	return tunables{
		interim:    interim,
		timeoutCap: v.Seconds(settings.SessionTimeoutCap),
		stale:      time.Duration(v.Int(settings.StaleIntervals)) * interim,
	}
}

// decrypter opens stored secrets (secret.Box).
type decrypter interface {
	Decrypt(sealed string) (string, error)
}

// normMAC reduces a MAC address to lower-case hex digits, so aa:bb, AA-BB and aabb match.
func normMAC(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func normMACPtr(s *string) string {
	if s == nil {
		return ""
	}
	return normMAC(*s)
}

func newSubscriber(c *ent.Customer, box decrypter) *subscriber {
	s := &subscriber{
		id: c.ID, username: strings.ToLower(c.Username), status: sharedStatus(c.Status), profileID: c.ProfileID,
		expiresAt: c.ExpiresAt, maxSessions: c.MaxSessions, archived: c.ArchivedAt != nil,
		periodStart: unixNano(c.PeriodStart),
	}
	pw, err := box.Decrypt(c.PasswordEnc)
	if err != nil {
		s.passwordErr = true
	} else {
		s.password = pw
	}
	if c.StaticIP != nil && *c.StaticIP != "" {
		s.staticIP = net.ParseIP(*c.StaticIP).To4()
	}
	if c.MACLock != nil {
		s.macLock = normMAC(*c.MACLock)
	}
	if s.maxSessions < 1 {
		s.maxSessions = 1
	}
	s.usedIn.Store(counter.Clamp(c.PeriodBytesIn))
	s.usedOut.Store(counter.Clamp(c.PeriodBytesOut))
	return s
}

// unixNano is t in unix nanoseconds, the earliest representable for a time before 1678
// (the zero time): every top-up is on or after it, as with t itself.
func unixNano(t time.Time) int64 {
	if t.Before(time.Unix(0, math.MinInt64)) {
		return math.MinInt64
	}
	return t.UnixNano()
}

func newNasInfo(n *ent.Nas, box decrypter) (*nasInfo, error) {
	ip, err := netip.ParseAddr(strings.TrimSpace(n.IPAddress))
	if err != nil {
		return nil, fmt.Errorf("NAS %s: bad IP address %q", n.Name, n.IPAddress)
	}
	sec, err := box.Decrypt(n.SecretEnc)
	if err != nil {
		return nil, fmt.Errorf("NAS %s: secret cannot be decrypted: %w", n.Name, err)
	}
	return &nasInfo{id: n.ID, name: n.Name, ip: ip.Unmap(), secret: []byte(sec), requireMA: n.RequireMessageAuthenticator}, nil
}

// lookups used on the packet path.

func (s *snapshot) nasByAddr(ip netip.Addr) *nasInfo {
	s.mu.RLock()
	n := s.nasByIP[ip.Unmap()]
	s.mu.RUnlock()
	return n
}

func (s *snapshot) nasID(id int) *nasInfo {
	s.mu.RLock()
	n := s.nasByID[id]
	s.mu.RUnlock()
	return n
}

func (s *snapshot) subscriber(username string) *subscriber {
	s.mu.RLock()
	c := s.byName[username]
	s.mu.RUnlock()
	return c
}

func (s *snapshot) subscriberID(id int) *subscriber {
	s.mu.RLock()
	c := s.byID[id]
	s.mu.RUnlock()
	return c
}

func (s *snapshot) profile(id int) *planInfo {
	s.mu.RLock()
	p := s.profiles[id]
	s.mu.RUnlock()
	return p
}

func (s *snapshot) tunables() tunables {
	s.mu.RLock()
	t := s.tune
	s.mu.RUnlock()
	return t
}

// sessions.

// counts reports whether a session counts against the limit of a login at now: updated
// within the stale window, after its NAS's last reboot (Accounting-On/Off), and not the
// session of the very device now re-dialling (same NAS, same Calling-Station-Id: its old
// session is dead, its Stop lost or still on its way). The caller holds smu.
func (s *snapshot) countsLocked(o *openSession, now time.Time, stale time.Duration, l login) bool {
	if stale > 0 && o.updated.Before(now.Add(-stale)) {
		return false
	}
	if l.mac != "" && o.mac == l.mac && o.nasID == l.nasID {
		return false
	}
	if r, ok := s.resets[o.nasID]; ok && !o.updated.After(r) {
		return false
	}
	return true
}

// openCount is how many of the customer's open sessions count against the limit.
func (s *snapshot) openCount(customerID int, now time.Time, l login) int {
	stale := s.tunables().stale
	s.smu.Lock()
	defer s.smu.Unlock()
	n := 0
	for _, o := range s.sessions[customerID] {
		if s.countsLocked(o, now, stale, l) {
			n++
		}
	}
	return n
}

// countRows counts rows read from the database the same way (NAS resets applied).
func (s *snapshot) countRows(rows []*openSession, now time.Time, l login) int {
	stale := s.tunables().stale
	s.smu.Lock()
	defer s.smu.Unlock()
	n := 0
	for _, o := range rows {
		if s.countsLocked(o, now, stale, l) {
			n++
		}
	}
	return n
}

// online reports whether the customer has an open session.
func (s *snapshot) online(customerID int) bool {
	s.smu.Lock()
	defer s.smu.Unlock()
	return len(s.sessions[customerID]) > 0
}

// putSession records an open session under key, replacing the customer's session of that key.
func (s *snapshot) putSession(customerID int, key string, o *openSession) {
	if customerID == 0 {
		return
	}
	o.customerID, o.key = customerID, key
	s.smu.Lock()
	list := s.sessions[customerID]
	i := indexOfKey(list, key)
	if i < 0 {
		list = append(list, o)
	} else {
		s.forgetIDLocked(list[i])
		list[i] = o
	}
	s.sessions[customerID] = list
	if o.id != 0 {
		s.sessByID[o.id] = o
	}
	s.smu.Unlock()
}

func indexOfKey(list []*openSession, key string) int {
	for i, o := range list {
		if o.key == key {
			return i
		}
	}
	return -1
}

// forgetIDLocked removes o from sessByID if it is the session its id finds there.
func (s *snapshot) forgetIDLocked(o *openSession) {
	if s.sessByID[o.id] == o {
		delete(s.sessByID, o.id)
	}
}

func (s *snapshot) dropSession(customerID int, key string) {
	s.smu.Lock()
	s.dropLocked(customerID, key)
	s.smu.Unlock()
}

func (s *snapshot) dropLocked(customerID int, key string) {
	list := s.sessions[customerID]
	i := indexOfKey(list, key)
	if i < 0 {
		return
	}
	s.forgetIDLocked(list[i])
	if len(list) == 1 {
		delete(s.sessions, customerID)
		return
	}
	// A new slice: countRows and others may still range over the old one.
	s.sessions[customerID] = append(append(make([]*openSession, 0, len(list)-1), list[:i]...), list[i+1:]...)
}

// touchSessionID records an update of a session (reported by another instance).
func (s *snapshot) touchSessionID(id int, at time.Time) {
	s.smu.Lock()
	if o := s.sessByID[id]; o != nil && at.After(o.updated) {
		o.updated = at
	}
	s.smu.Unlock()
}

// dropSessionID forgets a session closed elsewhere (nas/ reconcile, another instance).
func (s *snapshot) dropSessionID(id int) {
	s.smu.Lock()
	if o := s.sessByID[id]; o != nil {
		s.dropLocked(o.customerID, o.key)
	}
	s.smu.Unlock()
}

// replaceSessions sets a customer's open sessions to what the database says (each with its
// key set).
func (s *snapshot) replaceSessions(customerID int, rows []*openSession) {
	s.smu.Lock()
	for _, o := range s.sessions[customerID] {
		s.forgetIDLocked(o)
	}
	if len(rows) == 0 {
		delete(s.sessions, customerID)
	} else {
		s.sessions[customerID] = slices.Clip(slices.Clone(rows))
		for _, o := range rows {
			o.customerID = customerID
			s.sessByID[o.id] = o
		}
	}
	s.smu.Unlock()
}

// indexSessions files open sessions (customerID and key set) by customer and by id.
func indexSessions(open []*openSession) (map[int][]*openSession, map[int]*openSession) {
	sessions := make(map[int][]*openSession, len(open))
	byID := make(map[int]*openSession, len(open))
	for _, o := range open {
		byID[o.id] = o
		sessions[o.customerID] = append(sessions[o.customerID], o)
	}
	return sessions, byID
}

// nasReset records an Accounting-On/Off: the NAS's sessions last updated before at stop
// counting at once, before the database has closed them.
func (s *snapshot) nasReset(nasID int, at time.Time) {
	s.smu.Lock()
	if at.After(s.resets[nasID]) {
		s.resets[nasID] = at
	}
	s.smu.Unlock()
}
