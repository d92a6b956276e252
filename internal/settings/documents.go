package settings

import (
	"fmt"
	"strconv"
	"strings"
)

// Keys of the settings printed on receipts and invoices, and of their delivery.
const (
	ISPAddress       = "isp_address"
	ISPTaxID         = "isp_tax_id"
	TaxName          = "tax_name"
	TaxRate          = "tax_rate"
	PricesIncludeTax = "prices_include_tax"
	ReceiptSend      = "receipt_send"
)

// Values of ReceiptSend.
const (
	ReceiptSendNone  = "none"
	ReceiptSendSMS   = "sms"
	ReceiptSendEmail = "email"
	ReceiptSendBoth  = "both"
)

var documentValues = []Definition{
	{ISPAddress, "", "the ISP's postal address, printed on receipts and invoices (several lines allowed)", false, maxLen(500)},
	{ISPTaxID, "", "the ISP's tax registration number (e.g. KRA PIN), printed on receipts and invoices", false, maxLen(64)},
	{TaxName, "VAT", "the name of the tax on invoices, e.g. VAT", false, nonEmptyMax(32)},
	{TaxRate, "0", "tax rate in percent on renewal charges (e.g. 16 or 7.5; 0 for none)", false, percent},
	{PricesIncludeTax, "true", "true: plan prices include the tax (the invoice shows the tax inside the price); false: the tax is charged on top of the plan price at renewal", false, boolean},
	{ReceiptSend, ReceiptSendNone, "send the customer a receipt link when a payment is recorded: none, sms, email or both", false, oneOf(ReceiptSendNone, ReceiptSendSMS, ReceiptSendEmail, ReceiptSendBoth)},
}

func init() { Definitions = append(Definitions, documentValues...) }

func nonEmptyMax(n int) func(string) error {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			return fmt.Errorf("must not be empty")
		}
		return maxLen(n)(s)
	}
}

func percent(s string) error {
	if _, err := ParseBasisPoints(s); err != nil {
		return err
	}
	return nil
}

// ParseBasisPoints reads a percentage with at most two decimals ("16", "7.5") as hundredths
// of a percent (1600, 750), from 0 to 100%.
func ParseBasisPoints(s string) (int, error) {
	bad := fmt.Errorf("must be a percentage from 0 to 100 with at most two decimals, e.g. 16 or 7.5")
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(frac) > 2 || strings.ContainsAny(whole+frac, "+-") {
		return 0, bad
	}
	w, err := strconv.Atoi(whole)
	if err != nil {
		return 0, bad
	}
	f := 0
	if frac != "" {
		if f, err = strconv.Atoi(frac + strings.Repeat("0", 2-len(frac))); err != nil {
			return 0, bad
		}
	}
	bp := w*100 + f
	if w > 100 || bp > 10000 {
		return 0, bad
	}
	return bp, nil
}

// TaxBasisPoints is the tax_rate setting in hundredths of a percent (0 when unreadable).
func (v Values) TaxBasisPoints() int {
	bp, err := ParseBasisPoints(v[TaxRate])
	if err != nil {
		return 0
	}
	return bp
}
