package customers

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Columns are the CSV columns, in export order. Imports accept any subset, in any order.
var Columns = []string{"account_no", "username", "password", "phone", "full_name", "email",
	"address", "profile", "expires_at", "status", "auto_renew", "static_ip", "framed_ipv6_prefix", "delegated_ipv6_prefix"}

// MaxImportRows bounds one import.
const MaxImportRows = 1000000

// ImportOptions steer an import.
type ImportOptions struct {
	// DryRun validates every row and reports what would change, writing nothing.
	DryRun bool
	// File names the imported file in the audit row.
	File string
	// Progress, when set, is called as rows are validated and again as they are written.
	Progress func(phase string, done, total int)
}

// RowError is a problem with one row; Row is the line's number in the file (the header
// is row 1).
type RowError struct {
	Row     int
	Column  string
	Message string
}

// RowWarning is a remark about one row that does not stop the import.
type RowWarning struct {
	Row     int
	Message string
}

// GeneratedPassword is a password made for a new customer imported without one.
type GeneratedPassword struct {
	Row      int
	Username string
	Password string
}

// ImportResult reports an import. Nothing is written when Errors is not empty.
type ImportResult struct {
	DryRun    bool
	Applied   bool
	Rows      int
	Created   int
	Updated   int
	Unchanged int
	Errors    []RowError
	Warnings  []RowWarning
	Generated []GeneratedPassword
	// ChangedIDs are the customers created or updated (each announced after the commit).
	ChangedIDs []int
}

type importRow struct {
	line     int
	cells    map[string]string // present columns, trimmed
	username string
	existing *ent.Customer
	// normalised values, set when the column is present and non-empty
	phone, profileName string
	phoneErr           error // why the phone cell is not a phone number
	profileID          int
	expires            *time.Time
	status             *customer.Status
	autoRenew          *bool
	password           *string
	staticIP           *string        // static_ip, normalised ("" clears it); csv_static.go
	ipv6               *ipv6cfg.Input // the IPv6 columns, checked; csv_ipv6.go
	id                 int            // the customer, once created
	update             bool
	changed            bool
}

// Import reads CSV customers from r and creates or updates them by username, in one
// transaction of st, announcing nothing (the command line). See (*Service).Import.
func Import(ctx context.Context, st *store.Store, box *secret.Box, r io.Reader, opts ImportOptions) (*ImportResult, error) {
	return New(st, box, nil, nil).Import(ctx, r, opts)
}

// Import validates every row first, outside any transaction of its own (a dry run only
// reads); when any row has an error, or on a dry run, nothing is written. Then it creates the
// new customers and updates the changed ones in one transaction, with the audit row
// (importCustomers); each changed customer is announced after the commit. Rows equal to the
// stored customer change nothing, so importing the same file twice changes nothing the second
// time.
func (s *Service) Import(ctx context.Context, r io.Reader, opts ImportOptions) (*ImportResult, error) {
	c := store.Reader(ctx, s.st.Client)
	res := &ImportResult{DryRun: opts.DryRun}
	rows, err := readRows(r, res)
	if err != nil {
		return nil, err
	}
	res.Rows = len(rows)
	if len(res.Errors) > 0 {
		return res, nil
	}
	vals, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	region, loc := vals[settings.PhoneRegion], vals.Location()
	if err := s.validateRows(ctx, c, rows, region, loc, res, opts); err != nil {
		return nil, err
	}
	for _, row := range rows {
		switch {
		case !row.update:
			res.Created++
		case row.changed:
			res.Updated++
		default:
			res.Unchanged++
		}
	}
	if len(res.Errors) > 0 || opts.DryRun || res.Created+res.Updated == 0 {
		return res, nil
	}
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := s.writeRows(ctx, c, rows, region, res, opts); err != nil {
			return err
		}
		for _, id := range res.ChangedIDs {
			s.changed(ctx, id)
		}
		return audit.Write(ctx, c, "importCustomers", "customer", 0, map[string]any{
			"file": opts.File, "created": res.Created, "updated": res.Updated})
	})
	if err != nil {
		if de, ok := domain.As(err); ok {
			// A row that passed validation failed on write (e.g. a concurrent insert).
			res.Errors = append(res.Errors, RowError{Row: rowOf(err), Column: csvColumn(de.Field), Message: de.Message})
			res.Generated, res.ChangedIDs = nil, nil
			return res, nil
		}
		if ce := store.AsConflict(err); ce != nil {
			res.Errors = append(res.Errors, RowError{Row: rowOf(err), Message: ce.Error()})
			res.Generated, res.ChangedIDs = nil, nil
			return res, nil
		}
		return nil, fmt.Errorf("importing customers: %w", err)
	}
	res.Applied = true
	if res.Created+res.Updated >= analyzeAfter {
		s.analyzeImported(ctx)
	}
	return res, nil
}

// analyzeAfter is the number of written customers from which an import refreshes the
// planner's statistics of the tables it filled.
const analyzeAfter = 1000

// analyzeImported refreshes the statistics of the tables a large import filled, so the
// planner does not plan searches for the table's size before the load (the next autovacuum
// may be minutes away). On PostgreSQL it vacuums them too: a bulk load leaves the visibility
// map empty, and exact counts (count(*) over an index) then visit every heap page. The import
// is committed: a failure is only logged.
func (s *Service) analyzeImported(ctx context.Context) {
	q := "ANALYZE customers"
	if s.st.IsPostgres() {
		q = "VACUUM (ANALYZE) customers, changes"
	}
	if _, err := s.st.DB.ExecContext(context.WithoutCancel(ctx), q); err != nil {
		slog.Warn("analysing the imported customers", "err", err)
	}
}

type rowError struct {
	row int
	err error
}

func (e *rowError) Error() string { return fmt.Sprintf("row %d: %v", e.row, e.err) }
func (e *rowError) Unwrap() error { return e.err }

func rowErr(row int, err error) error { return &rowError{row: row, err: err} }

func rowOf(err error) int {
	var re *rowError
	if errors.As(err, &re) {
		return re.row
	}
	return 0
}

// readRows reads the header and the rows of a CSV file into res (problems as row errors).
// The error is for the caller's failures only; a file that is not CSV is a row error.
func readRows(r io.Reader, res *ImportResult) ([]*importRow, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(2); len(b) == 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "the file is UTF-16: save it as CSV in UTF-8"})
		return nil, nil
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	cols, ok := readHeader(cr, res)
	if !ok {
		return nil, nil
	}
	var rows []*importRow
	for line := 1; ; {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos must not be asked after an error: it panics when the bad record
			// has no complete field (a quote opened in its first cell and never closed).
			row, msg := csvProblem(err, line+1)
			res.Errors = append(res.Errors, RowError{Row: row, Message: "unreadable CSV: " + msg})
			return rows, nil
		}
		line, _ = cr.FieldPos(0)
		if len(rows) >= MaxImportRows {
			res.Errors = append(res.Errors, RowError{Row: line, Message: fmt.Sprintf("more than %d rows: split the file", MaxImportRows)})
			return rows, nil
		}
		if row := newImportRow(line, rec, cols, res); row != nil {
			rows = append(rows, row)
		}
	}
	return rows, nil
}

// readHeader reads the header row and maps its cells to column names; false when the header
// has errors (recorded in res).
func readHeader(cr *csv.Reader, res *ImportResult) ([]string, bool) {
	header, err := cr.Read()
	if err == io.EOF {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "the file is empty: it needs a header row naming the columns"})
		return nil, false
	}
	if err != nil {
		_, msg := csvProblem(err, 1)
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "not a CSV file: " + msg})
		return nil, false
	}
	if msg := badText(header); msg != "" {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: msg})
		return nil, false
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		known := false
		for _, c := range Columns {
			known = known || c == h
		}
		if !known {
			res.Errors = append(res.Errors, RowError{Row: 1, Column: h, Message: fmt.Sprintf("unknown column %s (known: %s)", Quote(h), strings.Join(Columns, ", "))})
		}
		if seen[h] {
			res.Errors = append(res.Errors, RowError{Row: 1, Column: h, Message: fmt.Sprintf("column %s appears twice", Quote(h))})
		}
		seen[h] = true
		cols[i] = h
	}
	if !seen["username"] {
		res.Errors = append(res.Errors, RowError{Row: 1, Column: "username", Message: "the username column is required (rows are matched by username)"})
	}
	return cols, true
}

// newImportRow makes the row of record rec, which starts on line; nil for a blank row or one
// with errors (recorded in res).
func newImportRow(line int, rec, cols []string, res *ImportResult) *importRow {
	if msg := badText(rec); msg != "" {
		res.Errors = append(res.Errors, RowError{Row: line, Message: msg})
		return nil
	}
	empty := true
	for _, v := range rec {
		empty = empty && strings.TrimSpace(v) == ""
	}
	if empty {
		return nil
	}
	row := &importRow{line: line, cells: map[string]string{}}
	for i, v := range rec {
		if i >= len(cols) {
			if strings.TrimSpace(v) != "" {
				res.Errors = append(res.Errors, RowError{Row: line, Message: "more cells than columns in the header"})
			}
			continue
		}
		row.cells[cols[i]] = unneutralise(strings.TrimSpace(v))
	}
	return row
}

// csvProblem turns a csv.Reader error into the row it concerns (the line its record starts
// on; guess when the error does not say) and a message that says how to fix the file.
func csvProblem(err error, guess int) (row int, msg string) {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return guess, err.Error()
	}
	row = max(pe.StartLine, 1)
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		msg = fmt.Sprintf("a quoted cell is never closed, or has text after its closing quote (line %d, column %d): "+
			"a cell that starts with \" must end with \", and a \" inside it is written \"\"", pe.Line, pe.Column)
	case errors.Is(pe.Err, csv.ErrBareQuote):
		msg = fmt.Sprintf("a quote (\") inside a cell that is not quoted (line %d, column %d): "+
			"put the cell in quotes and write each \" inside it as \"\"", pe.Line, pe.Column)
	default:
		msg = pe.Error()
	}
	return row, msg
}

// badText says what is wrong with cells that are not UTF-8 text.
func badText(cells []string) string {
	for _, v := range cells {
		if !utf8.ValidString(v) {
			return "the text is not UTF-8 (is the file Latin-1 or Windows-1252?): save it as CSV in UTF-8"
		}
		if strings.ContainsRune(v, 0) {
			return "the row contains a NUL character: is this a CSV text file?"
		}
	}
	return ""
}
