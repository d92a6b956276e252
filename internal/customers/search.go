package customers

import (
	"strings"
	"time"
	"unicode"

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

// SearchPredicate implements DESIGN.md's search rule: a query that reads as a phone number
// (in region's national or the international form) matches by E.164 equality; otherwise a
// case-insensitive prefix of username or account number, or a substring of the full name.
// An empty query matches everything (nil). A query holding a control character (NUL, escape,
// DEL, C1…) matches nothing, the same on both databases: a search is typed text, SQLite
// would read a NUL as the end of the pattern (and match everyone), and PostgreSQL refuses NUL
// in text with an error.
func SearchPredicate(q, region string) predicate.Customer {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	if strings.IndexFunc(q, unicode.IsControl) >= 0 {
		return matchNothing
	}
	if p, ok := PhoneQuery(q, region); ok {
		return customer.Phone(p)
	}
	lq := escapeLike(strings.ToLower(q))
	return func(s *entsql.Selector) {
		s.Where(entsql.Or(
			entsql.P(func(b *entsql.Builder) {
				b.Ident(s.C(customer.FieldUsername)).WriteString(" LIKE ").Arg(lq + "%").WriteString(` ESCAPE '\'`)
			}),
			entsql.P(func(b *entsql.Builder) {
				b.Ident(s.C(customer.FieldAccountNo)).WriteString(" LIKE ").Arg(lq + "%").WriteString(` ESCAPE '\'`)
			}),
			entsql.P(func(b *entsql.Builder) {
				b.Ident(s.C(customer.FieldNameSearch)).WriteString(" LIKE ").Arg("%" + lq + "%").WriteString(` ESCAPE '\'`)
			}),
		))
	}
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
			return nil, domain.Invalidf("accessState", "unknown access state %q", f.Access)
		}
		ps[0] = p
	}
	if p := SearchPredicate(f.Search, region); p != nil {
		ps = append(ps, p)
	}
	if p := StatusPredicate(f.Status, now); p != nil {
		ps = append(ps, p)
	}
	if f.Where != nil {
		p, err := f.Where.P()
		if err != nil && err != ent.ErrEmptyCustomerWhereInput {
			return nil, domain.Invalidf("where", "%s", err.Error())
		}
		if p != nil {
			ps = append(ps, p)
		}
	}
	return ps, nil
}
