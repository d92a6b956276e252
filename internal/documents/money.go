package documents

import (
	"strconv"
	"strings"
)

// decimals of the ISO 4217 currencies whose minor unit is not a hundredth.
var decimals = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
}

// Decimals is the number of decimals of currency's minor unit (2 unless ISO 4217 says
// otherwise).
func Decimals(currency string) int {
	if d, ok := decimals[currency]; ok {
		return d
	}
	return 2
}

// FormatMoney prints an amount in minor units in currency: "KES 1,500.00", "UGX 20,000",
// "KES -5.50".
func FormatMoney(minor int64, currency string) string {
	neg := minor < 0
	u := uint64(minor)
	if neg {
		u = uint64(-minor)
	}
	d := Decimals(currency)
	unit := uint64(1)
	for range d {
		unit *= 10
	}
	whole, frac := u/unit, u%unit
	var b strings.Builder
	if currency != "" {
		b.WriteString(currency + " ")
	}
	if neg {
		b.WriteByte('-')
	}
	b.WriteString(groupThousands(strconv.FormatUint(whole, 10)))
	if d > 0 {
		f := strconv.FormatUint(frac, 10)
		b.WriteString("." + strings.Repeat("0", d-len(f)) + f)
	}
	return b.String()
}

func groupThousands(s string) string {
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	lead := len(s) % 3
	if lead > 0 {
		b.WriteString(s[:lead])
	}
	for i := lead; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}
