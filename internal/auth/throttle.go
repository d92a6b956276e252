package auth

import (
	"context"
	"fmt"
	"hash/fnv"
	"net"
	"sync/atomic"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/loginfailure"
	"github.com/linedesk/linedesk/ent/loginlease"
	"github.com/linedesk/linedesk/internal/store"
)

// Throttle decides, before a password is hashed, whether a staff login may be tried. Its
// state is in the database (LoginFailure, LoginLease), so every instance on one database
// enforces the same limits. An attempt is reserved (a lease) before its hash and counted
// from then on; a refused attempt is never hashed.
//
//   - Per username and source address: PerUserAddress failures and attempts in flight
//     within Window (a successful login from that address clears its failures).
//   - Per source address, whatever the usernames: PerAddress.
//   - Per username, from all addresses: at most UserInFlight attempts in flight, and once
//     it failed from other addresses, one attempt per back-off (BackoffBase, doubling per
//     such failure up to BackoffMax) after the last one from another address. This slows
//     guessing from many addresses without a lockout keyed on the username alone: from an
//     address without failures, the owner waits at most BackoffMax after the last attempt
//     from elsewhere.
//
// Make one with NewThrottle.
type Throttle struct {
	PerUserAddress int
	PerAddress     int
	UserInFlight   int
	Window         time.Duration
	BackoffBase    time.Duration
	BackoffMax     time.Duration
	// Lease is how long a reservation counts when its process died before releasing it.
	Lease time.Duration
	// HashWait is how long a reserved attempt waits for a hash slot before it is refused.
	HashWait time.Duration
	// PruneEvery is how often expired leases and failures older than Window are deleted.
	PruneEvery time.Duration

	st        *store.Store
	gate      chan struct{} // bounds this process's admission transactions (database connections)
	lastPrune atomic.Int64  // UnixNano of the last prune
}

// admissionsAtOnce is how many admission transactions one process runs at once: a burst of
// logins waits in memory, not on database connections the rest of linedesk needs.
const admissionsAtOnce = 4

// NewThrottle keeps its state in st: 5 failures per username and address and 20 per address
// in 15 minutes; 5 attempts in flight per username, back-off from 0.5 s to 10 s.
func NewThrottle(st *store.Store) *Throttle {
	return &Throttle{
		PerUserAddress: 5, PerAddress: 20, UserInFlight: 5, Window: 15 * time.Minute,
		BackoffBase: 500 * time.Millisecond, BackoffMax: 10 * time.Second,
		Lease: time.Minute, HashWait: 3 * time.Second, PruneEvery: time.Minute, st: st,
		gate: make(chan struct{}, admissionsAtOnce),
	}
}

// throttledCount counts logins refused by a throttle or for want of a hash slot.
var throttledCount atomic.Uint64

// lease is an attempt the throttle admitted; it counts in flight until finished.
type lease struct {
	th                *Throttle
	id                int
	username, address string
}

// reserve admits an attempt for username from address at now, or returns ErrThrottled.
func (t *Throttle) reserve(ctx context.Context, username, address string, now time.Time) (*lease, error) {
	address = throttleAddress(address)
	if err := t.enter(ctx); err != nil {
		return nil, err
	}
	defer func() { <-t.gate }()
	if err := t.prune(ctx, now); err != nil {
		return nil, err
	}
	var id int
	err := store.InTx(ctx, t.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := t.lock(ctx, tx, username, address); err != nil {
			return err
		}
		if err := t.admit(ctx, tx, username, address, now); err != nil {
			return err
		}
		l, err := tx.LoginLease.Create().SetUsername(username).SetAddress(address).
			SetCreatedAt(now).SetExpiresAt(now.Add(t.Lease)).Save(ctx)
		if err != nil {
			return fmt.Errorf("reserving a login attempt: %w", err)
		}
		id = l.ID
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &lease{th: t, id: id, username: username, address: address}, nil
}

// enter waits at most HashWait for one of the process's admission slots (ErrThrottled).
func (t *Throttle) enter(ctx context.Context) error {
	timer := time.NewTimer(t.HashWait)
	defer timer.Stop()
	select {
	case t.gate <- struct{}{}:
		return nil
	case <-timer.C:
		return ErrThrottled
	case <-ctx.Done():
		return ctx.Err()
	}
}

// lock serialises the admissions of one username and of one address across instances
// (PostgreSQL advisory locks, released at commit; SQLite's transactions already take the
// write lock when they begin). The username's lock is always taken first.
func (t *Throttle) lock(ctx context.Context, c *ent.Client, username, address string) error {
	if !t.st.IsPostgres() {
		return nil
	}
	for _, key := range []string{"user\x00" + username, "address\x00" + address} {
		h := fnv.New64a()
		h.Write([]byte("linedesk login throttle\x00" + key))
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(h.Sum64())); err != nil {
			return fmt.Errorf("locking the login throttle: %w", err)
		}
	}
	return nil
}

// admit returns ErrThrottled when an attempt for username from address may not start now.
func (t *Throttle) admit(ctx context.Context, c *ent.Client, username, address string, now time.Time) error {
	since := now.Add(-t.Window)
	leases, err := c.LoginLease.Query().Where(loginlease.Username(username), loginlease.ExpiresAtGT(now)).All(ctx)
	if err != nil {
		return fmt.Errorf("reading login leases: %w", err)
	}
	if len(leases) >= t.UserInFlight {
		return ErrThrottled
	}
	sameAddress, lastOther := 0, time.Time{}
	for _, l := range leases {
		if l.Address == address {
			sameAddress++
		} else if l.CreatedAt.After(lastOther) {
			lastOther = l.CreatedAt
		}
	}
	failed, err := c.LoginFailure.Query().Where(loginfailure.Username(username), loginfailure.Address(address),
		loginfailure.Cleared(false), loginfailure.CreatedAtGT(since)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting failed logins: %w", err)
	}
	if failed+sameAddress >= t.PerUserAddress {
		return ErrThrottled
	}
	if err := t.admitAddress(ctx, c, address, now); err != nil {
		return err
	}
	others := c.LoginFailure.Query().Where(loginfailure.Username(username), loginfailure.AddressNEQ(address),
		loginfailure.Cleared(false), loginfailure.CreatedAtGT(since))
	n, err := others.Clone().Count(ctx)
	if err != nil {
		return fmt.Errorf("counting failed logins: %w", err)
	}
	if n == 0 {
		return nil
	}
	last, err := others.Order(ent.Desc(loginfailure.FieldCreatedAt)).First(ctx)
	if err != nil {
		return fmt.Errorf("reading failed logins: %w", err)
	}
	if last.CreatedAt.After(lastOther) {
		lastOther = last.CreatedAt
	}
	if now.Sub(lastOther) < t.backoff(n) {
		return ErrThrottled
	}
	return nil
}

// admitAddress applies the per-address ceiling: failures and attempts in flight from
// address, for any username.
func (t *Throttle) admitAddress(ctx context.Context, c *ent.Client, address string, now time.Time) error {
	failed, err := c.LoginFailure.Query().Where(loginfailure.Address(address), loginfailure.CreatedAtGT(now.Add(-t.Window))).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting failed logins: %w", err)
	}
	inFlight, err := c.LoginLease.Query().Where(loginlease.Address(address), loginlease.ExpiresAtGT(now)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting login leases: %w", err)
	}
	if failed+inFlight >= t.PerAddress {
		return ErrThrottled
	}
	return nil
}

// backoff is the spacing of attempts for a username that failed n times from other addresses.
func (t *Throttle) backoff(n int) time.Duration {
	d := t.BackoffBase
	for i := 1; i < n && d < t.BackoffMax; i++ {
		d *= 2
	}
	return min(d, t.BackoffMax)
}

// prune deletes expired leases and failures older than the window, at most once per
// PruneEvery in this process, so both tables stay bounded.
func (t *Throttle) prune(ctx context.Context, now time.Time) error {
	last := t.lastPrune.Load()
	if now.UnixNano()-last < int64(t.PruneEvery) || !t.lastPrune.CompareAndSwap(last, now.UnixNano()) {
		return nil
	}
	if _, err := t.st.Client.LoginLease.Delete().Where(loginlease.ExpiresAtLTE(now)).Exec(ctx); err != nil {
		return fmt.Errorf("pruning login leases: %w", err)
	}
	if _, err := t.st.Client.LoginFailure.Delete().Where(loginfailure.CreatedAtLTE(now.Add(-t.Window))).Exec(ctx); err != nil {
		return fmt.Errorf("pruning failed logins: %w", err)
	}
	return nil
}

// failed ends the attempt as a failed login at time at (in one transaction: the lease goes,
// the failure is recorded). It runs even when ctx was cancelled meanwhile.
func (l *lease) failed(ctx context.Context, at time.Time) error {
	if l == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	return store.InTx(ctx, l.th.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := tx.LoginLease.DeleteOneID(l.id).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("releasing a login lease: %w", err)
		}
		if err := tx.LoginFailure.Create().SetUsername(l.username).SetAddress(l.address).SetCreatedAt(at).Exec(ctx); err != nil {
			return fmt.Errorf("recording a failed login: %w", err)
		}
		return nil
	})
}

// succeeded ends the attempt as a successful login: the lease goes and the username's
// failures from this address no longer count against it.
func (l *lease) succeeded(ctx context.Context) error {
	if l == nil {
		return nil
	}
	ctx = context.WithoutCancel(ctx)
	return store.InTx(ctx, l.th.st.Client, func(ctx context.Context, tx *ent.Client) error {
		if err := tx.LoginLease.DeleteOneID(l.id).Exec(ctx); err != nil && !ent.IsNotFound(err) {
			return fmt.Errorf("releasing a login lease: %w", err)
		}
		if err := tx.LoginFailure.Update().Where(loginfailure.Username(l.username), loginfailure.Address(l.address),
			loginfailure.Cleared(false)).SetCleared(true).Exec(ctx); err != nil {
			return fmt.Errorf("clearing failed logins: %w", err)
		}
		return nil
	})
}

// release ends an attempt that was not checked (no hash slot, or the client left).
func (l *lease) release(ctx context.Context) error {
	if l == nil {
		return nil
	}
	err := l.th.st.Client.LoginLease.DeleteOneID(l.id).Exec(context.WithoutCancel(ctx))
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("releasing a login lease: %w", err)
	}
	return nil
}

// throttleAddress is the key of a source address: an IPv4 address as it is, an IPv6 address
// by its /64 (one subscriber's network: its hosts count as one address).
// AddressKey is the key under which a client address is throttled: an IPv4 address as it
// is, an IPv6 address by its /64 (one subscriber's usual allocation), anything else cut to
// 64 characters. Other throttles (voucher redemption) count addresses the same way.
func AddressKey(addr string) string { return throttleAddress(addr) }

func throttleAddress(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil {
		if len(addr) > 64 {
			addr = addr[:64]
		}
		return addr
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return (&net.IPNet{IP: ip.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}
