package portal

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

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// TokenPrefix marks subscriber tokens. Staff tokens ("ldt_…") are never looked up here, and
// the staff API never looks up a subscriber token.
const TokenPrefix = "ldp_"

// Errors of signing in. Their messages are safe to show.
var (
	// ErrUnauthenticated: no subscriber token, or a bad, expired or ended one.
	ErrUnauthenticated = errors.New("sign in to the portal: send a valid subscriber token as \"Authorization: Bearer <token>\"")
	// ErrBadCredentials: a failed sign-in (it never says which part was wrong).
	ErrBadCredentials = errors.New("wrong username or password")
	// ErrBadCode: a code that is wrong, used, expired or out of tries.
	ErrBadCode = errors.New("the code is wrong or has expired: ask for a new one")
)

// SignIn is who a request comes from: one sign-in of one customer.
type SignIn struct {
	TokenID    int
	CustomerID int
	AccountNo  string
	ByCode     bool // signed in with an SMS code: may setPassword
	ReadOnly   bool // signed in while suspended or disabled
	ExpiresAt  time.Time
}

// Actor is the audit actor of the sign-in's requests from address.
func (si *SignIn) Actor(address string) audit.Actor {
	id := si.CustomerID
	return audit.Actor{Name: "customer:" + si.AccountNo, CustomerID: &id, Address: address}
}

type signInKey struct{}
type addressKey struct{}

// WithSignIn returns ctx carrying the sign-in and its audit actor (from address).
func WithSignIn(ctx context.Context, si *SignIn, address string) context.Context {
	return audit.WithActor(context.WithValue(ctx, signInKey{}, si), si.Actor(address))
}

// SignInFrom returns the request's sign-in, or nil.
func SignInFrom(ctx context.Context) *SignIn {
	si, _ := ctx.Value(signInKey{}).(*SignIn)
	return si
}

// WithAddress returns ctx carrying the client's address (throttles and audit rows use it).
func WithAddress(ctx context.Context, address string) context.Context {
	return context.WithValue(ctx, addressKey{}, address)
}

func addressFrom(ctx context.Context) string {
	a, _ := ctx.Value(addressKey{}).(string)
	return a
}

// signedIn returns the request's sign-in, or ErrUnauthenticated.
func signedIn(ctx context.Context) (*SignIn, error) {
	if si := SignInFrom(ctx); si != nil {
		return si, nil
	}
	return nil, ErrUnauthenticated
}

// HashToken is the SHA-256 (hex) a token is stored as.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func newToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	token = TokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// Result is a sign-in's answer: the token (shown once) and the customer.
type Result struct {
	Token      string
	ExpiresAt  time.Time
	Subscriber *ent.Customer
	ByCode     bool
}

// tokenDays reads portal_token_days (30 when unreadable).
func tokenDays(v settings.Values) int {
	if n := v.Int(settings.PortalTokenDays); n > 0 {
		return n
	}
	return 30
}

// issue creates a sign-in for cu with c and writes its audit row (portalLogin), by cu.
func (s *Service) issue(ctx context.Context, c *ent.Client, cu *ent.Customer, byCode bool) (*Result, error) {
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	now := s.now()
	token, hash := newToken()
	readOnly := cu.Status != customer.StatusACTIVE
	exp := now.AddDate(0, 0, tokenDays(v))
	t, err := c.PortalToken.Create().SetCustomerID(cu.ID).SetTokenHash(hash).SetByCode(byCode).
		SetReadOnly(readOnly).SetAddress(clip(addressFrom(ctx), 64)).SetCreatedAt(now).SetExpiresAt(exp).
		SetLastUsedAt(now).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("creating portal sign-in: %w", err)
	}
	si := &SignIn{TokenID: t.ID, CustomerID: cu.ID, AccountNo: cu.AccountNo, ByCode: byCode, ReadOnly: readOnly, ExpiresAt: exp}
	ctx = WithSignIn(ctx, si, addressFrom(ctx))
	if err := c.Customer.Update().Where(customer.ID(cu.ID)).SetPortalLastUsedAt(now).Exec(ctx); err != nil {
		return nil, fmt.Errorf("recording portal use: %w", err)
	}
	how := "password"
	if byCode {
		how = "code"
	}
	if err := audit.Write(ctx, c, "portalLogin", "customer", cu.ID, map[string]any{"by": how, "readOnly": readOnly}); err != nil {
		return nil, err
	}
	return &Result{Token: token, ExpiresAt: exp, Subscriber: cu, ByCode: byCode}, nil
}

// Authenticate resolves a subscriber token. A token ends when it expires, is revoked
// (logout, password change, suspension, staff) or its customer is deleted. Each use, at most
// once a minute per token, is recorded (the token's and the customer's last use). It
// returns ErrUnauthenticated for any bad token and another error only when the database
// fails.
func (s *Service) Authenticate(ctx context.Context, token string) (*SignIn, error) {
	if !strings.HasPrefix(token, TokenPrefix) || len(token) > 100 {
		return nil, ErrUnauthenticated
	}
	now := s.now()
	t, err := s.st.Client.PortalToken.Query().Where(portaltoken.TokenHash(HashToken(token))).WithCustomer().Only(ctx)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("looking up portal token: %w", err)
	}
	if t.RevokedAt != nil || !t.ExpiresAt.After(now) || t.Edges.Customer == nil {
		return nil, ErrUnauthenticated
	}
	if t.LastUsedAt == nil || now.Sub(*t.LastUsedAt) >= time.Minute {
		if err := s.touch(ctx, t, now); err != nil && !store.IsUnavailable(err) {
			return nil, err
		}
	}
	return &SignIn{TokenID: t.ID, CustomerID: t.CustomerID, AccountNo: t.Edges.Customer.AccountNo,
		ByCode: t.ByCode, ReadOnly: t.ReadOnly, ExpiresAt: t.ExpiresAt}, nil
}

// touch records a use of t at now: the token's last use (only if no other request did it in
// the meantime) and the customer's portal_last_used_at.
func (s *Service) touch(ctx context.Context, t *ent.PortalToken, now time.Time) error {
	return store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		q := c.PortalToken.Update().Where(portaltoken.ID(t.ID))
		if t.LastUsedAt == nil {
			q.Where(portaltoken.LastUsedAtIsNil())
		} else {
			q.Where(portaltoken.LastUsedAt(*t.LastUsedAt))
		}
		n, err := q.SetLastUsedAt(now).Save(ctx)
		if err != nil || n == 0 {
			return err
		}
		return c.Customer.Update().Where(customer.ID(t.CustomerID)).SetPortalLastUsedAt(now).Exec(ctx)
	})
}

// StillValid reports nil while the sign-in si holds (not revoked, not expired, customer
// there), ErrUnauthenticated when it ended, and another error when the database fails.
func (s *Service) StillValid(ctx context.Context, si *SignIn) error {
	t, err := s.st.Client.PortalToken.Query().Where(portaltoken.ID(si.TokenID)).Only(ctx)
	if ent.IsNotFound(err) {
		return ErrUnauthenticated
	}
	if err != nil {
		return fmt.Errorf("checking portal token: %w", err)
	}
	if t.RevokedAt != nil || !t.ExpiresAt.After(s.now()) {
		return ErrUnauthenticated
	}
	return nil
}

// Logout ends the request's sign-in.
func (s *Service) Logout(ctx context.Context) (bool, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return false, err
	}
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.PortalToken.Update().Where(portaltoken.ID(si.TokenID), portaltoken.RevokedAtIsNil()).
			SetRevokedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("ending portal sign-in: %w", err)
		}
		if n == 0 {
			return nil
		}
		return audit.Write(ctx, c, "portalLogout", "customer", si.CustomerID, nil)
	})
	return err == nil, err
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// throttleKey is the throttle's name for a portal sign-in: a prefix staff usernames cannot
// have, then the name (hashed when too long for the throttle's 64 bytes).
func throttleKey(prefix, name string) string {
	k := prefix + ":" + name
	if len(k) <= 64 {
		return k
	}
	sum := sha256.Sum256([]byte(name))
	return prefix + ":" + hex.EncodeToString(sum[:])[:60]
}
