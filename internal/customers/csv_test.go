package customers

import (
	"strings"
	"testing"
)

// TestReadRowsQuoteErrorsNameTheRow reads files with a quote opened and never closed, or
// standing inside an unquoted cell. The unterminated quote in the first cell of a row made
// csv.Reader.FieldPos panic (`linedesk import` exited 2); each is now one error naming the
// row its record starts on.
func TestReadRowsQuoteErrorsNameTheRow(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		row        int
	}{
		{"unterminated quote in the first cell", "username,phone\n\"abc,+254700000004\n", 2},
		{"unterminated quote without a final newline", "username,phone\n\"abc,+254700000004", 2},
		{"unterminated quote after good rows", "username,phone\njane,0712000001\njohn,0712000002\n\"abc,+254700000004\n", 4},
		{"unterminated quote in a later cell", "username,phone\njane,\"0712000001\n", 2},
		{"a lone quote", "username,phone\n\"\n", 2},
		{"unterminated quote after a multi-line cell", "username,full_name\njane,\"two\nlines\"\n\"abc\n", 4},
		{"a bare quote in an unquoted cell", "username,full_name\njane,Jo\"hn\n", 2},
		{"text after a closing quote", "username,full_name\n\"jane\"x,John\n", 2},
		{"unterminated quote in the header", "\"username,phone\njane,0712000001\n", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := &ImportResult{}
			var err error
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Fatalf("readRows panicked: %v", p)
					}
				}()
				_, err = readRows(strings.NewReader(tc.data), res)
			}()
			if err != nil {
				t.Fatalf("readRows: %v", err)
			}
			if len(res.Errors) != 1 {
				t.Fatalf("errors %+v, want one", res.Errors)
			}
			e := res.Errors[0]
			if e.Row != tc.row || !strings.Contains(strings.ToLower(e.Message), "quote") {
				t.Errorf("error %+v, want row %d and a message about the quote", e, tc.row)
			}
		})
	}
}

// TestFormulaGuard is the table of the export's formula guard: cells a spreadsheet reads as
// formulas, once it folds full-width and compatibility forms or skips leading white space and
// control characters, are neutralised; text is not; and import undoes exactly what export did.
func TestFormulaGuard(t *testing.T) {
	for _, tc := range []struct {
		v       string
		formula bool
	}{
		{"=1+2", true}, {"+254712345678", true}, {"-3", true}, {"@SUM(A1)", true}, {"\tx", true}, {"\rx", true},
		{"＝1+2", true}, {"＋1", true}, {"－1", true}, {"＠SUM(A1)", true},
		{"﹦1", true}, {"﹢1", true}, {"﹣1", true}, {"﹫A1", true}, {"⁺1", true}, {"⁼1", true}, {"₊1", true}, {"₌1", true},
		{"\ufb29" + "1", true}, {"−1", true},
		{" =1", true}, {"  ＋1", true}, {"\u00a0＝1", true}, {"\u3000=1", true}, {"\n=1", true}, {"\v@A1", true},
		{"\x00=1", true}, {"\x1b=1", true}, {"\u0085-1", true}, {"\u200b＝1", true}, {"\u200e=1", true},
		{"\u202e=1", true}, {"\ufeff=1", true}, {"\u2028+1", true}, {"\xff=1", true},
		{"'=1", true}, {"''＝1", true}, {"' =1", true}, {"'\tx", true},
		{"plain", false}, {"", false}, {"'quoted", false}, {"'", false}, {"1+1", false}, {"a=b", false},
		{"Zoë", false}, {" plain", false}, {"\u00a0x", false}, {"(=1)", false}, {"＄1", false}, {"#REF", false},
	} {
		if got := formulaLike(tc.v); got != tc.formula {
			t.Errorf("formulaLike(%q) = %v, want %v", tc.v, got, tc.formula)
		}
		n := neutralise(tc.v)
		if tc.formula && n != "'"+tc.v || !tc.formula && n != tc.v {
			t.Errorf("neutralise(%q) = %q", tc.v, n)
		}
		if back := unneutralise(n); back != tc.v {
			t.Errorf("round trip %q -> %q -> %q", tc.v, n, back)
		}
	}
}
