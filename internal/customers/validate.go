package customers

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net"
	"net/mail"
	"regexp"
	"strconv"
	"strings"

	"github.com/nyaruka/phonenumbers"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/pools"
)

// The rules for a customer's fields. Every refusal is a *domain.Error naming the input field
// at fault; its message is meant for the user and never repeats a long input.

// Quote quotes a user's value for an error message, shortened: messages never repeat a
// long input.
func Quote(v string) string {
	const max = 40
	if r := []rune(v); len(r) > max {
		return strconv.Quote(string(r[:max])) + "…"
	}
	return strconv.Quote(v)
}

// messageOf is the message of a refusal (err's text for any other error).
func messageOf(err error) string {
	if de, ok := domain.As(err); ok {
		return de.Message
	}
	return err.Error()
}

var usernameRe = regexp.MustCompile(`^[a-z0-9._@-]{3,64}$`)

// NormalizeUsername lower-cases and trims a username and checks DESIGN.md's rule.
func NormalizeUsername(u string) (string, error) {
	u = strings.ToLower(strings.TrimSpace(u))
	if !usernameRe.MatchString(u) {
		return u, domain.Invalidf("username", "must be 3–64 characters of a–z, 0–9 and . _ @ -").
			WithKey("customer.usernameFormat", nil)
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
		return "", domain.Invalidf("phone", "is required").WithKey("customer.phoneRequired", nil)
	}
	if region == "" {
		region = "KE"
	}
	n, err := phonenumbers.Parse(raw, region)
	if err != nil || !phonenumbers.IsValidNumber(n) {
		return "", domain.Invalidf("phone", "%s is not a valid phone number for region %s (use +CC… for other countries)", Quote(raw), region).
			WithKey("customer.phoneInvalid", map[string]any{"phone": Quote(raw), "region": region})
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
	msg, _, _ := passwordCheck(password, username)
	return msg
}

// WeakPassword refuses password for field with a translation key, or returns nil when it is
// acceptable.
func WeakPassword(field, password, username string) error {
	msg, key, params := passwordCheck(password, username)
	if msg == "" {
		return nil
	}
	return domain.Invalidf(field, "%s", msg).WithKey(key, params)
}

// passwordCheck says why a password is weak, with the translation key and its parameters.
func passwordCheck(password, username string) (msg, key string, params map[string]any) {
	switch {
	case len(password) < MinPasswordLen:
		return fmt.Sprintf("password must be at least %d characters", MinPasswordLen),
			"password.tooShort", map[string]any{"min": MinPasswordLen}
	case len(password) > 128:
		return "password must be at most 128 characters", "password.tooLong", map[string]any{"max": 128}
	case commonPasswords[strings.ToLower(password)]:
		return "password is one of the most common passwords", "password.common", nil
	case username != "" && strings.Contains(strings.ToLower(password), username):
		return "password must not contain the username", "password.containsUsername", nil
	case strings.Count(password, password[:1]) == len(password):
		return "password must not repeat one character", "password.oneCharacter", nil
	}
	for _, r := range password {
		if r < 0x20 || r == 0x7f {
			return "password must not contain control characters", "password.controlCharacters", nil
		}
	}
	return "", "", nil
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
		return "", domain.Invalidf("macLock", "%s is not a MAC address like AA:BB:CC:DD:EE:FF", Quote(v)).
			WithKey("customer.macInvalid", map[string]any{"value": Quote(v)})
	}
	return m, nil
}

func normalizeIP(v string) (string, error) {
	ip := net.ParseIP(strings.TrimSpace(v))
	if ip == nil {
		return "", domain.Invalidf("staticIp", "%s is not an IP address", Quote(v)).
			WithKey("customer.ipInvalid", map[string]any{"value": Quote(v)})
	}
	return ip.String(), nil
}

func normalizeEmail(v string) (string, error) {
	v = strings.TrimSpace(v)
	a, err := mail.ParseAddress(v)
	if err != nil || a.Address != v || len(v) > 254 {
		return "", domain.Invalidf("email", "%s is not an e-mail address", Quote(v)).
			WithKey("customer.emailInvalid", map[string]any{"value": Quote(v)})
	}
	return v, nil
}

func checkLen(field, v string, max int) error {
	if len(v) > max {
		return domain.Invalidf(field, "must be at most %d characters", max).
			WithKey("input.tooLong", map[string]any{"field": field, "max": max})
	}
	return nil
}

func checkMaxSessions(n int) error {
	if n < 1 || n > 100 {
		return domain.Invalidf("maxSessions", "must be from 1 to 100").
			WithKey("customer.maxSessionsRange", map[string]any{"min": 1, "max": 100})
	}
	return nil
}

// applyOptional validates and sets the optional text fields that are given (non-nil).
// An empty string clears the field.
func applyOptional(m *ent.CustomerMutation, fullName, email, address, staticIP, macLock *string) error {
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
	if err := setOptional(email, normalizeEmail, m.SetEmail, m.ClearEmail); err != nil {
		return err
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
	if err := setOptional(staticIP, normalizeIP, m.SetStaticIP, m.ClearStaticIP); err != nil {
		return err
	}
	return setOptional(macLock, normalizeMAC, m.SetMACLock, m.ClearMACLock)
}

// setOptional sets the normal form of v, clears the field when v is blank, and leaves it
// when v is nil.
func setOptional(v *string, normalize func(string) (string, error), set func(string), clear func()) error {
	if v == nil {
		return nil
	}
	if strings.TrimSpace(*v) == "" {
		clear()
		return nil
	}
	n, err := normalize(*v)
	if err != nil {
		return err
	}
	set(n)
	return nil
}

// claimStatic gives customer id the static address in asks for (nil: unchanged; blank:
// none), when it differs from cur: pools.ClaimStatic refuses an address another customer or
// an open session has, naming them. Unchanged, a static address shared before addresses
// were unique is left as it is, so the customer's other fields can still be edited.
func claimStatic(ctx context.Context, c *ent.Client, id int, cur, in *string) error {
	if in == nil {
		return nil
	}
	want := ""
	if strings.TrimSpace(*in) != "" {
		n, err := normalizeIP(*in)
		if err != nil {
			return err
		}
		want = n
	}
	if cur != nil && *cur == want {
		return nil
	}
	return pools.ClaimStatic(ctx, c, id, want)
}
