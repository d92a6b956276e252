package customers

import (
	"bufio"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Columns are the CSV columns, in export order. Imports accept any subset, in any order.
var Columns = []string{"account_no", "username", "password", "phone", "full_name", "email",
	"address", "profile", "expires_at", "status", "auto_renew"}

// exportColumns are Columns without the password: exports never include one.
var exportColumns = []string{"account_no", "username", "phone", "full_name", "email",
	"address", "profile", "expires_at", "status", "auto_renew"}

// MaxImportRows bounds one import.
const MaxImportRows = 200000

// ImportOptions steer an import.
type ImportOptions struct {
	// DryRun validates every row and reports what would change, writing nothing.
	DryRun bool
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
	// ChangedIDs are the customers created or updated (for events after commit).
	ChangedIDs []int
}

type importRow struct {
	line     int
	cells    map[string]string // present columns, trimmed
	username string
	existing *ent.Customer
	// normalised values, set when the column is present and non-empty
	phone, profileName string
	profileID          int
	expires            *time.Time
	status             *customer.Status
	autoRenew          *bool
	password           *string
	update             bool
	changed            bool
}

// Import reads CSV customers from r and creates or updates them by username, in one
// transaction of st. See (*Service).Import.
func Import(ctx context.Context, st *store.Store, box *secret.Box, r io.Reader, opts ImportOptions) (*ImportResult, error) {
	return New(st, box).Import(ctx, st.Client, r, opts)
}

// Import validates every row first; when any row has an error, or on a dry run, nothing is
// written. Then it creates the new customers and updates the changed ones in one
// transaction. Rows equal to the stored customer change nothing, so importing the same
// file twice changes nothing the second time.
func (s *Service) Import(ctx context.Context, c *ent.Client, r io.Reader, opts ImportOptions) (*ImportResult, error) {
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
	err = InTx(ctx, c, func(c *ent.Client) error {
		var acc *accounts
		done := 0
		for _, row := range rows {
			done++
			if opts.Progress != nil && (done%100 == 0 || done == len(rows)) {
				opts.Progress("write", done, len(rows))
			}
			if row.update && !row.changed {
				continue
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if !row.update {
				if acc == nil && row.cells["account_no"] == "" {
					if acc, err = s.nextAccounts(ctx, c); err != nil {
						return err
					}
				}
				out, err := s.create(ctx, c, row.createInput(), region, acc)
				if err != nil {
					return rowErr(row.line, err)
				}
				if out.GeneratedPassword != "" {
					res.Generated = append(res.Generated, GeneratedPassword{Row: row.line, Username: row.username, Password: out.GeneratedPassword})
				}
				res.ChangedIDs = append(res.ChangedIDs, out.Customer.ID)
				continue
			}
			if err := s.applyRow(ctx, c, row, region); err != nil {
				return rowErr(row.line, err)
			}
			res.ChangedIDs = append(res.ChangedIDs, row.existing.ID)
		}
		return nil
	})
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			// A row that passed validation failed on write (e.g. a concurrent insert).
			res.Errors = append(res.Errors, RowError{Row: rowOf(err), Column: fe.Field, Message: fe.Message})
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
	return res, nil
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

func readRows(r io.Reader, res *ImportResult) ([]*importRow, error) {
	br := bufio.NewReader(r)
	if b, _ := br.Peek(2); len(b) == 2 && (b[0] == 0xff && b[1] == 0xfe || b[0] == 0xfe && b[1] == 0xff) {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "the file is UTF-16: save it as CSV in UTF-8"})
		return nil, nil
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err == io.EOF {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "the file is empty: it needs a header row naming the columns"})
		return nil, nil
	}
	if err != nil {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: "not a CSV file: " + err.Error()})
		return nil, nil
	}
	if msg := badText(header); msg != "" {
		res.Errors = append(res.Errors, RowError{Row: 1, Message: msg})
		return nil, nil
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
	var rows []*importRow
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			res.Errors = append(res.Errors, RowError{Row: line, Message: "unreadable CSV: " + err.Error()})
			return rows, nil
		}
		if len(rows) >= MaxImportRows {
			res.Errors = append(res.Errors, RowError{Row: line, Message: fmt.Sprintf("more than %d rows: split the file", MaxImportRows)})
			return rows, nil
		}
		if msg := badText(rec); msg != "" {
			res.Errors = append(res.Errors, RowError{Row: line, Message: msg})
			continue
		}
		empty := true
		for _, v := range rec {
			empty = empty && strings.TrimSpace(v) == ""
		}
		if empty {
			continue
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
		rows = append(rows, row)
	}
	return rows, nil
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

// unneutralise undoes the export's formula neutralisation: a leading apostrophe before
// a character a spreadsheet would read as a formula.
func unneutralise(v string) string {
	if len(v) >= 2 && v[0] == '\'' && strings.ContainsRune("=+-@\t\r", rune(v[1])) {
		return v[1:]
	}
	return v
}

// neutralise keeps a spreadsheet from reading a cell as a formula (CSV injection).
func neutralise(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

// parseExpiry reads RFC 3339 or YYYY-MM-DD (the end of that day in loc).
func parseExpiry(v string, loc *time.Location) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	if d, err := time.ParseInLocation("2006-01-02", v, loc); err == nil {
		return d.AddDate(0, 0, 1).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("%s is not a date (YYYY-MM-DD) or an RFC 3339 time", Quote(v))
}

func (s *Service) validateRows(ctx context.Context, c *ent.Client, rows []*importRow, region string, loc *time.Location, res *ImportResult, opts ImportOptions) error {
	profiles, err := c.Profile.Query().All(ctx)
	if err != nil {
		return fmt.Errorf("reading profiles: %w", err)
	}
	byName := map[string]*ent.Profile{}
	for _, p := range profiles {
		byName[strings.ToLower(p.Name)] = p
	}
	fail := func(row *importRow, col, format string, args ...any) {
		res.Errors = append(res.Errors, RowError{Row: row.line, Column: col, Message: fmt.Sprintf(format, args...)})
	}
	// Existing customers, by username and by account number, in chunks.
	usernames := make([]string, 0, len(rows))
	accountNos := []string{}
	firstLine := map[string]int{}
	firstAccount := map[string]int{}
	for _, row := range rows {
		u, err := NormalizeUsername(row.cells["username"])
		if err != nil {
			fail(row, "username", "%s", err.(*FieldError).Message)
			continue
		}
		row.username = u
		if l, dup := firstLine[u]; dup {
			fail(row, "username", "username %q already appears on row %d", u, l)
			continue
		}
		firstLine[u] = row.line
		usernames = append(usernames, u)
		if a := row.cells["account_no"]; a != "" {
			if l, dup := firstAccount[a]; dup {
				fail(row, "account_no", "account number %s already appears on row %d", a, l)
			}
			firstAccount[a] = row.line
			accountNos = append(accountNos, a)
		}
	}
	existing := map[string]*ent.Customer{}
	for start := 0; start < len(usernames); start += 1000 {
		end := min(start+1000, len(usernames))
		cs, err := c.Customer.Query().Where(customer.UsernameIn(usernames[start:end]...)).All(ctx)
		if err != nil {
			return fmt.Errorf("reading customers: %w", err)
		}
		for _, cu := range cs {
			existing[cu.Username] = cu
		}
	}
	accountOwner := map[string]string{}
	for start := 0; start < len(accountNos); start += 1000 {
		end := min(start+1000, len(accountNos))
		cs, err := c.Customer.Query().Where(customer.AccountNoIn(accountNos[start:end]...)).
			Select(customer.FieldAccountNo, customer.FieldUsername).All(ctx)
		if err != nil {
			return fmt.Errorf("reading customers: %w", err)
		}
		for _, cu := range cs {
			accountOwner[cu.AccountNo] = cu.Username
		}
	}
	for i, row := range rows {
		if opts.Progress != nil && ((i+1)%500 == 0 || i+1 == len(rows)) {
			opts.Progress("validate", i+1, len(rows))
		}
		if row.username == "" {
			continue
		}
		cur := existing[row.username]
		row.existing, row.update = cur, cur != nil
		cells := row.cells
		has := func(col string) bool { v, ok := cells[col]; return ok && v != "" }
		if a := cells["account_no"]; a != "" {
			if _, err := strconv.ParseUint(a, 10, 64); err != nil || len(a) > 20 {
				fail(row, "account_no", "account numbers are digits only")
			} else if cur != nil && cur.AccountNo != a {
				fail(row, "account_no", "customer %s has account number %s; account numbers cannot change", row.username, cur.AccountNo)
			} else if owner, ok := accountOwner[a]; ok && owner != row.username {
				fail(row, "account_no", "account number %s belongs to customer %s", a, owner)
			}
		}
		if has("phone") {
			p, err := NormalizePhone(cells["phone"], region)
			if err != nil {
				fail(row, "phone", "%s", err.(*FieldError).Message)
			}
			row.phone = p
		} else if cur == nil {
			fail(row, "phone", "phone is required for a new customer")
		}
		if has("profile") {
			p, ok := byName[strings.ToLower(cells["profile"])]
			if !ok {
				fail(row, "profile", "no profile named %s", Quote(cells["profile"]))
			} else {
				row.profileID, row.profileName = p.ID, p.Name
			}
		} else if cur == nil {
			fail(row, "profile", "profile is required for a new customer")
		}
		if has("expires_at") {
			t, err := parseExpiry(cells["expires_at"], loc)
			if err != nil {
				fail(row, "expires_at", "%s", err.Error())
			} else {
				row.expires = &t
			}
		}
		if has("status") {
			st := customer.Status(strings.ToUpper(cells["status"]))
			if err := customer.StatusValidator(st); err != nil {
				fail(row, "status", "status must be ACTIVE, SUSPENDED or DISABLED")
			} else {
				row.status = &st
			}
		}
		if has("auto_renew") {
			b, err := parseBool(cells["auto_renew"])
			if err != nil {
				fail(row, "auto_renew", "auto_renew must be true or false")
			} else {
				row.autoRenew = &b
			}
		}
		if has("password") {
			pw := cells["password"]
			row.password = &pw
			if prob := PasswordProblem(pw, row.username); prob != "" {
				if len(pw) == 0 || len(pw) > 128 {
					fail(row, "password", "%s", prob)
				} else {
					res.Warnings = append(res.Warnings, RowWarning{Row: row.line, Message: "weak password kept as imported: " + prob})
				}
			}
		}
		for _, w := range UsernameWarnings(row.username) {
			if cur == nil {
				res.Warnings = append(res.Warnings, RowWarning{Row: row.line, Message: w})
			}
		}
		if err := s.checkOptional(row); err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				fail(row, csvColumn(fe.Field), "%s", fe.Message)
			}
		}
		if cur != nil {
			changed, err := s.rowChanges(row, cur)
			if err != nil {
				return err
			}
			row.changed = changed
		}
	}
	return nil
}

func csvColumn(field string) string {
	switch field {
	case "fullName":
		return "full_name"
	}
	return field
}

func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "1", "true", "yes", "y", "t":
		return true, nil
	case "0", "false", "no", "n", "f":
		return false, nil
	}
	return false, fmt.Errorf("not a boolean")
}

func opt(cells map[string]string, col string) *string {
	v, ok := cells[col]
	if !ok {
		return nil
	}
	return &v
}

// scratch builds mutations that are only validated, never saved.
var scratch = ent.NewClient()

// checkOptional validates full_name, email and address with the same rules as Create.
func (s *Service) checkOptional(row *importRow) error {
	m := scratch.Customer.Create().Mutation()
	return s.applyOptional(m, opt(row.cells, "full_name"), opt(row.cells, "email"), opt(row.cells, "address"), nil, nil)
}

func strp(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// rowChanges reports whether applying row would change cur.
func (s *Service) rowChanges(row *importRow, cur *ent.Customer) (bool, error) {
	c := row.cells
	if v, ok := c["full_name"]; ok && v != strp(cur.FullName) {
		return true, nil
	}
	if v, ok := c["email"]; ok && v != strp(cur.Email) {
		return true, nil
	}
	if v, ok := c["address"]; ok && v != strp(cur.Address) {
		return true, nil
	}
	if row.phone != "" && row.phone != cur.Phone {
		return true, nil
	}
	if row.profileID != 0 && row.profileID != cur.ProfileID {
		return true, nil
	}
	if row.expires != nil && !sameTime(*row.expires, cur.ExpiresAt) {
		return true, nil
	}
	if row.status != nil && *row.status != cur.Status {
		return true, nil
	}
	if row.autoRenew != nil && *row.autoRenew != cur.AutoRenew {
		return true, nil
	}
	if row.password != nil {
		old, err := s.Box.Decrypt(cur.PasswordEnc)
		if err != nil || old != *row.password {
			return true, nil
		}
	}
	return false, nil
}

// sameTime compares an imported time with a stored one; an import without fractional
// seconds matches the stored time to the second (exports write whole seconds).
func sameTime(imported, stored time.Time) bool {
	return imported.Equal(stored) || (imported.Nanosecond() == 0 && stored.Truncate(time.Second).Equal(imported))
}

func (row *importRow) createInput() CreateInput {
	in := CreateInput{
		Username: row.username, Password: row.password, Phone: row.phone, ProfileID: row.profileID,
		ExpiresAt: row.expires, AutoRenew: row.autoRenew, Status: row.status,
		AccountNo: row.cells["account_no"], KeepWeakPassword: true,
		FullName: nonEmpty(row.cells, "full_name"), Email: nonEmpty(row.cells, "email"), Address: nonEmpty(row.cells, "address"),
	}
	return in
}

func nonEmpty(cells map[string]string, col string) *string {
	if v := cells[col]; v != "" {
		return &v
	}
	return nil
}

func (s *Service) applyRow(ctx context.Context, c *ent.Client, row *importRow, region string) error {
	cur := row.existing
	up := c.Customer.UpdateOneID(cur.ID)
	if err := s.applyOptional(up.Mutation(), changedOpt(row.cells, "full_name", cur.FullName),
		changedOpt(row.cells, "email", cur.Email), changedOpt(row.cells, "address", cur.Address), nil, nil); err != nil {
		return err
	}
	if row.phone != "" && row.phone != cur.Phone {
		up.SetPhone(row.phone)
	}
	if row.profileID != 0 && row.profileID != cur.ProfileID {
		up.SetProfileID(row.profileID).SetCapApplied(false)
	}
	if row.expires != nil && !sameTime(*row.expires, cur.ExpiresAt) {
		up.SetExpiresAt(*row.expires)
	}
	if row.status != nil && *row.status != cur.Status {
		up.SetStatus(*row.status)
	}
	if row.autoRenew != nil && *row.autoRenew != cur.AutoRenew {
		up.SetAutoRenew(*row.autoRenew)
	}
	if row.password != nil {
		if old, err := s.Box.Decrypt(cur.PasswordEnc); err != nil || old != *row.password {
			enc, err := s.Box.Encrypt(*row.password)
			if err != nil {
				return fmt.Errorf("encrypting password: %w", err)
			}
			up.SetPasswordEnc(enc)
		}
	}
	if err := up.Exec(ctx); err != nil {
		return fmt.Errorf("updating customer %s: %w", row.username, err)
	}
	return nil
}

func changedOpt(cells map[string]string, col string, cur *string) *string {
	v, ok := cells[col]
	if !ok || v == strp(cur) {
		return nil
	}
	return &v
}

// ExportOptions steer an export.
type ExportOptions struct {
	Filter   Filter
	Progress func(done, total int)
}

// Export writes the customers matching opts.Filter as CSV to w, oldest first,
// and returns how many it wrote. Passwords are never exported; cells a spreadsheet would
// read as formulas are neutralised with a leading apostrophe (Import removes it).
func Export(ctx context.Context, c *ent.Client, w io.Writer, opts ExportOptions) (int, error) {
	vals, err := settings.Load(ctx, c)
	if err != nil {
		return 0, err
	}
	ps, err := opts.Filter.Predicates(vals[settings.PhoneRegion], time.Now().UTC())
	if err != nil {
		return 0, err
	}
	profiles, err := c.Profile.Query().All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading profiles: %w", err)
	}
	names := map[int]string{}
	for _, p := range profiles {
		names[p.ID] = p.Name
	}
	total := 0
	if opts.Progress != nil {
		if total, err = c.Customer.Query().Where(ps...).Count(ctx); err != nil {
			return 0, fmt.Errorf("counting customers: %w", err)
		}
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(exportColumns); err != nil {
		return 0, fmt.Errorf("writing CSV: %w", err)
	}
	n, lastID := 0, 0
	for {
		batch, err := c.Customer.Query().Where(ps...).Where(customer.IDGT(lastID)).
			Order(ent.Asc(customer.FieldID)).Limit(1000).All(ctx)
		if err != nil {
			return n, fmt.Errorf("reading customers: %w", err)
		}
		for _, cu := range batch {
			rec := []string{cu.AccountNo, cu.Username, cu.Phone, strp(cu.FullName), strp(cu.Email),
				strp(cu.Address), names[cu.ProfileID], cu.ExpiresAt.UTC().Format(time.RFC3339),
				string(cu.Status), strconv.FormatBool(cu.AutoRenew)}
			for i := range rec {
				rec[i] = neutralise(rec[i])
			}
			if err := cw.Write(rec); err != nil {
				return n, fmt.Errorf("writing CSV: %w", err)
			}
			n++
			lastID = cu.ID
		}
		if opts.Progress != nil {
			opts.Progress(n, total)
		}
		if len(batch) < 1000 {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return n, fmt.Errorf("writing CSV: %w", err)
	}
	return n, nil
}
