package customers

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
)

// The maintained counts (PostgreSQL): customer_search_counts holds, per key, the number of
// customers that are not archived matching it, kept by triggers in the transactions that
// change customers (migration 20261207233000_search_counts). A search whose matches are not
// bounded is counted from it in one statement, so from one snapshot: exact, never estimated.
const (
	searchCountsTable = "customer_search_counts"
	// minPhoneKey and maxPhoneKey bound the lengths of the E.164 prefixes with a count.
	minPhoneKey, maxPhoneKey = 5, 8
)

// maintainedKey returns the key of customer_search_counts that counts what t matches by
// username, account number and name, when there is one: "p:" and the query for one or two
// characters (prefixes), "s:" and the query for three (prefixes, and a name substring).
func (t searchTerms) maintainedKey() (string, bool) {
	if t.digits != "" {
		return "", false
	}
	switch n := utf8.RuneCountInString(t.lq); {
	case t.short && n <= 2:
		return "p:" + t.lq, true
	case !t.short && n == 3:
		return "s:" + t.lq, true
	}
	return "", false
}

// phoneKey is the key of t's phone prefix ("t:+254710"), "" when t's phone match has no
// maintained count.
func (t searchTerms) phoneKey() string {
	p := t.phonePrefix()
	if len(p) < minPhoneKey || len(p) > maxPhoneKey {
		return ""
	}
	return "t:" + p
}

// countMaintained counts the customers that are not archived matching search q on
// PostgreSQL from the maintained counts, when q is one they serve: the empty query, one to
// three characters, and a phone prefix of 5 to 8 characters ("0710" in KE: "+254710"), whose
// count is the maintained one plus the customers matching q otherwise and not by that prefix
// (few: a bounded index scan). ok is false for the other queries, which the caller counts.
func countMaintained(ctx context.Context, c *ent.Client, q, region string) (n int, ok bool, err error) {
	var (
		key  string
		rest string
		args []any
	)
	t, parsed := parseSearch(q, region)
	switch {
	case !parsed && strings.TrimSpace(q) == "":
		key = ""
	case !parsed:
		return 0, false, nil
	case t.phoneKey() != "":
		key = t.phoneKey()
		rest, args = t.restQuery()
	default:
		if key, ok = t.maintainedKey(); !ok {
			return 0, false, nil
		}
	}
	query := fmt.Sprintf(`SELECT COALESCE((SELECT "n" FROM %q WHERE "key" = $%d), 0)`, searchCountsTable, len(args)+1)
	if rest != "" {
		query += " + (" + rest + ")"
	}
	rows, err := c.QueryContext(ctx, query, append(args, key)...)
	if err != nil {
		return 0, true, fmt.Errorf("counting customers: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		return 0, true, fmt.Errorf("counting customers: no row (%v)", rows.Err())
	}
	if err := rows.Scan(&n); err != nil {
		return 0, true, fmt.Errorf("counting customers: %w", err)
	}
	return n, true, rows.Close()
}

// restQuery is the count of the customers that are not archived matching t by username,
// account number or name and not by its phone prefix (PostgreSQL).
func (t searchTerms) restQuery() (string, []any) {
	s := entsql.Dialect(dialect.Postgres).Select(entsql.Count("*")).From(entsql.Table(customer.Table))
	notArchived(s)
	p := t.phonePrefix()
	hi, _ := prefixEnd(p)
	s.Where(entsql.And(entsql.Or(t.text(s)...), entsql.Not(prefixRange(s.C(customer.FieldPhone), p, hi))))
	return s.Query()
}

// searchLowerBound returns, on PostgreSQL, id >= the min_id of the maintained key of search q
// (one to three characters): a lower bound of the ids of the customers that are not archived
// matching q, from which a list ordered by id walks the primary key instead of from its start
// (the matches of a short prefix can sit together at high ids: account numbers follow ids).
// With no row for the key no customer that is not archived matches, and the bound excludes
// all. Nil for other queries; on SQLite the predicate adds nothing.
func searchLowerBound(q, region string) predicate.Customer {
	t, ok := parseSearch(q, region)
	if !ok {
		return nil
	}
	key, ok := t.maintainedKey()
	if !ok {
		return nil
	}
	return func(s *entsql.Selector) {
		if s.Dialect() != dialect.Postgres {
			return
		}
		s.Where(entsql.P(func(b *entsql.Builder) {
			b.Ident(s.C(customer.FieldID)).WriteString(` >= COALESCE((SELECT COALESCE("min_id", 0) FROM "` + searchCountsTable +
				`" WHERE "key" = `).Arg(key).WriteString(`), 9223372036854775807)`)
		}))
	}
}
