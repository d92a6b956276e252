package customers

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/store"
)

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

// importLookups are what validating rows needs from the database: profiles by lower-case
// name, the stored customers the rows name by username, and the owners of the account
// numbers the rows give.
type importLookups struct {
	profiles     map[string]*ent.Profile
	existing     map[string]*ent.Customer
	accountOwner map[string]string
}

// validateRows checks every row against the rules of Create and the stored customers,
// appending problems to res; rows of stored customers are marked as updates, changed or not.
func (s *Service) validateRows(ctx context.Context, c *ent.Client, rows []*importRow, region string, loc *time.Location, res *ImportResult, opts ImportOptions) error {
	usernames, accountNos := checkIdentities(rows, res)
	lk, err := loadLookups(ctx, c, s.st.IsPostgres(), usernames, accountNos)
	if err != nil {
		return err
	}
	if err := s.checkRows(rows, lk, region, loc, res, opts.Progress); err != nil {
		return err
	}
	if err := checkStatics(ctx, c, rows, res); err != nil {
		return err
	}
	return checkPrefixes(ctx, c, rows, res)
}

// checkIdentities normalises each row's username and finds usernames and account numbers
// given twice in the file. It returns the usernames and account numbers to look up.
func checkIdentities(rows []*importRow, res *ImportResult) (usernames, accountNos []string) {
	usernames = make([]string, 0, len(rows))
	firstLine := map[string]int{}
	firstAccount := map[string]int{}
	for _, row := range rows {
		u, err := NormalizeUsername(row.cells["username"])
		if err != nil {
			res.fail(row, "username", "%s", messageOf(err))
			continue
		}
		row.username = u
		if l, dup := firstLine[u]; dup {
			res.fail(row, "username", "username %q already appears on row %d", u, l)
			continue
		}
		firstLine[u] = row.line
		usernames = append(usernames, u)
		if a := row.cells["account_no"]; a != "" {
			if l, dup := firstAccount[a]; dup {
				res.fail(row, "account_no", "account number %s already appears on row %d", a, l)
			}
			firstAccount[a] = row.line
			accountNos = append(accountNos, a)
		}
	}
	return usernames, accountNos
}

// loadLookups reads the profiles, and the customers and account numbers named: on
// PostgreSQL in one query each (= ANY of an array), on SQLite in chunks of bound variables.
func loadLookups(ctx context.Context, c *ent.Client, pg bool, usernames, accountNos []string) (importLookups, error) {
	lk := importLookups{profiles: map[string]*ent.Profile{}, existing: map[string]*ent.Customer{}, accountOwner: map[string]string{}}
	profiles, err := c.Profile.Query().All(ctx)
	if err != nil {
		return lk, fmt.Errorf("reading profiles: %w", err)
	}
	for _, p := range profiles {
		lk.profiles[strings.ToLower(p.Name)] = p
	}
	err = inChunks(pg, usernames, func(in predicate.Customer) error {
		cs, err := c.Customer.Query().Where(in).All(ctx)
		for _, cu := range cs {
			lk.existing[cu.Username] = cu
		}
		return err
	}, customer.FieldUsername, customer.UsernameIn)
	if err != nil {
		return lk, fmt.Errorf("reading customers: %w", err)
	}
	err = inChunks(pg, accountNos, func(in predicate.Customer) error {
		cs, err := c.Customer.Query().Where(in).Select(customer.FieldAccountNo, customer.FieldUsername).All(ctx)
		for _, cu := range cs {
			lk.accountOwner[cu.AccountNo] = cu.Username
		}
		return err
	}, customer.FieldAccountNo, customer.AccountNoIn)
	if err != nil {
		return lk, fmt.Errorf("reading customers: %w", err)
	}
	return lk, nil
}

// inChunks calls read with the predicate "col is one of vals": once with = ANY($1) on
// PostgreSQL, else once per 1,000 values with in (SQLite's bound variables are limited).
func inChunks(pg bool, vals []string, read func(predicate.Customer) error, col string,
	in func(...string) predicate.Customer) error {
	if len(vals) == 0 {
		return nil
	}
	if pg {
		return read(func(s *entsql.Selector) {
			s.Where(entsql.P(func(b *entsql.Builder) {
				b.Ident(s.C(col)).WriteString(" = ANY(").Arg(pq.Array(vals)).WriteString(")")
			}))
		})
	}
	for start := 0; start < len(vals); start += 1000 {
		chunk := vals[start:min(start+1000, len(vals))]
		if err := read(in(chunk...)); err != nil {
			return err
		}
	}
	return nil
}

// fail records a problem with a row's column.
func (res *ImportResult) fail(row *importRow, col, format string, args ...any) {
	res.Errors = append(res.Errors, RowError{Row: row.line, Column: col, Message: fmt.Sprintf(format, args...)})
}

// checkRows validates each row whose username is valid against lk, in memory.
func (s *Service) checkRows(rows []*importRow, lk importLookups, region string, loc *time.Location, res *ImportResult,
	progress func(phase string, done, total int)) error {
	normalizePhones(rows, region)
	for i, row := range rows {
		if progress != nil && ((i+1)%500 == 0 || i+1 == len(rows)) {
			progress("validate", i+1, len(rows))
		}
		if row.username == "" {
			continue
		}
		cur := lk.existing[row.username]
		row.existing, row.update = cur, cur != nil
		checkAccountNo(row, lk, res)
		row.checkCells(lk, region, loc, res)
		row.checkPassword(res)
		for _, w := range UsernameWarnings(row.username) {
			if cur == nil {
				res.Warnings = append(res.Warnings, RowWarning{Row: row.line, Message: w})
			}
		}
		if err := checkOptional(row); err != nil {
			if de, ok := domain.As(err); ok {
				res.fail(row, csvColumn(de.Field), "%s", de.Message)
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

// normalizePhones reads the phone cell of every row with a valid username into its E.164
// form (row.phone) or its problem (row.phoneErr), spread over the processors: parsing with
// libphonenumber is most of the CPU time of validating a row.
func normalizePhones(rows []*importRow, region string) {
	workers := min(runtime.GOMAXPROCS(0), max(1, len(rows)/1000))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(rows); i += workers {
				if row := rows[i]; row.username != "" && row.has("phone") {
					row.phone, row.phoneErr = NormalizePhone(row.cells["phone"], region)
				}
			}
		}()
	}
	wg.Wait()
}

// checkAccountNo checks a given account number: digits, unchanged for a stored customer, and
// not another customer's.
func checkAccountNo(row *importRow, lk importLookups, res *ImportResult) {
	a := row.cells["account_no"]
	if a == "" {
		return
	}
	cur := row.existing
	if _, err := strconv.ParseUint(a, 10, 64); err != nil || len(a) > 20 {
		res.fail(row, "account_no", "account numbers are digits only")
	} else if cur != nil && cur.AccountNo != a {
		res.fail(row, "account_no", "customer %s has account number %s; account numbers cannot change", row.username, cur.AccountNo)
	} else if owner, ok := lk.accountOwner[a]; ok && owner != row.username {
		res.fail(row, "account_no", "account number %s belongs to customer %s", a, owner)
	}
}

// has reports whether the row gives a non-empty value for col.
func (row *importRow) has(col string) bool { v, ok := row.cells[col]; return ok && v != "" }

// checkCells reads phone, profile, expiry, status and auto-renew into the row's normalised
// values; a new customer needs a phone and a profile.
func (row *importRow) checkCells(lk importLookups, region string, loc *time.Location, res *ImportResult) {
	cells, isNew := row.cells, row.existing == nil
	if row.has("phone") {
		if row.phoneErr != nil {
			res.fail(row, "phone", "%s", messageOf(row.phoneErr))
		}
	} else if isNew {
		res.fail(row, "phone", "phone is required for a new customer")
	}
	if row.has("profile") {
		p, ok := lk.profiles[strings.ToLower(cells["profile"])]
		if !ok {
			res.fail(row, "profile", "no profile named %s", Quote(cells["profile"]))
		} else {
			row.profileID, row.profileName = p.ID, p.Name
		}
	} else if isNew {
		res.fail(row, "profile", "profile is required for a new customer")
	}
	if row.has("expires_at") {
		if t, err := parseExpiry(cells["expires_at"], loc); err != nil {
			res.fail(row, "expires_at", "%s", err.Error())
		} else {
			row.expires = &t
		}
	}
	if row.has("status") {
		st := customer.Status(strings.ToUpper(cells["status"]))
		if err := customer.StatusValidator(st); err != nil {
			res.fail(row, "status", "status must be ACTIVE, SUSPENDED or DISABLED")
		} else {
			row.status = &st
		}
	}
	if row.has("auto_renew") {
		if b, err := parseBool(cells["auto_renew"]); err != nil {
			res.fail(row, "auto_renew", "auto_renew must be true or false")
		} else {
			row.autoRenew = &b
		}
	}
}

// checkPassword keeps an imported password: weak ones with a warning, empty or overlong ones
// refused.
func (row *importRow) checkPassword(res *ImportResult) {
	if !row.has("password") {
		return
	}
	pw := row.cells["password"]
	row.password = &pw
	if prob := PasswordProblem(pw, row.username); prob != "" {
		if len(pw) == 0 || len(pw) > 128 {
			res.fail(row, "password", "%s", prob)
		} else {
			res.Warnings = append(res.Warnings, RowWarning{Row: row.line, Message: "weak password kept as imported: " + prob})
		}
	}
}

func csvColumn(field string) string {
	switch field {
	case "fullName":
		return "full_name"
	case "staticIp":
		return "static_ip"
	case "ipv6.framedPrefix":
		return "framed_ipv6_prefix"
	case "ipv6.delegatedPrefix":
		return "delegated_ipv6_prefix"
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
func checkOptional(row *importRow) error {
	m := scratch.Customer.Create().Mutation()
	return applyOptional(m, opt(row.cells, "full_name"), opt(row.cells, "email"), opt(row.cells, "address"), nil, nil)
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
		old, err := s.box.Decrypt(cur.PasswordEnc)
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

func (s *Service) applyRow(ctx context.Context, c *ent.Client, idx *ipv6cfg.Index, row *importRow, region string) error {
	cur := row.existing
	up := store.BoundUsage(c.Customer.UpdateOneID(cur.ID))
	if err := applyOptional(up.Mutation(), changedOpt(row.cells, "full_name", cur.FullName),
		changedOpt(row.cells, "email", cur.Email), changedOpt(row.cells, "address", cur.Address), row.staticChange(), nil); err != nil {
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
		if old, err := s.box.Decrypt(cur.PasswordEnc); err != nil || old != *row.password {
			enc, err := s.box.Encrypt(*row.password)
			if err != nil {
				return fmt.Errorf("encrypting password: %w", err)
			}
			up.SetPasswordEnc(enc)
		}
	}
	if err := up.Exec(ctx); err != nil {
		return fmt.Errorf("updating customer %s: %w", row.username, err)
	}
	if err := claimStatic(ctx, c, cur.ID, cur.StaticIP, row.staticChange()); err != nil {
		return err
	}
	if row.ipv6 != nil {
		if _, err := ipv6cfg.SetCustomerIndexed(ctx, c, idx, cur.ID, row.ipv6); err != nil {
			return err
		}
	}
	m := up.Mutation()
	_, pwChanged := m.PasswordEnc()
	st, stChanged := m.Status()
	if pwChanged || (stChanged && st != customer.StatusACTIVE) {
		if _, err := revokePortalTokens(ctx, c, cur.ID, 0, time.Now().UTC()); err != nil {
			return err
		}
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
