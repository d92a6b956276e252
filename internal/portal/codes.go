package portal

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"math/big"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/portalcode"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// One-time codes: 6 digits, valid CodeTTL and CodeTries tries, stored as a keyed hash
// (secret.Box.MAC) so a copy of the database cannot try the million values. A request is
// throttled per phone (CodesPerPhone in CodeWindow) and per address (CodesPerAddress in
// CodeWindow), whether or not the phone belongs to a customer: a request for an unknown
// phone stores a row too (with no customer and a random hash) and is answered the same.
const (
	CodeTTL         = 10 * time.Minute
	CodeTries       = 5
	CodeWindow      = time.Hour
	CodesPerPhone   = 3
	CodesPerAddress = 10
)

// Purposes of codes.
const (
	purposeLogin = portalcode.PurposeLogin
	purposePhone = portalcode.PurposePhoneChange
)

// ErrTooManyCodes refuses a code request over the limits (TOO_MANY_REQUESTS).
var ErrTooManyCodes = fmt.Errorf("too many codes were asked for: try again later: %w", auth.ErrThrottled)

func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err))
	}
	return fmt.Sprintf("%06d", n.Int64())
}

func (s *Service) codeHash(purpose portalcode.Purpose, phone, code string) string {
	return s.box.MAC("portal-code:"+string(purpose)+":"+phone, code)
}

// normalizePhone reads a phone number with the installation's phone region.
func (s *Service) normalizePhone(ctx context.Context, field, raw string) (string, error) {
	region, err := customers.PhoneRegion(ctx, s.st.Client)
	if err != nil {
		return "", err
	}
	p, err := customers.NormalizePhone(raw, region)
	if err != nil {
		return "", domain.Invalidf(field, "not a phone number: use the number your provider has, e.g. 0712345678").
			WithKey("portal.phoneInvalid", nil)
	}
	return p, nil
}

// RequestCode sends a sign-in code to the customer with this phone (the newest one when
// several share it). It answers true whether or not the phone belongs to a customer.
func (s *Service) RequestCode(ctx context.Context, phone string) (bool, error) {
	p, err := s.normalizePhone(ctx, "phone", phone)
	if err != nil {
		return false, err
	}
	cu, err := s.st.Client.Customer.Query().Where(customer.Phone(p)).Order(ent.Desc(customer.FieldID)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return false, fmt.Errorf("looking up the phone: %w", err)
	}
	var id *int
	if cu != nil {
		id = &cu.ID
	}
	if err := s.sendCode(ctx, purposeLogin, p, id); err != nil {
		return false, err
	}
	return true, nil
}

// sendCode stores a new code for phone (checking the limits in the same transaction) and,
// when it is for a customer, sends it by SMS after the commit, off the request (the answer
// takes as long either way).
func (s *Service) sendCode(ctx context.Context, purpose portalcode.Purpose, phone string, customerID *int) error {
	code := newCode()
	now := s.now()
	addr := clip(addressFrom(ctx), 64)
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		since := now.Add(-CodeWindow)
		perPhone, err := c.PortalCode.Query().Where(portalcode.Phone(phone), portalcode.CreatedAtGT(since)).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting codes: %w", err)
		}
		perAddr, err := c.PortalCode.Query().Where(portalcode.Address(addr), portalcode.CreatedAtGT(since)).Count(ctx)
		if err != nil {
			return fmt.Errorf("counting codes: %w", err)
		}
		if perPhone >= CodesPerPhone || perAddr >= CodesPerAddress {
			return ErrTooManyCodes
		}
		if _, err := c.PortalCode.Delete().Where(portalcode.ExpiresAtLT(now.Add(-CodeWindow))).Exec(ctx); err != nil {
			return fmt.Errorf("pruning codes: %w", err)
		}
		hash := s.codeHash(purpose, phone, code)
		if customerID == nil {
			hash = s.codeHash(purpose, phone, newCode()+"-unsent")
		}
		return c.PortalCode.Create().SetPhone(phone).SetPurpose(purpose).SetNillableCustomerID(customerID).
			SetCodeHash(hash).SetAddress(addr).SetCreatedAt(now).SetExpiresAt(now.Add(CodeTTL)).Exec(ctx)
	})
	if err != nil {
		return err
	}
	if customerID != nil {
		go s.deliver(context.WithoutCancel(ctx), phone, code)
	}
	return nil
}

// deliver sends code to phone by SMS; failures are logged (without the code).
func (s *Service) deliver(ctx context.Context, phone, code string) {
	if s.sms == nil {
		s.log.Warn("portal code not sent: no SMS sender")
		return
	}
	ctx, cancel := context.WithTimeout(ctx, s.SMSTimeout)
	defer cancel()
	name := "Your provider"
	if v, err := settings.Load(ctx, s.st.Client); err == nil && v[settings.ISPName] != "" {
		name = v[settings.ISPName]
	}
	msg := fmt.Sprintf("%s: your code is %s. It is valid for 10 minutes. Never give it to anyone.", name, code)
	if err := s.sms.SendSMS(ctx, phone, msg); err != nil {
		s.log.Warn("portal code not sent", "err", err)
	}
}

// VerifyCode signs in with a code from RequestCode. A wrong code uses one of the code's
// tries; the attempts are throttled like a password sign-in (per phone and address).
func (s *Service) VerifyCode(ctx context.Context, phone, code string) (*Result, error) {
	p, err := s.normalizePhone(ctx, "phone", phone)
	if err != nil {
		return nil, err
	}
	att, err := s.throttle.Admit(ctx, throttleKey("c", p), addressFrom(ctx), s.now())
	if err != nil {
		return nil, err
	}
	var out *Result
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		row, err := s.useCode(ctx, c, purposeLogin, p, nil, code)
		if err != nil || row == nil {
			return err
		}
		cu, err := c.Customer.Get(ctx, *row.CustomerID)
		if err != nil {
			return fmt.Errorf("reading subscriber: %w", err)
		}
		out, err = s.issue(ctx, c, cu, true)
		return err
	})
	switch {
	case err != nil:
		_ = att.Release(ctx)
		return nil, err
	case out == nil:
		if err := att.Failed(ctx, s.now()); err != nil {
			return nil, err
		}
		return nil, ErrBadCode
	}
	if err := att.Succeeded(ctx); err != nil {
		return nil, err
	}
	out.Subscriber = store.Unwrap(ctx, out.Subscriber)
	return out, nil
}

// useCode checks code against the newest live code for phone and purpose (of customerID,
// when given) with c. It returns the row, marked used, when the code matches; nil when it
// does not (a try is spent) or there is no live code. The caller's transaction commits
// either way, so spent tries count.
func (s *Service) useCode(ctx context.Context, c *ent.Client, purpose portalcode.Purpose, phone string, customerID *int, code string) (*ent.PortalCode, error) {
	now := s.now()
	q := c.PortalCode.Query().Where(portalcode.Phone(phone), portalcode.PurposeEQ(purpose),
		portalcode.UsedAtIsNil(), portalcode.ExpiresAtGT(now))
	if customerID != nil {
		q.Where(portalcode.CustomerID(*customerID))
	}
	row, err := q.Order(ent.Desc(portalcode.FieldCreatedAt), ent.Desc(portalcode.FieldID)).First(ctx)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading code: %w", err)
	}
	if row.Tries >= CodeTries || row.CustomerID == nil {
		return nil, c.PortalCode.UpdateOne(row).AddTries(1).Exec(ctx)
	}
	match := subtle.ConstantTimeCompare([]byte(s.codeHash(purpose, phone, code)), []byte(row.CodeHash)) == 1
	up := c.PortalCode.UpdateOne(row).AddTries(1)
	if match {
		up.SetUsedAt(now)
	}
	if row, err = up.Save(ctx); err != nil {
		return nil, fmt.Errorf("spending a try: %w", err)
	}
	if !match {
		return nil, nil
	}
	return row, nil
}
