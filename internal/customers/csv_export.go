package customers

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/settings"
)

// exportColumns are Columns without the password: exports never include one.
var exportColumns = []string{"account_no", "username", "phone", "full_name", "email",
	"address", "profile", "expires_at", "status", "auto_renew", "static_ip"}

// formulaStarts are the characters that make a spreadsheet read a cell as a formula, with the
// compatibility forms that fold to them under NFKC (full-width ＝＋－＠, small ﹦﹢﹣﹫,
// superscript and subscript ⁺⁼₊₌, Hebrew ﬩), which Excel and LibreOffice read the same way,
// and the minus sign U+2212.
const formulaStarts = "=+-@" + "＝＋－＠" + "﹦﹢﹣﹫" + "⁺⁼₊₌" + "\ufb29" + "\u2212"

// formulaLike reports whether a spreadsheet could read the cell v as a formula: it starts
// with a tab or carriage return, or its first character after any white space, control or
// invisible formatting characters (which spreadsheets skip) is one of formulaStarts. Leading
// apostrophes are looked through (formulaLike("'"+v) == formulaLike(v)), so that neutralise
// and unneutralise stay inverse for values that begin with one.
func formulaLike(v string) bool {
	v = strings.TrimLeft(v, "'")
	if v != "" && (v[0] == '\t' || v[0] == '\r') {
		return true
	}
	for _, r := range v {
		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == utf8.RuneError {
			continue
		}
		return strings.ContainsRune(formulaStarts, r)
	}
	return false
}

// NeutraliseCell is neutralise for the other CSV exports (payments, revenue).
func NeutraliseCell(v string) string { return neutralise(v) }

// neutralise keeps a spreadsheet from reading a cell as a formula (CSV injection): a cell
// that could be one gets a leading apostrophe, which spreadsheets read as "this is text".
func neutralise(v string) string {
	if formulaLike(v) {
		return "'" + v
	}
	return v
}

// unneutralise undoes neutralise: it removes the leading apostrophe of a cell that would
// otherwise read as a formula. unneutralise(neutralise(v)) == v for every v.
func unneutralise(v string) string {
	if len(v) >= 2 && v[0] == '\'' && formulaLike(v[1:]) {
		return v[1:]
	}
	return v
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
				string(cu.Status), strconv.FormatBool(cu.AutoRenew), strp(cu.StaticIP)}
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
