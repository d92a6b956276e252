package portal

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// checkWait is how long a password check waits for a free slot before it is refused.
const checkWait = 3 * time.Second

// dummyPassword is compared against when the username does not exist, so an unknown name
// takes as long as a known one.
const dummyPassword = "linedesk-portal-no-such-subscriber-0000"

// Login signs a subscriber in with the PPPoE username and password. It is throttled like
// staff login (per username and address, per address, back-off across addresses:
// auth.ErrThrottled) and the password checks running at once are bounded. A customer who is
// suspended or disabled gets a read-only sign-in.
func (s *Service) Login(ctx context.Context, username, password string) (*Result, error) {
	username = strings.ToLower(strings.TrimSpace(username))
	if username == "" || len(username) > 64 || len(password) > 128 || !utf8.ValidString(username) {
		return nil, ErrBadCredentials
	}
	cu, err := s.checkPassword(ctx, throttleKey("p", username), username, password)
	if err != nil {
		return nil, err
	}
	var out *Result
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		out, err = s.issue(ctx, c, cu, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	out.Subscriber = store.Unwrap(ctx, out.Subscriber)
	return out, nil
}

// checkPassword admits an attempt for key with the throttle, then compares password with
// the PPPoE password of customer username in constant time inside a check slot. It returns
// the customer, ErrBadCredentials (counted as a failure) or auth.ErrThrottled.
func (s *Service) checkPassword(ctx context.Context, key, username, password string) (*ent.Customer, error) {
	att, err := s.throttle.Admit(ctx, key, addressFrom(ctx), s.now())
	if err != nil {
		return nil, err
	}
	cu, ok, err := s.compare(ctx, username, password)
	if err != nil {
		if rerr := att.Release(ctx); rerr != nil {
			err = fmt.Errorf("%w (%v)", err, rerr)
		}
		return nil, err
	}
	if !ok {
		if err := att.Failed(ctx, s.now()); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	if err := att.Succeeded(ctx); err != nil {
		return nil, err
	}
	return cu, nil
}

// compare reads customer username and compares its decrypted password with password in a
// check slot (auth.ErrThrottled when none came free in checkWait).
func (s *Service) compare(ctx context.Context, username, password string) (*ent.Customer, bool, error) {
	timer := time.NewTimer(checkWait)
	defer timer.Stop()
	select {
	case s.checks <- struct{}{}:
	case <-timer.C:
		return nil, false, auth.ErrThrottled
	case <-ctx.Done():
		return nil, false, ctx.Err()
	}
	defer func() { <-s.checks }()
	cu, err := s.st.Client.Customer.Query().Where(customer.Username(username)).Only(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, false, fmt.Errorf("looking up subscriber: %w", err)
	}
	stored := dummyPassword
	if cu != nil {
		if stored, err = s.box.Decrypt(cu.PasswordEnc); err != nil {
			return nil, false, fmt.Errorf("reading the subscriber's password: %w", err)
		}
	}
	match := subtle.ConstantTimeCompare([]byte(stored), []byte(password)) == 1
	return cu, match && cu != nil, nil
}

// IsThrottled reports whether err is a throttle's refusal.
func IsThrottled(err error) bool { return errors.Is(err, auth.ErrThrottled) }

// actable returns the sign-in of ctx and its customer when they may act: a read-only
// sign-in, or a customer no longer ACTIVE, is refused (domain.Forbidden) with the reason.
func (s *Service) actable(ctx context.Context) (*SignIn, *ent.Customer, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, nil, err
	}
	cu, err := s.customer(ctx, si)
	if err != nil {
		return nil, nil, err
	}
	if r := restriction(cu, si); r != nil {
		key := "portal.readOnly"
		switch cu.Status {
		case customer.StatusSUSPENDED:
			key = "portal.suspended"
		case customer.StatusDISABLED:
			key = "portal.closed"
		}
		return nil, nil, domain.Forbiddenf("%s", *r).WithKey(key, nil)
	}
	return si, cu, nil
}

// customer reads the sign-in's customer (ErrUnauthenticated when it is gone).
func (s *Service) customer(ctx context.Context, si *SignIn) (*ent.Customer, error) {
	cu, err := store.Reader(ctx, s.st.Client).Customer.Get(ctx, si.CustomerID)
	if ent.IsNotFound(err) {
		return nil, ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("reading subscriber: %w", err)
	}
	return cu, nil
}

// restriction says why the customer may not act in this sign-in, or nil when it may.
func restriction(cu *ent.Customer, si *SignIn) *string {
	var r string
	switch {
	case cu.Status == customer.StatusSUSPENDED:
		r = "your account is suspended: you can look at it here, but changes, renewals and plan changes are not possible; contact your provider"
	case cu.Status == customer.StatusDISABLED:
		r = "your account is closed: you can look at it here, but changes, renewals and plan changes are not possible; contact your provider"
	case si != nil && si.ReadOnly:
		r = "you signed in while the account was suspended: sign out and sign in again to make changes"
	default:
		return nil
	}
	return &r
}
