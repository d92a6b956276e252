package vouchers

import (
	"bytes"
	"fmt"
	"time"

	"codeberg.org/go-pdf/fpdf"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/goregular"
)

// The printable sheet of a batch: A4 pages of cards, two across and six down, each with the
// ISP's name, the value, the code in large monospaced type, the expiry date and how to redeem
// it. Codes are stored only as hashes, so the sheet can be made only when the batch is made
// (CreateBatch's caller renders it from BatchResult.Codes and hands it over once).

// SheetCard is what every card of a sheet says besides its code.
type SheetCard struct {
	ISP     string    // the ISP's name
	Value   string    // e.g. "KES 500.00" or "Home 10M (30 days)"
	Expires time.Time // the batch's expiry
	Agent   string    // optional: the agent selling the batch
	HowTo   string    // e.g. "Redeem at https://isp.example/portal/pay"
	Loc     *time.Location
}

const (
	sheetCols = 2
	sheetRows = 6
	cardW     = 90.0 // mm
	cardH     = 44.0
	sheetLeft = 12.0
	sheetTop  = 14.0
)

// sheetCreation is the fixed creation date written into the PDF (like the documents').
var sheetCreation = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// sheetCompress is off in tests, so the text can be read back.
var sheetCompress = true

// Sheet renders codes as a PDF sheet of cards (12 on an A4 page).
func Sheet(card SheetCard, codes []string) ([]byte, error) {
	if len(codes) == 0 {
		return nil, fmt.Errorf("a voucher sheet needs at least one code")
	}
	loc := card.Loc
	if loc == nil {
		loc = time.UTC
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(sheetCompress)
	pdf.SetCreationDate(sheetCreation)
	pdf.SetModificationDate(sheetCreation)
	pdf.SetTitle("Vouchers "+card.ISP, true)
	pdf.SetCreator("linedesk", true)
	pdf.AddUTF8FontFromBytes("go", "", goregular.TTF)
	pdf.AddUTF8FontFromBytes("go", "B", gobold.TTF)
	pdf.AddUTF8FontFromBytes("gomono", "", gomono.TTF)
	pdf.SetAutoPageBreak(false, 0)
	perPage := sheetCols * sheetRows
	for i, code := range codes {
		if i%perPage == 0 {
			pdf.AddPage()
		}
		n := i % perPage
		x := sheetLeft + float64(n%sheetCols)*(cardW+6)
		y := sheetTop + float64(n/sheetCols)*(cardH+2)
		drawCard(pdf, x, y, card, code, loc)
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("making the voucher sheet: %w", err)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, fmt.Errorf("writing the voucher sheet: %w", err)
	}
	return buf.Bytes(), nil
}

// drawCard prints one card with its top left corner at x, y; a dashed border to cut along.
func drawCard(pdf *fpdf.Fpdf, x, y float64, card SheetCard, code string, loc *time.Location) {
	pdf.SetDrawColor(150, 150, 150)
	pdf.SetDashPattern([]float64{1.5, 1.5}, 0)
	pdf.Rect(x, y, cardW, cardH, "D")
	pdf.SetDashPattern(nil, 0)
	inner := cardW - 8
	pdf.SetXY(x+4, y+4)
	pdf.SetFont("go", "B", 11)
	pdf.CellFormat(inner*0.6, 6, card.ISP, "", 0, "L", false, 0, "")
	pdf.CellFormat(inner*0.4, 6, card.Value, "", 1, "R", false, 0, "")
	pdf.SetX(x + 4)
	pdf.SetFont("go", "", 8)
	pdf.CellFormat(inner, 5, "Recharge voucher", "", 1, "L", false, 0, "")
	pdf.SetXY(x+4, y+17)
	pdf.SetFont("gomono", "", 16)
	pdf.CellFormat(inner, 9, code, "", 1, "C", false, 0, "")
	pdf.SetXY(x+4, y+29)
	pdf.SetFont("go", "", 8)
	valid := "Valid until " + card.Expires.In(loc).Format("2 Jan 2006")
	if card.Agent != "" {
		valid += " · sold by " + card.Agent
	}
	pdf.CellFormat(inner, 4.5, valid, "", 1, "L", false, 0, "")
	if card.HowTo != "" {
		pdf.SetX(x + 4)
		pdf.CellFormat(inner, 4.5, card.HowTo, "", 1, "L", false, 0, "")
	}
}
