package auth

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
)

// withdrawnError says why an authorisation given earlier no longer holds. It wraps
// ErrUnauthenticated (the token is gone) or ErrForbidden (the role was lowered).
type withdrawnError struct {
	reason string
	base   error
}

func (e *withdrawnError) Error() string { return e.reason }
func (e *withdrawnError) Unwrap() error { return e.base }

// Why an authorisation was withdrawn; their messages are safe to show.
var (
	ErrTokenRevoked  error = &withdrawnError{"the token was revoked", ErrUnauthenticated}
	ErrTokenExpired  error = &withdrawnError{"the token expired", ErrUnauthenticated}
	ErrStaffDisabled error = &withdrawnError{"the staff account was disabled", ErrUnauthenticated}
	ErrRoleLowered   error = &withdrawnError{"the role was lowered", ErrForbidden}
)

// StillHolds checks that p, authenticated earlier from token t (loaded with its staff), is
// still authorised now: the token is neither revoked nor expired, a login's staff member is
// neither disabled nor gone, and the role is not below p.Role (a role change applies to
// logins at once). It reads nothing and extends nothing.
func StillHolds(t *ent.ApiToken, p *Principal, now time.Time) error {
	if t == nil || t.ID != p.TokenID {
		return ErrTokenRevoked
	}
	role := t.Role
	if t.Kind == apitoken.KindLOGIN { // disabling also revokes: say the cause
		st := t.Edges.Staff
		if st == nil || st.Disabled {
			return ErrStaffDisabled
		}
		role = StaffRole(st.Role)
	}
	if t.RevokedAt != nil {
		return ErrTokenRevoked
	}
	if t.ExpiresAt != nil && !t.ExpiresAt.After(now) {
		return ErrTokenExpired
	}
	if !Allows(role, p.Role) || !Allows(role, Viewer) {
		return ErrRoleLowered
	}
	return nil
}

// Recheck is StillHolds for each principal, reading their tokens in one query. The result
// maps a token id to why it no longer holds (no entry: it holds). The error is only for a
// failed read.
func Recheck(ctx context.Context, c *ent.Client, ps []*Principal, now time.Time) (map[int]error, error) {
	if len(ps) == 0 {
		return nil, nil
	}
	ids := make([]int, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.TokenID)
	}
	ts, err := c.ApiToken.Query().Where(apitoken.IDIn(ids...)).WithStaff().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("checking tokens again: %w", err)
	}
	byID := make(map[int]*ent.ApiToken, len(ts))
	for _, t := range ts {
		byID[t.ID] = t
	}
	out := map[int]error{}
	for _, p := range ps {
		if err := StillHolds(byID[p.TokenID], p, now); err != nil {
			out[p.TokenID] = err
		}
	}
	return out, nil
}
