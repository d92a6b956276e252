package documents

import "github.com/linedesk/linedesk/internal/money"

// FormatMoney prints an amount in minor units in currency: "KES 1,500.00", "UGX 20,000",
// "KES -5.50" (internal/money.Format).
func FormatMoney(minor int64, currency string) string { return money.Format(minor, currency) }
