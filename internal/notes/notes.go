// Package notes holds a customer's timeline: the notes staff write on it, and the system
// events read from the audit log (plan and status changes, disconnects, archiving), the
// ledger (payments, renewals, adjustments, refunds) and the notifications (reminders and
// receipts sent), merged newest first. Notes are written here; the events are only read.
package notes

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// MaxBody is the longest note, in characters.
const MaxBody = 2000

// Kind is the kind of a timeline entry (GraphQL's TimelineKind).
type Kind string

// Timeline entry kinds.
const (
	KindNote       Kind = "NOTE"
	KindPlan       Kind = "PLAN_CHANGE"
	KindPayment    Kind = "PAYMENT"
	KindCharge     Kind = "CHARGE"
	KindDisconnect Kind = "DISCONNECT"
	KindReminder   Kind = "REMINDER"
	KindStatus     Kind = "STATUS"
	KindAccount    Kind = "ACCOUNT"
)

// Entry is one line of the timeline. Amount (minor units) is set for ledger entries.
type Entry struct {
	At     time.Time
	Kind   Kind
	Title  string
	Detail string
	Actor  string
	Amount *int64
}

// Service writes notes and reads timelines.
type Service struct {
	st  *store.Store
	now func() time.Time
}

// New returns the service over st.
func New(st *store.Store) *Service {
	return &Service{st: st, now: func() time.Time { return time.Now().UTC() }}
}

// Add writes a note by the staff member of ctx on customer id, with its audit row
// (addCustomerNote, without the text). An empty note, one longer than MaxBody or one for a
// customer that does not exist is refused.
func (s *Service) Add(ctx context.Context, customerID int, body string) (*Entry, error) {
	body = strings.TrimSpace(body)
	if body == "" {
		return nil, domain.Invalidf("body", "write the note first").WithKey("note.required", nil)
	}
	if utf8.RuneCountInString(body) > MaxBody {
		return nil, domain.Invalidf("body", "a note is at most %d characters", MaxBody).
			WithKey("input.tooLong", map[string]any{"field": "body", "max": MaxBody})
	}
	var out *ent.CustomerNote
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		exists, err := c.Customer.Query().Where(customerIs(customerID)).Exist(ctx)
		if err != nil {
			return fmt.Errorf("reading customer: %w", err)
		}
		if !exists {
			return domain.NotFoundf("customer").WithKey("customer.notFound", nil)
		}
		a := audit.ActorFrom(ctx)
		out, err = c.CustomerNote.Create().SetCustomerID(customerID).SetNillableStaffID(a.StaffID).
			SetAuthor(a.Name).SetBody(body).SetCreatedAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("writing note: %w", err)
		}
		return audit.Write(ctx, c, "addCustomerNote", "customer", customerID, map[string]any{"note": out.ID})
	})
	if err != nil {
		return nil, err
	}
	return noteEntry(out), nil
}

func noteEntry(n *ent.CustomerNote) *Entry {
	return &Entry{At: n.CreatedAt, Kind: KindNote, Title: "Note", Detail: n.Body, Actor: n.Author}
}

// MarshalGQL writes the kind as its GraphQL enum value.
func (k Kind) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(k))) }

// UnmarshalGQL reads the GraphQL enum value.
func (k *Kind) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("timeline kind must be a string")
	}
	*k = Kind(s)
	return nil
}
