package notify

import (
	"strconv"
	"strings"
	"time"
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

// minorDigits lists the ISO 4217 currencies whose minor unit is not 1/100.
var minorDigits = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// FormatAmount shows an amount in minor units with its currency code and thousands
// separators: FormatAmount(150000, "KES") is "KES 1,500.00", FormatAmount(5000, "UGX") is
// "UGX 5,000".
func FormatAmount(minor int64, currency string) string {
	digits, ok := minorDigits[currency]
	if !ok {
		digits = 2
	}
	neg := minor < 0
	if neg {
		minor = -minor
	}
	s := strconv.FormatInt(minor, 10)
	var whole, frac string
	if digits > 0 {
		for len(s) <= digits {
			s = "0" + s
		}
		whole, frac = s[:len(s)-digits], s[len(s)-digits:]
	} else {
		whole = s
	}
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		out += "." + frac
	}
	if neg {
		out = "-" + out
	}
	if currency == "" {
		return out
	}
	return currency + " " + out
}
