package documents

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/settings"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func init() { compress = false } // the text of the PDFs is read back below

var t0 = time.Date(2026, 12, 7, 9, 30, 0, 0, time.UTC)

func ptr[T any](v T) *T { return &v }

// sample is a payment by a customer whose name is outside Latin-1, at an ISP with every
// detail set, in a shilling and a zero-decimal installation.
func sample(currency string) (*ent.Transaction, *ent.Customer, *house) {
	v := settings.Defaults()
	v[settings.ISPName] = "Kilele Net Ltd"
	v[settings.ISPAddress] = "Moi Avenue 12\nNairobi"
	v[settings.ISPTaxID] = "P051234567X"
	v[settings.SupportPhone] = "+254700000001"
	v[settings.SupportEmail] = "help@kilele.example"
	v[settings.Currency] = currency
	cu := &ent.Customer{ID: 7, AccountNo: "100042", Username: "wanjiku", FullName: ptr("Wanjikũ Ŋgũgĩ <b>"),
		Phone: "+254712345678", Address: ptr("Kahawa West")}
	t := &ent.Transaction{ID: 51539607553, CustomerID: 7, Amount: 150050, BalanceAfter: 150050, Kind: "PAYMENT",
		Method: ptr("mpesa"), Reference: ptr("QJK7Y2LM3N"), Actor: "alice", CreatedAt: t0, ReceiptNo: ptr(int64(42))}
	return t, cu, &house{issuer: issuerOf(v), currency: currency, loc: v.Location(), vals: v}
}

func sampleInvoice() (*ent.Invoice, *house) {
	_, _, h := sample("KES")
	inv := &ent.Invoice{ID: 81604378625, Seq: 7, Number: "INV-000007", CustomerID: 7, Plan: "Home 20 Mbit/s",
		PeriodStart: t0, PeriodEnd: t0.AddDate(0, 0, 30), Currency: "KES", Subtotal: 200000, Tax: 32000, Total: 232000,
		TaxBasisPoints: 1600, TaxName: "VAT", TaxInclusive: true,
		Issuer:   map[string]string{"name": "Kilele Net Ltd", "address": "Moi Avenue 12\nNairobi", "taxID": "P051234567X"},
		BillTo:   map[string]string{"name": "Wanjikũ Ŋgũgĩ", "account": "100042", "phone": "+254712345678"},
		IssuedAt: t0}
	return inv, h
}

// pdfText returns the strings a PDF shows (Tj and TJ operands), decoded from the UTF-16BE
// fpdf writes for its UTF-8 fonts. It reads uncompressed content streams only.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	var out []string
	for _, m := range regexp.MustCompile(`\(((?:[^()\\]|\\.)*)\)\s*Tj`).FindAllSubmatch(pdf, -1) {
		raw := unescapePDF(m[1])
		if len(raw)%2 != 0 {
			continue
		}
		u := make([]uint16, len(raw)/2)
		for i := range u {
			u[i] = uint16(raw[2*i])<<8 | uint16(raw[2*i+1])
		}
		out = append(out, string(utf16.Decode(u)))
	}
	return strings.Join(out, "\n")
}

func unescapePDF(b []byte) []byte {
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 == len(b) {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		default:
			out = append(out, b[i])
		}
	}
	return out
}

// TestReceiptPDF: the receipt is a PDF (header, trailer) showing its number, the ISP's
// details, the customer's non-Latin-1 name and the amount in the installation's currency
// with its own decimals.
func TestReceiptPDF(t *testing.T) {
	for _, tt := range []struct {
		currency, amount string
	}{{"KES", "KES 1,500.50"}, {"UGX", "UGX 150,050"}} {
		t.Run(tt.currency, func(t *testing.T) {
			tr, cu, h := sample(tt.currency)
			d := receiptDocument(tr, cu, h)
			pdf, err := Render(d, PDF)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[len(pdf)-32:], []byte("%%EOF")) {
				t.Fatalf("not a PDF: %q … %q", pdf[:16], pdf[len(pdf)-16:])
			}
			text := pdfText(t, pdf)
			for _, want := range []string{"R-000042", "RECEIPT", "Kilele Net Ltd", "Moi Avenue 12", "Tax ID: P051234567X",
				"Wanjikũ Ŋgũgĩ <b>", "Account 100042", "QJK7Y2LM3N", "M-Pesa", tt.amount, "7 Dec 2026, 12:30 EAT", "alice"} {
				if !strings.Contains(text, want) {
					t.Errorf("the PDF does not show %q; it shows:\n%s", want, text)
				}
			}
		})
	}
}

// TestInvoicePDF: the invoice PDF shows its number, the period, the plan and the tax lines.
func TestInvoicePDF(t *testing.T) {
	inv, h := sampleInvoice()
	pdf, err := Render(invoiceDocument(inv, h), PDF)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"INVOICE", "INV-000007", "Home 20 Mbit/s, 7 Dec 2026 – 6 Jan 2027", "KES 2,000.00",
		"VAT 16%", "KES 320.00", "KES 2,320.00", "Prices include VAT", "Wanjikũ Ŋgũgĩ"} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF does not show %q; it shows:\n%s", want, text)
		}
	}
}

// TestDocumentHTMLGolden: the printable pages of a receipt and an invoice, compared with
// testdata/*.golden.html (go test -update rewrites them); the customer's name is escaped.
func TestDocumentHTMLGolden(t *testing.T) {
	tr, cu, h := sample("KES")
	h.logo = "data:image/png;base64,iVBORw0KGgo="
	inv, ih := sampleInvoice()
	for name, d := range map[string]*Document{"receipt": receiptDocument(tr, cu, h), "invoice": invoiceDocument(inv, ih)} {
		t.Run(name, func(t *testing.T) {
			got, err := Render(d, HTML)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", name+".golden.html")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s page differs from %s:\n%s", name, golden, got)
			}
			if bytes.Contains(got, []byte("<b>")) || bytes.Contains(got, []byte("<script")) {
				t.Error("the page carries unescaped markup")
			}
		})
	}
}

// TestFormatMoney: amounts in minor units print with the currency's decimals.
func TestFormatMoney(t *testing.T) {
	for _, tt := range []struct {
		minor    int64
		currency string
		want     string
	}{
		{0, "KES", "KES 0.00"}, {5, "KES", "KES 0.05"}, {150050, "KES", "KES 1,500.50"},
		{-550, "KES", "KES -5.50"}, {123456789, "NGN", "NGN 1,234,567.89"}, {20000, "UGX", "UGX 20,000"},
		{1234, "KWD", "KWD 1.234"}, {100, "", "1.00"},
	} {
		if got := FormatMoney(tt.minor, tt.currency); got != tt.want {
			t.Errorf("FormatMoney(%d, %q) = %q, want %q", tt.minor, tt.currency, got, tt.want)
		}
	}
}

// TestSplitPrice: the tax taken out of an inclusive price or added to an exclusive one,
// rounded half up.
func TestSplitPrice(t *testing.T) {
	for _, tt := range []struct {
		rate                 string
		inclusive            bool
		price, sub, tax, tot int64
	}{
		{"16", true, 1160, 1000, 160, 1160}, {"16", false, 1000, 1000, 160, 1160}, {"0", true, 999, 999, 0, 999},
		{"7.5", true, 1000, 930, 70, 1000}, {"7.5", false, 1001, 1001, 75, 1076}, {"16", true, 1 << 50, 970603367967779, 155296538874845, 1 << 50},
	} {
		v := settings.Defaults()
		v[settings.TaxRate] = tt.rate
		v[settings.PricesIncludeTax] = map[bool]string{true: "true", false: "false"}[tt.inclusive]
		s := SplitPrice(tt.price, v)
		if s.Subtotal != tt.sub || s.Tax != tt.tax || s.Total != tt.tot || s.Subtotal+s.Tax != s.Total {
			t.Errorf("%s%% of %d (inclusive %v) = %+v, want %d + %d = %d", tt.rate, tt.price, tt.inclusive, s, tt.sub, tt.tax, tt.tot)
		}
	}
}
