package auth

import (
	"bytes"
	"context"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"image/png"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/ent/totprecoverycode"
	"github.com/linedesk/linedesk/internal/secret"
)

// Errors of the second factor. Both are errors.Is ErrTOTPRequired (extensions.code
// TOTP_REQUIRED); their messages are safe to show.
var (
	// ErrTOTPRequired: the staff member has TOTP and the login sent no code.
	ErrTOTPRequired = errors.New("enter the 6-digit code from your authenticator app (or a recovery code)")
	// ErrTOTPWrong: the code was wrong, or already used.
	ErrTOTPWrong = fmt.Errorf("%w: the code was wrong or already used", ErrTOTPRequired)
)

// TOTP follows RFC 6238 with the parameters every authenticator app reads from a QR code:
// HMAC-SHA1, 6 digits, 30-second steps; a code of the step before or after is accepted too
// (clock drift), and each step's code is accepted once.
const (
	totpPeriod = 30
	totpSkew   = 1
	// RecoveryCodes is how many one-time recovery codes a confirmed enrolment gives.
	RecoveryCodes = 10
	// totpFreeFailures wrong codes in a row are allowed before the back-off starts.
	totpFreeFailures = 5
	totpBackoffBase  = 30 * time.Second
	totpBackoffMax   = 15 * time.Minute
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// TOTPKey is a new TOTP secret for enrolment: shown once to the staff member (as text, as an
// otpauth:// URL and as a QR code) and stored sealed until confirmed.
type TOTPKey struct {
	Secret string // base32, as authenticator apps take it when typed
	URL    string // otpauth://totp/linedesk:<username>?secret=…&issuer=linedesk
	QRCode string // data:image/png;base64,… of URL
}

// NewTOTPKey generates a TOTP secret (160 bits, RFC 4226's recommendation) for username.
func NewTOTPKey(issuer, username string) (*TOTPKey, error) {
	k, err := totp.Generate(totp.GenerateOpts{Issuer: issuer, AccountName: username, Period: totpPeriod,
		SecretSize: 20, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		return nil, fmt.Errorf("generating a TOTP secret: %w", err)
	}
	img, err := k.Image(240, 240)
	if err != nil {
		return nil, fmt.Errorf("drawing the TOTP QR code: %w", err)
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("encoding the TOTP QR code: %w", err)
	}
	return &TOTPKey{Secret: k.Secret(), URL: k.URL(),
		QRCode: "data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())}, nil
}

// TOTPCode is the code of secret at t (tests and the end-to-end suite compute codes with it).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// MatchTOTP returns the time step whose code is code, within totpSkew steps of now, or 0.
func MatchTOTP(secret, code string, now time.Time) int64 {
	code = normalizeCode(code)
	if len(code) != 6 {
		return 0
	}
	for d := -totpSkew; d <= totpSkew; d++ {
		t := now.Add(time.Duration(d) * totpPeriod * time.Second)
		want, err := totp.GenerateCodeCustom(secret, t, totpOpts)
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return t.Unix() / totpPeriod
		}
	}
	return 0
}

// normalizeCode drops the spaces and dashes people type inside codes, and lower-cases.
func normalizeCode(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

// NewRecoveryCodes returns RecoveryCodes random codes (10 characters of the unambiguous
// alphabet, about 57 bits each, shown as xxxxx-xxxxx) and their stored hashes.
func NewRecoveryCodes() (codes, hashes []string) {
	for range RecoveryCodes {
		c := strings.ToLower(RandomPassword(10))
		codes = append(codes, c[:5]+"-"+c[5:])
		hashes = append(hashes, HashToken(c))
	}
	return codes, hashes
}

// SecondFactor checks the TOTP code (or a recovery code) of a staff member who has TOTP. The
// secret is sealed with box. Wrong codes in a row beyond totpFreeFailures make the next
// check wait a back-off (30 s doubling to 15 min), whatever the address: only someone who
// knows the password gets this far.
type SecondFactor struct{ box *secret.Box }

// NewSecondFactor returns the checker over box (which sealed the secrets).
func NewSecondFactor(box *secret.Box) *SecondFactor { return &SecondFactor{box: box} }

// Check accepts code for s at now, or returns ErrTOTPRequired (no code), ErrTOTPWrong or
// ErrThrottled. Staff without TOTP pass. A TOTP code is accepted once (its step must be
// later than the last accepted), a recovery code once.
func (f *SecondFactor) Check(ctx context.Context, c *ent.Client, s *ent.Staff, code string, now time.Time) error {
	if s.TotpSecretEnc == nil {
		return nil
	}
	code = normalizeCode(code)
	if code == "" {
		return ErrTOTPRequired
	}
	if s.TotpFailures >= totpFreeFailures && s.TotpFailedAt != nil && now.Before(s.TotpFailedAt.Add(totpBackoff(s.TotpFailures))) {
		throttledCount.Add(1)
		return ErrThrottled
	}
	ok, err := f.accept(ctx, c, s, code, now)
	if err != nil {
		return err
	}
	if !ok {
		if err := c.Staff.UpdateOneID(s.ID).AddTotpFailures(1).SetTotpFailedAt(now).Exec(ctx); err != nil {
			return fmt.Errorf("recording a wrong code: %w", err)
		}
		return ErrTOTPWrong
	}
	if s.TotpFailures > 0 {
		if err := c.Staff.UpdateOneID(s.ID).SetTotpFailures(0).Exec(ctx); err != nil {
			return fmt.Errorf("clearing wrong codes: %w", err)
		}
	}
	return nil
}

// accept spends code: a TOTP step later than the last accepted one, or an unused recovery
// code. Each is one conditional UPDATE, so two logins racing with one code cannot both win.
func (f *SecondFactor) accept(ctx context.Context, c *ent.Client, s *ent.Staff, code string, now time.Time) (bool, error) {
	if len(code) == 6 {
		sec, err := f.box.Decrypt(*s.TotpSecretEnc)
		if err != nil {
			return false, fmt.Errorf("opening the TOTP secret: %w", err)
		}
		step := MatchTOTP(sec, code, now)
		if step == 0 {
			return false, nil
		}
		n, err := c.Staff.Update().Where(staff.ID(s.ID), staff.TotpLastStepLT(step)).SetTotpLastStep(step).Save(ctx)
		if err != nil {
			return false, fmt.Errorf("recording the TOTP step: %w", err)
		}
		return n == 1, nil
	}
	if len(code) != 10 {
		return false, nil
	}
	n, err := c.TotpRecoveryCode.Update().Where(totprecoverycode.StaffID(s.ID), totprecoverycode.CodeHash(HashToken(code)),
		totprecoverycode.UsedAtIsNil()).SetUsedAt(now).Save(ctx)
	if err != nil {
		return false, fmt.Errorf("spending a recovery code: %w", err)
	}
	return n == 1, nil
}

// totpBackoff is the wait after n wrong codes in a row (n > totpFreeFailures).
func totpBackoff(n int) time.Duration {
	d := totpBackoffBase
	for i := totpFreeFailures; i < n && d < totpBackoffMax; i++ {
		d *= 2
	}
	return min(d, totpBackoffMax)
}
