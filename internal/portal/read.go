package portal

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// The reads of the Subscriber type. Each takes the customer the resolver holds (read by Me or
// returned by an action for this sign-in) and answers about it alone.

// MaxList bounds the lists (sessions, transactions, connection attempts); DefaultList is
// their length without `first`.
const (
	MaxList     = 100
	DefaultList = 20
)

// listSize checks a `first` argument.
func listSize(first *int) (int, error) {
	if first == nil {
		return DefaultList, nil
	}
	if *first < 1 || *first > MaxList {
		return 0, domain.Invalidf("first", "first must be from 1 to %d", MaxList).
			WithKey("input.range", map[string]any{"field": "first", "min": 1, "max": MaxList})
	}
	return *first, nil
}

// Me returns the signed-in customer.
func (s *Service) Me(ctx context.Context) (*ent.Customer, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	return s.customer(ctx, si)
}

// own checks that cu is the signed-in customer (the resolvers only ever hold that one).
func own(ctx context.Context, cu *ent.Customer) error {
	si, err := signedIn(ctx)
	if err != nil {
		return err
	}
	if cu == nil || cu.ID != si.CustomerID {
		return ErrUnauthenticated
	}
	return nil
}

// Profile is cu's plan.
func (s *Service) Profile(ctx context.Context, cu *ent.Customer) (*ent.Profile, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	if p := cu.Edges.Profile; p != nil {
		return p, nil
	}
	p, err := store.Reader(ctx, s.st.Client).Profile.Get(ctx, cu.ProfileID)
	if err != nil {
		return nil, fmt.Errorf("reading plan: %w", err)
	}
	return p, nil
}

// PendingProfile is the plan cu moves to at the next renewal, or nil.
func (s *Service) PendingProfile(ctx context.Context, cu *ent.Customer) (*ent.Profile, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	if cu.PendingProfileID == nil || *cu.PendingProfileID == cu.ProfileID {
		return nil, nil
	}
	p, err := store.Reader(ctx, s.st.Client).Profile.Get(ctx, *cu.PendingProfileID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading next plan: %w", err)
	}
	return p, nil
}

// ConnectionStatus is cu's connection status now.
func (s *Service) ConnectionStatus(ctx context.Context, cu *ent.Customer) (customers.ConnectionStatus, error) {
	sess, err := s.CurrentSession(ctx, cu)
	if err != nil {
		return "", err
	}
	return customers.StatusOf(cu.ExpiresAt, sess != nil, s.now()), nil
}

// Restriction says why this sign-in may not act, or nil.
func (s *Service) Restriction(ctx context.Context, cu *ent.Customer) (*string, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	return restriction(cu, SignInFrom(ctx)), nil
}

// DaysLeft is the number of whole calendar days (in the installation's time zone) until cu
// expires: 0 on the last day, negative once expired.
func (s *Service) DaysLeft(ctx context.Context, cu *ent.Customer) (int, error) {
	if err := own(ctx, cu); err != nil {
		return 0, err
	}
	v, err := settings.Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return 0, err
	}
	return daysLeft(cu.ExpiresAt, s.now(), v.Location()), nil
}

func daysLeft(expires, now time.Time, loc *time.Location) int {
	day := func(t time.Time) time.Time {
		y, m, d := t.In(loc).Date()
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	n := int(day(expires).Sub(day(now)).Hours() / 24)
	if !expires.After(now) && n >= 0 {
		return -1
	}
	return n
}

// Usage is cu's use of its current period against its plan's cap.
func (s *Service) Usage(ctx context.Context, cu *ent.Customer) (*customers.Usage, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	return s.customers.Usage(ctx, cu)
}

// DailyUsage is cu's use per day for the last days days (31 by default).
func (s *Service) DailyUsage(ctx context.Context, cu *ent.Customer, days *int) ([]*ent.UsageDaily, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	return s.customers.DailyUsage(ctx, cu.ID, days)
}

// CurrentSession is cu's newest open session, or nil.
func (s *Service) CurrentSession(ctx context.Context, cu *ent.Customer) (*ent.Session, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	return s.customers.OpenSession(ctx, cu.ID)
}

// Sessions are cu's last sessions, newest first.
func (s *Service) Sessions(ctx context.Context, cu *ent.Customer, first *int) ([]*ent.Session, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	n, err := listSize(first)
	if err != nil {
		return nil, err
	}
	out, err := store.Reader(ctx, s.st.Client).Session.Query().Where(session.CustomerID(cu.ID)).
		Order(ent.Desc(session.FieldStartedAt), ent.Desc(session.FieldID)).Limit(n).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading sessions: %w", err)
	}
	return out, nil
}

// Transactions are cu's last ledger entries, newest first.
func (s *Service) Transactions(ctx context.Context, cu *ent.Customer, first *int) ([]*ent.Transaction, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	n, err := listSize(first)
	if err != nil {
		return nil, err
	}
	out, err := store.Reader(ctx, s.st.Client).Transaction.Query().Where(transaction.CustomerID(cu.ID)).
		Order(ent.Desc(transaction.FieldCreatedAt), ent.Desc(transaction.FieldID)).Limit(n).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading transactions: %w", err)
	}
	return out, nil
}

// OfferedPlans are the plans an admin offers in the portal, cheapest first.
func (s *Service) OfferedPlans(ctx context.Context) ([]*ent.Profile, error) {
	if _, err := signedIn(ctx); err != nil {
		return nil, err
	}
	out, err := store.Reader(ctx, s.st.Client).Profile.Query().Where(profile.PortalVisible(true)).
		Order(ent.Asc(profile.FieldPrice), ent.Asc(profile.FieldName), ent.Asc(profile.FieldID)).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading offered plans: %w", err)
	}
	return out, nil
}

// ISP is the provider's name, branding and contacts (no sign-in needed).
type ISP struct {
	Name                string
	Logo                *string
	Color               *string
	SupportPhone        *string
	SupportEmail        *string
	SupportWhatsapp     *string
	PaymentInstructions *string
	Currency            string
	TimeZone            string
	Language            string   // default_language: the portal's language before the subscriber chooses
	PayMethods          []string // the enabled gateways: MPESA, PAYSTACK
}

// ISP reads the branding settings.
func (s *Service) ISP(ctx context.Context) (*ISP, error) {
	v, err := settings.Load(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return nil, err
	}
	opt := func(k string) *string {
		if x := v[k]; x != "" {
			return &x
		}
		return nil
	}
	methods, err := s.payMethods(ctx)
	if err != nil {
		return nil, err
	}
	name := v[settings.ISPName]
	if name == "" {
		name = "Internet service"
	}
	return &ISP{Name: name, Logo: opt(settings.ISPLogo), Color: opt(settings.ISPColor),
		SupportPhone: opt(settings.SupportPhone), SupportEmail: opt(settings.SupportEmail),
		SupportWhatsapp: opt(settings.SupportWhatsapp), PaymentInstructions: opt(settings.PaymentInstructions),
		Currency: v[settings.Currency], TimeZone: v.Location().String(), Language: v.Language(nil), PayMethods: methods}, nil
}
