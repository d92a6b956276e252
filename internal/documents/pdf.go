package documents

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// pdfFont is the family the Go fonts are registered under: fpdf's core fonts are cp1252
// only, and customers' names are not.
const pdfFont = "go"

// compress is off in tests, so the text of a PDF can be read back.
var compress = true

// creation is the fixed creation date written into every PDF (the document's own date is
// printed on it; the server's clock is nobody's business).
var creation = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// renderPDF lays d out on an A5 page.
func renderPDF(d *Document) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A5", "")
	pdf.SetCompression(compress)
	pdf.SetCreationDate(creation)
	pdf.SetModificationDate(creation)
	pdf.SetTitle(d.Title+" "+d.Number, true)
	pdf.SetAuthor(d.Issuer.Name, true)
	pdf.SetCreator("linedesk", true)
	pdf.AddUTF8FontFromBytes(pdfFont, "", goregular.TTF)
	pdf.AddUTF8FontFromBytes(pdfFont, "B", gobold.TTF)
	pdf.SetMargins(12, 12, 12)
	pdf.SetAutoPageBreak(true, 12)
	pdf.AddPage()
	w, _ := pdf.GetPageSize()
	inner := w - 24

	pdfHeader(pdf, d, inner)
	pdfParties(pdf, d, inner)
	pdfRows(pdf, d, inner)
	pdfFooter(pdf, d, inner)
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("making the %s PDF: %w", strings.ToLower(d.Title), err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("writing the %s PDF: %w", strings.ToLower(d.Title), err)
	}
	return buf.Bytes(), nil
}

// pdfHeader prints the logo, the ISP's name and details on the left and the title and
// number on the right.
func pdfHeader(pdf *fpdf.Fpdf, d *Document, inner float64) {
	x, y := pdf.GetXY()
	if name, ok := registerLogo(pdf, d.Logo); ok {
		pdf.ImageOptions(name, x, y, 0, 16, false, fpdf.ImageOptions{}, 0, "")
		pdf.SetY(y + 18)
	}
	pdf.SetFont(pdfFont, "B", 13)
	pdf.MultiCell(inner*0.6, 6, d.Issuer.Name, "", "L", false)
	pdf.SetFont(pdfFont, "", 8.5)
	for _, l := range d.Issuer.AddressLines() {
		pdf.MultiCell(inner*0.6, 4, l, "", "L", false)
	}
	if c := d.Issuer.Contacts(); c != "" {
		pdf.MultiCell(inner*0.6, 4, c, "", "L", false)
	}
	if d.Issuer.TaxID != "" {
		pdf.MultiCell(inner*0.6, 4, "Tax ID: "+d.Issuer.TaxID, "", "L", false)
	}
	bottom := pdf.GetY()
	pdf.SetXY(x+inner*0.6, y)
	pdf.SetFont(pdfFont, "B", 16)
	pdf.CellFormat(inner*0.4, 8, strings.ToUpper(d.Title), "", 2, "R", false, 0, "")
	pdf.SetFont(pdfFont, "", 10)
	pdf.CellFormat(inner*0.4, 6, d.Number, "", 2, "R", false, 0, "")
	if pdf.GetY() > bottom {
		bottom = pdf.GetY()
	}
	pdf.SetXY(x, bottom+4)
	pdf.Line(x, bottom+2, x+inner, bottom+2)
}

// pdfParties prints who the document is for and its facts.
func pdfParties(pdf *fpdf.Fpdf, d *Document, inner float64) {
	pdf.SetFont(pdfFont, "B", 9)
	pdf.CellFormat(inner, 5, d.ToLabel, "", 1, "L", false, 0, "")
	pdf.SetFont(pdfFont, "", 9)
	lines := []string{d.To.Name}
	if d.To.Account != "" {
		lines = append(lines, "Account "+d.To.Account)
	}
	lines = append(lines, d.To.AddressLines()...)
	if c := d.To.Contacts(); c != "" {
		lines = append(lines, c)
	}
	for _, l := range lines {
		pdf.MultiCell(inner, 4.5, l, "", "L", false)
	}
	pdf.Ln(3)
	for _, f := range d.Facts {
		pdf.SetFont(pdfFont, "B", 9)
		pdf.CellFormat(30, 5, f.Label, "", 0, "L", false, 0, "")
		pdf.SetFont(pdfFont, "", 9)
		pdf.MultiCell(inner-30, 5, f.Value, "", "L", false)
	}
	pdf.Ln(3)
}

// pdfRows prints the table and the total.
func pdfRows(pdf *fpdf.Fpdf, d *Document, inner float64) {
	amountW := 38.0
	pdf.SetFont(pdfFont, "B", 9)
	pdf.SetFillColor(238, 238, 238)
	pdf.CellFormat(inner-amountW, 6, "Description", "B", 0, "L", true, 0, "")
	pdf.CellFormat(amountW, 6, "Amount", "B", 1, "R", true, 0, "")
	pdf.SetFont(pdfFont, "", 9)
	for _, r := range d.Rows {
		x, y := pdf.GetXY()
		pdf.MultiCell(inner-amountW, 5.5, r.Description, "", "L", false)
		end := pdf.GetY()
		pdf.SetXY(x+inner-amountW, y)
		pdf.CellFormat(amountW, 5.5, r.Amount, "", 0, "R", false, 0, "")
		pdf.SetXY(x, end)
	}
	x, y := pdf.GetXY()
	pdf.Line(x, y+1, x+inner, y+1)
	pdf.Ln(3)
	pdf.SetFont(pdfFont, "B", 11)
	pdf.CellFormat(inner-amountW, 7, d.TotalLabel, "", 0, "L", false, 0, "")
	pdf.CellFormat(amountW, 7, d.Total, "", 1, "R", false, 0, "")
	pdf.SetFont(pdfFont, "", 9)
	for _, f := range d.After {
		if f.Label == "" {
			pdf.MultiCell(inner, 5, f.Value, "", "L", false)
			continue
		}
		pdf.CellFormat(inner-amountW, 5, f.Label, "", 0, "L", false, 0, "")
		pdf.CellFormat(amountW, 5, f.Value, "", 1, "R", false, 0, "")
	}
}

func pdfFooter(pdf *fpdf.Fpdf, d *Document, inner float64) {
	if d.Footer == "" {
		return
	}
	pdf.Ln(6)
	pdf.SetFont(pdfFont, "", 8.5)
	pdf.MultiCell(inner, 4.5, d.Footer, "", "C", false)
}

// registerLogo registers the logo's image when it is a PNG, JPEG or GIF data URL (fpdf
// draws no SVG or WebP: those logos are left off the PDF, the HTML shows them).
func registerLogo(pdf *fpdf.Fpdf, dataURL string) (string, bool) {
	meta, data, ok := strings.Cut(dataURL, ";base64,")
	if !ok {
		return "", false
	}
	var typ string
	switch meta {
	case "data:image/png":
		typ = "PNG"
	case "data:image/jpeg":
		typ = "JPG"
	case "data:image/gif":
		typ = "GIF"
	default:
		return "", false
	}
	raw, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return "", false
	}
	info := pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: typ}, bytes.NewReader(raw))
	if info == nil || pdf.Err() {
		pdf.ClearError() // a logo fpdf cannot read is left off rather than failing the receipt
		return "", false
	}
	return "logo", true
}
