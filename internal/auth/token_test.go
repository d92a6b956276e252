package auth

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
)

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		role, need Role
		ok         bool
	}{
		{Admin, Admin, true}, {Admin, Viewer, true}, {Operator, Admin, false}, {Operator, Operator, true},
		{Viewer, Operator, false}, {Viewer, Viewer, true}, {"", Viewer, false}, {Admin, "", false},
	} {
		if Allows(tc.role, tc.need) != tc.ok {
			t.Errorf("Allows(%s, %s) != %v", tc.role, tc.need, tc.ok)
		}
	}
}

func TestTokensLoginAndBootstrap(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	created, gen, err := EnsureAdmin(ctx, st.Client, "")
	if err != nil || !created || len(gen) != 16 {
		t.Fatalf("EnsureAdmin: %v %v %q", created, err, gen)
	}
	if created, _, err := EnsureAdmin(ctx, st.Client, ""); err != nil || created {
		t.Fatalf("second EnsureAdmin: %v %v", created, err)
	}
	now := time.Now().UTC()
	if _, _, _, err := Login(ctx, st.Client, nil, Attempt{Username: "admin", Password: "wrong-password", Address: "1.2.3.4"}, now); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("wrong password: %v", err)
	}
	if _, _, _, err := Login(ctx, st.Client, nil, Attempt{Username: "nobody", Password: "wrong-password", Address: "1.2.3.4"}, now); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("unknown user: %v", err)
	}
	tok, s, at, err := Login(ctx, st.Client, nil, Attempt{Username: "ADMIN", Password: gen, Address: "1.2.3.4"}, now)
	if err != nil || s.Username != "admin" || !strings.HasPrefix(tok, "ldt_") || at.TokenHash == tok {
		t.Fatalf("login: %v", err)
	}
	p, err := Authenticate(ctx, st.Client, tok, now.Add(time.Hour))
	if err != nil || p.Role != Admin || p.Name != "admin" {
		t.Fatalf("authenticate: %+v %v", p, err)
	}
	// Sliding expiry: used an hour later, it lives 12 hours from then.
	if _, err := Authenticate(ctx, st.Client, tok, now.Add(12*time.Hour+30*time.Minute)); err != nil {
		t.Fatalf("sliding expiry: %v", err)
	}
	if _, err := Authenticate(ctx, st.Client, tok, now.Add(30*time.Hour)); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("expired token accepted: %v", err)
	}
	if _, err := Authenticate(ctx, st.Client, "ldt_bogus", now); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("bogus token: %v", err)
	}
	if _, err := CreateStaff(ctx, st.Client, "admin", "another-password", Viewer); err == nil {
		t.Fatal("duplicate staff created")
	}
	if _, err := CreateStaff(ctx, st.Client, "shorty", "short", Viewer); err == nil {
		t.Fatal("short password accepted")
	}
	api, at2, err := IssueAPIToken(ctx, st.Client, "crm", Operator, &s.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Revoke(ctx, st.Client, at2.ID, now); err != nil {
		t.Fatal(err)
	}
	if _, err := Authenticate(ctx, st.Client, api, now); !errors.Is(err, ErrUnauthenticated) {
		t.Fatalf("revoked token accepted: %v", err)
	}
}
