package staff

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

type published struct {
	mu  sync.Mutex
	evs []events.Event
}

func (p *published) Publish(e events.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.evs = append(p.evs, e)
}

func (p *published) take() []events.Event {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.evs
	p.evs = nil
	return out
}

func ptr[T any](v T) *T { return &v }

const pw = "correct-horse-1"

func newService(t testing.TB, st *store.Store, pub events.Publisher) *Service {
	return New(st, testutil.Box(t), pub, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

// as returns ctx acting as the holder of login token t.
func as(ctx context.Context, m *ent.Staff, t *ent.ApiToken) context.Context {
	id := m.ID
	p := &auth.Principal{TokenID: t.ID, Kind: t.Kind, Role: auth.StaffRole(m.Role), StaffID: &id, Name: m.Username, Username: m.Username}
	return audit.WithActor(auth.WithPrincipal(ctx, p), audit.Actor{Name: m.Username, StaffID: &id})
}

func refused(t *testing.T, err error, kind domain.Kind, field string) {
	t.Helper()
	de, ok := domain.As(err)
	if !ok || de.Kind != kind || de.Field != field {
		t.Fatalf("error %v (%#v), want kind %d on %q", err, de, kind, field)
	}
}

func TestCreateStaff(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "root"})
		m, err := s.Create(ctx, CreateInput{Username: " Clerk ", Password: pw, Role: auth.Viewer, FullName: ptr(" Jo Clerk ")})
		if err != nil {
			t.Fatal(err)
		}
		if m.Username != "clerk" || m.FullName == nil || *m.FullName != "Jo Clerk" || !strings.HasPrefix(m.PasswordHash, "$argon2id$") {
			t.Fatalf("stored %+v", m)
		}
		row := st.Client.AuditLog.Query().Where(auditlog.Action("createStaff")).OnlyX(ctx)
		if row.Actor != "root" || strings.Contains(row.Changes, pw) || strings.Contains(row.Changes, m.PasswordHash) {
			t.Fatalf("audit row %+v", row)
		}
		for _, c := range []struct {
			name  string
			in    CreateInput
			field string
		}{
			{"username taken", CreateInput{Username: "clerk", Password: pw, Role: auth.Viewer}, "username"},
			{"bad username", CreateInput{Username: "a b", Password: pw, Role: auth.Viewer}, "username"},
			{"unknown role", CreateInput{Username: "x1", Password: pw, Role: "ROOT"}, "role"},
			{"short password", CreateInput{Username: "x2", Password: "short", Role: auth.Viewer}, "password"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Create(ctx, c.in)
				refused(t, err, domain.Invalid, c.field)
			})
		}
		if n := st.Client.Staff.Query().CountX(ctx); n != 1 {
			t.Fatalf("%d staff after refused creates", n)
		}
	})
}

// TestUpdateStaffRules: nobody changes their own role or disables themselves, one enabled
// admin always remains, disabling or a new password ends the member's logins (the caller's
// own token survives a change of their own password), and StaffChanged follows such changes.
func TestUpdateStaffRules(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := newService(t, st, pub)
		bg := context.Background()
		admin, err := auth.CreateStaff(bg, st.Client, "admin", pw, auth.Admin)
		if err != nil {
			t.Fatal(err)
		}
		boss, err := auth.CreateStaff(bg, st.Client, "boss", pw, auth.Admin)
		if err != nil {
			t.Fatal(err)
		}
		clerk, err := auth.CreateStaff(bg, st.Client, "clerk", pw, auth.Operator)
		if err != nil {
			t.Fatal(err)
		}
		login := func(m *ent.Staff) *ent.ApiToken {
			_, tok, err := auth.IssueLogin(bg, st.Client, m, st.Client.Staff.GetX(bg, m.ID).CreatedAt, "", "")
			if err != nil {
				t.Fatal(err)
			}
			return tok
		}
		adminTok, adminOther, clerkTok := login(admin), login(admin), login(clerk)
		ctx := as(bg, admin, adminTok)
		revoked := func(tok *ent.ApiToken) bool { return st.Client.ApiToken.GetX(bg, tok.ID).RevokedAt != nil }

		cases := []struct {
			name   string
			id     int
			in     UpdateInput
			field  string // refused on this field; "" accepted
			events int
		}{
			{"own role", admin.ID, UpdateInput{Role: ptr(auth.Viewer)}, "role", 0},
			{"disabling oneself", admin.ID, UpdateInput{Disabled: ptr(true)}, "disabled", 0},
			{"same role is no change", admin.ID, UpdateInput{Role: ptr(auth.Admin)}, "", 0},
			{"full name only", clerk.ID, UpdateInput{FullName: ptr(" Jo ")}, "", 0},
			{"role of another", clerk.ID, UpdateInput{Role: ptr(auth.Viewer)}, "", 1},
			{"own password", admin.ID, UpdateInput{Password: ptr("another-horse-2")}, "", 1},
			{"disabling another", clerk.ID, UpdateInput{Disabled: ptr(true)}, "", 1},
			{"disabling the other admin", boss.ID, UpdateInput{Disabled: ptr(true)}, "", 1},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.Update(ctx, c.id, c.in)
				if c.field != "" {
					refused(t, err, domain.Invalid, c.field)
				} else if err != nil {
					t.Fatal(err)
				}
				if evs := pub.take(); len(evs) != c.events || (c.events == 1 && (evs[0].Kind != events.StaffChanged || evs[0].EntityID != c.id)) {
					t.Fatalf("events %+v, want %d StaffChanged", evs, c.events)
				}
			})
		}
		got := st.Client.Staff.GetX(bg, clerk.ID)
		if got.Role != "VIEWER" || !got.Disabled || *got.FullName != "Jo" || !revoked(clerkTok) {
			t.Fatalf("clerk %+v, token revoked %v", got, revoked(clerkTok))
		}
		if revoked(adminTok) || !revoked(adminOther) {
			t.Fatalf("own password: caller's token revoked %v, other login revoked %v", revoked(adminTok), revoked(adminOther))
		}

		// The last enabled admin: an admin's API token may not take the role away.
		tokenCtx := auth.WithPrincipal(bg, &auth.Principal{TokenID: 999, Kind: apitoken.KindAPI, Role: auth.Admin, Name: "token:ops"})
		_, err = s.Update(tokenCtx, admin.ID, UpdateInput{Role: ptr(auth.Operator)})
		refused(t, err, domain.Invalid, "role")
		if st.Client.Staff.GetX(bg, admin.ID).Role != "ADMIN" {
			t.Fatal("the last admin lost the role")
		}
		pub.take()
	})
}

func TestMe(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		m, err := auth.CreateStaff(bg, st.Client, "alice", pw, auth.Operator)
		if err != nil {
			t.Fatal(err)
		}
		_, login, err := auth.IssueLogin(bg, st.Client, m, m.CreatedAt, "", "")
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Me(as(bg, m, login)); err != nil || got.ID != m.ID || got.Username != "alice" {
			t.Fatalf("me of a login: %+v %v", got, err)
		}
		_, tok, err := auth.IssueAPIToken(bg, st.Client, "crm", auth.Viewer, &m.ID)
		if err != nil {
			t.Fatal(err)
		}
		p := &auth.Principal{TokenID: tok.ID, Kind: apitoken.KindAPI, Role: auth.Viewer, StaffID: &m.ID, Name: "token:crm"}
		got, err := s.Me(auth.WithPrincipal(bg, p))
		if err != nil || got.ID != tok.ID || got.Username != "token:crm" || got.Role != "VIEWER" {
			t.Fatalf("me of an API token: %+v %v (it must be the token, never its creator)", got, err)
		}
		if _, err := s.Me(bg); !errors.Is(err, auth.ErrUnauthenticated) {
			t.Fatalf("me without a caller: %v", err)
		}
	})
}

// TestTokens: login audits the member from the client's address, a wrong password is
// refused, API tokens are issued and revoked with TokenRevoked after the commit, logout
// revokes the caller's token.
func TestTokens(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := newService(t, st, pub)
		bg := context.Background()
		m, err := auth.CreateStaff(bg, st.Client, "alice", pw, auth.Admin)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Login(bg, Credentials{Username: "alice", Password: "wrong-password", Address: "192.0.2.9"}); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("wrong password: %v", err)
		}
		res, err := s.Login(bg, Credentials{Username: " Alice ", Password: pw, Address: "192.0.2.9"})
		if err != nil || !strings.HasPrefix(res.Token, "ldt_") || res.Staff.ID != m.ID || res.ExpiresAt == nil {
			t.Fatalf("login: %+v %v", res, err)
		}
		row := st.Client.AuditLog.Query().Where(auditlog.Action("login")).OnlyX(bg)
		if row.Actor != "alice" || row.Address != "192.0.2.9" || row.StaffID == nil || *row.StaffID != m.ID {
			t.Fatalf("login audit %+v", row)
		}
		login := st.Client.ApiToken.Query().Where(apitoken.KindEQ(apitoken.KindLOGIN)).OnlyX(bg)
		ctx := as(bg, m, login)
		_, err = s.IssueAPIToken(ctx, " ", auth.Viewer)
		refused(t, err, domain.Invalid, "name")
		issued, err := s.IssueAPIToken(ctx, "crm", auth.Operator)
		if err != nil || issued.APIToken.StaffID == nil || *issued.APIToken.StaffID != m.ID {
			t.Fatalf("issued %+v %v", issued, err)
		}
		if _, err := s.RevokeAPIToken(ctx, issued.APIToken.ID+1000); !domain.IsKind(err, domain.NotFound) {
			t.Fatalf("revoking a missing token: %v", err)
		}
		tok, err := s.RevokeAPIToken(ctx, issued.APIToken.ID)
		if err != nil || tok.RevokedAt == nil {
			t.Fatalf("revoke: %+v %v", tok, err)
		}
		if ok, err := s.Logout(ctx); !ok || err != nil {
			t.Fatalf("logout: %v %v", ok, err)
		}
		if st.Client.ApiToken.GetX(bg, login.ID).RevokedAt == nil {
			t.Fatal("logout left the token valid")
		}
		evs := pub.take()
		if len(evs) != 2 || evs[0].Kind != events.TokenRevoked || evs[0].EntityID != issued.APIToken.ID || evs[1].EntityID != login.ID {
			t.Fatalf("events %+v", evs)
		}
	})
}
