package documents

import "github.com/linedesk/linedesk/internal/money"

// Decimals is the number of decimals of currency's minor unit (internal/money: 2 unless
// ISO 4217 says otherwise).
func Decimals(currency string) int { return money.Exponent(currency) }

// FormatMoney prints an amount in minor units in currency: "KES 1,500.00", "UGX 20,000",
// "KES -5.50" (internal/money.Format).
func FormatMoney(minor int64, currency string) string { return money.Format(minor, currency) }
