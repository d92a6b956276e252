package graph

import (
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestTOTPOverGraphQL: the API's side of two-factor sign-in on both databases: enrolment
// answers a PNG QR code, a login without a code answers TOTP_REQUIRED on field totpCode, a
// recovery code signs in, a wrong code leaves a failed-sign-in row in auditTrail with the
// address, and changeOwnPassword's refusal names its field.
func TestTOTPOverGraphQL(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			var en struct {
				EnrollTotp struct{ Secret, QrCode, OtpauthURL string }
			}
			e.ok(&en, e.viewer, `mutation{ enrollTotp { secret qrCode otpauthURL } }`)
			if !strings.HasPrefix(en.EnrollTotp.QrCode, "data:image/png;base64,") || !strings.Contains(en.EnrollTotp.OtpauthURL, "issuer=linedesk") {
				t.Fatalf("enrolment %+v", en)
			}
			code, _ := auth.TOTPCode(en.EnrollTotp.Secret, time.Now())
			var conf struct {
				ConfirmTotp struct{ RecoveryCodes []string }
			}
			e.ok(&conf, e.viewer, `mutation($c:String!){ confirmTotp(code:$c){ recoveryCodes } }`, "c", code)
			if len(conf.ConfirmTotp.RecoveryCodes) != 10 {
				t.Fatalf("recovery codes %v", conf.ConfirmTotp.RecoveryCodes)
			}
			const login = `mutation($u:String!,$p:String!,$c:String){ login(username:$u, password:$p, totpCode:$c){ token totpEnrolmentRequired } }`
			ge := e.fails(CodeTOTPRequired, "", login, "u", "viewer", "p", "correct-horse-1")
			if ge.Extensions["field"] != "totpCode" {
				t.Fatalf("error %+v", ge)
			}
			e.fails(CodeUnauthenticated, "", login, "u", "viewer", "p", "wrong-horse-1", "c", code)
			e.fails(CodeTOTPRequired, "", login, "u", "viewer", "p", "correct-horse-1", "c", "12345x")
			var ok struct{ Login struct{ Token string } }
			e.ok(&ok, "", login, "u", "viewer", "p", "correct-horse-1", "c", conf.ConfirmTotp.RecoveryCodes[0])
			if ok.Login.Token == "" {
				t.Fatal("no token with a recovery code")
			}
			var trail struct {
				AuditTrail struct {
					Entries []struct {
						Summary, Target, Address string
						Changes                  []struct{ Field, After string }
					}
				}
			}
			e.ok(&trail, e.admin, `{ auditTrail(filter:{action:"loginFailed"}){ entries{ summary target address changes{ field after } } } }`)
			reasons := map[string]bool{}
			for _, en := range trail.AuditTrail.Entries {
				if en.Summary != "Failed sign-in" || en.Target != "staff viewer" || en.Address == "" {
					t.Fatalf("failed sign-in entry %+v", en)
				}
				for _, c := range en.Changes {
					if c.Field == "Reason" {
						reasons[c.After] = true
					}
				}
			}
			if !reasons["wrong password"] || !reasons["wrong code"] || len(trail.AuditTrail.Entries) != 2 {
				t.Fatalf("failed sign-ins %+v", trail.AuditTrail.Entries)
			}
			ge = e.fails(CodeBadInput, e.op, `mutation{ changeOwnPassword(currentPassword:"nope-nope-nope", newPassword:"a-new-password-1") }`)
			if ge.Extensions["field"] != "currentPassword" {
				t.Fatalf("error %+v", ge)
			}
		})
	}
}
