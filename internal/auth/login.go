package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/store"
)

// Throttle limits failed logins per username and per client address within a window.
// It is in-process: each instance counts its own attempts.
type Throttle struct {
	PerUser    int
	PerAddress int
	Window     time.Duration

	mu    sync.Mutex
	fails map[string][]time.Time
}

// NewThrottle allows 5 failures per username and 20 per address in 15 minutes.
func NewThrottle() *Throttle {
	return &Throttle{PerUser: 5, PerAddress: 20, Window: 15 * time.Minute, fails: map[string][]time.Time{}}
}

func (t *Throttle) recent(key string, now time.Time) []time.Time {
	ts := t.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) > t.Window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = ts
	}
	return ts
}

// Allowed reports whether a login for username from address may be tried now.
func (t *Throttle) Allowed(username, address string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.recent("u:"+username, now)) < t.PerUser && len(t.recent("a:"+address, now)) < t.PerAddress
}

// Failed records a failed login.
func (t *Throttle) Failed(username, address string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, k := range []string{"u:" + username, "a:" + address} {
		t.fails[k] = append(t.recent(k, now), now)
	}
	if len(t.fails) > 100000 { // bound memory under a spray of usernames
		for k := range t.fails {
			delete(t.fails, k)
			if len(t.fails) < 50000 {
				break
			}
		}
	}
}

// Succeeded forgets the username's failures.
func (t *Throttle) Succeeded(username string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "u:"+username)
}

// dummyHash is checked against when the username does not exist, so both cases take as long.
var dummyHash, _ = HashPassword("not-a-real-password-x")

// Login checks a staff member's password and issues a login token. Failures are throttled
// per username and per address; the error never says which part was wrong.
func Login(ctx context.Context, c *ent.Client, th *Throttle, username, password, address string, now time.Time) (string, *ent.Staff, *ent.ApiToken, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if len(username) > 64 || len(password) > MaxStaffPasswordLen {
		return "", nil, nil, &StaffInputError{"username", "username or password too long"}
	}
	if th != nil && !th.Allowed(username, address, now) {
		return "", nil, nil, ErrThrottled
	}
	s, err := c.Staff.Query().Where(staff.Username(username)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return "", nil, nil, fmt.Errorf("looking up staff: %w", err)
	}
	if s == nil || s.Disabled || !CheckPassword(password, s.PasswordHash) {
		if s == nil {
			CheckPassword(password, dummyHash)
		}
		if th != nil {
			th.Failed(username, address, now)
		}
		return "", nil, nil, ErrBadCredentials
	}
	if th != nil {
		th.Succeeded(username)
	}
	token, t, err := IssueLogin(ctx, c, s, now)
	if err != nil {
		return "", nil, nil, err
	}
	s, err = c.Staff.UpdateOneID(s.ID).SetLastLoginAt(now).Save(ctx)
	if err != nil {
		return "", nil, nil, fmt.Errorf("recording login: %w", err)
	}
	return token, s, t, nil
}

// StaffInputError is invalid staff input; its message is safe to show.
type StaffInputError struct{ Field, Message string }

func (e *StaffInputError) Error() string { return e.Field + ": " + e.Message }

// NormalizeStaffUsername lower-cases and checks a staff username.
func NormalizeStaffUsername(u string) (string, error) {
	u = strings.ToLower(strings.TrimSpace(u))
	if len(u) < 2 || len(u) > 64 {
		return "", &StaffInputError{"username", "must be 2–64 characters"}
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)) {
			return "", &StaffInputError{"username", "may contain a–z, 0–9 and . _ @ -"}
		}
	}
	return u, nil
}

// CreateStaff creates a staff member (used by `linedesk admin create` and the API).
func CreateStaff(ctx context.Context, c *ent.Client, username, password string, role Role) (*ent.Staff, error) {
	u, err := NormalizeStaffUsername(username)
	if err != nil {
		return nil, err
	}
	if rank(role) == 0 {
		return nil, &StaffInputError{"role", "must be ADMIN, OPERATOR or VIEWER"}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return nil, &StaffInputError{"password", err.Error()}
	}
	s, err := c.Staff.Create().SetUsername(u).SetPasswordHash(hash).SetRole(staff.Role(role)).Save(ctx)
	if store.AsConflict(err) != nil {
		return nil, &StaffInputError{"username", fmt.Sprintf("%q is already taken", u)}
	}
	if err != nil {
		return nil, fmt.Errorf("creating staff: %w", err)
	}
	return s, nil
}

// EnsureAdmin creates the staff user "admin" when no staff exists. With password == "" it
// generates one and returns it (to be shown once, on the terminal); created is false when
// staff already existed (or another instance created it first).
func EnsureAdmin(ctx context.Context, c *ent.Client, password string) (created bool, generated string, err error) {
	n, err := c.Staff.Query().Count(ctx)
	if err != nil {
		return false, "", fmt.Errorf("checking staff accounts: %w", err)
	}
	if n > 0 {
		return false, "", nil
	}
	if password == "" {
		password = RandomPassword(16)
		generated = password
	}
	_, err = CreateStaff(ctx, c, "admin", password, Admin)
	var se *StaffInputError
	if errors.As(err, &se) && se.Field == "username" {
		return false, "", nil
	}
	if err != nil {
		return false, "", err
	}
	return true, generated, nil
}

const alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// RandomPassword returns n characters from an unambiguous alphabet.
func RandomPassword(n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 1)
	limit := 256 - 256%len(alphabet) // reject to avoid modulo bias
	for len(out) < n {
		if _, err := rand.Read(buf); err != nil {
			panic(fmt.Sprintf("crypto/rand failed: %v", err))
		}
		if int(buf[0]) < limit {
			out = append(out, alphabet[int(buf[0])%len(alphabet)])
		}
	}
	return string(out)
}
