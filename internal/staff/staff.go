// Package staff is the service of staff accounts and of the tokens that act for them: create
// and change staff members (role, disabled, password hashed with argon2id by internal/auth),
// one's own password, TOTP two-factor sign-in (enrol, confirm, disable), log in and out
// (failed logins are audited), the sign-ins (login tokens) a member can see and end, issue
// and revoke API tokens, and say who the caller is (me). Every change
// is one transaction with its audit row; StaffChanged and TokenRevoked are published after
// the commit so open WebSockets check their authorisation again.
package staff

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	entstaff "github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/patch"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// Service manages staff accounts and their tokens.
type Service struct {
	st       *store.Store
	box      *secret.Box
	second   *auth.SecondFactor
	pub      events.Publisher
	throttle *auth.Throttle
	logger   *slog.Logger
	now      func() time.Time
}

// New returns the service over st; box seals TOTP secrets; pub (may be nil) gets
// StaffChanged and TokenRevoked after each commit; failed logins are logged to logger and
// recorded in the audit log.
func New(st *store.Store, box *secret.Box, pub events.Publisher, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{st: st, box: box, second: auth.NewSecondFactor(box), pub: pub, throttle: auth.NewThrottle(st),
		logger: logger, now: func() time.Time { return time.Now().UTC() }}
}

// CreateInput is a new staff member (GraphQL's CreateStaffInput).
type CreateInput struct {
	Username string
	Password string
	Role     auth.Role
	FullName *string
}

// UpdateInput changes a staff member (GraphQL's UpdateStaffInput); nil fields stay as they are.
type UpdateInput struct {
	Role     *auth.Role
	Disabled *bool
	Password *string
	FullName *string
}

// Create checks in, hashes the password (before the transaction) and stores the member.
func (s *Service) Create(ctx context.Context, in CreateInput) (*ent.Staff, error) {
	rec, err := auth.NewStaffRecord(in.Username, in.Password, in.Role)
	if err != nil {
		return nil, refusal(err)
	}
	var m *ent.Staff
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		var err error
		if m, err = rec.Create(ctx, c, trimmed(in.FullName)); err != nil {
			return refusal(err)
		}
		return audit.Write(ctx, c, "createStaff", "staff", m.ID,
			map[string]any{"username": m.Username, "role": m.Role, "password": true})
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// Update applies in to staff member id. Nobody changes their own role or disables
// themselves; at least one enabled admin remains. Disabling a member or changing their
// password revokes their logins (but the caller's own, when they change their own password).
func (s *Service) Update(ctx context.Context, id int, in UpdateInput) (*ent.Staff, error) {
	var hash *string
	if in.Password != nil {
		h, err := auth.HashPassword(*in.Password)
		if err != nil {
			return nil, badPassword("password", *in.Password, err)
		}
		hash = &h
	}
	var m *ent.Staff
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cur, err := c.Staff.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("staff member").Because(err).WithKey("staff.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading staff member: %w", err)
		}
		ch := staffChange{cur: cur, hash: hash, fullName: trimmed(in.FullName)}
		if in.Role != nil && entstaff.Role(*in.Role) != cur.Role {
			r := entstaff.Role(*in.Role)
			ch.role = &r
		}
		if in.Disabled != nil && *in.Disabled != cur.Disabled {
			ch.disabled = in.Disabled
		}
		if ch.empty() {
			m = cur
			return nil
		}
		m, err = s.applyUpdate(ctx, c, id, ch)
		return err
	})
	if err != nil {
		return nil, err
	}
	return m, nil
}

// staffChange is what an update changes (nil: unchanged).
type staffChange struct {
	cur      *ent.Staff // before the change
	role     *entstaff.Role
	disabled *bool
	hash     *string
	fullName *string
}

func (ch staffChange) empty() bool {
	return ch.role == nil && ch.disabled == nil && ch.hash == nil && ch.fullName == nil
}

// revokes reports whether the member's logins end: disabled, or a new password.
func (ch staffChange) revokes() bool { return ch.hash != nil || (ch.disabled != nil && *ch.disabled) }

// record is the audit row's changes, each field before and after (the password: changed).
func (ch staffChange) record() map[string]any {
	out := map[string]any{}
	if ch.role != nil {
		out["role"] = audit.Change{From: ch.cur.Role, To: *ch.role}
	}
	if ch.disabled != nil {
		out["disabled"] = audit.Change{From: ch.cur.Disabled, To: *ch.disabled}
	}
	if ch.hash != nil {
		out["password"] = true
	}
	if ch.fullName != nil {
		var from any
		if ch.cur.FullName != nil {
			from = *ch.cur.FullName
		}
		out["fullName"] = audit.Change{From: from, To: *ch.fullName}
	}
	return out
}

// checkSelf refuses a change of the caller's own role and disabling oneself.
func checkSelf(self bool, ch staffChange) error {
	switch {
	case self && ch.role != nil:
		return domain.Invalidf("role", "you cannot change your own role").WithKey("staff.ownRole", nil)
	case self && ch.disabled != nil && *ch.disabled:
		return domain.Invalidf("disabled", "you cannot disable yourself").WithKey("staff.disableSelf", nil)
	}
	return nil
}

// applyUpdate writes ch to member id, revokes their logins when it must, checks that an
// enabled admin remains, audits, and registers StaffChanged for after the commit.
func (s *Service) applyUpdate(ctx context.Context, c *ent.Client, id int, ch staffChange) (*ent.Staff, error) {
	me := auth.FromContext(ctx)
	self := me != nil && me.StaffID != nil && *me.StaffID == id
	if err := checkSelf(self, ch); err != nil {
		return nil, err
	}
	up := c.Staff.UpdateOneID(id)
	patch.Set(ch.role, up.SetRole)
	patch.Set(ch.disabled, up.SetDisabled)
	patch.Set(ch.hash, up.SetPasswordHash)
	patch.Set(ch.fullName, up.SetFullName)
	m, err := up.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("updating staff member: %w", err)
	}
	if ch.revokes() {
		keep := 0
		if self {
			keep = me.TokenID
		}
		if err := auth.RevokeStaffTokens(ctx, c, id, s.now(), keep); err != nil {
			return nil, err
		}
	}
	admins, err := c.Staff.Query().Where(entstaff.RoleEQ(entstaff.RoleADMIN), entstaff.Disabled(false)).Count(ctx)
	if err != nil {
		return nil, fmt.Errorf("counting admins: %w", err)
	}
	if admins == 0 {
		return nil, domain.Invalidf("role", "at least one enabled admin must remain").WithKey("staff.lastAdmin", nil)
	}
	if ch.role != nil || ch.disabled != nil || ch.revokes() {
		s.publish(ctx, events.Event{Kind: events.StaffChanged, EntityID: id})
	}
	return m, audit.Write(ctx, c, "updateStaff", "staff", id, ch.record())
}

// Me is the caller: a login's staff record; for an API token the token itself, in Staff's
// shape: its ApiToken id, "token:<name>" and the token's role (never its creator).
func (s *Service) Me(ctx context.Context) (*ent.Staff, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, auth.ErrUnauthenticated
	}
	c := store.Reader(ctx, s.st.Client)
	if p.Kind == apitoken.KindAPI || p.StaffID == nil {
		t, err := c.ApiToken.Get(ctx, p.TokenID)
		if err != nil {
			return nil, fmt.Errorf("reading the token: %w", err)
		}
		return &ent.Staff{ID: t.ID, Username: "token:" + t.Name, Role: entstaff.Role(t.Role),
			CreatedAt: t.CreatedAt, UpdatedAt: t.CreatedAt, LastLoginAt: t.LastUsedAt}, nil
	}
	m, err := c.Staff.Get(ctx, *p.StaffID)
	if err != nil {
		return nil, fmt.Errorf("reading staff member: %w", err)
	}
	return m, nil
}

// publish sends e after the commit.
func (s *Service) publish(ctx context.Context, e events.Event) {
	if s.pub == nil {
		return
	}
	store.AfterCommit(ctx, func(context.Context) { s.pub.Publish(e) })
}

// badPassword refuses a staff password auth.HashPassword refused (err), with its key.
func badPassword(field, pw string, err error) error {
	switch {
	case len(pw) < auth.MinStaffPasswordLen:
		return domain.Invalidf(field, "%s", err.Error()).WithKey("password.tooShort", map[string]any{"min": auth.MinStaffPasswordLen})
	case len(pw) > auth.MaxStaffPasswordLen:
		return domain.Invalidf(field, "%s", err.Error()).WithKey("password.tooLong", map[string]any{"max": auth.MaxStaffPasswordLen})
	}
	return err // hashing itself failed: not the person's fault
}

// refusal turns auth's input errors into refusals, with their keys.
func refusal(err error) error {
	var se *auth.StaffInputError
	if errors.As(err, &se) {
		return domain.Invalidf(se.Field, "%s", se.Message).Because(err).WithKey(se.Key, se.Params)
	}
	return err
}

// trimmed returns *p without surrounding space, or nil.
func trimmed(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}
