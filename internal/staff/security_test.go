package staff

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// signIn logs m in directly (no password check) and returns the token row.
func signIn(t *testing.T, st *store.Store, m *ent.Staff) *ent.ApiToken {
	t.Helper()
	_, tok, err := auth.IssueLogin(context.Background(), st.Client, m, time.Now().UTC(), "192.0.2.1", "test-agent")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

func isRevoked(st *store.Store, tok *ent.ApiToken) bool {
	return st.Client.ApiToken.GetX(context.Background(), tok.ID).RevokedAt != nil
}

// TestChangeOwnPassword: the current password is required, the new one is checked like every
// staff password, and every other sign-in of the member ends while this one stays; an API
// token has no password of its own.
func TestChangeOwnPassword(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		m, err := auth.CreateStaff(bg, st.Client, "alice", pw, auth.Operator)
		if err != nil {
			t.Fatal(err)
		}
		other, err := auth.CreateStaff(bg, st.Client, "bob", pw, auth.Operator)
		if err != nil {
			t.Fatal(err)
		}
		this, second, bobs := signIn(t, st, m), signIn(t, st, m), signIn(t, st, other)
		ctx := as(bg, m, this)
		for _, c := range []struct {
			name, current, next, field string
		}{
			{"wrong current", "not-the-password", "a-new-password-1", "currentPassword"},
			{"too short", pw, "short", "newPassword"},
			{"same as before", pw, pw, "newPassword"},
		} {
			t.Run(c.name, func(t *testing.T) {
				_, err := s.ChangeOwnPassword(ctx, c.current, c.next)
				refused(t, err, domain.Invalid, c.field)
				if isRevoked(st, second) {
					t.Fatal("a refused change ended a sign-in")
				}
			})
		}
		if ok, err := s.ChangeOwnPassword(ctx, pw, "a-new-password-1"); err != nil || !ok {
			t.Fatalf("change: %v %v", ok, err)
		}
		if isRevoked(st, this) || !isRevoked(st, second) || isRevoked(st, bobs) {
			t.Fatalf("revoked: this %v, second %v, bob's %v; want false, true, false",
				isRevoked(st, this), isRevoked(st, second), isRevoked(st, bobs))
		}
		if _, _, _, err := auth.Login(bg, st.Client, nil, auth.Attempt{Username: "alice", Password: "a-new-password-1"}, time.Now()); err != nil {
			t.Fatalf("login with the new password: %v", err)
		}
		if _, _, _, err := auth.Login(bg, st.Client, nil, auth.Attempt{Username: "alice", Password: pw}, time.Now()); !errors.Is(err, auth.ErrBadCredentials) {
			t.Fatalf("login with the old password: %v", err)
		}
		row := st.Client.AuditLog.Query().Where(auditlog.Action("changeOwnPassword")).OnlyX(bg)
		if strings.Contains(row.Changes, "a-new-password-1") || row.Actor != "alice" {
			t.Fatalf("audit row %+v", row)
		}
		// An API token has no password to change.
		_, api, err := auth.IssueAPIToken(bg, st.Client, "crm", auth.Admin, &m.ID)
		if err != nil {
			t.Fatal(err)
		}
		id := m.ID
		actx := auth.WithPrincipal(bg, &auth.Principal{TokenID: api.ID, Kind: api.Kind, Role: api.Role, StaffID: &id, Name: "token:crm"})
		if _, err := s.ChangeOwnPassword(actx, "a-new-password-1", "another-password-2"); !domain.IsKind(err, domain.Refused) {
			t.Fatalf("API token changed a password: %v", err)
		}
	})
}

// TestAdminResetEndsSignIns: an admin's updateStaff(password) ends every sign-in of that
// member and none of the admin's.
func TestAdminResetEndsSignIns(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		admin, _ := auth.CreateStaff(bg, st.Client, "admin", pw, auth.Admin)
		clerk, _ := auth.CreateStaff(bg, st.Client, "clerk", pw, auth.Operator)
		adminTok, c1, c2 := signIn(t, st, admin), signIn(t, st, clerk), signIn(t, st, clerk)
		if _, err := s.Update(as(bg, admin, adminTok), clerk.ID, UpdateInput{Password: ptr("reset-by-admin-1")}); err != nil {
			t.Fatal(err)
		}
		if !isRevoked(st, c1) || !isRevoked(st, c2) || isRevoked(st, adminTok) {
			t.Fatal("the reset did not end exactly the clerk's sign-ins")
		}
		if _, _, _, err := auth.Login(bg, st.Client, nil, auth.Attempt{Username: "clerk", Password: "reset-by-admin-1"}, time.Now()); err != nil {
			t.Fatalf("login with the reset password: %v", err)
		}
	})
}

// enrol turns TOTP on for m (acting as tok) and returns the secret and the recovery codes.
func enrol(t *testing.T, s *Service, ctx context.Context, now time.Time) (string, []string) {
	t.Helper()
	en, err := s.EnrollTOTP(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(en.QRCode, "data:image/png;base64,") || !strings.HasPrefix(en.OtpauthURL, "otpauth://totp/") ||
		!strings.Contains(en.OtpauthURL, "secret="+en.Secret) {
		t.Fatalf("enrolment %+v", en)
	}
	code, err := auth.TOTPCode(en.Secret, now)
	if err != nil {
		t.Fatal(err)
	}
	wrong := "000000"
	if code == wrong {
		wrong = "111111"
	}
	if _, err := s.ConfirmTOTP(ctx, wrong); !domain.IsKind(err, domain.Invalid) {
		t.Fatalf("a wrong confirmation code: %v", err)
	}
	conf, err := s.ConfirmTOTP(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return en.Secret, conf.RecoveryCodes
}

// TestTOTPLogin: a member with TOTP signs in only with a valid code of the current time
// (TOTP_REQUIRED without one or with a wrong one), each code once (a replay is refused, also
// within its step), a recovery code once; the secret is stored sealed, recovery codes hashed;
// a wrong code counts as a failed login (audited with the address) and many make the next
// check wait.
func TestTOTPLogin(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		s.throttle.PerUserAddress, s.throttle.PerAddress = 100, 100 // the second factor's own limits are tested
		bg := context.Background()
		m, _ := auth.CreateStaff(bg, st.Client, "alice", pw, auth.Admin)
		tok := signIn(t, st, m)
		// Steps fixed at the middle of a 30-second step, so ±1 step is exact.
		base := time.Unix(1_900_000_005, 0).UTC().Truncate(30 * time.Second).Add(15 * time.Second)
		s.now = func() time.Time { return base }
		secretB32, recovery := enrol(t, s, as(bg, m, tok), base)
		if len(recovery) != auth.RecoveryCodes {
			t.Fatalf("%d recovery codes", len(recovery))
		}
		stored := st.Client.Staff.GetX(bg, m.ID)
		if stored.TotpSecretEnc == nil || strings.Contains(*stored.TotpSecretEnc, secretB32) || stored.TotpPendingEnc != nil {
			t.Fatalf("stored TOTP state %v %v", stored.TotpSecretEnc, stored.TotpPendingEnc)
		}
		for _, rc := range st.Client.TotpRecoveryCode.Query().AllX(bg) {
			for _, c := range recovery {
				if strings.Contains(rc.CodeHash, strings.ReplaceAll(c, "-", "")) {
					t.Fatal("a recovery code is stored in clear")
				}
			}
		}
		code := func(d time.Duration) *string {
			c, err := auth.TOTPCode(secretB32, base.Add(d))
			if err != nil {
				t.Fatal(err)
			}
			return &c
		}
		next := code(30 * time.Second)
		login := func(password string, c *string) error {
			_, err := s.Login(bg, Credentials{Username: "alice", Password: password, Code: c, Address: "198.51.100.7"})
			return err
		}
		for _, c := range []struct {
			name     string
			password string
			code     *string
			want     error
		}{
			{"no code", pw, nil, auth.ErrTOTPRequired},
			{"wrong password, right code", "wrong-password", code(0), auth.ErrBadCredentials},
			{"wrong code", pw, ptr("123456"), auth.ErrTOTPWrong},
			{"code of the enrolment step (already used)", pw, code(0), auth.ErrTOTPWrong},
			{"code two steps ahead", pw, code(60 * time.Second), auth.ErrTOTPWrong},
			{"code of the next step", pw, next, nil},
			{"the same code again", pw, next, auth.ErrTOTPWrong},
			{"code of the step before", pw, code(-30 * time.Second), auth.ErrTOTPWrong},
			{"recovery code", pw, ptr(strings.ToUpper(recovery[3])), nil},
			{"recovery code again", pw, ptr(recovery[3]), auth.ErrTOTPWrong},
			{"another recovery code, spaced", pw, ptr(" " + strings.ReplaceAll(recovery[4], "-", " ") + " "), nil},
		} {
			err := login(c.password, c.code)
			if (c.want == nil) != (err == nil) || (c.want != nil && !errors.Is(err, c.want)) {
				t.Fatalf("%s: got %v, want %v", c.name, err, c.want)
			}
		}
		fails := st.Client.AuditLog.Query().Where(auditlog.Action("loginFailed")).AllX(bg)
		var wrongCode, wrongPassword int
		for _, f := range fails {
			if f.Address != "198.51.100.7" || strings.Contains(f.Changes, pw) || strings.Contains(f.Changes, "123456") {
				t.Fatalf("failed-login row %+v", f)
			}
			switch {
			case strings.Contains(f.Changes, "wrong code"):
				wrongCode++
			case strings.Contains(f.Changes, "wrong password"):
				wrongPassword++
			}
		}
		if wrongCode != 6 || wrongPassword != 1 {
			t.Fatalf("failed-login rows: %d wrong code, %d wrong password; want 6, 1", wrongCode, wrongPassword)
		}
		sec, err := s.MySecurity(as(bg, m, tok))
		if err != nil || !sec.TotpEnabled || sec.RecoveryCodesLeft != auth.RecoveryCodes-2 {
			t.Fatalf("security %+v %v", sec, err)
		}
	})
}

// TestTOTPThrottle: after five wrong codes in a row the next check waits a back-off, even
// with the right code, and a right code after the wait clears the count.
func TestTOTPThrottle(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		s.throttle.PerUserAddress, s.throttle.PerAddress = 100, 100 // the second factor's own limits are tested
		bg := context.Background()
		m, _ := auth.CreateStaff(bg, st.Client, "alice", pw, auth.Operator)
		base := time.Unix(1_900_000_005, 0).UTC().Truncate(30 * time.Second).Add(15 * time.Second)
		now := base
		s.now = func() time.Time { return now }
		secretB32, _ := enrol(t, s, as(bg, m, signIn(t, st, m)), base)
		attempt := func(i int, c string) error {
			_, err := s.Login(bg, Credentials{Username: "alice", Password: pw, Code: &c, Address: "203.0.113.9"})
			return err
		}
		for i := range 5 {
			if err := attempt(i, "999999"); !errors.Is(err, auth.ErrTOTPWrong) {
				t.Fatalf("wrong code %d: %v", i, err)
			}
		}
		now = base.Add(20 * time.Second)
		good, _ := auth.TOTPCode(secretB32, now)
		if err := attempt(6, good); !errors.Is(err, auth.ErrThrottled) {
			t.Fatalf("right code during the back-off: %v", err)
		}
		now = base.Add(90 * time.Second)
		good, _ = auth.TOTPCode(secretB32, now)
		if err := attempt(7, good); err != nil {
			t.Fatalf("right code after the back-off: %v", err)
		}
		if n := st.Client.Staff.GetX(bg, m.ID).TotpFailures; n != 0 {
			t.Fatalf("failures %d after a right code", n)
		}
	})
}

// TestRequireAdminTOTP: with require_admin_totp on, an admin without TOTP is told to enrol
// at sign-in; an operator is not, nor an admin once enrolled.
func TestRequireAdminTOTP(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		admin, _ := auth.CreateStaff(bg, st.Client, "admin", pw, auth.Admin)
		if _, err := auth.CreateStaff(bg, st.Client, "clerk", pw, auth.Operator); err != nil {
			t.Fatal(err)
		}
		told := func(user string, code *string) bool {
			t.Helper()
			res, err := s.Login(bg, Credentials{Username: user, Password: pw, Code: code, Address: "192.0.2.50"})
			if err != nil {
				t.Fatal(err)
			}
			return res.TotpEnrolmentRequired
		}
		if told("admin", nil) {
			t.Fatal("told to enrol with the setting off")
		}
		if err := settings.Set(bg, st.Client, settings.RequireAdminTOTP, "true"); err != nil {
			t.Fatal(err)
		}
		if !told("admin", nil) || told("clerk", nil) {
			t.Fatal("admin not told, or operator told")
		}
		now := time.Now().UTC()
		secretB32, _ := enrol(t, s, as(bg, admin, signIn(t, st, admin)), now)
		s.now = func() time.Time { return now.Add(30 * time.Second) }
		code, _ := auth.TOTPCode(secretB32, now.Add(30*time.Second))
		if told("admin", &code) {
			t.Fatal("an enrolled admin told to enrol")
		}
	})
}

// TestSignIns: a member lists their active sign-ins (address and user agent, this one marked)
// and ends one; an admin lists and ends another member's; a member cannot end another's.
func TestSignIns(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		admin, _ := auth.CreateStaff(bg, st.Client, "admin", pw, auth.Admin)
		clerk, _ := auth.CreateStaff(bg, st.Client, "clerk", pw, auth.Viewer)
		c1, c2, a1 := signIn(t, st, clerk), signIn(t, st, clerk), signIn(t, st, admin)
		mine, err := s.MySignIns(as(bg, clerk, c1))
		if err != nil || len(mine) != 2 {
			t.Fatalf("sign-ins %v %v", mine, err)
		}
		for _, si := range mine {
			if si.Current != (si.ID == c1.ID) || si.Address != "192.0.2.1" || si.UserAgent != "test-agent" {
				t.Fatalf("sign-in %+v", si)
			}
		}
		if _, err := s.EndSignIn(as(bg, clerk, c1), a1.ID); !domain.IsKind(err, domain.NotFound) {
			t.Fatalf("a viewer ended an admin's sign-in: %v", err)
		}
		if ok, err := s.EndSignIn(as(bg, clerk, c1), c2.ID); err != nil || !ok || !isRevoked(st, c2) {
			t.Fatalf("end own: %v %v", ok, err)
		}
		c3 := signIn(t, st, clerk)
		actx := as(bg, admin, a1)
		if list, err := s.SignInsOf(actx, clerk.ID); err != nil || len(list) != 2 {
			t.Fatalf("admin's view: %v %v", list, err)
		}
		if n, err := s.EndSignInsOf(actx, clerk.ID); err != nil || n != 2 || !isRevoked(st, c1) || !isRevoked(st, c3) || isRevoked(st, a1) {
			t.Fatalf("end all: %d %v", n, err)
		}
		if _, err := s.EndSignInsOf(as(bg, clerk, signIn(t, st, clerk)), admin.ID); !errors.Is(err, auth.ErrForbidden) {
			t.Fatalf("a viewer ended an admin's sign-ins: %v", err)
		}
		if n := st.Client.AuditLog.Query().Where(auditlog.Action("endStaffSignIns")).CountX(bg); n != 1 {
			t.Fatalf("%d endStaffSignIns rows", n)
		}
	})
}

// TestDisableTOTP: one's own with the current password; an admin turns off another's.
func TestDisableTOTP(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		s := newService(t, st, nil)
		bg := context.Background()
		admin, _ := auth.CreateStaff(bg, st.Client, "admin", pw, auth.Admin)
		clerk, _ := auth.CreateStaff(bg, st.Client, "clerk", pw, auth.Operator)
		cctx := as(bg, clerk, signIn(t, st, clerk))
		enrol(t, s, cctx, time.Now().UTC())
		if _, err := s.DisableTOTP(cctx, ptr("wrong-password"), nil); !domain.IsKind(err, domain.Invalid) {
			t.Fatalf("disabled with a wrong password: %v", err)
		}
		if _, err := s.DisableTOTP(cctx, nil, &admin.ID); !errors.Is(err, auth.ErrForbidden) {
			t.Fatalf("an operator disabled an admin's TOTP: %v", err)
		}
		if ok, err := s.DisableTOTP(as(bg, admin, signIn(t, st, admin)), nil, &clerk.ID); err != nil || !ok {
			t.Fatalf("admin disables: %v", err)
		}
		m := st.Client.Staff.GetX(bg, clerk.ID)
		if m.TotpSecretEnc != nil || m.TotpEnabledAt != nil || st.Client.TotpRecoveryCode.Query().CountX(bg) != 0 {
			t.Fatal("TOTP state left after disabling")
		}
		if _, err := s.Login(bg, Credentials{Username: "clerk", Password: pw}); err != nil {
			t.Fatalf("login without a code after disabling: %v", err)
		}
		enrol(t, s, cctx, time.Now().UTC())
		if ok, err := s.DisableTOTP(cctx, ptr(pw), nil); err != nil || !ok {
			t.Fatalf("own disable: %v", err)
		}
	})
}
