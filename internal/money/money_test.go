package money

import (
	"math"
	"testing"
)

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{150000, "KES", "KES 1,500.00"},
		{150050, "KES", "KES 1,500.50"},
		{5, "KES", "KES 0.05"},
		{0, "KES", "KES 0.00"},
		{-2000, "KES", "KES -20.00"},
		{5000, "UGX", "UGX 5,000"},
		{150000, "UGX", "UGX 150,000"},
		{1250, "KWD", "KWD 1.250"},
		{1234567, "BHD", "BHD 1,234.567"},
		{12345, "CLF", "CLF 1.2345"},
		{100, "JPY", "JPY 100"},
		{123456789, "USD", "USD 1,234,567.89"},
		{150000, "", "1,500.00"},
		{150000, "ZZZ", "ZZZ 1,500.00"}, // unknown: two decimals
		{math.MinInt64, "UGX", "UGX -9,223,372,036,854,775,808"},
	} {
		if got := Format(tc.minor, tc.currency); got != tc.want {
			t.Errorf("Format(%d, %q) = %q, want %q", tc.minor, tc.currency, got, tc.want)
		}
	}
}

func TestKnownAndExponent(t *testing.T) {
	for _, tc := range []struct {
		code  string
		known bool
		exp   int
	}{
		{"KES", true, 2}, {"UGX", true, 0}, {"KWD", true, 3}, {"TZS", true, 2}, {"NGN", true, 2},
		{"EUR", true, 2}, {"XOF", true, 0}, {"kes", false, 2}, {"KSH", false, 2}, {"ABC", false, 2},
		{"XAU", false, 2}, {"XXX", false, 2}, {"", false, 2},
	} {
		if got := Known(tc.code); got != tc.known {
			t.Errorf("Known(%q) = %v, want %v", tc.code, got, tc.known)
		}
		if got := Exponent(tc.code); got != tc.exp {
			t.Errorf("Exponent(%q) = %d, want %d", tc.code, got, tc.exp)
		}
	}
	for code := range exponents {
		if !Known(code) {
			t.Errorf("%s has an exponent but is not a known code", code)
		}
	}
	if n := len(Codes()); n < 150 {
		t.Errorf("only %d codes", n)
	}
}
