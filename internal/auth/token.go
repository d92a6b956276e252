package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/store"
)

// Errors of authentication. Their messages are safe to show.
var (
	// ErrUnauthenticated: no token, or a bad, expired or revoked one.
	ErrUnauthenticated = errors.New("authentication required: send a valid token as \"Authorization: Bearer <token>\"")
	// ErrForbidden: the role may not do this.
	ErrForbidden = errors.New("your role may not do this")
	// ErrBadCredentials: a failed login (never says which part was wrong).
	ErrBadCredentials = errors.New("wrong username or password")
	// ErrThrottled: too many failed logins.
	ErrThrottled = errors.New("too many failed logins: try again later")
)

// Role is a staff or token role.
type Role = apitoken.Role

// Roles.
const (
	Admin    = apitoken.RoleADMIN
	Operator = apitoken.RoleOPERATOR
	Viewer   = apitoken.RoleVIEWER
)

func rank(r Role) int {
	switch r {
	case Admin:
		return 3
	case Operator:
		return 2
	case Viewer:
		return 1
	}
	return 0
}

// Allows reports whether role has at least the rights of need (admin > operator > viewer).
func Allows(role, need Role) bool { return rank(role) >= rank(need) && rank(need) > 0 }

// LoginTTL is how long a login token lives without use; each use extends it (sliding).
const LoginTTL = 12 * time.Hour

// tokenPrefix marks linedesk tokens (helps secret scanners).
const tokenPrefix = "ldt_"

// Principal is who is making a request.
type Principal struct {
	TokenID  int
	Kind     apitoken.Kind
	Role     Role
	StaffID  *int
	Name     string // staff username, or "token:<name>" for an API token
	Username string // staff username ("" for API tokens without staff)
}

// Actor is the name recorded in audit rows and ledger entries.
func (p *Principal) Actor() string {
	if p == nil {
		return "system"
	}
	return p.Name
}

type principalKey struct{}

// WithPrincipal returns ctx carrying p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the request's principal, or nil.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}

// Require returns ErrUnauthenticated without a principal and ErrForbidden when its role
// is below need.
func Require(ctx context.Context, need Role) (*Principal, error) {
	p := FromContext(ctx)
	if p == nil {
		return nil, ErrUnauthenticated
	}
	if !Allows(p.Role, need) {
		return p, ErrForbidden
	}
	return p, nil
}

// NewToken returns a random token (256 bits) and its stored hash.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the SHA-256 (hex) under which a token is stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// StaffRole converts a staff role to the shared Role.
func StaffRole(r staff.Role) Role { return Role(r) }

// IssueLogin creates a login token for s, signed in from address with userAgent.
func IssueLogin(ctx context.Context, c *ent.Client, s *ent.Staff, now time.Time, address, userAgent string) (string, *ent.ApiToken, error) {
	token, hash := NewToken()
	t, err := c.ApiToken.Create().SetName("login").SetTokenHash(hash).SetPrefix(token[:10]).
		SetKind(apitoken.KindLOGIN).SetRole(StaffRole(s.Role)).SetStaffID(s.ID).
		SetExpiresAt(now.Add(LoginTTL)).SetCreatedAt(now).
		SetAddress(clip(address, 64)).SetUserAgent(clip(strings.ToValidUTF8(userAgent, ""), 200)).Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("creating login token: %w", err)
	}
	return token, t, nil
}

// IssueAPIToken creates a named API token for integrators (no expiry; revocable). staffID
// is the creator. Invalid input is a *StaffInputError; any other error is the database's.
func IssueAPIToken(ctx context.Context, c *ent.Client, name string, role Role, staffID *int) (string, *ent.ApiToken, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > 100 {
		return "", nil, &StaffInputError{Field: "name", Message: "token name must be 1–100 characters",
			Key: "input.length", Params: map[string]any{"field": "name", "min": 1, "max": 100}}
	}
	if !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
		return "", nil, &StaffInputError{Field: "name", Message: "token name must be UTF-8 text without NUL characters", Key: "error.badText"}
	}
	if rank(role) == 0 {
		return "", nil, &StaffInputError{Field: "role", Message: "unknown role", Key: "staff.role"}
	}
	token, hash := NewToken()
	t, err := c.ApiToken.Create().SetName(name).SetTokenHash(hash).SetPrefix(token[:10]).
		SetKind(apitoken.KindAPI).SetRole(role).SetNillableStaffID(staffID).Save(ctx)
	if err != nil {
		return "", nil, fmt.Errorf("creating API token: %w", err)
	}
	return token, t, nil
}

// Authenticate resolves a bearer token. Login tokens slide: each use (at most once a
// minute) moves the expiry LoginTTL ahead. A disabled staff member's login tokens stop
// working; API tokens belong to the integration and live until revoked.
// It returns ErrUnauthenticated for any bad token and another error only when the database
// fails.
func Authenticate(ctx context.Context, c *ent.Client, token string, now time.Time) (*Principal, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return nil, ErrUnauthenticated
	}
	t, err := c.ApiToken.Query().Where(apitoken.TokenHash(HashToken(token))).WithStaff().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("looking up token: %w", err)
	}
	if t.RevokedAt != nil || (t.ExpiresAt != nil && !t.ExpiresAt.After(now)) {
		return nil, ErrUnauthenticated
	}
	p := &Principal{TokenID: t.ID, Kind: t.Kind, Role: t.Role, StaffID: t.StaffID, Name: "token:" + t.Name}
	if st := t.Edges.Staff; st != nil {
		p.Username = st.Username
		if t.Kind == apitoken.KindLOGIN {
			if st.Disabled {
				return nil, ErrUnauthenticated
			}
			p.Name = st.Username
			p.Role = StaffRole(st.Role) // role changes apply at once
		}
	} else if t.Kind == apitoken.KindLOGIN {
		return nil, ErrUnauthenticated
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) > time.Minute {
		up := c.ApiToken.UpdateOneID(t.ID).SetLastUsedAt(now)
		if t.Kind == apitoken.KindLOGIN {
			up.SetExpiresAt(now.Add(LoginTTL))
		}
		if err := up.Exec(ctx); err != nil && !store.IsUnavailable(err) {
			return nil, fmt.Errorf("touching token: %w", err)
		}
	}
	return p, nil
}

// Revoke revokes a token by id.
func Revoke(ctx context.Context, c *ent.Client, id int, now time.Time) (*ent.ApiToken, error) {
	t, err := c.ApiToken.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reading token: %w", err)
	}
	if t.RevokedAt != nil {
		return t, nil
	}
	return c.ApiToken.UpdateOneID(id).SetRevokedAt(now).Save(ctx)
}

// RevokeStaffTokens revokes every login and API token of a staff member (when disabled or
// when the password changes).
func RevokeStaffTokens(ctx context.Context, c *ent.Client, staffID int, now time.Time, except int) error {
	_, err := c.ApiToken.Update().
		Where(apitoken.StaffID(staffID), apitoken.RevokedAtIsNil(), apitoken.IDNEQ(except), apitoken.KindEQ(apitoken.KindLOGIN)).
		SetRevokedAt(now).Save(ctx)
	if err != nil {
		return fmt.Errorf("revoking tokens: %w", err)
	}
	return nil
}

// ParseRole reads a role name in any case ("admin", "OPERATOR", ...).
func ParseRole(s string) (Role, error) {
	r := Role(strings.ToUpper(strings.TrimSpace(s)))
	if rank(r) == 0 {
		return "", fmt.Errorf("unknown role %q: use admin, operator or viewer", s)
	}
	return r, nil
}
