package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestStillHolds: an authorisation given at connection time no longer holds once the token
// is revoked or expired, a login's staff member disabled, or the role lowered; a raised role
// or a disabled creator of an API token change nothing.
func TestStillHolds(t *testing.T) {
	now := time.Now()
	past, future := now.Add(-time.Minute), now.Add(time.Hour)
	login := func(role staff.Role, disabled bool) *ent.ApiToken {
		return &ent.ApiToken{ID: 1, Kind: apitoken.KindLOGIN, Role: Admin, ExpiresAt: &future,
			Edges: ent.ApiTokenEdges{Staff: &ent.Staff{ID: 9, Role: role, Disabled: disabled}}}
	}
	api := func(role Role) *ent.ApiToken {
		return &ent.ApiToken{ID: 1, Kind: apitoken.KindAPI, Role: role,
			Edges: ent.ApiTokenEdges{Staff: &ent.Staff{ID: 9, Role: staff.RoleADMIN, Disabled: true}}}
	}
	revoked, expired := login(staff.RoleOPERATOR, false), login(staff.RoleOPERATOR, false)
	revoked.RevokedAt, expired.ExpiresAt = &past, &past
	for _, tc := range []struct {
		name   string
		token  *ent.ApiToken
		opened Role
		want   error
	}{
		{"valid login", login(staff.RoleOPERATOR, false), Operator, nil},
		{"role raised", login(staff.RoleADMIN, false), Operator, nil},
		{"role lowered", login(staff.RoleVIEWER, false), Operator, ErrRoleLowered},
		{"staff disabled", login(staff.RoleOPERATOR, true), Operator, ErrStaffDisabled},
		{"revoked", revoked, Operator, ErrTokenRevoked},
		{"expired", expired, Operator, ErrTokenExpired},
		{"gone", nil, Operator, ErrTokenRevoked},
		{"API token of a disabled creator", api(Viewer), Viewer, nil},
	} {
		err := StillHolds(tc.token, &Principal{TokenID: 1, Role: tc.opened}, now)
		if !errors.Is(err, tc.want) || (tc.want == nil) != (err == nil) {
			t.Errorf("%s: %v, want %v", tc.name, err, tc.want)
		}
	}
	if !errors.Is(ErrRoleLowered, ErrForbidden) || !errors.Is(ErrTokenRevoked, ErrUnauthenticated) {
		t.Fatal("withdrawals must wrap ErrForbidden / ErrUnauthenticated")
	}
}

// TestRecheckReadsAllTokensAtOnce: Recheck reports, per token, what no longer holds.
func TestRecheckReadsAllTokensAtOnce(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c := st.Client
		now := time.Now()
		var ps []*Principal
		for _, name := range []string{"keep", "revoke", "disable", "demote"} {
			s, err := CreateStaff(ctx, c, "rc-"+name, "correct-horse-1", Operator)
			if err != nil {
				t.Fatal(err)
			}
			tok, _, err := IssueLogin(ctx, c, s, now, "", "")
			if err != nil {
				t.Fatal(err)
			}
			p, err := Authenticate(ctx, c, tok, now)
			if err != nil {
				t.Fatal(err)
			}
			ps = append(ps, p)
		}
		if _, err := Revoke(ctx, c, ps[1].TokenID, now); err != nil {
			t.Fatal(err)
		}
		c.Staff.UpdateOneID(*ps[2].StaffID).SetDisabled(true).ExecX(ctx)
		c.Staff.UpdateOneID(*ps[3].StaffID).SetRole(staff.RoleVIEWER).ExecX(ctx)
		bad, err := Recheck(ctx, c, ps, now)
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]error{ps[1].TokenID: ErrTokenRevoked, ps[2].TokenID: ErrStaffDisabled, ps[3].TokenID: ErrRoleLowered}
		if len(bad) != len(want) {
			t.Fatalf("Recheck = %v, want %v", bad, want)
		}
		for id, w := range want {
			if !errors.Is(bad[id], w) {
				t.Errorf("token %d: %v, want %v", id, bad[id], w)
			}
		}
	})
}

// TestIssueAPITokenRefusesBadNames: bad input is a StaffInputError naming the field, never a
// database error, on both databases.
func TestIssueAPITokenRefusesBadNames(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		for _, tc := range []struct{ name, field string }{
			{"", "name"}, {strings.Repeat("x", 101), "name"}, {"crm\x00", "name"}, {"crm\xff", "name"},
		} {
			_, _, err := IssueAPIToken(context.Background(), st.Client, tc.name, Viewer, nil)
			var se *StaffInputError
			if !errors.As(err, &se) || se.Field != tc.field {
				t.Errorf("IssueAPIToken(%q) = %v, want an input error on %s", tc.name, err, tc.field)
			}
		}
		if _, _, err := IssueAPIToken(context.Background(), st.Client, "crm", "ROOT", nil); err == nil {
			t.Error("an unknown role was accepted")
		}
	})
}
