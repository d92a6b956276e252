package auditlog

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/linedesk/linedesk/ent"
	entstaff "github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/profiles"
	"github.com/linedesk/linedesk/internal/staff"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/rendered.golden")

func ptr[T any](v T) *T { return &v }

// fixture writes audit rows through the real services (and two rows as the services that
// write them would: a payment and a failed sign-in), and returns the ids it filters by.
type fixture struct {
	jane, other *ent.Customer
	alice       *ent.Staff
	start       time.Time
}

func seed(t *testing.T, st *store.Store) fixture {
	t.Helper()
	bg := context.Background()
	admin, err := auth.CreateStaff(bg, st.Client, "alice", "correct-horse-1", auth.Admin)
	if err != nil {
		t.Fatal(err)
	}
	clerk, err := auth.CreateStaff(bg, st.Client, "clerk", "correct-horse-1", auth.Operator)
	if err != nil {
		t.Fatal(err)
	}
	id := admin.ID
	ctx := audit.WithActor(bg, audit.Actor{Name: "alice", StaffID: &id, Address: "192.0.2.10"})
	ctx = auth.WithPrincipal(ctx, &auth.Principal{TokenID: 1, Kind: "LOGIN", Role: auth.Admin, StaffID: &id, Name: "alice"})
	start := time.Now().UTC().Add(-time.Second)
	bus := events.NewBus()
	ps := profiles.New(st, bus)
	gold, err := ps.Create(ctx, profiles.CreateInput{Name: "Gold 10M", DownloadKbps: 10000, UploadKbps: 5000, ValidityDays: 30, Price: 150000})
	if err != nil {
		t.Fatal(err)
	}
	silver, err := ps.Create(ctx, profiles.CreateInput{Name: "Silver 5M", DownloadKbps: 5000, UploadKbps: 2000, ValidityDays: 30, Price: 90000})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ps.Update(ctx, gold.ID, profiles.UpdateInput{Price: ptr(int64(160000)), DataLimitBytes: ptr(int64(300_000_000_000))}); err != nil {
		t.Fatal(err)
	}
	cs := customers.New(st, testutil.Box(t), bus, nil)
	expires := time.Date(2027, 1, 31, 21, 0, 0, 0, time.UTC)
	jane, err := cs.Create(ctx, customers.CreateInput{Username: "jane", Phone: "0712345678", FullName: ptr("Jane Wanjiru"), ProfileID: gold.ID, ExpiresAt: &expires})
	if err != nil {
		t.Fatal(err)
	}
	other, err := cs.Create(ctx, customers.CreateInput{Username: "otieno", Phone: "0722000111", FullName: ptr("Paul Otieno"), ProfileID: silver.ID, ExpiresAt: &expires})
	if err != nil {
		t.Fatal(err)
	}
	later := expires.AddDate(0, 1, 0)
	if _, err := cs.Update(ctx, jane.Customer.ID, customers.UpdateInput{FullName: ptr("Jane W. Kamau"), ExpiresAt: &later, AutoRenew: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.ChangeProfile(ctx, jane.Customer.ID, silver.ID); err != nil {
		t.Fatal(err)
	}
	if err := audit.Write(ctx, st.Client, "recordPayment", "customer", jane.Customer.ID,
		map[string]any{"amount": 150000, "method": "MPESA", "reference": "QK7H2X", "transactionID": 99}); err != nil {
		t.Fatal(err)
	}
	ss := staff.New(st, testutil.Box(t), bus, nil)
	if _, err := ss.Update(ctx, clerk.ID, staff.UpdateInput{Role: ptr(auth.Viewer), Password: ptr("reset-password-1")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Login(bg, staff.Credentials{Username: "clerk", Password: "not-it-at-all", Address: "203.0.113.66"}); err == nil {
		t.Fatal("a wrong password signed in")
	}
	if _, err := ss.Login(bg, staff.Credentials{Username: "mallory", Password: "guess-guess", Address: "203.0.113.67"}); err == nil {
		t.Fatal("an unknown user signed in")
	}
	note := st.Client.CustomerNote.Create().SetCustomerID(other.Customer.ID).SetAuthor("alice").
		SetBody("Called:\n promised to pay on Friday").SaveX(bg)
	if err := audit.Write(ctx, st.Client, "addCustomerNote", "customer", other.Customer.ID, map[string]any{"note": note.ID}); err != nil {
		t.Fatal(err)
	}
	job := st.Client.BulkJob.Create().SetAction("RENEW").SetTotal(25).SetActor("alice").
		SetCreatedAt(time.Date(2027, 1, 5, 9, 30, 0, 0, time.UTC)).SaveX(bg)
	if err := audit.Write(ctx, st.Client, "bulkRenew", "customer", other.Customer.ID,
		map[string]any{"job": job.ID, "failed": "insufficient balance"}); err != nil {
		t.Fatal(err)
	}
	if err := audit.Write(ctx, st.Client, "deleteNas", "nas", 7, map[string]any{"name": "Old tower"}); err != nil {
		t.Fatal(err)
	}
	return fixture{jane: jane.Customer, other: other.Customer, alice: admin, start: start}
}

// render is a row as the golden file shows it.
func render(e *Entry) string {
	var ch []string
	for _, c := range e.Changes {
		if c.Before != nil {
			ch = append(ch, fmt.Sprintf("%s: %s → %s", c.Field, *c.Before, c.After))
		} else {
			ch = append(ch, fmt.Sprintf("%s: %s", c.Field, c.After))
		}
	}
	return fmt.Sprintf("%-9s | %-28s | %-26s | %s | %s", e.Actor, e.Summary, e.Target, strings.Join(ch, "; "), e.Address)
}

// TestAuditReadable: the rows read with names (the customer's account number and name, the
// staff username, plan and router names; a deleted router by the name recorded), money in the
// currency, times in the time zone, enum values in words, a bulk job by when it started and a note by
// its text (never their ids), and each change as before → after; the golden file
// testdata/rendered.golden holds the rendering. Filters by customer search, staff, action and
// dates find the rows they name.
func TestAuditReadable(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := seed(t, st)
		s := New(st)
		bg := context.Background()
		page, err := s.List(bg, nil, nil, ptr(100))
		if err != nil {
			t.Fatal(err)
		}
		var lines []string
		for i := len(page.Entries) - 1; i >= 0; i-- { // oldest first reads as a story
			lines = append(lines, render(page.Entries[i]))
		}
		got := strings.Join(lines, "\n") + "\n"
		got = strings.ReplaceAll(got, f.jane.AccountNo, "<jane's account>")
		got = strings.ReplaceAll(got, f.other.AccountNo, "<paul's account>")
		golden := filepath.Join("testdata", "rendered.golden")
		if *update {
			if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (run with -update)", err)
		}
		if got != string(want) {
			t.Errorf("rendered rows differ from %s:\n%s", golden, got)
		}
		for _, id := range []string{fmt.Sprint(f.jane.ID), fmt.Sprint(f.alice.ID)} {
			if strings.Contains(got, id) {
				t.Errorf("an internal id (%s) is shown", id)
			}
		}
		// Pages follow each other through a cursor that went through GraphQL's encoding.
		first, err := s.List(bg, nil, nil, ptr(5))
		if err != nil || len(first.Entries) != 5 || !first.PageInfo.HasNextPage {
			t.Fatalf("first page: %v", err)
		}
		var buf bytes.Buffer
		first.PageInfo.EndCursor.MarshalGQL(&buf)
		var cur entgql.Cursor[int]
		if err := cur.UnmarshalGQL(strings.Trim(buf.String(), `"`)); err != nil {
			t.Fatal(err)
		}
		rest, err := s.List(bg, nil, &cur, ptr(100))
		if err != nil || len(rest.Entries)+5 != page.TotalCount || rest.PageInfo.HasNextPage {
			t.Fatalf("second page: %d rows, %v", len(rest.Entries), err)
		}
		if rest.Entries[0].ID != page.Entries[5].ID {
			t.Fatalf("second page starts at %d, want %d", rest.Entries[0].ID, page.Entries[5].ID)
		}
		count := func(fl Filter) int {
			t.Helper()
			p, err := s.List(bg, &fl, nil, ptr(100))
			if err != nil {
				t.Fatal(err)
			}
			return len(p.Entries)
		}
		far := time.Now().Add(time.Hour)
		for _, c := range []struct {
			name string
			f    Filter
			want int
		}{
			{"customer by part of the name", Filter{Customer: ptr("wanj")}, 0}, // renamed: the name is Kamau now
			{"customer by the new name", Filter{Customer: ptr("kamau")}, 4},
			{"customer by account number", Filter{Customer: ptr(f.other.AccountNo)}, 3}, // added, a note, renewed in bulk
			{"customer by username", Filter{Customer: ptr("JANE")}, 4},
			{"customer nobody has", Filter{Customer: ptr("zzz")}, 0},
			{"action", Filter{Action: ptr("loginFailed")}, 2},
			{"staff: by or about the clerk", Filter{StaffID: ptr(st.Client.Staff.Query().Where(entstaff.Username("clerk")).OnlyIDX(bg))}, 2},
			{"dates covering all", Filter{From: &f.start, To: &far}, page.TotalCount},
			{"dates after all", Filter{From: &far}, 0},
			{"action and customer", Filter{Action: ptr("recordPayment"), Customer: ptr("kamau")}, 1},
		} {
			if n := count(c.f); n != c.want {
				t.Errorf("%s: %d rows, want %d", c.name, n, c.want)
			}
		}
	})
}

// TestLabel: field names read as words, capital runs kept.
func TestLabel(t *testing.T) {
	for in, want := range map[string]string{
		"full_name": "Full name", "fullName": "Full name", "apiTLS": "API over TLS", "maxSessions": "Max sessions",
		"lastLoginAddress": "Last login address", "apiXY": "Api XY", "profileID": "Plan", "reason": "Reason",
	} {
		if got := label(in); got != want {
			t.Errorf("label(%q) = %q, want %q", in, got, want)
		}
	}
}
