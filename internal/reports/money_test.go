package reports

import (
	"bytes"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// ledgerDay is 2 December 2026 in Nairobi (UTC+3).
var ledgerDay = time.Date(2026, 12, 2, 0, 0, 0, 0, time.FixedZone("EAT", 3*3600))

// seedLedger writes a ledger over a few days around month and day boundaries in Nairobi:
// payments of several methods by staff and by gateways, refunds, renewals with and without
// their plan recorded, adjustments (not revenue), and entries outside the range.
func seedLedger(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	c := st.Client
	alice := c.Staff.Create().SetUsername("alice").SetPasswordHash("x").SetRole("OPERATOR").SaveX(ctx)
	home := c.Profile.Create().SetName("Home 10M").SetDownloadKbps(10000).SetUploadKbps(2000).SetPrice(1500).SaveX(ctx)
	biz := c.Profile.Create().SetName("Business").SetDownloadKbps(50000).SetUploadKbps(10000).SetPrice(5000).SaveX(ctx)
	cu := c.Customer.Create().SetAccountNo("100001").SetUsername("wanjiku").SetFullName("=Wanjiku, \"W\"").SetPasswordEnc("v1:x:y").
		SetPhone("+254700000001").SetProfile(home).SetExpiresAt(ledgerDay).SaveX(ctx)
	at := func(day, hour int) time.Time {
		return ledgerDay.AddDate(0, 0, day).Add(time.Duration(hour) * time.Hour)
	}
	n := 0
	var refundOf *int
	entry := func(when time.Time, kind transaction.Kind, amount int64, method string, staff bool, plan *ent.Profile, note string) *ent.Transaction {
		n++
		q := c.Transaction.Create().SetCustomerID(cu.ID).SetAmount(amount).SetBalanceAfter(0).SetKind(kind).
			SetActor("system").SetCreatedAt(when.UTC())
		if method != "" {
			q.SetMethod(method).SetMethodKey(method)
			if kind == transaction.KindPAYMENT {
				q.SetReference(fmt.Sprintf("R%03d", n))
			}
		}
		if staff {
			q.SetStaffID(alice.ID).SetActor("alice")
		}
		if plan != nil {
			q.SetProfileID(plan.ID)
		}
		if note != "" {
			q.SetNote(note)
		}
		q.SetNillableRefundOfID(refundOf)
		refundOf = nil
		return q.SaveX(ctx)
	}
	entry(at(-40, 12), transaction.KindPAYMENT, 99999, "cash", true, nil, "")  // before the range
	entry(at(-1, 23), transaction.KindPAYMENT, 2000, "mpesa", false, nil, "")  // 1 Dec, 23:00 Nairobi
	p := entry(at(0, 1), transaction.KindPAYMENT, 3000, "cash", true, nil, "") // 2 Dec, 01:00 (still 1 Dec in UTC)
	entry(at(0, 2), transaction.KindRENEWAL, -1500, "", false, home, "Home 10M, 30 days, until 2027-01-01 02:00 UTC")
	refundOf = &p.ID
	entry(at(0, 9), transaction.KindREFUND, -500, "cash", true, nil, "=cmd|' /C calc'!A0")
	entry(at(1, 10), transaction.KindPAYMENT, 5000, "paystack", false, nil, "")
	entry(at(1, 11), transaction.KindRENEWAL, -5000, "", false, biz, "")
	entry(at(1, 12), transaction.KindRENEWAL, -1200, "", false, nil, "Old Plan, 30 days, until 2027-01-01 12:00 UTC")
	entry(at(1, 13), transaction.KindADJUSTMENT, 700, "", true, nil, "goodwill")
	entry(at(29, 22), transaction.KindPAYMENT, 1500, "voucher", true, nil, "voucher …ABCD (batch 1)") // 31 Dec, 22:00
	entry(at(30, 1), transaction.KindPAYMENT, 4444, "bank", true, nil, "")                            // 1 Jan 2027: after the range
}

var rangeFrom, rangeTo = ledgerDay.AddDate(0, 0, -1), ledgerDay.AddDate(0, 0, 30) // 1–31 December in Nairobi

// TestRevenueEqualsTheLedger: the revenue report by day and by month is the golden one, and
// each of its totals equals the ledger's own sum over the same range (SQL over the table).
func TestRevenueEqualsTheLedger(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		seedLedger(t, st)
		s := New(st)
		ctx := context.Background()
		for _, period := range []Period{Day, Month} {
			r, err := s.Revenue(ctx, RevenueInput{From: rangeFrom, To: rangeTo, Period: period})
			if err != nil {
				t.Fatal(err)
			}
			golden(t, "revenue_"+strings.ToLower(string(period))+".golden", renderRevenue(r))
			net := ledgerSum(t, st, "kind IN ('PAYMENT','REFUND')")
			charged := -ledgerSum(t, st, "kind = 'RENEWAL'")
			var byPeriod, byMethod, byPlan int64
			for _, p := range r.Periods {
				byPeriod += p.Amounts.Net
			}
			for _, m := range r.ByMethod {
				byMethod += m.Amounts.Net
			}
			for _, p := range r.ByPlan {
				byPlan += p.Amount
			}
			if r.Total.Net != net || byPeriod != net || byMethod != net || byPlan != charged {
				t.Fatalf("%s: total %d, periods %d, methods %d, plans %d; the ledger: net %d, renewals %d",
					period, r.Total.Net, byPeriod, byMethod, byPlan, net, charged)
			}
		}
		if _, err := s.Revenue(ctx, RevenueInput{From: rangeTo, To: rangeFrom, Period: Day}); err == nil {
			t.Fatal("a range ending before it starts was accepted")
		}
	})
}

// ledgerSum is SUM(amount) of the entries in the range matching cond, straight from SQL.
func ledgerSum(t *testing.T, st *store.Store, cond string) int64 {
	t.Helper()
	q := "SELECT SUM(amount) FROM transactions WHERE created_at >= $1 AND created_at < $2 AND " + cond
	if !st.IsPostgres() {
		q = strings.NewReplacer("$1", "?", "$2", "?").Replace(q)
	}
	var sum sql.NullInt64
	if err := st.DB.QueryRowContext(context.Background(), q, rangeFrom.UTC(), rangeTo.UTC()).Scan(&sum); err != nil {
		t.Fatal(err)
	}
	return sum.Int64
}

func renderRevenue(r *Revenue) string {
	var b strings.Builder
	money := func(m Amounts) string {
		return fmt.Sprintf("payments %s refunds %s net %s", Decimal(m.Payments), Decimal(m.Refunds), Decimal(m.Net))
	}
	fmt.Fprintf(&b, "%s total: %s\n", r.Period, money(r.Total))
	for _, p := range r.Periods {
		if p.Amounts == (Amounts{}) {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", p.Start, money(p.Amounts))
		for _, m := range p.ByMethod {
			fmt.Fprintf(&b, "  %s: %s\n", m.Method, money(m.Amounts))
		}
	}
	fmt.Fprintf(&b, "%d periods\n", len(r.Periods))
	for _, m := range r.ByMethod {
		fmt.Fprintf(&b, "method %s: %s\n", m.Method, money(m.Amounts))
	}
	for _, p := range r.ByPlan {
		fmt.Fprintf(&b, "plan %s (recorded %v): %d renewals, %s\n", p.Plan, p.ProfileID != nil, p.Renewals, Decimal(p.Amount))
	}
	return b.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update, then review the file)", err)
	}
	if string(want) != got {
		t.Fatalf("%s differs:\n--- got\n%s--- want\n%s", name, got, want)
	}
}

// TestPaymentsFilterAndCSV: the payments page's filters, and its CSV (golden, formulas
// neutralised, times in the display time zone).
func TestPaymentsFilterAndCSV(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		seedLedger(t, st)
		s := New(st)
		ctx := context.Background()
		alice := st.Client.Staff.Query().OnlyX(ctx)
		yes, no := true, false
		refund := transaction.KindREFUND
		cases := []struct {
			name string
			f    PaymentFilter
			want int
		}{
			{"everything", PaymentFilter{}, 7},
			{"range", PaymentFilter{From: &rangeFrom, To: &rangeTo}, 5},
			{"method, any case", PaymentFilter{Method: ptr(" CASH ")}, 3},
			{"staff", PaymentFilter{StaffID: &alice.ID}, 5},
			{"gateway", PaymentFilter{Gateway: &yes}, 2},
			{"not gateway", PaymentFilter{Gateway: &no}, 5},
			{"refunds", PaymentFilter{Kind: &refund}, 1},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				conn, err := s.Payments(ctx, tc.f, nil, nil)
				if err != nil || conn.TotalCount != tc.want || len(conn.Edges) != tc.want {
					t.Fatalf("%v: %d entries, want %d", err, len(conn.Edges), tc.want)
				}
			})
		}
		if err := settings.Set(ctx, st.Client, settings.TimeZone, "Africa/Nairobi"); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		n, err := s.ExportPayments(ctx, &buf, PaymentFilter{From: &rangeFrom, To: &rangeTo})
		if err != nil || n != 5 {
			t.Fatalf("export: %d rows, %v", n, err)
		}
		out := buf.String()
		// Refund ids differ between databases: name them.
		golden(t, "payments.csv.golden", refundIDs(t, st, out))
	})
}

func refundIDs(t *testing.T, st *store.Store, csv string) string {
	for _, r := range st.Client.Transaction.Query().Where(transaction.RefundOfIDNotNil()).AllX(context.Background()) {
		csv = strings.ReplaceAll(csv, fmt.Sprintf(",%d\n", *r.RefundOfID), ",<payment>\n")
	}
	return csv
}
