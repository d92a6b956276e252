// Package settings holds linedesk's business settings (interim interval, Session-Timeout cap,
// currency, time zone, phone region, reminders, gateways): their definitions and validation,
// Load for the parts that read them, and Service, through which admins list and change them
// (a batch checked whole, written in one transaction with its audit row).
package settings

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/money"
	"github.com/nyaruka/phonenumbers"
)

// knownRegion reports whether s is an ISO 3166 region code (upper case) that phone numbers
// can be read for.
func knownRegion(s string) bool {
	return len(s) == 2 && strings.ToUpper(s) == s && phonenumbers.GetCountryCodeForRegion(s) != 0
}

// Keys of the settings.
const (
	InterimInterval       = "interim_interval_seconds"
	SessionTimeoutCap     = "session_timeout_cap_seconds"
	StaleIntervals        = "stale_session_intervals"
	Currency              = "currency"
	TimeZone              = "time_zone"
	PhoneRegion           = "phone_region"
	ReminderDays          = "reminder_days"
	ReminderOnExpiry      = "reminder_on_expiry"
	ReminderSMSTemplate   = "reminder_sms_template"
	ReminderEmailSubject  = "reminder_email_subject"
	ReminderEmailTemplate = "reminder_email_template"
	SMSGatewayURL         = "sms_gateway_url"
	SMSGatewayKey         = "sms_gateway_key"    // the gateway's API key, {{key}} in the URL; stored encrypted, write-only
	SMSGatewayMethod      = "sms_gateway_method" // GET (default) or POST
	SMTPAddress           = "smtp_address"
	SMTPUsername          = "smtp_username"
	SMTPPassword          = "smtp_password" // stored encrypted by the caller; write-only in the API
	SMTPFrom              = "smtp_from"
	WebhookURL            = "webhook_url"
	AllowPrivateTargets   = "allow_private_targets"
	SessionRetentionDays  = "session_retention_days"
	AuthEventRetention    = "auth_event_retention_days"
	ExpiringSoonDays      = "expiring_soon_days"
)

// Definition describes one setting.
type Definition struct {
	Key         string
	Default     string
	Description string
	Secret      bool
	validate    func(string) error
}

// valueError is a validator's refusal with its translation key and parameters.
type valueError struct {
	msg, key string
	params   map[string]any
}

func (e *valueError) Error() string { return e.msg }

func intRange(lo, hi int) func(string) error {
	return func(s string) error {
		n, err := strconv.Atoi(s)
		if err != nil || n < lo || n > hi {
			return &valueError{fmt.Sprintf("must be a whole number from %d to %d", lo, hi),
				"settings.intRange", map[string]any{"min": lo, "max": hi}}
		}
		return nil
	}
}

func boolean(s string) error {
	if _, err := strconv.ParseBool(s); err != nil {
		return &valueError{"must be true or false", "settings.boolean", nil}
	}
	return nil
}

func dayList(s string) error {
	_, err := parseDays(s)
	return err
}

func parseDays(s string) ([]int, error) {
	var days []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 || n > 90 {
			return nil, &valueError{"must be a comma-separated list of days from 1 to 90, e.g. 7,3,1",
				"settings.dayList", map[string]any{"min": 1, "max": 90}}
		}
		days = append(days, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(days)))
	return days, nil
}

func maxLen(n int) func(string) error {
	return func(s string) error {
		if len(s) > n {
			return &valueError{fmt.Sprintf("must be at most %d characters", n), "settings.maxLength", map[string]any{"max": n}}
		}
		return nil
	}
}

// Definitions lists every setting with its default.
var Definitions = []Definition{
	{InterimInterval, "300", "Acct-Interim-Interval sent to routers, in seconds", false, intRange(60, 86400)},
	{SessionTimeoutCap, "86400", "longest Session-Timeout sent to routers, in seconds", false, intRange(300, 31*86400)},
	{StaleIntervals, "3", "a session with no accounting for this many interim intervals is closed by the reaper", false, intRange(2, 100)},
	{Currency, "KES", "ISO 4217 currency code of all amounts", false, func(s string) error {
		if !money.Known(s) {
			return fmt.Errorf("must be an ISO 4217 currency code such as KES, UGX or TZS")
		}
		return nil
	}},
	{TimeZone, "Africa/Nairobi", "time zone for display and for reminder days", false, func(s string) error {
		if _, err := time.LoadLocation(s); err != nil {
			return fmt.Errorf("must be an IANA time zone such as Africa/Nairobi")
		}
		return nil
	}},
	{PhoneRegion, "KE", "region used to read national phone numbers (ISO 3166 code)", false, func(s string) error {
		if !knownRegion(s) {
			return fmt.Errorf("must be an ISO 3166 region code with a telephone numbering plan, such as KE")
		}
		return nil
	}},
	{ReminderDays, "7,3,1", "days before expiry on which reminders are sent", false, dayList},
	{ReminderOnExpiry, "true", "also remind on the day of expiry", false, boolean},
	{ReminderSMSTemplate, "Dear {{name}}, your {{plan}} internet plan (account {{account}}) expires on {{expiry}}. Pay {{amount}} to renew.", "SMS reminder text", false, maxLen(640)},
	{ReminderEmailSubject, "Your internet plan expires on {{expiry}}", "e-mail reminder subject", false, maxLen(200)},
	{ReminderEmailTemplate, "Dear {{name}},\n\nYour {{plan}} internet plan (account {{account}}) expires on {{expiry}}.\nPlease pay {{amount}} to renew it.\n", "e-mail reminder body", false, maxLen(5000)},
	{SMSGatewayURL, "", "SMS gateway URL template with {{phone}}, {{message}} and {{key}} (the SMS gateway key); empty disables SMS; changing it clears the SMS gateway key unless it is entered again", false, deliveryURL},
	{SMSGatewayKey, "", "SMS gateway API key (write-only, stored encrypted): put {{key}} in the SMS gateway URL where the key goes", true, maxLen(500)},
	{SMSGatewayMethod, "GET", "HTTP method of the SMS gateway: GET requests the URL; POST sends the URL's query parameters as a form body", false, func(s string) error {
		if s != "GET" && s != "POST" {
			return fmt.Errorf("must be GET or POST")
		}
		return nil
	}},
	{SMTPAddress, "", "SMTP server host:port; empty disables e-mail; changing it clears the SMTP password unless it is entered again", false, smtpAddress},
	{SMTPUsername, "", "SMTP user name", false, maxLen(200)},
	{SMTPPassword, "", "SMTP password (write-only)", true, maxLen(500)},
	{SMTPFrom, "", "From address of reminder e-mails", false, maxLen(254)},
	{WebhookURL, "", "URL that receives a JSON POST for every reminder; empty disables it", false, deliveryURL},
	{AllowPrivateTargets, "false", "let the SMS gateway, webhook and SMTP server be on loopback, link-local or private addresses (a loopback SMTP server on port 25, 465 or 587 is always allowed)", false, boolean},
	{SessionRetentionDays, "365", "closed sessions older than this are pruned", false, intRange(7, 3650)},
	{AuthEventRetention, "90", "authentication events older than this are pruned", false, intRange(1, 3650)},
	{ExpiringSoonDays, "7", "window of the dashboard's expiring-soon figure", false, intRange(1, 90)},
}

// Lookup returns the definition of key.
func Lookup(key string) (Definition, bool) {
	for _, d := range Definitions {
		if d.Key == key {
			return d, true
		}
	}
	return Definition{}, false
}

// Validate checks value for key.
func Validate(key, value string) error {
	d, ok := Lookup(key)
	if !ok {
		return fmt.Errorf("unknown setting %q", key)
	}
	if d.validate != nil {
		if err := d.validate(value); err != nil {
			return fmt.Errorf("setting %s: %w", key, err)
		}
	}
	return nil
}

// Values is a set of settings with defaults filled in.
type Values map[string]string

// Load reads every setting, falling back to defaults.
func Load(ctx context.Context, client *ent.Client) (Values, error) {
	rows, err := client.Setting.Query().All(ctx)
	if err != nil {
		return nil, fmt.Errorf("loading settings: %w", err)
	}
	v := Defaults()
	for _, r := range rows {
		if _, ok := Lookup(r.Key); ok {
			v[r.Key] = r.Value
		}
	}
	return v, nil
}

// Defaults returns every setting at its default.
func Defaults() Values {
	v := Values{}
	for _, d := range Definitions {
		v[d.Key] = d.Default
	}
	return v
}

// Set validates and stores one setting on its own. Delivery addresses are not checked against
// allow_private_targets here (CheckBatch does that for updateSettings, and delivery checks the
// address of every connection).
func Set(ctx context.Context, client *ent.Client, key, value string) error {
	if err := Validate(key, value); err != nil {
		return err
	}
	err := client.Setting.Create().SetKey(key).SetValue(value).
		OnConflictColumns(setting.FieldKey).UpdateNewValues().Exec(ctx)
	if err != nil {
		return fmt.Errorf("saving setting %s: %w", key, err)
	}
	return nil
}

// Int returns an integer setting.
func (v Values) Int(key string) int {
	n, err := strconv.Atoi(v[key])
	if err != nil {
		d, _ := Lookup(key)
		n, _ = strconv.Atoi(d.Default)
	}
	return n
}

// Seconds returns a setting in seconds as a duration.
func (v Values) Seconds(key string) time.Duration { return time.Duration(v.Int(key)) * time.Second }

// Bool returns a boolean setting.
func (v Values) Bool(key string) bool {
	b, _ := strconv.ParseBool(v[key])
	return b
}

// Days returns a list of days setting, largest first.
func (v Values) Days(key string) []int {
	d, _ := parseDays(v[key])
	return d
}

// Location returns the display time zone.
func (v Values) Location() *time.Location {
	loc, err := time.LoadLocation(v[TimeZone])
	if err != nil {
		return time.UTC
	}
	return loc
}
