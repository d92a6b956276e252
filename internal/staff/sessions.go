package staff

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	entstaff "github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// SignIn is an active sign-in of a staff member: a login token not revoked or expired
// (GraphQL's StaffSession). The token itself is never shown.
type SignIn struct {
	ID         int
	StaffID    int
	CreatedAt  time.Time
	LastUsedAt *time.Time
	ExpiresAt  *time.Time
	Address    string
	UserAgent  string
	// Current: the sign-in this request was made with.
	Current bool
}

// MySignIns lists the caller's active sign-ins, newest first.
func (s *Service) MySignIns(ctx context.Context) ([]*SignIn, error) {
	p, m, err := s.self(ctx)
	if err != nil {
		return nil, err
	}
	return s.signIns(ctx, m.ID, p.TokenID)
}

// SignInsOf lists staff member id's active sign-ins (admins).
func (s *Service) SignInsOf(ctx context.Context, id int) ([]*SignIn, error) {
	p, err := auth.Require(ctx, auth.Admin)
	if err != nil {
		return nil, err
	}
	return s.signIns(ctx, id, p.TokenID)
}

func (s *Service) signIns(ctx context.Context, staffID, current int) ([]*SignIn, error) {
	ts, err := store.Reader(ctx, s.st.Client).ApiToken.Query().
		Where(apitoken.StaffID(staffID), apitoken.KindEQ(apitoken.KindLOGIN), apitoken.RevokedAtIsNil(),
			apitoken.Or(apitoken.ExpiresAtIsNil(), apitoken.ExpiresAtGT(s.now()))).
		Order(ent.Desc(apitoken.FieldCreatedAt), ent.Desc(apitoken.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing sign-ins: %w", err)
	}
	out := make([]*SignIn, 0, len(ts))
	for _, t := range ts {
		out = append(out, &SignIn{ID: t.ID, StaffID: staffID, CreatedAt: t.CreatedAt, LastUsedAt: t.LastUsedAt,
			ExpiresAt: t.ExpiresAt, Address: t.Address, UserAgent: t.UserAgent, Current: t.ID == current})
	}
	return out, nil
}

// EndSignIn ends sign-in id: one of the caller's own, or (admins) anyone's.
func (s *Service) EndSignIn(ctx context.Context, id int) (bool, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return false, auth.ErrUnauthenticated
	}
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		t, err := c.ApiToken.Get(ctx, id)
		mine := err == nil && p.StaffID != nil && t.StaffID != nil && *t.StaffID == *p.StaffID
		if ent.IsNotFound(err) || (err == nil && (t.Kind != apitoken.KindLOGIN || (!mine && !auth.Allows(p.Role, auth.Admin)))) {
			return domain.NotFoundf("sign-in").WithKey("staff.signInNotFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading sign-in: %w", err)
		}
		if t.RevokedAt == nil {
			if err := c.ApiToken.UpdateOneID(id).SetRevokedAt(s.now()).Exec(ctx); err != nil {
				return fmt.Errorf("ending sign-in: %w", err)
			}
			s.publish(ctx, events.Event{Kind: events.TokenRevoked, EntityID: id})
		}
		return audit.Write(ctx, c, "endSignIn", "staff", *t.StaffID, map[string]any{"signIn": t.Address})
	})
	return err == nil, err
}

// EndSignInsOf ends every sign-in of staff member id (admins; the caller's own current one
// stays when id is the caller) and returns how many ended.
func (s *Service) EndSignInsOf(ctx context.Context, id int) (int, error) {
	p, err := auth.Require(ctx, auth.Admin)
	if err != nil {
		return 0, err
	}
	var n int
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if ok, err := c.Staff.Query().Where(entstaff.ID(id)).Exist(ctx); err != nil || !ok {
			if err != nil {
				return fmt.Errorf("reading staff member: %w", err)
			}
			return domain.NotFoundf("staff member").WithKey("staff.notFound", nil)
		}
		ids, err := c.ApiToken.Query().Where(apitoken.StaffID(id), apitoken.KindEQ(apitoken.KindLOGIN),
			apitoken.RevokedAtIsNil(), apitoken.IDNEQ(p.TokenID)).IDs(ctx)
		if err != nil {
			return fmt.Errorf("listing sign-ins: %w", err)
		}
		if len(ids) == 0 {
			return nil
		}
		if n, err = c.ApiToken.Update().Where(apitoken.IDIn(ids...)).SetRevokedAt(s.now()).Save(ctx); err != nil {
			return fmt.Errorf("ending sign-ins: %w", err)
		}
		for _, tid := range ids {
			s.publish(ctx, events.Event{Kind: events.TokenRevoked, EntityID: tid})
		}
		return audit.Write(ctx, c, "endStaffSignIns", "staff", id, map[string]any{"ended": n})
	})
	return n, err
}
