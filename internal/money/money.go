// Package money knows the ISO 4217 currencies an installation may keep its amounts in, the
// exponent of each one's minor unit (UGX 0, KES 2, KWD 3), and formats integer minor units
// for people: Format(150000, "KES") is "KES 1,500.00", Format(5000, "UGX") is "UGX 5,000".
// It is a leaf: the services, the notifier and the API format money through it.
package money

import (
	"strconv"
	"strings"
)

// codes are the active ISO 4217 currency codes (list one, 2025 edition) that amounts may be
// kept in: national currencies and the regional ones (XAF, XOF, XPF, XCD, XCG); precious
// metals, SDR, bond units and the test and "no currency" codes are left out. ANG and SLL,
// being withdrawn, are still accepted for installations that were set to them.
const codes = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV " +
	"BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK " +
	"DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS " +
	"INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD " +
	"MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR " +
	"PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS " +
	"SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW " +
	"UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG"

// exponents lists the currencies whose minor unit is not 1/100 (ISO 4217's "minor unit"
// column); every other known currency has two decimals.
var exponents = map[string]int{
	"BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0,
	"RWF": 0, "UGX": 0, "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0,
	"BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3, "OMR": 3, "TND": 3,
	"CLF": 4, "UYW": 4,
}

var known = func() map[string]bool {
	m := map[string]bool{}
	for _, c := range strings.Fields(codes) {
		m[c] = true
	}
	return m
}()

// Codes returns the accepted currency codes, sorted.
func Codes() []string { return strings.Fields(codes) }

// Known reports whether code is an accepted ISO 4217 currency code (upper case).
func Known(code string) bool { return known[code] }

// Exponent is the number of decimals of code's minor unit: 0 for UGX, 2 for KES, 3 for KWD,
// and 2 for a code this package does not know.
func Exponent(code string) int {
	if e, ok := exponents[code]; ok {
		return e
	}
	return 2
}

// Format shows an amount in minor units in currency, with thousands separators and the
// currency's own number of decimals, the code first: "KES 1,500.00", "UGX 5,000",
// "KWD 1.250", "KES -20.00". An empty currency gives the number alone.
func Format(minor int64, currency string) string {
	out := Number(minor, currency)
	if currency == "" {
		return out
	}
	return currency + " " + out
}

// Number is Format without the currency code: "1,500.00" for 150000 KES.
func Number(minor int64, currency string) string {
	digits := Exponent(currency)
	neg := minor < 0
	// The magnitude as an unsigned number, so the smallest int64 has one too.
	mag := uint64(minor)
	if neg {
		mag = uint64(-(minor + 1)) + 1
	}
	s := strconv.FormatUint(mag, 10)
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
	if neg {
		b.WriteByte('-')
	}
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}
