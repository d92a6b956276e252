package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/store"
)

// Attempt is one staff login: the credentials, where it came from, and the second factor.
type Attempt struct {
	Username, Password string
	Address, UserAgent string
	// Code is the TOTP or recovery code ("" when none was sent).
	Code string
	// Second, when set, checks Code for a staff member whose password matched (nil: no
	// second factor). Its ErrTOTPWrong counts as a failed attempt for the throttle; its
	// ErrTOTPRequired (no code sent) neither fails nor clears.
	Second *SecondFactor
}

// Login checks a staff member's password and issues a login token. The throttle (nil: none)
// admits the attempt before its password is hashed, or it fails with ErrThrottled unhashed;
// the hash waits at most the throttle's HashWait for a slot (ErrThrottled after). The error
// never says which part was wrong. After the password, the second factor is checked.
func Login(ctx context.Context, c *ent.Client, th *Throttle, a Attempt, now time.Time) (string, *ent.Staff, *ent.ApiToken, error) {
	began := time.Now()
	now = now.UTC()
	username := strings.ToLower(strings.TrimSpace(a.Username))
	if len(username) > 64 || len(a.Password) > MaxStaffPasswordLen || len(a.Code) > 64 {
		return "", nil, nil, &StaffInputError{Field: "username", Message: "username or password too long", Key: "staff.credentialsTooLong"}
	}
	if !utf8.ValidString(username) || strings.IndexFunc(username, unicode.IsControl) >= 0 {
		return "", nil, nil, &StaffInputError{Field: "username", Message: "may contain a–z, 0–9 and . _ @ -", Key: "staff.usernameChars"}
	}
	var l *lease
	wait := 3 * time.Second
	if th != nil {
		var err error
		if l, err = th.reserve(ctx, username, a.Address, now); err != nil {
			if errors.Is(err, ErrThrottled) {
				throttledCount.Add(1)
			}
			return "", nil, nil, err
		}
		wait = th.HashWait
	}
	s, ok, err := checkStaffPassword(ctx, c, username, a.Password, wait)
	if err == nil && ok && a.Second != nil {
		err = a.Second.Check(ctx, c, s, a.Code, now)
	}
	switch {
	case errors.Is(err, ErrTOTPWrong):
		ok = false
	case err != nil:
		if rerr := l.release(ctx); rerr != nil {
			err = fmt.Errorf("%w (%v)", err, rerr)
		}
		return "", nil, nil, err
	}
	if !ok {
		if ferr := l.failed(ctx, now.Add(time.Since(began))); ferr != nil {
			return "", nil, nil, ferr
		}
		if err != nil {
			return "", nil, nil, err
		}
		return "", nil, nil, ErrBadCredentials
	}
	if err := l.succeeded(ctx); err != nil {
		return "", nil, nil, err
	}
	token, t, err := IssueLogin(ctx, c, s, now, a.Address, a.UserAgent)
	if err != nil {
		return "", nil, nil, err
	}
	s, err = c.Staff.UpdateOneID(s.ID).SetLastLoginAt(now).SetLastLoginAddress(clip(a.Address, 64)).Save(ctx)
	if err != nil {
		return "", nil, nil, fmt.Errorf("recording login: %w", err)
	}
	return token, s, t, nil
}

// clip returns s cut to at most n bytes, on a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// checkStaffPassword finds the staff member and checks the password inside a hash slot,
// waiting at most wait for one (ErrThrottled then). An unknown username is checked against
// a dummy hash and a disabled account against its own, so all take as long.
func checkStaffPassword(ctx context.Context, c *ent.Client, username, password string, wait time.Duration) (*ent.Staff, bool, error) {
	s, err := c.Staff.Query().Where(staff.Username(username)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, false, fmt.Errorf("looking up staff: %w", err)
	}
	hash := dummyHash
	if s != nil {
		hash = s.PasswordHash
	}
	match, err := checkPasswordWithin(ctx, wait, password, hash)
	if errors.Is(err, errNoHashSlot) {
		throttledCount.Add(1)
		return nil, false, ErrThrottled
	}
	if err != nil {
		return nil, false, err
	}
	return s, match && s != nil && !s.Disabled, nil
}

// StaffInputError is invalid staff input; its message is safe to show. Key and Params are
// its translation key (frontend/shared/i18n/errors) and values.
type StaffInputError struct {
	Field, Message string
	Key            string
	Params         map[string]any
}

func (e *StaffInputError) Error() string { return e.Field + ": " + e.Message }

// NormalizeStaffUsername lower-cases and checks a staff username.
func NormalizeStaffUsername(u string) (string, error) {
	u = strings.ToLower(strings.TrimSpace(u))
	if len(u) < 2 || len(u) > 64 {
		return "", &StaffInputError{Field: "username", Message: "must be 2–64 characters",
			Key: "input.length", Params: map[string]any{"field": "username", "min": 2, "max": 64}}
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || strings.ContainsRune("._@-", r)) {
			return "", &StaffInputError{Field: "username", Message: "may contain a–z, 0–9 and . _ @ -", Key: "staff.usernameChars"}
		}
	}
	return u, nil
}

// CreateStaff creates a staff member (used by `linedesk admin create` and the API).
func CreateStaff(ctx context.Context, c *ent.Client, username, password string, role Role) (*ent.Staff, error) {
	r, err := NewStaffRecord(username, password, role)
	if err != nil {
		return nil, err
	}
	return r.Create(ctx, c, nil)
}

// StaffRecord is a checked new staff member with the password hashed.
type StaffRecord struct {
	Username     string
	PasswordHash string
	Role         Role
}

// NewStaffRecord checks a new staff member's username, role and password and hashes the
// password (argon2id: slow, so call it before a transaction opens). Invalid input is a
// *StaffInputError.
func NewStaffRecord(username, password string, role Role) (StaffRecord, error) {
	u, err := NormalizeStaffUsername(username)
	if err != nil {
		return StaffRecord{}, err
	}
	if rank(role) == 0 {
		return StaffRecord{}, &StaffInputError{Field: "role", Message: "must be ADMIN, OPERATOR or VIEWER", Key: "staff.role"}
	}
	hash, err := HashPassword(password)
	if err != nil {
		return StaffRecord{}, passwordInputError(password, err)
	}
	return StaffRecord{Username: u, PasswordHash: hash, Role: role}, nil
}

// Create stores r with c (fullName may be nil); a taken username is a *StaffInputError.
func (r StaffRecord) Create(ctx context.Context, c *ent.Client, fullName *string) (*ent.Staff, error) {
	s, err := c.Staff.Create().SetUsername(r.Username).SetPasswordHash(r.PasswordHash).
		SetRole(staff.Role(r.Role)).SetNillableFullName(fullName).Save(ctx)
	if store.AsConflict(err) != nil {
		return nil, &StaffInputError{Field: "username", Message: fmt.Sprintf("%q is already taken", r.Username),
			Key: "customer.usernameTaken", Params: map[string]any{"username": r.Username}}
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

// VerifyPassword checks the password of staff member s (a signed-in member confirming a
// sensitive change) through the throttle (nil: none), as a login from address would be
// checked: ErrBadCredentials when it is wrong, ErrThrottled after too many.
func VerifyPassword(ctx context.Context, th *Throttle, s *ent.Staff, password, address string, now time.Time) error {
	if len(password) > MaxStaffPasswordLen {
		return ErrBadCredentials
	}
	var l *lease
	wait := 3 * time.Second
	if th != nil {
		var err error
		if l, err = th.reserve(ctx, s.Username, address, now); err != nil {
			return err
		}
		wait = th.HashWait
	}
	match, err := checkPasswordWithin(ctx, wait, password, s.PasswordHash)
	if errors.Is(err, errNoHashSlot) {
		err = ErrThrottled
	}
	if err != nil {
		if rerr := l.release(ctx); rerr != nil {
			err = fmt.Errorf("%w (%v)", err, rerr)
		}
		return err
	}
	if !match {
		if err := l.failed(ctx, now); err != nil {
			return err
		}
		return ErrBadCredentials
	}
	return l.succeeded(ctx)
}

// passwordInputError is the StaffInputError of a password HashPassword refused (err).
func passwordInputError(password string, err error) error {
	if len(password) < MinStaffPasswordLen {
		return &StaffInputError{Field: "password", Message: err.Error(), Key: "password.tooShort", Params: map[string]any{"min": MinStaffPasswordLen}}
	}
	if len(password) > MaxStaffPasswordLen {
		return &StaffInputError{Field: "password", Message: err.Error(), Key: "password.tooLong", Params: map[string]any{"max": MaxStaffPasswordLen}}
	}
	return err
}
