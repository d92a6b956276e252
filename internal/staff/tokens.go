package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// LoginResult is a successful login (GraphQL's AuthPayload).
type LoginResult struct {
	Token     string
	Staff     *ent.Staff
	ExpiresAt *time.Time
}

// IssuedToken is a new API token (GraphQL's ApiTokenPayload); Token is shown once.
type IssuedToken struct {
	Token    string
	APIToken *ent.ApiToken
}

// Login checks a staff member's password (throttled, see auth.Login) and issues a login
// token. It runs outside any transaction: the throttle's records of a failed attempt must
// stay, and checking a password takes a while. address is the client's.
func (s *Service) Login(ctx context.Context, username, password, address string) (*LoginResult, error) {
	token, m, t, err := auth.Login(ctx, s.st.Client, s.throttle, username, password, address, s.now())
	if err != nil {
		if errors.Is(err, auth.ErrBadCredentials) || errors.Is(err, auth.ErrThrottled) {
			s.logger.Warn("failed staff login", "username", clip(username, 64), "address", address, "reason", err.Error())
		}
		return nil, refusal(err)
	}
	id := m.ID
	as := audit.WithActor(ctx, audit.Actor{Name: m.Username, StaffID: &id, Address: address})
	if err := audit.Write(as, s.st.Client, "login", "staff", m.ID, nil); err != nil {
		return nil, err
	}
	return &LoginResult{Token: token, Staff: m, ExpiresAt: t.ExpiresAt}, nil
}

// Logout revokes the caller's token.
func (s *Service) Logout(ctx context.Context) (bool, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return false, auth.ErrUnauthenticated
	}
	err := s.revoke(ctx, p.TokenID, "logout", nil)
	return err == nil, err
}

// IssueAPIToken creates a named API token for integrators, created by the caller.
func (s *Service) IssueAPIToken(ctx context.Context, name string, role auth.Role) (*IssuedToken, error) {
	var out *IssuedToken
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		token, t, err := auth.IssueAPIToken(ctx, c, name, role, audit.ActorFrom(ctx).StaffID)
		if err != nil {
			return refusal(err)
		}
		out = &IssuedToken{Token: token, APIToken: t}
		return audit.Write(ctx, c, "createApiToken", "apiToken", t.ID, map[string]any{"name": t.Name, "role": t.Role})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RevokeAPIToken revokes token id (a revoked token stays revoked).
func (s *Service) RevokeAPIToken(ctx context.Context, id int) (*ent.ApiToken, error) {
	var t *ent.ApiToken
	err := s.revoke(ctx, id, "revokeApiToken", &t)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// revoke revokes token id with the audit action, and closes the WebSockets opened with it on
// every instance after the commit.
func (s *Service) revoke(ctx context.Context, id int, action string, out **ent.ApiToken) error {
	return store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		t, err := auth.Revoke(ctx, c, id, s.now())
		if ent.IsNotFound(err) {
			return domain.NotFoundf("token").Because(err)
		}
		if err != nil {
			return fmt.Errorf("revoking token: %w", err)
		}
		if out != nil {
			*out = t
		}
		s.publish(ctx, events.Event{Kind: events.TokenRevoked, EntityID: id})
		return audit.Write(ctx, c, action, "apiToken", id, nil)
	})
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
