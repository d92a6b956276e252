package security

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestCSVExportNeutralisesFullWidthFormulas exports customers whose name and address begin
// with what a spreadsheet reads as a formula once it folds full-width and compatibility forms
// (＝ ＋ － ＠ and their small, superscript and subscript relatives) or skips leading white
// space and control characters: each such cell is exported behind an apostrophe, and cells a
// spreadsheet reads as text are exported unchanged.
func TestCSVExportNeutralisesFullWidthFormulas(t *testing.T) {
	cases := []struct {
		value   string
		formula bool
	}{
		{"＝HYPERLINK(\"http://evil.example\",\"x\")", true},            // U+FF1D
		{"＋1+cmd|' /C calc'!A0", true},                                 // U+FF0B
		{"－2+3+cmd|' /C calc'!A0", true},                               // U+FF0D
		{"＠SUM(1+1)*cmd|' /C calc'!A0", true},                          // U+FF20
		{"﹦1+1", true}, {"﹢1", true}, {"﹣1", true}, {"﹫SUM(A1)", true}, // small forms
		{"⁼1+1", true}, {"₊1", true}, {"−1+1", true}, // superscript =, subscript +, minus sign
		{" =1+1", true}, {"   ＝1+1", true}, {"\u00a0=1+1", true}, {"\u3000＝1+1", true},
		{"\u200b=1+1", true}, {"\ufeff＠SUM(A1)", true}, {"\x0b=1+1", true}, {"\x1f+1", true}, {"\u2028-1", true},
		{"\t=1+1", true}, {"\r=1+1", true}, {"\tplain", true}, {"=1+1", true}, {"@A1", true},
		{"Ann Wanjiru", false}, {"1+1", false}, {"a＝b", false}, {"Flat 3, Block ＝", false}, {"'quoted", false},
		{"Zoë 李", false},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p, err := st.Client.Profile.Create().SetName("Guard 10M").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetValidityDays(30).SetPrice(1500).Save(ctx)
		if err != nil {
			t.Fatal(err)
		}
		byUser := map[string]int{}
		for i, c := range cases {
			u := fmt.Sprintf("guard%02d", i)
			// Straight into the database: earlier versions and imports stored such values.
			if _, err := st.Client.Customer.Create().SetAccountNo(fmt.Sprint(400000 + i)).SetUsername(u).
				SetPasswordEnc("x").SetPhone(fmt.Sprintf("+2547140%05d", i)).SetProfileID(p.ID).
				SetExpiresAt(time.Now().Add(time.Hour)).SetFullName(c.value).SetAddress(c.value).Save(ctx); err != nil {
				t.Fatalf("storing %q: %v", c.value, err)
			}
			byUser[u] = i
		}
		var buf bytes.Buffer
		if _, err := customers.Export(ctx, st.Client, &buf, customers.ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		r := csv.NewReader(&buf)
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil || len(rows) != len(cases)+1 {
			t.Fatalf("export: %d rows, %v", len(rows), err)
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[h] = i
		}
		for _, row := range rows[1:] {
			c := cases[byUser[row[col["username"]]]]
			want := c.value
			if c.formula {
				want = "'" + c.value
			}
			for _, name := range []string{"full_name", "address"} {
				if got := row[col[name]]; got != want {
					t.Errorf("%s %q exported as %q, want %q", name, c.value, got, want)
				}
			}
		}
	})
}

// TestCSVImportUnterminatedQuoteCLI runs the command line on a file whose second row opens a
// quote it never closes (it used to panic in csv.Reader.FieldPos and exit 2): the command
// names the row, exits 1 as for any bad file, and writes nothing.
func TestCSVImportUnterminatedQuoteCLI(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "b.csv")
	// printf 'username,phone\n"abc,+254700000004\n' > b.csv
	if err := os.WriteFile(file, []byte("username,phone\n\"abc,+254700000004\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, testutil.Binary(t), "import", "customers", "--dry-run", file)
	cmd.Env = append(os.Environ(), "LINEDESK_DB=sqlite://"+filepath.Join(dir, "l.db"),
		"LINEDESK_SECRET_KEY="+testutil.TestKeyHex, "LINEDESK_DATA_DIR="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := cmd.ProcessState.ExitCode()
	out := stdout.String() + stderr.String()
	fmt.Printf("unterminated quote, linedesk import customers --dry-run: exit %d\n%s", code, out)
	if err != nil && code < 0 {
		t.Fatalf("running the command: %v", err)
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
		t.Fatalf("the command panicked (exit %d):\n%s", code, out)
	}
	if code != 1 {
		t.Errorf("exit code %d, want 1 (bad input)", code)
	}
	if !strings.Contains(stdout.String(), "row 2") || !strings.Contains(strings.ToLower(stdout.String()), "quote") {
		t.Errorf("the error does not name row 2 and the quote:\n%s", out)
	}
	if !strings.Contains(stderr.String(), "nothing was imported") {
		t.Errorf("stderr does not say nothing was imported:\n%s", stderr.String())
	}
}
