package customers

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/store"
)

// CreateInput is a new customer. Nil pointers take defaults.
type CreateInput struct {
	Username    string
	Password    *string
	Phone       string
	FullName    *string
	Email       *string
	Address     *string
	ProfileID   int
	ExpiresAt   *time.Time
	AutoRenew   *bool
	StaticIP    *string
	MacLock     *string
	MaxSessions *int
	// AccountNo is used by imports that carry the old system's number; empty assigns one.
	AccountNo string
	// Status defaults to ACTIVE.
	Status *customer.Status
	// KeepWeakPassword accepts a weak given password with a warning (imports).
	KeepWeakPassword bool
	// IPv6 is the customer's own IPv6 (overriding the plan's); nil for none.
	IPv6 *ipv6cfg.Input
}

// Created is the result of Create.
type Created struct {
	Customer          *ent.Customer
	GeneratedPassword string // set when no password was given
	Warnings          []string
}

// Create validates in, assigns the next account number, creates the customer and writes the
// audit row (createCustomer), in one transaction.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Created, error) {
	if err := ipv6cfg.Check(in.IPv6); err != nil {
		return nil, err
	}
	var out *Created
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		region, err := PhoneRegion(ctx, c)
		if err != nil {
			return err
		}
		if out, err = s.create(ctx, c, in, region, nil); err != nil {
			return err
		}
		cu := out.Customer
		if _, err := s.setIPv6(ctx, c, cu.ID, in.IPv6); err != nil {
			return err
		}
		s.changed(ctx, cu.ID)
		return audit.Write(ctx, c, "createCustomer", "customer", cu.ID, map[string]any{
			"username": cu.Username, "accountNo": cu.AccountNo, "profileID": cu.ProfileID, "password": true})
	})
	if err != nil {
		return nil, err
	}
	out.Customer = store.Unwrap(ctx, out.Customer)
	return out, nil
}

// accounts hands out account numbers within one transaction.
type accounts struct{ next int64 }

func (s *Service) lockAccounts(ctx context.Context, c *ent.Client) error {
	if !s.st.IsPostgres() {
		return nil // SQLite transactions take the write lock at BEGIN (_txlock=immediate)
	}
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(0x6c6e646b_0003)); err != nil {
		return fmt.Errorf("locking account numbers: %w", err)
	}
	return nil
}

// setIPv6 sets customer id's own IPv6 (ipv6cfg.SetCustomer). A change of fixed prefix first
// takes, on PostgreSQL, the lock that serialises those changes, so two customers given the
// same prefix at once cannot both pass the check (SQLite transactions take the write lock at
// BEGIN).
func (s *Service) setIPv6(ctx context.Context, c *ent.Client, id int, in *ipv6cfg.Input) (map[string]any, error) {
	if in != nil && (in.FramedPrefix != nil || in.DelegatedPrefix != nil) {
		if err := s.lockPrefixes(ctx, c); err != nil {
			return nil, err
		}
	}
	return ipv6cfg.SetCustomer(ctx, c, id, in)
}

// lockPrefixes takes, on PostgreSQL, the transaction's lock over changes of fixed prefixes.
func (s *Service) lockPrefixes(ctx context.Context, c *ent.Client) error {
	if !s.st.IsPostgres() {
		return nil
	}
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(0x6c6e646b_0006)); err != nil {
		return fmt.Errorf("locking IPv6 prefixes: %w", err)
	}
	return nil
}

func (s *Service) nextAccounts(ctx context.Context, c *ent.Client) (*accounts, error) {
	if err := s.lockAccounts(ctx, c); err != nil {
		return nil, err
	}
	last, err := c.Customer.Query().
		Order(func(sel *entsql.Selector) {
			sel.OrderExpr(entsql.Expr("length(" + sel.C(customer.FieldAccountNo) + ") DESC"))
			sel.OrderBy(entsql.Desc(sel.C(customer.FieldAccountNo)))
		}).
		Limit(1).Select(customer.FieldAccountNo).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the last account number: %w", err)
	}
	next := int64(FirstAccountNo)
	if len(last) == 1 {
		if n, err := strconv.ParseInt(last[0], 10, 64); err == nil && n+1 > next {
			next = n + 1
		}
	}
	return &accounts{next: next}, nil
}

func (a *accounts) take() string {
	v := strconv.FormatInt(a.next, 10)
	a.next++
	return v
}

// accountNo returns the account number given in, checked, or the next one of acc (read
// first when acc is nil).
func (s *Service) accountNo(ctx context.Context, c *ent.Client, in CreateInput, acc *accounts) (string, error) {
	if a := strings.TrimSpace(in.AccountNo); a != "" {
		if _, err := strconv.ParseUint(a, 10, 64); err != nil || len(a) > 20 {
			return "", domain.Invalidf("accountNo", "account numbers are digits only").
				WithKey("customer.accountNoDigits", map[string]any{"max": 20})
		}
		return a, nil
	}
	if acc == nil {
		var err error
		if acc, err = s.nextAccounts(ctx, c); err != nil {
			return "", err
		}
	}
	return acc.take(), nil
}

// password returns the password of a new customer: the one given (a weak one refused, or kept
// with a warning for imports) or a generated one, recorded in out.
func password(in CreateInput, username string, out *Created) (string, error) {
	if in.Password == nil || *in.Password == "" {
		out.GeneratedPassword = GeneratePassword()
		return out.GeneratedPassword, nil
	}
	pw := *in.Password
	if prob := PasswordProblem(pw, username); prob != "" {
		if !in.KeepWeakPassword {
			return "", WeakPassword("password", pw, username)
		}
		out.Warnings = append(out.Warnings, "weak password kept as imported: "+prob)
	}
	return pw, nil
}

// usernameFree refuses a username another customer has.
func usernameFree(ctx context.Context, c *ent.Client, username string) error {
	taken, err := c.Customer.Query().Where(customer.Username(username)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("checking username: %w", err)
	}
	if taken {
		return domain.Invalidf("username", "%q is already taken", username).
			WithKey("customer.usernameTaken", map[string]any{"username": username})
	}
	return nil
}

// create validates in and creates the customer with c (a transaction's client), numbering it
// from acc (nil: read the next number).
func (s *Service) create(ctx context.Context, c *ent.Client, in CreateInput, region string, acc *accounts) (*Created, error) {
	out := &Created{}
	username, err := NormalizeUsername(in.Username)
	if err != nil {
		return nil, err
	}
	out.Warnings = append(out.Warnings, UsernameWarnings(username)...)
	phone, err := NormalizePhone(in.Phone, region)
	if err != nil {
		return nil, err
	}
	p, err := getProfile(ctx, c, in.ProfileID)
	if err != nil {
		return nil, err
	}
	pw, err := password(in, username, out)
	if err != nil {
		return nil, err
	}
	enc, err := s.box.Encrypt(pw)
	if err != nil {
		return nil, fmt.Errorf("encrypting password: %w", err)
	}
	if err := usernameFree(ctx, c, username); err != nil {
		return nil, err
	}
	now := s.now()
	expires := now.AddDate(0, 0, p.ValidityDays)
	if in.ExpiresAt != nil {
		expires = in.ExpiresAt.UTC()
	}
	accountNo, err := s.accountNo(ctx, c, in, acc)
	if err != nil {
		return nil, err
	}
	cr := c.Customer.Create().
		SetAccountNo(accountNo).SetUsername(username).SetPasswordEnc(enc).SetPhone(phone).
		SetProfileID(p.ID).SetExpiresAt(expires).SetPeriodStart(now).SetJoinedAt(now).
		SetNillableAutoRenew(in.AutoRenew).SetNillableStatus(in.Status)
	if err := applyOptional(cr.Mutation(), in.FullName, in.Email, in.Address, in.StaticIP, in.MacLock); err != nil {
		return nil, err
	}
	if in.MaxSessions != nil {
		if err := checkMaxSessions(*in.MaxSessions); err != nil {
			return nil, err
		}
		cr.SetMaxSessions(*in.MaxSessions)
	}
	if out.Customer, err = cr.Save(ctx); err != nil {
		return nil, fmt.Errorf("creating customer: %w", err)
	}
	if err := claimStatic(ctx, c, out.Customer.ID, nil, in.StaticIP); err != nil {
		return nil, err
	}
	return out, nil
}
