package documents

import "strings"

// Party is who issues or receives a document.
type Party struct {
	Name    string
	Account string // the customer's account number
	Address string // may hold several lines
	TaxID   string
	Phone   string
	Email   string
}

// AddressLines splits the address into its non-empty lines.
func (p Party) AddressLines() []string {
	var out []string
	for _, l := range strings.Split(p.Address, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// Contacts is the phone and e-mail on one line.
func (p Party) Contacts() string {
	var parts []string
	for _, s := range []string{p.Phone, p.Email} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " · ")
}

// Fact is one labelled value printed under the heading (date, method, reference, period…).
type Fact struct {
	Label string
	Value string
}

// Row is one line of a document's table, its amount already formatted.
type Row struct {
	Description string
	Amount      string
}

// Document is a receipt or an invoice ready to print: every value is formatted already
// (money in the installation's currency, dates in its time zone), so the PDF and the HTML
// show the same text.
type Document struct {
	Title      string // "Receipt", "Invoice"
	Number     string
	Issuer     Party
	Logo       string // data URL of the ISP's logo, may be empty
	ToLabel    string // "Received from", "Bill to"
	To         Party
	Facts      []Fact
	Rows       []Row
	TotalLabel string
	Total      string
	After      []Fact // printed under the total (balance after, tax note)
	Footer     string
}
