package customers

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/domain"
)

// ConnectionStatus is the derived state of a customer's connection.
type ConnectionStatus string

// Connection statuses (GraphQL's ConnectionStatus).
const (
	Online  ConnectionStatus = "ONLINE"
	Offline ConnectionStatus = "OFFLINE"
	Expired ConnectionStatus = "EXPIRED"
)

// StatusOf derives the connection status: EXPIRED when the subscription has ended,
// else ONLINE with an open session, else OFFLINE.
func StatusOf(expiresAt time.Time, hasOpenSession bool, now time.Time) ConnectionStatus {
	switch {
	case !expiresAt.After(now):
		return Expired
	case hasOpenSession:
		return Online
	default:
		return Offline
	}
}

// escapeLike escapes LIKE's wildcards (the escape character is the backslash on both
// databases: PostgreSQL's default, and SQLite through ESCAPE).
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SearchPredicate implements DESIGN.md's search rule: a case-insensitive prefix of username
// or account number, or of the full name for one or two characters and a substring of it
// from three (a trigram index serves those on PostgreSQL; one- and two-character substrings
// cannot be counted within the latency target). A query of 4 or more digits (spaces, dashes
// and parentheses ignored) also matches the phone numbers: with a leading + or a leading
// national prefix of region (0 in most countries) as the start of the E.164 number ("0740" in
// KE: numbers starting +254740, a B-tree range on PostgreSQL), otherwise as a substring of its
// digits ("9737"; see PhoneMatch).
// An empty query matches everything (nil). A query holding a control character (NUL, escape,
// DEL, C1…) matches nothing, the same on both databases: a search is typed text, SQLite
// would read a NUL as the end of the pattern (and match everyone), and PostgreSQL refuses NUL
// in text with an error.
func SearchPredicate(q, region string) predicate.Customer {
	t, ok := parseSearch(q, region)
	if !ok {
		if strings.TrimSpace(q) == "" {
			return nil
		}
		return matchNothing
	}
	return func(s *entsql.Selector) {
		ors := t.text(s)
		if p := t.phone(s); p != nil {
			ors = append(ors, p)
		}
		s.Where(entsql.Or(ors...))
	}
}

// searchTerms is a parsed search query.
type searchTerms struct {
	lq    string // the query lower-cased
	short bool   // under 3 characters: prefixes only
	// digits of a phone search ("" when the query is none); prefix: they start the E.164 number
	// (a leading + or national prefix), else they are a substring of it.
	digits string
	prefix bool
}

// parseSearch parses q; ok is false for an empty query or one holding a control character.
func parseSearch(q, region string) (searchTerms, bool) {
	q = strings.TrimSpace(q)
	if q == "" || strings.IndexFunc(q, unicode.IsControl) >= 0 {
		return searchTerms{}, false
	}
	t := searchTerms{lq: strings.ToLower(q), short: utf8.RuneCountInString(q) < 3}
	t.digits, t.prefix = PhoneMatch(q, region)
	return t, true
}

// phonePrefix is the start of the E.164 numbers a prefix phone search matches ("+254740").
func (t searchTerms) phonePrefix() string {
	if t.digits == "" || !t.prefix {
		return ""
	}
	return "+" + t.digits
}

// text returns the predicates on username, account number and name: prefixes, and a name
// substring from three characters; on PostgreSQL a short query's prefixes are byte-order
// ranges (prefixRange), which the text_pattern_ops B-trees serve.
func (t searchTerms) text(s *entsql.Selector) []*entsql.Predicate {
	lq := escapeLike(t.lq)
	name := "%" + lq + "%"
	if t.short {
		name = lq + "%"
	}
	if t.short && s.Dialect() == dialect.Postgres {
		if hi, ok := prefixEnd(t.lq); ok {
			var ors []*entsql.Predicate
			for _, col := range []string{customer.FieldUsername, customer.FieldAccountNo, customer.FieldNameSearch} {
				ors = append(ors, prefixRange(s.C(col), t.lq, hi))
			}
			return ors
		}
	}
	return []*entsql.Predicate{
		like(s.C(customer.FieldUsername), lq+"%"),
		like(s.C(customer.FieldAccountNo), lq+"%"),
		like(s.C(customer.FieldNameSearch), name),
	}
}

// phone returns the predicate on the phone number, nil when the query is no phone search.
func (t searchTerms) phone(s *entsql.Selector) *entsql.Predicate {
	switch p := t.phonePrefix(); {
	case t.digits == "":
		return nil
	case p == "":
		return like(s.C(customer.FieldPhone), "%"+t.digits+"%")
	case s.Dialect() == dialect.Postgres:
		hi, _ := prefixEnd(p) // p is ASCII: always ok
		return prefixRange(s.C(customer.FieldPhone), p, hi)
	default:
		return like(s.C(customer.FieldPhone), p+"%")
	}
}

func like(col, pattern string) *entsql.Predicate {
	return entsql.P(func(b *entsql.Builder) {
		b.Ident(col).WriteString(" LIKE ").Arg(pattern).WriteString(` ESCAPE '\'`)
	})
}

// prefixRange is col ~>=~ lo AND col ~<~ hi: on PostgreSQL the strings starting with lo (hi
// from prefixEnd) in byte order, which a text_pattern_ops B-tree serves (DESIGN.md's search
// rule for one and two characters). The planner turns LIKE 'j%' into this range only when it
// picks such an index; for name_search it preferred the trigram index, whose bitmap of a
// fifth of the customers is rechecked row by row, or a sequential scan.
func prefixRange(col, lo, hi string) *entsql.Predicate {
	return entsql.P(func(b *entsql.Builder) {
		b.Wrap(func(b *entsql.Builder) {
			b.Ident(col).WriteString(" ~>=~ ").Arg(lo).WriteString(" AND ").Ident(col).WriteString(" ~<~ ").Arg(hi)
		})
	})
}

// prefixEnd returns the least string greater than every string starting with p in byte order
// (UTF-8 byte order is code point order): p with its last rune incremented. ok is false when
// there is none (p empty, or its last rune the greatest) or p is not valid UTF-8.
func prefixEnd(p string) (string, bool) {
	r, size := utf8.DecodeLastRuneInString(p)
	if r == utf8.RuneError || !utf8.ValidString(p) || r >= unicode.MaxRune {
		return "", false
	}
	r++
	if r >= 0xD800 && r <= 0xDFFF { // surrogates are not encodable
		r = 0xE000
	}
	return p[:len(p)-size] + string(r), true
}

// MinPhoneDigits is the fewest digits a search matches phone numbers with.
const MinPhoneDigits = 4

// PhoneDigits returns the digits a search query matches against the E.164 digits of the
// phone numbers: ok when q holds only digits, spaces, dashes and parentheses (an optional +
// first) with at least MinPhoneDigits digits. Without the +, a leading national prefix of
// region (0 in most countries) is read as the start of a national number and replaced by
// the region's country code: "0740" in KE gives 254740; "9737" gives 9737.
func PhoneDigits(q, region string) (string, bool) {
	d, _ := PhoneMatch(q, region)
	return d, d != ""
}

// PhoneMatch is PhoneDigits ("" when q is no phone search) with how they match: prefix is
// true when they start the E.164 number (q starts with + or with the national prefix of
// region: "0740" in KE finds +254740…), false when they match anywhere in its digits ("9737").
func PhoneMatch(q, region string) (digits string, prefix bool) {
	q = strings.TrimSpace(q)
	plus := strings.HasPrefix(q, "+")
	var b strings.Builder
	for _, r := range strings.TrimPrefix(q, "+") {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '(' || r == ')':
		default:
			return "", false
		}
	}
	d := b.String()
	if len(d) < MinPhoneDigits {
		return "", false
	}
	if plus {
		return d, true
	}
	if region == "" {
		region = "KE"
	}
	if ndd := phonenumbers.GetNddPrefixForRegion(region, true); ndd != "" && strings.HasPrefix(d, ndd) {
		if cc := phonenumbers.GetCountryCodeForRegion(region); cc != 0 {
			return strconv.Itoa(cc) + strings.TrimPrefix(d, ndd), true
		}
	}
	return d, false
}

// matchNothing is a predicate no customer satisfies.
func matchNothing(s *entsql.Selector) { s.Where(entsql.False()) }

// StatusPredicate filters by derived connection status at now.
func StatusPredicate(st ConnectionStatus, now time.Time) predicate.Customer {
	switch st {
	case Expired:
		return customer.ExpiresAtLTE(now)
	case Online:
		return customer.And(customer.ExpiresAtGT(now), hasOpenSession)
	case Offline:
		return customer.And(customer.ExpiresAtGT(now), customer.Not(hasOpenSession))
	}
	return nil
}

// hasOpenSession is EXISTS (an open session of the customer). ent's HasSessionsWith writes
// id IN (SELECT customer_id …), which PostgreSQL hashes whole before returning a first row;
// a correlated EXISTS lets a page of ONLINE customers probe the partial index of open
// sessions customer by customer and stop at the page's end.
func hasOpenSession(s *entsql.Selector) {
	t := entsql.Table(session.Table)
	s.Where(entsql.Exists(entsql.Select(t.C(session.FieldID)).From(t).
		Where(entsql.And(entsql.ColumnsEQ(t.C(session.FieldCustomerID), s.C(customer.FieldID)), entsql.EQ(t.C(session.FieldOpen), true)))))
}

// Filter is a customer list's filter: search, connection status, access state and entgql's
// where input. Archived customers are left out unless Access is ARCHIVED.
type Filter struct {
	Search string
	Status ConnectionStatus
	Access AccessState
	Where  *ent.CustomerWhereInput
}

// onlyStatus reports whether f filters by connection status alone (the dashboard's counts).
func (f Filter) onlyStatus() bool {
	return f.Search == "" && f.Access == "" && f.Where == nil && f.Status != ""
}

// unfiltered reports whether f matches every customer that is not archived.
func (f Filter) unfiltered() bool {
	return f.Search == "" && f.Access == "" && f.Where == nil && f.Status == ""
}

// Predicates returns the predicates of f; the first leaves out the archived customers (or,
// for the ARCHIVED state, keeps only them).
func (f Filter) Predicates(region string, now time.Time) ([]predicate.Customer, error) {
	ps := []predicate.Customer{notArchived}
	if f.Access != "" {
		p := AccessPredicate(f.Access, now)
		if p == nil {
			return nil, domain.Invalidf("accessState", "unknown access state %q", f.Access).
				WithKey("customer.unknownAccessState", map[string]any{"state": f.Access})
		}
		ps[0] = p
	}
	if p := SearchPredicate(f.Search, region); p != nil {
		ps = append(ps, p)
	}
	if p := searchLowerBound(f.Search, region); p != nil && f.Access != AccessArchived {
		ps = append(ps, p)
	}
	if p := StatusPredicate(f.Status, now); p != nil {
		ps = append(ps, p)
	}
	if f.Where != nil {
		p, err := f.Where.P()
		if err != nil && err != ent.ErrEmptyCustomerWhereInput {
			return nil, domain.Invalidf("where", "%s", err.Error()).WithKey("customer.badFilter", map[string]any{"detail": err.Error()})
		}
		if p != nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}
