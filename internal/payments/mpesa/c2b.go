package mpesa

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// nairobi is the time zone of Daraja's timestamps (EAT, UTC+3, no daylight saving).
var nairobi = time.FixedZone("EAT", 3*60*60)

// C2BRequest is the body M-Pesa posts to the validation and confirmation URLs of a shortcode.
type C2BRequest struct {
	TransactionType   string `json:"TransactionType"`
	TransID           string `json:"TransID"`
	TransTime         string `json:"TransTime"` // YYYYMMDDHHmmss, Nairobi time
	TransAmount       Amount `json:"TransAmount"`
	BusinessShortCode string `json:"BusinessShortCode"`
	BillRefNumber     string `json:"BillRefNumber"`
	InvoiceNumber     string `json:"InvoiceNumber"`
	OrgAccountBalance string `json:"OrgAccountBalance"`
	ThirdPartyTransID string `json:"ThirdPartyTransID"`
	MSISDN            string `json:"MSISDN"`
	FirstName         string `json:"FirstName"`
	MiddleName        string `json:"MiddleName"`
	LastName          string `json:"LastName"`
}

// PayerName joins the payer's names.
func (r C2BRequest) PayerName() string {
	return strings.Join(strings.Fields(r.FirstName+" "+r.MiddleName+" "+r.LastName), " ")
}

// Time is TransTime in UTC (zero when it does not parse).
func (r C2BRequest) Time() time.Time {
	t, err := time.ParseInLocation(timestampLayout, r.TransTime, nairobi)
	if err != nil {
		return time.Time{}
	}
	return t.UTC()
}

// C2BResponse is linedesk's answer to validation ("0" accepts, a C2B000xx code rejects) and
// to confirmation.
type C2BResponse struct {
	ResultCode string `json:"ResultCode"`
	ResultDesc string `json:"ResultDesc"`
}

// Amount is an amount of shillings as Daraja sends it ("200.00", "200" or 200), kept in
// cents.
type Amount int64

// UnmarshalJSON reads a decimal amount with at most two decimals, exactly.
func (a *Amount) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n json.Number
		if err := json.Unmarshal(b, &n); err != nil {
			return fmt.Errorf("mpesa: amount %s is not a number", b)
		}
		s = n.String()
	}
	cents, err := ParseAmount(s)
	if err != nil {
		return err
	}
	*a = Amount(cents)
	return nil
}

// MarshalJSON writes the amount as Daraja does: shillings with two decimals, as text.
func (a Amount) MarshalJSON() ([]byte, error) {
	return json.Marshal(fmt.Sprintf("%d.%02d", int64(a)/100, int64(a)%100))
}

// ParseAmount reads "200", "200.5" or "200.00" as cents.
func ParseAmount(s string) (int64, error) {
	s = strings.TrimSpace(s)
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 12 || len(frac) > 2 || strings.Trim(whole+frac, "0123456789") != "" {
		return 0, fmt.Errorf("mpesa: amount %q is not a number of shillings", s)
	}
	for len(frac) < 2 {
		frac += "0"
	}
	var n int64
	for _, d := range whole + frac {
		n = n*10 + int64(d-'0')
	}
	return n, nil
}
