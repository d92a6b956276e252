// Package customers holds the rules for PPPoE subscribers: validation (usernames, phone
// numbers in E.164, passwords), account numbers, creation and updates, status changes,
// search, and CSV import and export. The GraphQL API and the CLI both call it; it writes
// through the ent client it is given (a transaction's client inside a GraphQL mutation).
package customers

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/nyaruka/phonenumbers"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/notification"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// FieldError is invalid input, naming the input field at fault. Its message is meant for
// the user.
type FieldError struct {
	Field   string
	Message string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Message
	}
	return e.Field + ": " + e.Message
}

// Quote quotes a user's value for an error message, shortened: messages never repeat a
// long input.
func Quote(v string) string {
	const max = 40
	if r := []rune(v); len(r) > max {
		return strconv.Quote(string(r[:max])) + "…"
	}
	return strconv.Quote(v)
}

func fieldErr(field, format string, args ...any) error {
	return &FieldError{Field: field, Message: fmt.Sprintf(format, args...)}
}

// ErrNotFound is a reference to a record that does not exist.
var ErrNotFound = errors.New("not found")

// FirstAccountNo is the first account number handed out.
const FirstAccountNo = 100001

// Service applies the customer rules.
type Service struct {
	Box      *secret.Box
	Postgres bool
	Now      func() time.Time
}

// New makes a Service for a store.
func New(st *store.Store, box *secret.Box) *Service {
	return &Service{Box: box, Postgres: st.IsPostgres(), Now: func() time.Time { return time.Now().UTC() }}
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

var usernameRe = regexp.MustCompile(`^[a-z0-9._@-]{3,64}$`)

// NormalizeUsername lower-cases and trims a username and checks DESIGN.md's rule.
func NormalizeUsername(u string) (string, error) {
	u = strings.ToLower(strings.TrimSpace(u))
	if !usernameRe.MatchString(u) {
		return u, fieldErr("username", "must be 3–64 characters of a–z, 0–9 and . _ @ -")
	}
	return u, nil
}

var guessableRe = regexp.MustCompile(`^(user|test|admin|customer|client|guest|demo|pppoe|home)[0-9._-]*$|^[0-9]{1,6}$`)

// UsernameWarnings returns warnings about a valid but trivially guessable username.
func UsernameWarnings(u string) []string {
	if guessableRe.MatchString(u) {
		return []string{fmt.Sprintf("username %q is easy to guess; prefer one made from the customer's name or account", u)}
	}
	return nil
}

// NormalizePhone returns the E.164 form of a phone number, reading national forms with
// region (an ISO 3166 code such as KE).
func NormalizePhone(raw, region string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", fieldErr("phone", "is required")
	}
	if region == "" {
		region = "KE"
	}
	n, err := phonenumbers.Parse(raw, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", fieldErr("phone", "%s is not a valid phone number for region %s (use +CC… for other countries)", Quote(raw), region)
	}
	return phonenumbers.Format(n, phonenumbers.E164), nil
}

// PhoneQuery returns the E.164 form of a search query that reads as a phone number.
func PhoneQuery(q, region string) (string, bool) {
	q = strings.TrimSpace(q)
	digits := 0
	for _, r := range q {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '+' || r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	if digits < 7 {
		return "", false
	}
	p, err := NormalizePhone(q, region)
	if err != nil {
		return "", false
	}
	return p, true
}

// MinPasswordLen is the shortest PPPoE password accepted from staff.
const MinPasswordLen = 8

var commonPasswords = map[string]bool{
	"password": true, "password1": true, "12345678": true, "123456789": true, "1234567890": true,
	"qwertyui": true, "qwerty123": true, "iloveyou": true, "internet": true, "11111111": true,
	"00000000": true, "abcd1234": true, "welcome1": true, "passw0rd": true, "admin123": true,
}

// PasswordProblem says why a PPPoE password is weak, or "" when it is acceptable.
func PasswordProblem(password, username string) string {
	switch {
	case len(password) < MinPasswordLen:
		return fmt.Sprintf("password must be at least %d characters", MinPasswordLen)
	case len(password) > 128:
		return "password must be at most 128 characters"
	case commonPasswords[strings.ToLower(password)]:
		return "password is one of the most common passwords"
	case username != "" && strings.Contains(strings.ToLower(password), username):
		return "password must not contain the username"
	case strings.Count(password, password[:1]) == len(password):
		return "password must not repeat one character"
	}
	for _, r := range password {
		if r < 0x20 || r == 0x7f {
			return "password must not contain control characters"
		}
	}
	return ""
}

const passwordAlphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"

// GeneratePassword returns a random 12-character password without look-alike characters
// (about 69 bits).
func GeneratePassword() string {
	b := make([]byte, 12)
	max := big.NewInt(int64(len(passwordAlphabet)))
	for i := range b {
		n, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(fmt.Sprintf("crypto/rand failed: %v", err))
		}
		b[i] = passwordAlphabet[n.Int64()]
	}
	return string(b)
}

var macRe = regexp.MustCompile(`^[0-9A-F]{2}(:[0-9A-F]{2}){5}$`)

func normalizeMAC(v string) (string, error) {
	m := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(v), "-", ":"))
	if !macRe.MatchString(m) {
		return "", fieldErr("macLock", "%s is not a MAC address like AA:BB:CC:DD:EE:FF", Quote(v))
	}
	return m, nil
}

func normalizeIP(v string) (string, error) {
	ip := net.ParseIP(strings.TrimSpace(v))
	if ip == nil {
		return "", fieldErr("staticIp", "%s is not an IP address", Quote(v))
	}
	return ip.String(), nil
}

func normalizeEmail(v string) (string, error) {
	v = strings.TrimSpace(v)
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 {
		return "", fieldErr("email", "%s is not an e-mail address", Quote(v))
	}
	return v, nil
}

func checkLen(field, v string, max int) error {
	if len(v) > max {
		return fieldErr(field, "must be at most %d characters", max)
	}
	return nil
}

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
}

// Created is the result of Create.
type Created struct {
	Customer          *ent.Customer
	GeneratedPassword string // set when no password was given
	Warnings          []string
}

// PhoneRegion reads the phone_region setting.
func PhoneRegion(ctx context.Context, c *ent.Client) (string, error) {
	v, err := settings.Load(ctx, c)
	if err != nil {
		return "", err
	}
	return v[settings.PhoneRegion], nil
}

type fields struct {
	username, phone               string
	fullName, email, address      *string
	staticIP, macLock             *string
	clearFull, clearEmail, clearA bool
	clearIP, clearMAC             bool
}

// Create validates in, assigns the next account number and creates the customer.
// It must run in a transaction (c a transaction's client) or it opens one.
func (s *Service) Create(ctx context.Context, c *ent.Client, in CreateInput) (*Created, error) {
	var out *Created
	err := InTx(ctx, c, func(c *ent.Client) error {
		region, err := PhoneRegion(ctx, c)
		if err != nil {
			return err
		}
		out, err = s.create(ctx, c, in, region, nil)
		return err
	})
	return out, err
}

// accounts hands out account numbers within one transaction.
type accounts struct{ next int64 }

func (s *Service) lockAccounts(ctx context.Context, c *ent.Client) error {
	if !s.Postgres {
		return nil // SQLite transactions take the write lock at BEGIN (_txlock=immediate)
	}
	if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock($1)", int64(0x6c6e646b_0003)); err != nil {
		return fmt.Errorf("locking account numbers: %w", err)
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
	p, err := c.Profile.Get(ctx, in.ProfileID)
	if ent.IsNotFound(err) {
		return nil, fieldErr("profileID", "profile does not exist")
	} else if err != nil {
		return nil, fmt.Errorf("reading profile: %w", err)
	}
	password := ""
	if in.Password == nil || *in.Password == "" {
		password = GeneratePassword()
		out.GeneratedPassword = password
	} else {
		password = *in.Password
		if prob := PasswordProblem(password, username); prob != "" {
			if !in.KeepWeakPassword || len(password) == 0 {
				return nil, fieldErr("password", "%s", prob)
			}
			out.Warnings = append(out.Warnings, "weak password kept as imported: "+prob)
		}
	}
	enc, err := s.Box.Encrypt(password)
	if err != nil {
		return nil, fmt.Errorf("encrypting password: %w", err)
	}
	if taken, err := c.Customer.Query().Where(customer.Username(username)).Exist(ctx); err != nil {
		return nil, fmt.Errorf("checking username: %w", err)
	} else if taken {
		return nil, fieldErr("username", "%q is already taken", username)
	}
	now := s.now()
	expires := now.AddDate(0, 0, p.ValidityDays)
	if in.ExpiresAt != nil {
		expires = in.ExpiresAt.UTC()
	}
	accountNo := strings.TrimSpace(in.AccountNo)
	if accountNo != "" {
		if _, err := strconv.ParseUint(accountNo, 10, 64); err != nil || len(accountNo) > 20 {
			return nil, fieldErr("accountNo", "account numbers are digits only")
		}
	} else {
		if acc == nil {
			if acc, err = s.nextAccounts(ctx, c); err != nil {
				return nil, err
			}
		}
		accountNo = acc.take()
	}
	cr := c.Customer.Create().
		SetAccountNo(accountNo).SetUsername(username).SetPasswordEnc(enc).SetPhone(phone).
		SetProfileID(p.ID).SetExpiresAt(expires).SetPeriodStart(now).SetJoinedAt(now)
	if err := s.applyOptional(cr.Mutation(), in.FullName, in.Email, in.Address, in.StaticIP, in.MacLock); err != nil {
		return nil, err
	}
	if in.AutoRenew != nil {
		cr.SetAutoRenew(*in.AutoRenew)
	}
	if in.MaxSessions != nil {
		if *in.MaxSessions < 1 || *in.MaxSessions > 100 {
			return nil, fieldErr("maxSessions", "must be from 1 to 100")
		}
		cr.SetMaxSessions(*in.MaxSessions)
	}
	if in.Status != nil {
		cr.SetStatus(*in.Status)
	}
	cu, err := cr.Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("creating customer: %w", err)
	}
	out.Customer = cu
	return out, nil
}

// applyOptional validates and sets the optional text fields that are given (non-nil).
// An empty string clears the field.
func (s *Service) applyOptional(m *ent.CustomerMutation, fullName, email, address, staticIP, macLock *string) error {
	if fullName != nil {
		v := strings.TrimSpace(*fullName)
		if err := checkLen("fullName", v, 200); err != nil {
			return err
		}
		if v == "" {
			m.ClearFullName()
			m.SetNameSearch("")
		} else {
			m.SetFullName(v)
			m.SetNameSearch(strings.ToLower(v))
		}
	}
	if email != nil {
		if strings.TrimSpace(*email) == "" {
			m.ClearEmail()
		} else {
			v, err := normalizeEmail(*email)
			if err != nil {
				return err
			}
			m.SetEmail(v)
		}
	}
	if address != nil {
		v := strings.TrimSpace(*address)
		if err := checkLen("address", v, 500); err != nil {
			return err
		}
		if v == "" {
			m.ClearAddress()
		} else {
			m.SetAddress(v)
		}
	}
	if staticIP != nil {
		if strings.TrimSpace(*staticIP) == "" {
			m.ClearStaticIP()
		} else {
			v, err := normalizeIP(*staticIP)
			if err != nil {
				return err
			}
			m.SetStaticIP(v)
		}
	}
	if macLock != nil {
		if strings.TrimSpace(*macLock) == "" {
			m.ClearMACLock()
		} else {
			v, err := normalizeMAC(*macLock)
			if err != nil {
				return err
			}
			m.SetMACLock(v)
		}
	}
	return nil
}

// UpdateInput changes a customer; nil leaves a field as it is and an empty string clears
// an optional text field.
type UpdateInput struct {
	Username    *string
	Phone       *string
	FullName    *string
	Email       *string
	Address     *string
	AutoRenew   *bool
	ExpiresAt   *time.Time
	StaticIP    *string
	MacLock     *string
	MaxSessions *int
}

// Update validates and applies in. It returns the customer and the names of the fields
// that changed (for the audit log).
func (s *Service) Update(ctx context.Context, c *ent.Client, id int, in UpdateInput) (*ent.Customer, []string, error) {
	cur, err := c.Customer.Get(ctx, id)
	if err != nil {
		return nil, nil, notFound(err, "customer")
	}
	region, err := PhoneRegion(ctx, c)
	if err != nil {
		return nil, nil, err
	}
	up := c.Customer.UpdateOneID(id)
	m := up.Mutation()
	var changed []string
	if in.Username != nil {
		u, err := NormalizeUsername(*in.Username)
		if err != nil {
			return nil, nil, err
		}
		if u != cur.Username {
			if taken, err := c.Customer.Query().Where(customer.Username(u)).Exist(ctx); err != nil {
				return nil, nil, fmt.Errorf("checking username: %w", err)
			} else if taken {
				return nil, nil, fieldErr("username", "%q is already taken", u)
			}
			m.SetUsername(u)
		}
	}
	if in.Phone != nil {
		p, err := NormalizePhone(*in.Phone, region)
		if err != nil {
			return nil, nil, err
		}
		if p != cur.Phone {
			m.SetPhone(p)
		}
	}
	if err := s.applyOptional(m, in.FullName, in.Email, in.Address, in.StaticIP, in.MacLock); err != nil {
		return nil, nil, err
	}
	if in.AutoRenew != nil && *in.AutoRenew != cur.AutoRenew {
		m.SetAutoRenew(*in.AutoRenew)
	}
	if in.ExpiresAt != nil && !in.ExpiresAt.Equal(cur.ExpiresAt) {
		m.SetExpiresAt(in.ExpiresAt.UTC())
	}
	if in.MaxSessions != nil && *in.MaxSessions != cur.MaxSessions {
		if *in.MaxSessions < 1 || *in.MaxSessions > 100 {
			return nil, nil, fieldErr("maxSessions", "must be from 1 to 100")
		}
		m.SetMaxSessions(*in.MaxSessions)
	}
	for _, f := range m.Fields() {
		if f != customer.FieldNameSearch {
			changed = append(changed, f)
		}
	}
	changed = append(changed, m.ClearedFields()...)
	if len(changed) == 0 {
		return cur, nil, nil
	}
	cu, err := store.BoundUsage(up).Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("updating customer: %w", err)
	}
	return cu, changed, nil
}

// SetPassword sets a customer's PPPoE password, generating one when password is nil or
// empty (returned as generated).
func (s *Service) SetPassword(ctx context.Context, c *ent.Client, id int, password *string) (generated string, err error) {
	cur, err := c.Customer.Get(ctx, id)
	if err != nil {
		return "", notFound(err, "customer")
	}
	pw := ""
	if password == nil || *password == "" {
		pw = GeneratePassword()
		generated = pw
	} else {
		pw = *password
		if prob := PasswordProblem(pw, cur.Username); prob != "" {
			return "", fieldErr("password", "%s", prob)
		}
	}
	enc, err := s.Box.Encrypt(pw)
	if err != nil {
		return "", fmt.Errorf("encrypting password: %w", err)
	}
	if err := store.BoundUsage(c.Customer.UpdateOneID(id)).SetPasswordEnc(enc).Exec(ctx); err != nil {
		return "", fmt.Errorf("saving password: %w", err)
	}
	return generated, nil
}

// SetStatus sets the staff-controlled status (ACTIVE, SUSPENDED, DISABLED).
func (s *Service) SetStatus(ctx context.Context, c *ent.Client, id int, st customer.Status) (*ent.Customer, bool, error) {
	cur, err := c.Customer.Get(ctx, id)
	if err != nil {
		return nil, false, notFound(err, "customer")
	}
	if cur.Status == st {
		return cur, false, nil
	}
	cu, err := store.BoundUsage(c.Customer.UpdateOneID(id)).SetStatus(st).Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("setting status: %w", err)
	}
	return cu, true, nil
}

// Delete deletes a customer without ledger history; one with history is disabled instead
// (deleted false, the disabled customer returned). Sessions and authentication events
// keep their rows, detached from the customer.
func (s *Service) Delete(ctx context.Context, c *ent.Client, id int) (deleted bool, cu *ent.Customer, err error) {
	cur, err := c.Customer.Get(ctx, id)
	if err != nil {
		return false, nil, notFound(err, "customer")
	}
	has, err := c.Transaction.Query().Where(transaction.CustomerID(id)).Exist(ctx)
	if err != nil {
		return false, nil, fmt.Errorf("checking ledger: %w", err)
	}
	if has {
		cu, _, err := s.SetStatus(ctx, c, id, customer.StatusDISABLED)
		return false, cu, err
	}
	if _, err := c.Session.Update().Where(sessionOf(id)).ClearCustomerID().Save(ctx); err != nil {
		return false, nil, fmt.Errorf("detaching sessions: %w", err)
	}
	if _, err := c.AuthEvent.Update().Where(authEventOf(id)).ClearCustomerID().Save(ctx); err != nil {
		return false, nil, fmt.Errorf("detaching authentication events: %w", err)
	}
	if _, err := c.Notification.Update().Where(notificationOf(id)).ClearCustomerID().Save(ctx); err != nil {
		return false, nil, fmt.Errorf("detaching notifications: %w", err)
	}
	if err := c.Customer.DeleteOne(cur).Exec(ctx); err != nil {
		return false, nil, fmt.Errorf("deleting customer: %w", err)
	}
	return true, cur, nil
}

// ChangeProfile moves a customer to another profile. The caller asks the routers to apply
// it after the transaction commits.
func (s *Service) ChangeProfile(ctx context.Context, c *ent.Client, id, profileID int) (*ent.Customer, bool, error) {
	cur, err := c.Customer.Get(ctx, id)
	if err != nil {
		return nil, false, notFound(err, "customer")
	}
	if _, err := c.Profile.Get(ctx, profileID); err != nil {
		if ent.IsNotFound(err) {
			return nil, false, fieldErr("profileID", "profile does not exist")
		}
		return nil, false, fmt.Errorf("reading profile: %w", err)
	}
	if cur.ProfileID == profileID {
		return cur, false, nil
	}
	cu, err := store.BoundUsage(c.Customer.UpdateOneID(id)).SetProfileID(profileID).SetCapApplied(false).Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("changing profile: %w", err)
	}
	return cu, true, nil
}

// UsernameAvailable reports whether u is a valid username nobody has.
func UsernameAvailable(ctx context.Context, c *ent.Client, u string) (bool, error) {
	u, err := NormalizeUsername(u)
	if err != nil {
		return false, nil
	}
	taken, err := c.Customer.Query().Where(customer.Username(u)).Exist(ctx)
	if err != nil {
		return false, fmt.Errorf("checking username: %w", err)
	}
	return !taken, nil
}

func notFound(err error, what string) error {
	if ent.IsNotFound(err) {
		return fmt.Errorf("%s: %w", what, ErrNotFound)
	}
	return fmt.Errorf("reading %s: %w", what, err)
}

// InTx runs fn in a transaction on c, or directly when c already belongs to one.
func InTx(ctx context.Context, c *ent.Client, fn func(c *ent.Client) error) error {
	tx, err := c.Tx(ctx)
	if errors.Is(err, ent.ErrTxStarted) {
		return fn(c)
	}
	if err != nil {
		return fmt.Errorf("starting transaction: %w", err)
	}
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(tx.Client()); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing: %w", err)
	}
	return nil
}

func sessionOf(id int) predicate.Session           { return session.CustomerID(id) }
func authEventOf(id int) predicate.AuthEvent       { return authevent.CustomerID(id) }
func notificationOf(id int) predicate.Notification { return notification.CustomerID(id) }
