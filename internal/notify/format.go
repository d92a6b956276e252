package notify

import (
	"fmt"
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
	// cap alerts
	Percent string // share of the period's data used, e.g. "80"
	Used    string // data used (FormatBytes)
	Total   string // the period's data (FormatBytes)
	Hint    string // where to buy a top-up (settings.Values.TopUpHint)
}

// Render fills the placeholders of tmpl.
func Render(tmpl string, v Vars) string {
	return strings.NewReplacer(
		"{{name}}", v.Name, "{{account}}", v.Account, "{{plan}}", v.Plan,
		"{{expiry}}", v.Expiry, "{{amount}}", v.Amount, "{{percent}}", v.Percent, "{{used}}", v.Used,
		"{{total}}", v.Total, "{{hint}}", v.Hint,
	).Replace(tmpl)
}

// FormatExpiry shows an expiry in the display time zone, e.g. "10 Dec 2026 13:00".
func FormatExpiry(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006 15:04")
}

// monthNames are the months' short names per language (English's are Go's own).
var monthNames = map[string][12]string{
	"sw": {"Jan", "Feb", "Mac", "Apr", "Mei", "Jun", "Jul", "Ago", "Sep", "Okt", "Nov", "Des"},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"es": {"ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic"},
	"pt": {"jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"},
	"id": {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"},
}

// FormatExpiryIn is FormatExpiry with the month named in lang: "10 déc. 2026 13:00".
func FormatExpiryIn(t time.Time, loc *time.Location, lang string) string {
	names, ok := monthNames[lang]
	if !ok {
		return FormatExpiry(t, loc)
	}
	t = t.In(loc)
	return fmt.Sprintf("%d %s %d %s", t.Day(), names[t.Month()-1], t.Year(), t.Format("15:04"))
}

// FormatAmount shows an amount in minor units with its currency code, thousands separators
// and the currency's own number of decimals (money.Format): FormatAmount(150000, "KES") is
// "KES 1,500.00", FormatAmount(5000, "UGX") is "UGX 5,000".
func FormatAmount(minor int64, currency string) string { return money.Format(minor, currency) }
