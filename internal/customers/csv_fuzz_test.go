package customers

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/secret"
)

// FuzzImportCSV feeds arbitrary bytes to the importer's parse and validate path, with the
// database's part (profiles, stored customers, account owners) standing in as fixed lookups.
// Whatever the file, it must not panic; every problem names a row of the file; and every row
// that passes is ready to write (a valid username, and a phone and plan for a new customer),
// with cells that export writes back unchanged. Run it with
//
//	go test ./internal/customers/ -run '^$' -fuzz FuzzImportCSV -fuzztime 5m
func FuzzImportCSV(f *testing.F) {
	for _, seed := range []string{
		"username,phone\n\"abc,+254700000004\n", // the unterminated quote that made FieldPos panic
		"username,phone,profile\njane,0712000001,Home 10M\njohn,+254712000002,biz 50m\n",
		"account_no,username,password,phone,full_name,email,address,profile,expires_at,status,auto_renew\n" +
			"100001,jane,Old-Pass-123,0712000001,Jane,jane@example.com,\"Flat 1, Nairobi\",Home 10M,2030-01-31,ACTIVE,true\n" +
			"100002,john,,712000002,'=HYPERLINK(\"x\"),,,Home 10M,2030-01-31T10:00:00+03:00,suspended,no\n",
		"\ufeffUSERNAME , Phone\njane,0712 000 001\n\n,\n",
		"username,full_name\njane,\"two\nlines\"\nJo\"hn,x\n",
		"username,phone\njane,0712000001,extra\n",
		"username,username\njane,jane\n",
		"username,credit_card\njane,4111\n",
		"username,full_name\njane,＝1+1\njohn, =cmd|' /C calc'!A0\n",
		"username,full_name\njane,Jos\xe9\n",
		"username,full_name\njane,A\x00B\n",
		"\xff\xfeu\x00s\x00",
		"",
		"\"",
	} {
		f.Add([]byte(seed))
	}
	box, err := secret.New([]byte(strings.Repeat("k", 32)))
	if err != nil {
		f.Fatal(err)
	}
	s := &Service{box: box}
	lk := fuzzLookups(f, box)
	f.Fuzz(func(t *testing.T, data []byte) {
		res := &ImportResult{}
		rows, err := readRows(bytes.NewReader(data), res)
		if err != nil {
			t.Fatalf("readRows: %v", err)
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		checkRowNumbers(t, res, lines)
		if len(res.Errors) > 0 {
			return // Import stops here too
		}
		checkIdentities(rows, res)
		if err := s.checkRows(rows, lk, "KE", time.UTC, res, nil); err != nil {
			t.Fatalf("checkRows: %v", err)
		}
		checkRowNumbers(t, res, lines)
		bad := map[int]bool{}
		for _, e := range res.Errors {
			bad[e.Row] = true
		}
		for _, row := range rows {
			for col, v := range row.cells {
				if back := unneutralise(neutralise(v)); back != v {
					t.Fatalf("row %d %s: %q exports as %q and reads back as %q", row.line, col, v, neutralise(v), back)
				}
			}
			if bad[row.line] {
				continue
			}
			checkReadyRow(t, row)
		}
	})
}

// fuzzLookups stand in for the database: two plans, one stored customer, two account owners.
func fuzzLookups(f *testing.F, box *secret.Box) importLookups {
	enc, err := box.Encrypt("Old-Pass-123")
	if err != nil {
		f.Fatal(err)
	}
	name := "Jane"
	return importLookups{
		profiles: map[string]*ent.Profile{"home 10m": {ID: 1, Name: "Home 10M"}, "biz 50m": {ID: 2, Name: "Biz 50M"}},
		existing: map[string]*ent.Customer{"jane": {ID: 7, AccountNo: "100001", Username: "jane", PasswordEnc: enc,
			Phone: "+254712000001", FullName: &name, ProfileID: 1, Status: customer.StatusACTIVE, AutoRenew: true,
			ExpiresAt: time.Date(2030, 1, 31, 21, 0, 0, 0, time.UTC)}},
		accountOwner: map[string]string{"100001": "jane", "100002": "john"},
	}
}

// checkRowNumbers: every problem names a row of the file (the header is row 1).
func checkRowNumbers(t *testing.T, res *ImportResult, lines int) {
	t.Helper()
	for _, e := range res.Errors {
		if e.Row < 1 || e.Row > lines {
			t.Fatalf("error %+v names row %d of a file of %d lines", e, e.Row, lines)
		}
		if e.Message == "" || !utf8.ValidString(e.Message) {
			t.Fatalf("error %+v: empty or not UTF-8", e)
		}
	}
	for _, w := range res.Warnings {
		if w.Row < 2 || w.Row > lines {
			t.Fatalf("warning %+v names row %d of a file of %d lines", w, w.Row, lines)
		}
	}
}

// checkReadyRow: a row without errors can be written as it is.
func checkReadyRow(t *testing.T, row *importRow) {
	t.Helper()
	if u, err := NormalizeUsername(row.username); err != nil || u != row.username {
		t.Fatalf("row %d passed with username %q (%v)", row.line, row.username, err)
	}
	if !row.update && (row.phone == "" || row.profileID == 0) {
		t.Fatalf("row %d: a new customer passed without a phone (%q) or plan (%d)", row.line, row.phone, row.profileID)
	}
	if row.phone != "" && (!strings.HasPrefix(row.phone, "+") || len(row.phone) > 20) {
		t.Fatalf("row %d passed with phone %q, not E.164", row.line, row.phone)
	}
	if row.status != nil && customer.StatusValidator(*row.status) != nil {
		t.Fatalf("row %d passed with status %q", row.line, *row.status)
	}
	for _, col := range []string{"full_name", "email", "address"} {
		if v, ok := row.cells[col]; ok && !utf8.ValidString(v) {
			t.Fatalf("row %d passed with %s not UTF-8", row.line, col)
		}
	}
}
