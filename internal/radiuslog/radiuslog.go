// Package radiuslog is the service of the RADIUS log: the recent Access-Requests with their
// result and reason (AuthEvent rows, unknown usernames included) searchable by username, MAC
// and router, and the RADIUS tallies (RadiusTally rows the RADIUS server adds in batches):
// accepts, rejects by reason and dropped packets by reason per router, and the drops of
// unknown addresses and wrong secrets grouped by source. Reads only; the RADIUS server writes.
package radiuslog

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/internal/store"
)

// Drop reasons that mean the packet failed authentication with the router's secret: the
// shared secret configured on the router differs from linedesk's.
var authFailureReasons = map[string]bool{"bad_message_authenticator": true, "bad_request_authenticator": true}

// IsAuthFailure reports whether a drop reason means the router's packets fail authentication.
func IsAuthFailure(reason string) bool { return authFailureReasons[reason] }

// Service reads the RADIUS log.
type Service struct {
	st  *store.Store
	now func() time.Time

	mu     sync.Mutex
	cached map[int]*RouterCounts
	cutAt  time.Time
}

// New returns the service over st.
func New(st *store.Store) *Service { return &Service{st: st, now: time.Now} }

// Filter narrows the log. Empty fields match everything.
type Filter struct {
	Username *string // prefix
	MAC      *string // any part of the Calling-Station-Id, separators ignored
	NasID    *int
	Result   *authevent.Result
	Reason   *authevent.Reason
}

// RangeError is an argument out of its range.
type RangeError struct{ Field, Msg string }

func (e *RangeError) Error() string { return e.Field + ": " + e.Msg }

// MaxPage is the largest page of the log.
const MaxPage = 200

// Log returns a page of the log, newest first.
func (s *Service) Log(ctx context.Context, f *Filter, first *int, after *entgql.Cursor[int]) (*ent.AuthEventConnection, error) {
	n := 50
	if first != nil {
		n = *first
	}
	if n < 0 || n > MaxPage {
		return nil, &RangeError{Field: "first", Msg: fmt.Sprintf("pages of the RADIUS log hold 0 to %d rows", MaxPage)}
	}
	if f == nil {
		f = &Filter{}
	}
	var where []predicate.AuthEvent
	if u := strings.TrimSpace(deref(f.Username)); u != "" {
		where = append(where, authevent.UsernameHasPrefix(u))
	}
	if mac := macDigits(deref(f.MAC)); mac != "" {
		where = append(where, macMatches(mac))
	}
	if f.NasID != nil {
		where = append(where, authevent.NasID(*f.NasID))
	}
	if f.Result != nil {
		where = append(where, authevent.ResultEQ(*f.Result))
	}
	if f.Reason != nil {
		where = append(where, authevent.ReasonEQ(*f.Reason))
	}
	q := store.Reader(ctx, s.st.Client).AuthEvent.Query().Where(where...)
	order := &ent.AuthEventOrder{Direction: entgql.OrderDirectionDesc, Field: ent.AuthEventOrderFieldCreatedAt}
	conn, err := q.Paginate(ctx, after, &n, nil, nil, ent.WithAuthEventOrder(order))
	if err != nil {
		return nil, fmt.Errorf("reading the RADIUS log: %w", err)
	}
	return conn, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// macDigits keeps the hex digits of a MAC search, lower case.
func macDigits(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// macMatches matches a Calling-Station-Id containing the digits, whatever separators the
// router writes (aa:bb, AA-BB, aabb.ccdd).
func macMatches(digits string) predicate.AuthEvent {
	return predicate.AuthEvent(func(s *sql.Selector) {
		col := s.C(authevent.FieldCallingStationID)
		expr := "LOWER(REPLACE(REPLACE(REPLACE(" + col + ", ':', ''), '-', ''), '.', ''))"
		s.Where(sql.P(func(b *sql.Builder) {
			b.WriteString(expr + " LIKE ")
			b.Arg("%" + digits + "%")
		}))
	})
}
