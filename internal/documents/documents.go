// Package documents makes the installation's money documents: a receipt for every payment
// and an invoice for every renewal charge, each as a PDF (codeberg.org/go-pdf/fpdf with the
// Go fonts embedded, so any name the fonts cover prints) and as a printable HTML page.
//
// Receipt numbers are given by billing in the payment's own transaction
// (store.NextNumber); invoices are issued here, inside the renewal's transaction, with their
// own gap-free sequence. Both print the ISP's name, address, tax ID, logo and contacts from
// the settings, money in the installation's currency and dates in its time zone. Invoices
// keep the ISP's and the customer's details as they were when issued; receipts show them
// as they are now (a receipt is a copy of the ledger line, printed on demand).
package documents

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Service reads, issues and renders receipts and invoices.
type Service struct {
	st *store.Store
}

// New returns the service over st.
func New(st *store.Store) *Service { return &Service{st: st} }

// ReceiptNumber is the printed form of a receipt number (R-000042).
func ReceiptNumber(n int64) string { return fmt.Sprintf("R-%06d", n) }

// InvoiceNumber is the printed form of an invoice number (INV-000042).
func InvoiceNumber(n int64) string { return fmt.Sprintf("INV-%06d", n) }

// ReceiptPath is where staff fetch the PDF receipt of a payment (with the Authorization
// header); ext is "pdf" or "html".
func ReceiptPath(transactionID int, ext string) string {
	return fmt.Sprintf("/receipts/%d.%s", transactionID, ext)
}

// InvoicePath is where staff fetch an invoice; ext is "pdf" or "html".
func InvoicePath(invoiceID int, ext string) string {
	return fmt.Sprintf("/invoices/%d.%s", invoiceID, ext)
}

// Format is a document's output format.
type Format string

// The formats a document renders to.
const (
	PDF  Format = "pdf"
	HTML Format = "html"
)

// ParseFormat reads a file extension (pdf, html).
func ParseFormat(ext string) (Format, bool) {
	switch Format(ext) {
	case PDF, HTML:
		return Format(ext), true
	}
	return "", false
}

// ContentType is the MIME type of f.
func (f Format) ContentType() string {
	if f == PDF {
		return "application/pdf"
	}
	return "text/html; charset=utf-8"
}

// Render writes d in format f.
func Render(d *Document, f Format) ([]byte, error) {
	if f == PDF {
		return renderPDF(d)
	}
	return renderHTML(d)
}

// notFound is the refusal for a document the caller may not see or that does not exist
// (the same answer for both, so ids of other customers' documents are not revealed).
func notFound(what string, id int) error {
	if what == "receipt" {
		return domain.NotFoundf("%s %d", what, id).WithKey("document.receiptNotFound", nil)
	}
	return domain.NotFoundf("%s %d", what, id).WithKey("document.invoiceNotFound", nil)
}

// house is what every document prints from the settings.
type house struct {
	issuer   Party
	logo     string // data URL, may be empty
	currency string
	loc      *time.Location
	vals     settings.Values
}

// loadHouse reads the settings through c.
func loadHouse(ctx context.Context, c *ent.Client) (*house, error) {
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	return &house{
		issuer:   issuerOf(v),
		logo:     v[settings.ISPLogo],
		currency: v[settings.Currency],
		loc:      v.Location(),
		vals:     v,
	}, nil
}

func issuerOf(v settings.Values) Party {
	name := v[settings.ISPName]
	if name == "" {
		name = "Internet service provider"
	}
	return Party{
		Name:    name,
		Address: v[settings.ISPAddress],
		TaxID:   v[settings.ISPTaxID],
		Phone:   v[settings.SupportPhone],
		Email:   v[settings.SupportEmail],
	}
}

// formatDate prints t in loc: "7 Dec 2026, 15:04 EAT".
func formatDate(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006, 15:04 MST")
}

// formatDay prints the day of t in loc: "7 Dec 2026".
func formatDay(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2 Jan 2006")
}
