package pools

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync"
	"time"

	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/ipallocation"
)

// ErrExhausted means every address of the pool is given out.
var ErrExhausted = errors.New("the pool has no free address")

// ErrNoPool means the pool named by a plan does not exist (any more).
var ErrNoPool = errors.New("the pool does not exist")

// Allocator hands out the addresses of pools to sessions at login, for the RADIUS server.
// An address is given by one INSERT of its allocation row: the unique (pool_id, address)
// index refuses a second holder, whatever instance asks, and the unique (pool_id,
// session_key) index makes a login asking again get the address it holds. Each instance
// keeps in memory which addresses it believes taken, so its first try is nearly always free:
// an instance that loses a race marks the address and tries the next; a pool that looks full
// is read again before a login is refused.
type Allocator struct {
	db  *sql.DB
	pg  bool
	now func() time.Time

	mu    sync.Mutex
	pools map[int]*poolState
}

// poolState is what an instance knows of one pool.
type poolState struct {
	mu        sync.Mutex
	name      string
	ranges    string
	prefixLen int // 0: IPv4
	nasID     int // 0: shared
	size      uint64
	nth       func(uint64) string
	index     func(string) (uint64, bool)
	used      map[uint64]bool
	defAt     time.Time // when the definition was read
	usedAt    time.Time // when used was read from the database
}

// How long an instance trusts its copy of a pool's definition and of its taken addresses.
const (
	defTTL  = 5 * time.Second
	usedTTL = 30 * time.Second
)

// NewAllocator returns an allocator over db (dialect.Postgres or dialect.SQLite).
func NewAllocator(db *sql.DB, dia string) *Allocator {
	return &Allocator{db: db, pg: dia == dialect.Postgres, now: time.Now, pools: map[int]*poolState{}}
}

// Grant is an address given to a session.
type Grant struct {
	Address string
	Pool    string // the pool's name
}

// Allocate gives the session key (SessionKey) of customerID, logging in on nasID, a free
// address of pool poolID, or the address it already holds there. A pool of another router
// is refused like a full one.
func (a *Allocator) Allocate(ctx context.Context, poolID, nasID, customerID int, key string) (Grant, error) {
	ps, err := a.state(ctx, poolID)
	if err != nil {
		return Grant{}, err
	}
	if ps.nasID != 0 && nasID != 0 && ps.nasID != nasID {
		return Grant{Pool: ps.name}, fmt.Errorf("pool %s serves another router: %w", ps.name, ErrExhausted)
	}
	start := keyHash(key) % ps.size
	reread := false
	for conflicts := 0; ; {
		slot, ok := ps.take(start)
		if !ok {
			if reread {
				return Grant{Pool: ps.name}, fmt.Errorf("pool %s: %w", ps.name, ErrExhausted)
			}
			if err := a.readUsed(ctx, poolID, ps); err != nil {
				return Grant{}, err
			}
			reread = true
			continue
		}
		addr := ps.nth(slot)
		got, err := a.insert(ctx, poolID, customerID, key, addr)
		if err != nil {
			ps.untake(slot)
			return Grant{}, err
		}
		if got == addr {
			return Grant{Address: addr, Pool: ps.name}, nil
		}
		if held, err := a.heldBy(ctx, poolID, key); err != nil || held != "" {
			ps.untake(slot)
			return Grant{Address: held, Pool: ps.name}, err
		}
		// Taken meanwhile (another instance): it stays marked; after a few such races
		// this instance's view is out of date, so it is read again.
		if conflicts++; conflicts%4 == 0 {
			if err := a.readUsed(ctx, poolID, ps); err != nil {
				return Grant{}, err
			}
		}
	}
}

// keyHash spreads logins over a pool, so concurrent logins on several instances mostly try
// different addresses.
func keyHash(key string) uint64 {
	h := fnv.New64a()
	_, _ = h.Write([]byte(key))
	return h.Sum64()
}

// take marks and returns the first slot from start on that this instance believes free.
func (ps *poolState) take(start uint64) (uint64, bool) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if uint64(len(ps.used)) >= ps.size {
		return 0, false
	}
	for i := uint64(0); i < ps.size; i++ {
		slot := (start + i) % ps.size
		if !ps.used[slot] {
			ps.used[slot] = true
			return slot, true
		}
	}
	return 0, false
}

func (ps *poolState) untake(slot uint64) {
	ps.mu.Lock()
	delete(ps.used, slot)
	ps.mu.Unlock()
}

// forget marks addr free in this instance's view (it was released).
func (ps *poolState) forget(addr string) {
	if n, ok := ps.index(addr); ok {
		ps.untake(n)
	}
}

// state returns the pool's state, reading its definition when it is unknown or old.
func (a *Allocator) state(ctx context.Context, poolID int) (*poolState, error) {
	a.mu.Lock()
	ps := a.pools[poolID]
	a.mu.Unlock()
	now := a.now()
	var defAt, usedAt time.Time
	if ps != nil {
		ps.mu.Lock()
		defAt, usedAt = ps.defAt, ps.usedAt
		ps.mu.Unlock()
	}
	if ps != nil && now.Sub(defAt) < defTTL {
		if now.Sub(usedAt) >= usedTTL {
			if err := a.readUsed(ctx, poolID, ps); err != nil {
				return nil, err
			}
		}
		return ps, nil
	}
	fresh, err := a.readDef(ctx, poolID)
	if err != nil {
		return nil, err
	}
	if ps != nil && ps.ranges == fresh.ranges && ps.prefixLen == fresh.prefixLen {
		ps.mu.Lock()
		ps.name, ps.nasID, ps.defAt = fresh.name, fresh.nasID, now
		ps.mu.Unlock()
		return a.state(ctx, poolID)
	}
	fresh.defAt = now
	if err := a.readUsed(ctx, poolID, fresh); err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.pools[poolID] = fresh
	a.mu.Unlock()
	return fresh, nil
}

var readDefSQL = "SELECT " + addresspool.FieldName + ", " + addresspool.FieldRanges + ", " + addresspool.FieldPrefixLength +
	", " + addresspool.FieldNasID + " FROM " + addresspool.Table + " WHERE " + addresspool.FieldID + " = "

// readDef reads a pool's definition.
func (a *Allocator) readDef(ctx context.Context, poolID int) (*poolState, error) {
	var (
		ps        poolState
		plen, nas sql.NullInt64
	)
	err := a.db.QueryRowContext(ctx, readDefSQL+a.ph(1), poolID).Scan(&ps.name, &ps.ranges, &plen, &nas)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("pool %d: %w", poolID, ErrNoPool)
	} else if err != nil {
		return nil, fmt.Errorf("reading pool %d: %w", poolID, err)
	}
	ps.prefixLen, ps.nasID = int(plen.Int64), int(nas.Int64)
	sl, err := slotsOf(ps.ranges, ps.prefixLen)
	if err != nil {
		return nil, fmt.Errorf("pool %s: %w", ps.name, err)
	}
	ps.size, ps.nth, ps.index = sl.size, sl.nth, sl.index
	return &ps, nil
}

var readUsedSQL = "SELECT " + ipallocation.FieldAddress + " FROM " + ipallocation.Table + " WHERE " + ipallocation.FieldPoolID + " = "

// readUsed reads which addresses of the pool are taken.
func (a *Allocator) readUsed(ctx context.Context, poolID int, ps *poolState) error {
	rows, err := a.db.QueryContext(ctx, readUsedSQL+a.ph(1), poolID)
	if err != nil {
		return fmt.Errorf("reading pool %s's addresses: %w", ps.name, err)
	}
	defer rows.Close()
	used := map[uint64]bool{}
	for rows.Next() {
		var addr string
		if err := rows.Scan(&addr); err != nil {
			return fmt.Errorf("reading pool %s's addresses: %w", ps.name, err)
		}
		if n, ok := ps.index(addr); ok {
			used[n] = true
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading pool %s's addresses: %w", ps.name, err)
	}
	ps.mu.Lock()
	ps.used, ps.usedAt = used, a.now()
	ps.mu.Unlock()
	return nil
}

var insertSQL = "INSERT INTO " + ipallocation.Table + " (" + strings.Join([]string{ipallocation.FieldPoolID,
	ipallocation.FieldAddress, ipallocation.FieldKind, ipallocation.FieldCustomerID, ipallocation.FieldSessionKey,
	ipallocation.FieldCreatedAt}, ", ") + ") VALUES (%s, %s, '" + string(ipallocation.KindSESSION) +
	"', %s, %s, %s) ON CONFLICT DO NOTHING RETURNING " + ipallocation.FieldAddress

// insert tries to give addr to key: it returns addr, or "" when the address or the key is
// already held in the pool.
func (a *Allocator) insert(ctx context.Context, poolID, customerID int, key, addr string) (string, error) {
	q := fmt.Sprintf(insertSQL, a.ph(1), a.ph(2), a.ph(3), a.ph(4), a.ph(5))
	var cust any
	if customerID != 0 {
		cust = customerID
	}
	var got string
	err := a.db.QueryRowContext(ctx, q, poolID, addr, cust, key, a.now().UTC()).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("allocating an address: %w", err)
	}
	return got, nil
}

var heldBySQL = "SELECT " + ipallocation.FieldAddress + " FROM " + ipallocation.Table + " WHERE " +
	ipallocation.FieldPoolID + " = %s AND " + ipallocation.FieldSessionKey + " = %s"

// heldBy is the address key holds in the pool, "" for none.
func (a *Allocator) heldBy(ctx context.Context, poolID int, key string) (string, error) {
	var addr string
	err := a.db.QueryRowContext(ctx, fmt.Sprintf(heldBySQL, a.ph(1), a.ph(2)), poolID, key).Scan(&addr)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("reading the session's address: %w", err)
	}
	return addr, nil
}

// ph is the n-th placeholder of the dialect.
func (a *Allocator) ph(n int) string {
	if a.pg {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// slotSet is a pool's addresses (or prefixes) numbered from 0.
type slotSet struct {
	size  uint64
	nth   func(uint64) string
	index func(string) (uint64, bool)
}

// slotsOf numbers the addresses of ranges (IPv4), or the prefixes of length prefixLen cut
// from ranges (IPv6, prefixLen > 0).
func slotsOf(ranges string, prefixLen int) (slotSet, error) {
	if prefixLen > 0 {
		px, err := ParsePrefixes(ranges, prefixLen)
		if err != nil {
			return slotSet{}, err
		}
		return slotSet{size: px.Size(), nth: func(n uint64) string { v, _ := px.Nth(n); return v.String() },
			index: px.Index}, nil
	}
	rs, err := ParseRanges(ranges)
	if err != nil {
		return slotSet{}, err
	}
	return slotSet{size: Size(rs), nth: func(n uint64) string { v, _ := Nth(rs, n); return v.String() },
		index: func(s string) (uint64, bool) {
			v, err := netipParse(s)
			if err != nil {
				return 0, false
			}
			return Index(rs, v)
		}}, nil
}
