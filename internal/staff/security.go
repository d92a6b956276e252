package staff

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/apitoken"
	entstaff "github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/ent/totprecoverycode"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// totpIssuer names linedesk in authenticator apps.
const totpIssuer = "linedesk"

// TOTPEnrollment is a TOTP secret awaiting confirmation (GraphQL's TotpEnrollment): shown
// once, as text, as an otpauth:// URL and as a QR code (a PNG data URL).
type TOTPEnrollment struct {
	Secret     string
	OtpauthURL string
	QRCode     string
}

// TOTPConfirmation is a confirmed enrolment: the recovery codes, shown once.
type TOTPConfirmation struct {
	RecoveryCodes []string
}

// self returns the signed-in staff member making the request; an API token has no own
// password or TOTP (refused).
func (s *Service) self(ctx context.Context) (*auth.Principal, *ent.Staff, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return nil, nil, auth.ErrUnauthenticated
	}
	if p.StaffID == nil || p.Kind != apitoken.KindLOGIN {
		return nil, nil, domain.Refusedf("an API token has no password or second factor of its own: sign in as a staff member").
			WithKey("staff.tokenNoSecurity", nil)
	}
	m, err := s.st.Client.Staff.Get(ctx, *p.StaffID)
	if err != nil {
		return nil, nil, fmt.Errorf("reading staff member: %w", err)
	}
	return p, m, nil
}

// checkCurrent checks the caller's current password (throttled like a login from their
// address); a wrong one is refused on field.
func (s *Service) checkCurrent(ctx context.Context, m *ent.Staff, password, field string) error {
	err := auth.VerifyPassword(ctx, s.throttle, m, password, audit.ActorFrom(ctx).Address, s.now())
	if errors.Is(err, auth.ErrBadCredentials) {
		return domain.Invalidf(field, "the current password is wrong").WithKey("staff.currentPasswordWrong", nil)
	}
	return err
}

// ChangeOwnPassword sets the caller's password after checking the current one; the new one
// must be as strong as every staff password. Every other sign-in of the caller ends; this
// one stays.
func (s *Service) ChangeOwnPassword(ctx context.Context, current, next string) (bool, error) {
	p, m, err := s.self(ctx)
	if err != nil {
		return false, err
	}
	if err := s.checkCurrent(ctx, m, current, "currentPassword"); err != nil {
		return false, err
	}
	if current == next {
		return false, domain.Invalidf("newPassword", "the new password must differ from the current one").
			WithKey("password.sameAsCurrent", nil)
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return false, badPassword("newPassword", next, err)
	}
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := c.Staff.UpdateOneID(m.ID).SetPasswordHash(hash).Exec(ctx); err != nil {
			return fmt.Errorf("saving the password: %w", err)
		}
		if err := auth.RevokeStaffTokens(ctx, c, m.ID, s.now(), p.TokenID); err != nil {
			return err
		}
		s.publish(ctx, events.Event{Kind: events.StaffChanged, EntityID: m.ID})
		return audit.Write(ctx, c, "changeOwnPassword", "staff", m.ID, map[string]any{"password": true})
	})
	return err == nil, err
}

// EnrollTOTP starts the caller's TOTP enrolment: a new secret, sealed and kept pending
// until ConfirmTOTP sees a code of it. Refused while TOTP is on.
func (s *Service) EnrollTOTP(ctx context.Context) (*TOTPEnrollment, error) {
	_, m, err := s.self(ctx)
	if err != nil {
		return nil, err
	}
	if m.TotpSecretEnc != nil {
		return nil, domain.Refusedf("two-factor sign-in is already on: turn it off first to enrol a new device").
			WithKey("totp.alreadyOn", nil)
	}
	key, err := auth.NewTOTPKey(totpIssuer, m.Username)
	if err != nil {
		return nil, err
	}
	sealed, err := s.box.Encrypt(key.Secret)
	if err != nil {
		return nil, fmt.Errorf("sealing the TOTP secret: %w", err)
	}
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := c.Staff.UpdateOneID(m.ID).SetTotpPendingEnc(sealed).Exec(ctx); err != nil {
			return fmt.Errorf("saving the TOTP enrolment: %w", err)
		}
		return audit.Write(ctx, c, "enrollTotp", "staff", m.ID, nil)
	})
	if err != nil {
		return nil, err
	}
	return &TOTPEnrollment{Secret: key.Secret, OtpauthURL: key.URL, QRCode: key.QRCode}, nil
}

// ConfirmTOTP turns TOTP on for the caller when code belongs to the pending secret, and
// returns ten new recovery codes (stored hashed; earlier ones are deleted).
func (s *Service) ConfirmTOTP(ctx context.Context, code string) (*TOTPConfirmation, error) {
	_, m, err := s.self(ctx)
	if err != nil {
		return nil, err
	}
	if m.TotpPendingEnc == nil {
		return nil, domain.Refusedf("start the enrolment first").WithKey("totp.notStarted", nil)
	}
	sec, err := s.box.Decrypt(*m.TotpPendingEnc)
	if err != nil {
		return nil, fmt.Errorf("opening the TOTP secret: %w", err)
	}
	step := auth.MatchTOTP(sec, code, s.now())
	if step == 0 {
		return nil, domain.Invalidf("code", "the code does not match: check the time on your phone and enter the current code").
			WithKey("totp.codeMismatch", nil)
	}
	codes, hashes := auth.NewRecoveryCodes()
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.Staff.Update().Where(entstaff.ID(m.ID), entstaff.TotpPendingEnc(*m.TotpPendingEnc)).
			SetTotpSecretEnc(*m.TotpPendingEnc).ClearTotpPendingEnc().SetTotpEnabledAt(s.now()).
			SetTotpLastStep(step).SetTotpFailures(0).Save(ctx)
		if err != nil {
			return fmt.Errorf("turning TOTP on: %w", err)
		}
		if n == 0 {
			return domain.Conflictf("code", "the enrolment changed meanwhile: start again").
				WithKey("totp.enrolmentChanged", nil)
		}
		if err := s.replaceRecoveryCodes(ctx, c, m.ID, hashes); err != nil {
			return err
		}
		s.publish(ctx, events.Event{Kind: events.StaffChanged, EntityID: m.ID})
		return audit.Write(ctx, c, "confirmTotp", "staff", m.ID, map[string]any{"totp": "on"})
	})
	if err != nil {
		return nil, err
	}
	return &TOTPConfirmation{RecoveryCodes: codes}, nil
}

// replaceRecoveryCodes deletes the member's recovery codes and stores hashes.
func (s *Service) replaceRecoveryCodes(ctx context.Context, c *ent.Client, id int, hashes []string) error {
	if _, err := c.TotpRecoveryCode.Delete().Where(totprecoverycode.StaffID(id)).Exec(ctx); err != nil {
		return fmt.Errorf("deleting recovery codes: %w", err)
	}
	now := s.now()
	bulk := make([]*ent.TotpRecoveryCodeCreate, 0, len(hashes))
	for _, h := range hashes {
		bulk = append(bulk, c.TotpRecoveryCode.Create().SetStaffID(id).SetCodeHash(h).SetCreatedAt(now))
	}
	if err := c.TotpRecoveryCode.CreateBulk(bulk...).Exec(ctx); err != nil {
		return fmt.Errorf("storing recovery codes: %w", err)
	}
	return nil
}

// DisableTOTP turns TOTP off: one's own with the current password (staffID nil or one's own
// id), another member's (a lost phone) by an admin without it. Their recovery codes go.
func (s *Service) DisableTOTP(ctx context.Context, currentPassword *string, staffID *int) (bool, error) {
	p := auth.FromContext(ctx)
	if p == nil {
		return false, auth.ErrUnauthenticated
	}
	own := staffID == nil || (p.StaffID != nil && *p.StaffID == *staffID)
	var id int
	if own {
		_, m, err := s.self(ctx)
		if err != nil {
			return false, err
		}
		if currentPassword == nil {
			return false, domain.Invalidf("currentPassword", "enter your current password").
				WithKey("password.currentRequired", nil)
		}
		if err := s.checkCurrent(ctx, m, *currentPassword, "currentPassword"); err != nil {
			return false, err
		}
		id = m.ID
	} else {
		if _, err := auth.Require(ctx, auth.Admin); err != nil {
			return false, err
		}
		id = *staffID
	}
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		err := c.Staff.UpdateOneID(id).ClearTotpSecretEnc().ClearTotpPendingEnc().ClearTotpEnabledAt().
			SetTotpFailures(0).Exec(ctx)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("staff member").Because(err).WithKey("staff.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("turning TOTP off: %w", err)
		}
		if _, err := c.TotpRecoveryCode.Delete().Where(totprecoverycode.StaffID(id)).Exec(ctx); err != nil {
			return fmt.Errorf("deleting recovery codes: %w", err)
		}
		s.publish(ctx, events.Event{Kind: events.StaffChanged, EntityID: id})
		return audit.Write(ctx, c, "disableTotp", "staff", id, map[string]any{"totp": "off"})
	})
	return err == nil, err
}

// RecoveryCodesLeft is how many unused recovery codes member m has.
func (s *Service) RecoveryCodesLeft(ctx context.Context, m *ent.Staff) (int, error) {
	n, err := store.Reader(ctx, s.st.Client).TotpRecoveryCode.Query().
		Where(totprecoverycode.StaffID(m.ID), totprecoverycode.UsedAtIsNil()).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting recovery codes: %w", err)
	}
	return n, nil
}

// AccountSecurity is the caller's two-factor state (GraphQL's AccountSecurity).
type AccountSecurity struct {
	TotpEnabled       bool
	TotpEnabledAt     *time.Time
	RecoveryCodesLeft int
}

// MySecurity returns the caller's two-factor state.
func (s *Service) MySecurity(ctx context.Context) (*AccountSecurity, error) {
	_, m, err := s.self(ctx)
	if err != nil {
		return nil, err
	}
	n, err := s.RecoveryCodesLeft(ctx, m)
	if err != nil {
		return nil, err
	}
	return &AccountSecurity{TotpEnabled: m.TotpSecretEnc != nil, TotpEnabledAt: m.TotpEnabledAt, RecoveryCodesLeft: n}, nil
}
