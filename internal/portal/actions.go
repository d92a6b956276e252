package portal

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/notify"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// PasswordChange is the answer to a password change.
type PasswordChange struct {
	Subscriber   *ent.Customer
	Disconnected bool
	Message      string
}

// Messages of a password change.
const (
	msgNextLogin = "Your password is changed. Your connection stays up for now; the next time your router logs in it must use the new password, so enter it in the router's PPPoE settings now."
	msgDropped   = "Your password is changed and your connection was restarted: your router must now log in with the new password. Enter it in the router's PPPoE settings if you have not yet."
)

// ChangePassword changes the PPPoE password after checking the current one (throttled like
// a sign-in). The other portal sign-ins end; this one stays. With disconnectNow the open
// sessions are dropped (like staff's disconnect) so the router logs in again at once.
func (s *Service) ChangePassword(ctx context.Context, current, next string, disconnectNow *bool) (*PasswordChange, error) {
	_, cu, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := s.checkPassword(ctx, throttleKey("p", cu.Username), cu.Username, current); err != nil {
		if errors.Is(err, ErrBadCredentials) {
			return nil, domain.Invalidf("current", "the current password is wrong").WithKey("password.currentWrong", nil)
		}
		return nil, err
	}
	if current == next {
		return nil, domain.Invalidf("new", "the new password must differ from the current one").
			WithKey("password.sameAsCurrent", nil)
	}
	return s.setPassword(ctx, next, disconnectNow)
}

// SetPassword sets a new PPPoE password without the current one: only in a sign-in by code
// (a forgotten password).
func (s *Service) SetPassword(ctx context.Context, next string, disconnectNow *bool) (*PasswordChange, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	if !si.ByCode {
		return nil, domain.Forbiddenf("you signed in with your password: change it with the current one (changePassword)").
			WithKey("portal.passwordNeedsCurrent", nil)
	}
	return s.setPassword(ctx, next, disconnectNow)
}

func (s *Service) setPassword(ctx context.Context, next string, disconnectNow *bool) (*PasswordChange, error) {
	si := SignInFrom(ctx)
	cu, err := s.customers.ChangeOwnPassword(ctx, si.CustomerID, next, si.TokenID)
	if err != nil {
		return nil, err
	}
	out := &PasswordChange{Subscriber: cu, Message: msgNextLogin}
	if disconnectNow == nil || !*disconnectNow {
		return out, nil
	}
	res, err := s.customers.Disconnect(ctx, si.CustomerID)
	if err != nil {
		return nil, err
	}
	for _, r := range res.Sessions {
		if r.Outcome == domain.ACK || r.Outcome == domain.APIRemoved {
			out.Disconnected = true
		}
	}
	if out.Disconnected {
		out.Message = msgDropped
	}
	out.Subscriber = res.Customer
	return out, nil
}

// Renew renews the plan from the balance, with billing's rules and refusals (too little
// balance says how much is missing, in the installation's currency).
func (s *Service) Renew(ctx context.Context) (*ent.Customer, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	cu, err := s.billing.Renew(ctx, si.CustomerID)
	var ib *billing.InsufficientBalanceError
	if errors.As(err, &ib) {
		cur, lerr := s.currency(ctx)
		if lerr != nil {
			return nil, lerr
		}
		return nil, domain.Refusedf("the balance %s does not cover the price %s: pay %s more first",
			notify.FormatAmount(ib.Balance, cur), notify.FormatAmount(ib.Needed, cur), notify.FormatAmount(ib.Missing(), cur)).
			Because(err).WithKey("renew.insufficientBalance", map[string]any{"balance": ib.Balance, "needed": ib.Needed, "missing": ib.Missing()})
	}
	return cu, err
}

func (s *Service) currency(ctx context.Context) (string, error) {
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return "", err
	}
	return v[settings.Currency], nil
}

// SetAutoRenew turns automatic renewal from the balance on or off.
func (s *Service) SetAutoRenew(ctx context.Context, on bool) (*ent.Customer, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	return s.customers.Update(ctx, si.CustomerID, customers.UpdateInput{AutoRenew: &on})
}

// UpdateEmail sets the e-mail address, or clears it with "".
func (s *Service) UpdateEmail(ctx context.Context, email string) (*ent.Customer, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	return s.customers.Update(ctx, si.CustomerID, customers.UpdateInput{Email: &email})
}

// RequestPhoneChange sends a code to the new phone; ConfirmPhoneChange makes the change.
func (s *Service) RequestPhoneChange(ctx context.Context, phone string) (bool, error) {
	si, cu, err := s.actable(ctx)
	if err != nil {
		return false, err
	}
	p, err := s.normalizePhone(ctx, "phone", phone)
	if err != nil {
		return false, err
	}
	if p == cu.Phone {
		return false, domain.Invalidf("phone", "this is already your phone number").WithKey("portal.samePhone", nil)
	}
	id := si.CustomerID
	if err := s.sendCode(ctx, purposePhone, p, &id); err != nil {
		return false, err
	}
	return true, nil
}

// ConfirmPhoneChange sets the phone to the one a code was sent to, given that code.
func (s *Service) ConfirmPhoneChange(ctx context.Context, phone, code string) (*ent.Customer, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.normalizePhone(ctx, "phone", phone)
	if err != nil {
		return nil, err
	}
	var out *ent.Customer
	matched := false
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		id := si.CustomerID
		row, err := s.useCode(ctx, c, purposePhone, p, &id, code)
		if err != nil || row == nil {
			return err
		}
		matched = true
		out, err = s.customers.Update(ctx, id, customers.UpdateInput{Phone: &p})
		return err
	})
	if err != nil {
		return nil, err
	}
	if !matched {
		return nil, domain.Invalidf("code", "%s", ErrBadCode.Error()).WithKey("portal.badCode", nil)
	}
	return store.Unwrap(ctx, out), nil
}

// PlanChange is the answer to a plan change.
type PlanChange struct {
	Subscriber  *ent.Customer
	AppliedNow  bool
	Transaction *ent.Transaction
}

// ChangePlan moves the subscriber to a plan offered in the portal: at the next renewal
// (portal_plan_change next_renewal: the renewal charges and starts the new plan), or now
// (prorate) with the rest of the period's value of the old plan credited and of the new one
// charged as one ledger adjustment, and the plan applied to the open sessions by CoA.
func (s *Service) ChangePlan(ctx context.Context, profileID int) (*PlanChange, error) {
	si, cu, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	p, err := s.st.Client.Profile.Get(ctx, profileID)
	if ent.IsNotFound(err) || (err == nil && !p.PortalVisible) {
		return nil, domain.NotFoundf("no such plan is offered").WithKey("plan.notOffered", nil)
	}
	if err != nil {
		return nil, fmt.Errorf("reading plan: %w", err)
	}
	if p.ID == cu.ProfileID {
		if cu.PendingProfileID != nil {
			cu, err = s.customers.SetNextProfile(ctx, si.CustomerID, nil)
			return &PlanChange{Subscriber: cu}, err
		}
		return nil, domain.Invalidf("profileID", "you are already on %s", p.Name).
			WithKey("plan.alreadyOn", map[string]any{"plan": p.Name})
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return nil, err
	}
	if v[settings.PortalPlanChange] != settings.PlanChangeProrate {
		cu, err = s.customers.SetNextProfile(ctx, si.CustomerID, &p.ID)
		if err != nil {
			return nil, err
		}
		return &PlanChange{Subscriber: cu}, nil
	}
	return s.changePlanNow(ctx, si, p)
}

// changePlanNow applies plan p at once with its prorated difference, in one transaction.
func (s *Service) changePlanNow(ctx context.Context, si *SignIn, p *ent.Profile) (*PlanChange, error) {
	out := &PlanChange{AppliedNow: true}
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		cu, err := c.Customer.Get(ctx, si.CustomerID)
		if err != nil {
			return fmt.Errorf("reading subscriber: %w", err)
		}
		old, err := c.Profile.Get(ctx, cu.ProfileID)
		if err != nil {
			return fmt.Errorf("reading plan: %w", err)
		}
		if diff, note := s.proration(cu, old, p); diff != 0 {
			if out.Transaction, err = s.billing.Adjust(ctx, cu.ID, -diff, note); err != nil {
				return s.planRefusal(ctx, err)
			}
		}
		if cu.PendingProfileID != nil {
			if _, err := s.customers.SetNextProfile(ctx, cu.ID, nil); err != nil {
				return err
			}
		}
		res, err := s.customers.ChangeProfile(ctx, cu.ID, p.ID)
		if err != nil {
			return err
		}
		out.Subscriber = res.Customer
		return nil
	})
	if err != nil {
		return nil, err
	}
	out.Subscriber = store.Unwrap(ctx, out.Subscriber)
	out.Transaction = store.Unwrap(ctx, out.Transaction)
	return out, nil
}

// proration is what moving cu from plan old to plan p now costs (positive) or returns
// (negative) for the rest of the paid period, and the ledger note saying so.
func (s *Service) proration(cu *ent.Customer, old, p *ent.Profile) (int64, string) {
	now := s.now()
	left := cu.ExpiresAt.Sub(now)
	period := float64(old.ValidityDays) * 24 * 3600
	if left <= 0 || period <= 0 {
		return 0, ""
	}
	frac := math.Min(1, left.Seconds()/period)
	credit := int64(math.Round(float64(old.Price) * frac))
	charge := int64(math.Round(float64(p.Price) * frac * float64(old.ValidityDays) / float64(max(1, p.ValidityDays))))
	days := left.Hours() / 24
	return charge - credit, fmt.Sprintf("plan change from %s to %s in the portal, prorated over the %.1f days left", old.Name, p.Name, days)
}

// planRefusal words a refused plan-change charge for the subscriber.
func (s *Service) planRefusal(ctx context.Context, err error) error {
	var ib *billing.InsufficientBalanceError
	if !errors.As(err, &ib) {
		return err
	}
	cur, lerr := s.currency(ctx)
	if lerr != nil {
		return lerr
	}
	return domain.Refusedf("the plan change costs %s for the rest of this period and the balance is %s: pay %s more first",
		notify.FormatAmount(ib.Needed, cur), notify.FormatAmount(ib.Balance, cur), notify.FormatAmount(ib.Missing(), cur)).Because(err).
		WithKey("plan.insufficientBalance", map[string]any{"neededMinor": ib.Needed, "balanceMinor": ib.Balance, "missingMinor": ib.Missing()})
}

// SetLanguage sets the subscriber's language for the portal and their messages; "" returns
// them to the installation's. Any sign-in may, read-only or not, whatever the account's
// state: it changes nothing but how linedesk speaks to them.
func (s *Service) SetLanguage(ctx context.Context, lang *string) (bool, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return false, err
	}
	to := ""
	if lang != nil {
		to = *lang
	}
	if _, err := s.customers.Update(ctx, si.CustomerID, customers.UpdateInput{Language: &to}); err != nil {
		return false, err
	}
	return true, nil
}
