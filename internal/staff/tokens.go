package staff

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	entstaff "github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// LoginResult is a successful login (GraphQL's AuthPayload).
type LoginResult struct {
	Token     string
	Staff     *ent.Staff
	ExpiresAt *time.Time
	// TotpEnrolmentRequired: the member is an admin without TOTP and require_admin_totp is
	// on; the dashboard sends them to enrol.
	TotpEnrolmentRequired bool
}

// IssuedToken is a new API token (GraphQL's ApiTokenPayload); Token is shown once.
type IssuedToken struct {
	Token    string
	APIToken *ent.ApiToken
}

// Credentials are a login's: the password, the TOTP or recovery code when the member has
// TOTP, and where the request came from (the client's address and user agent).
type Credentials struct {
	Username, Password string
	Code               *string
	Address, UserAgent string
}

// Login checks a staff member's password (throttled, see auth.Login), then their second
// factor when they have TOTP, and issues a login token. It runs outside any transaction: the
// throttle's records of a failed attempt must stay, and checking a password takes a while.
// A wrong password or code is logged and audited (loginFailed, with the address).
func (s *Service) Login(ctx context.Context, in Credentials) (*LoginResult, error) {
	code := ""
	if in.Code != nil {
		code = *in.Code
	}
	token, m, t, err := auth.Login(ctx, s.st.Client, s.throttle, auth.Attempt{Username: in.Username, Password: in.Password,
		Address: in.Address, UserAgent: in.UserAgent, Code: code, Second: s.second}, s.now())
	if err != nil {
		if errors.Is(err, auth.ErrBadCredentials) || errors.Is(err, auth.ErrThrottled) || errors.Is(err, auth.ErrTOTPWrong) {
			s.logger.Warn("failed staff login", "username", clip(in.Username, 64), "address", in.Address, "reason", err.Error())
		}
		if errors.Is(err, auth.ErrBadCredentials) || errors.Is(err, auth.ErrTOTPWrong) {
			if aerr := s.auditFailure(ctx, in, err); aerr != nil {
				return nil, aerr
			}
		}
		return nil, refusal(err)
	}
	id := m.ID
	as := audit.WithActor(ctx, audit.Actor{Name: m.Username, StaffID: &id, Address: in.Address})
	if err := audit.Write(as, s.st.Client, "login", "staff", m.ID, nil); err != nil {
		return nil, err
	}
	out := &LoginResult{Token: token, Staff: m, ExpiresAt: t.ExpiresAt}
	if m.Role == entstaff.RoleADMIN && m.TotpEnabledAt == nil {
		v, err := settings.Load(ctx, s.st.Client)
		if err != nil {
			return nil, err
		}
		out.TotpEnrolmentRequired = v.Bool(settings.RequireAdminTOTP)
	}
	return out, nil
}

// auditFailure records a failed login checked against a password (the throttle bounds how
// many there are): the username as typed, why (unknown username, disabled, wrong password,
// wrong code), from which address; never the password.
func (s *Service) auditFailure(ctx context.Context, in Credentials, cause error) error {
	username := strings.ToLower(strings.TrimSpace(in.Username))
	m, err := s.st.Client.Staff.Query().Where(entstaff.Username(username)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return fmt.Errorf("looking up staff: %w", err)
	}
	reason, id := "unknown username", 0
	switch {
	case m == nil:
	case errors.Is(cause, auth.ErrTOTPWrong):
		reason, id = "wrong code", m.ID
	case m.Disabled:
		reason, id = "account disabled", m.ID
	default:
		reason, id = "wrong password", m.ID
	}
	return audit.Record(ctx, s.st.Client, audit.Entry{Actor: "anonymous", Action: "loginFailed", TargetType: "staff",
		TargetID: id, Changes: map[string]any{"username": clip(strings.ToValidUTF8(username, ""), 64), "reason": reason}, Address: in.Address})
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
			return domain.NotFoundf("token").Because(err).WithKey("token.notFound", nil)
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
