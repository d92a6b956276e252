package notify

import (
	"strings"
	"time"

	"github.com/linedesk/linedesk/internal/money"
)

// Vars are the values a reminder template may use: {{name}}, {{account}}, {{plan}},
// {{expiry}} and {{amount}}. Unknown placeholders are left as they are.
type Vars struct {
	Name    string // full name, or the username when none is recorded
	Account string // account number
	Plan    string // plan (profile) name
	Expiry  string // expiry in the display time zone (FormatExpiry)
	Amount  string // amount due with its currency (FormatAmount)
}

// Render fills the placeholders of tmpl.
func Render(tmpl string, v Vars) string {
	return strings.NewReplacer(
		"{{name}}", v.Name, "{{account}}", v.Account, "{{plan}}", v.Plan,
		"{{expiry}}", v.Expiry, "{{amount}}", v.Amount,
	).Replace(tmpl)
}

// FormatExpiry shows an expiry in the display time zone, e.g. "10 Dec 2026 13:00".
func FormatExpiry(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006 15:04")
}

// FormatAmount shows an amount in minor units with its currency code, thousands separators
// and the currency's own number of decimals (money.Format): FormatAmount(150000, "KES") is
// "KES 1,500.00", FormatAmount(5000, "UGX") is "UGX 5,000".
func FormatAmount(minor int64, currency string) string { return money.Format(minor, currency) }
