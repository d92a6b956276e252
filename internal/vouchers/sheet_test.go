package vouchers

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

// sheetText returns the strings an uncompressed PDF shows (fpdf writes UTF-16BE for its
// UTF-8 fonts).
func sheetText(pdf []byte) string {
	var out []string
	for _, m := range regexp.MustCompile(`\(((?:[^()\\]|\\.)*)\)\s*Tj`).FindAllSubmatch(pdf, -1) {
		raw := regexp.MustCompile(`\\(.)`).ReplaceAll(m[1], []byte("$1"))
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

// TestSheet: the sheet is a PDF with every code once, 12 cards a page, each with the ISP's
// name, the value, the expiry and the agent; no codes, no sheet.
func TestSheet(t *testing.T) {
	sheetCompress = false
	defer func() { sheetCompress = true }()
	card := SheetCard{ISP: "Kilele Net", Value: "KES 500.00", Expires: time.Date(2027, 3, 31, 20, 0, 0, 0, time.UTC),
		Agent: "Mama Wanjikũ", HowTo: "Redeem in the portal: Pay, Voucher", Loc: time.FixedZone("EAT", 3*3600)}
	for _, tt := range []struct {
		count, pages int
	}{{1, 1}, {12, 1}, {13, 2}, {30, 3}} {
		codes := make([]string, tt.count)
		for i := range codes {
			codes[i] = Format(newCode())
		}
		pdf, err := Sheet(card, codes)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatalf("%d codes: not a PDF: %q", tt.count, pdf[:16])
		}
		if n := bytes.Count(pdf, []byte("/Type /Page\n")); n != tt.pages {
			t.Errorf("%d codes: %d pages, want %d", tt.count, n, tt.pages)
		}
		text := sheetText(pdf)
		for _, c := range codes {
			if strings.Count(text, c) != 1 {
				t.Fatalf("%d codes: code %s shown %d times, want once", tt.count, c, strings.Count(text, c))
			}
		}
		for _, want := range []string{"Kilele Net", "KES 500.00", "Valid until 31 Mar 2027 · sold by Mama Wanjikũ", card.HowTo} {
			if got := strings.Count(text, want); got != tt.count {
				t.Errorf("%d codes: %q shown %d times, want on every card", tt.count, want, got)
			}
		}
	}
	if _, err := Sheet(card, nil); err == nil {
		t.Fatal("a sheet without codes was made")
	}
}
