package vouchers

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/ent/voucher"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var t0 = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

type fixture struct {
	st   *store.Store
	bill *billing.Service
	svc  *Service
	now  time.Time
	seq  int

	staffID int
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	f := &fixture{st: st, now: t0}
	f.bill = billing.NewService(st, nil, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
	f.bill.Now = func() time.Time { return f.now }
	f.svc = New(st, f.bill)
	f.svc.Now = func() time.Time { return f.now }
	s, err := st.Client.Staff.Create().SetUsername("alice").SetPasswordHash("x").SetRole("OPERATOR").Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	f.staffID = s.ID
	return f
}

func (f *fixture) profile(t *testing.T, price int64) *ent.Profile {
	t.Helper()
	f.seq++
	p, err := f.st.Client.Profile.Create().SetName(fmt.Sprintf("plan-%d", f.seq)).SetDownloadKbps(20000).
		SetUploadKbps(5000).SetValidityDays(30).SetPrice(price).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) customer(t *testing.T, p *ent.Profile, expires time.Time) *ent.Customer {
	t.Helper()
	f.seq++
	c, err := f.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100000 + f.seq)).
		SetUsername(fmt.Sprintf("user%d", f.seq)).SetPasswordEnc("x").SetPhone("+254712345678").
		SetProfileID(p.ID).SetExpiresAt(expires).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func (f *fixture) batch(t *testing.T, in BatchInput) *BatchResult {
	t.Helper()
	res, err := f.svc.CreateBatch(f.ctx("1.2.3.4"), in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ctx is a staff member's request from addr.
func (f *fixture) ctx(addr string) context.Context {
	return audit.WithActor(context.Background(), audit.Actor{Name: "alice", StaffID: &f.staffID, Address: addr})
}

func amount(v int64) *int64 { return &v }

func TestCodesStoredHashedAndRedeemedIntoTheLedger(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		p := f.profile(t, 1000)
		c := f.customer(t, p, t0.AddDate(0, 0, 10))
		res := f.batch(t, BatchInput{Count: 50, Amount: amount(500), ExpiresAt: t0.AddDate(0, 1, 0), Agent: ptr(" Mama Njeri ")})
		if len(res.Codes) != 50 || *res.Batch.Agent != "Mama Njeri" {
			t.Fatalf("batch: %d codes, agent %q", len(res.Codes), *res.Batch.Agent)
		}
		// The printable sheet is made with the codes: 50 cards on 5 A4 pages.
		if !bytes.HasPrefix(res.Sheet, []byte("%PDF-")) || bytes.Count(res.Sheet, []byte("/Type /Page\n")) != 5 {
			t.Fatalf("sheet: %d bytes, %d pages", len(res.Sheet), bytes.Count(res.Sheet, []byte("/Type /Page\n")))
		}
		seen := map[string]bool{}
		for _, code := range res.Codes {
			n, ok := Normalize(code)
			if !ok || len(n) < 12 || seen[n] {
				t.Fatalf("code %q: normalised %q ok=%v (duplicate %v)", code, n, ok, seen[n])
			}
			seen[n] = true
		}
		// No code appears in clear anywhere in the database (vouchers, batches, audit rows).
		dump := dumpDB(t, st)
		for code := range seen {
			if strings.Contains(dump, code) || strings.Contains(dump, Format(code)) {
				t.Fatalf("code %s stored in clear", code)
			}
		}
		typed := strings.ToLower(strings.ReplaceAll(res.Codes[7], "-", " "))
		tx, err := f.svc.Redeem(f.ctx("10.0.0.1"), c.ID, typed)
		if err != nil {
			t.Fatal(err)
		}
		if tx.Amount != 500 || tx.Kind != transaction.KindPAYMENT || *tx.Method != "voucher" {
			t.Fatalf("payment %+v", tx)
		}
		v, err := st.Client.Voucher.Query().Where(voucher.CodeHash(hashCode(mustNorm(res.Codes[7])))).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if *tx.Reference != fmt.Sprint(v.ID) || v.TransactionID == nil || *v.TransactionID != tx.ID || *v.CustomerID != c.ID {
			t.Fatalf("voucher %+v, payment reference %s", v, *tx.Reference)
		}
		got, _ := st.Client.Customer.Get(ctx, c.ID)
		if got.Balance != 500 {
			t.Fatalf("balance %d, want 500", got.Balance)
		}
		reports, err := f.svc.Batches(ctx, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := reports[0]
		if r.Issued != 50 || r.Redeemed != 1 || r.Available != 49 || r.Sold != 50 || r.Void != 0 {
			t.Fatalf("report %+v", r)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func mustNorm(code string) string {
	n, _ := Normalize(code)
	return n
}

// dumpDB returns every text value of the tables a code could have been written to.
func dumpDB(t *testing.T, st *store.Store) string {
	t.Helper()
	var b strings.Builder
	for _, table := range []string{"vouchers", "voucher_batches", "audit_logs", "transactions"} {
		rows, err := st.DB.QueryContext(context.Background(), "SELECT * FROM "+table)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for _, v := range vals {
				fmt.Fprintf(&b, "%s\n", v)
			}
		}
		rows.Close()
	}
	return strings.ToUpper(b.String())
}

func TestRedeemRefusals(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		p, other := f.profile(t, 1000), f.profile(t, 2000)
		c := f.customer(t, p, t0.AddDate(0, 0, 10))
		live := f.batch(t, BatchInput{Count: 3, Amount: amount(100), ExpiresAt: t0.Add(48 * time.Hour)})
		short := f.batch(t, BatchInput{Count: 1, Amount: amount(100), ExpiresAt: t0.Add(time.Hour)})
		voided := f.batch(t, BatchInput{Count: 1, Amount: amount(100), ExpiresAt: t0.Add(48 * time.Hour)})
		plan := f.batch(t, BatchInput{Count: 1, ProfileID: &other.ID, ExpiresAt: t0.Add(48 * time.Hour)})
		if _, err := f.svc.VoidBatch(f.ctx(""), voided.Batch.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := f.svc.Redeem(f.ctx(""), c.ID, live.Codes[0]); err != nil {
			t.Fatal(err)
		}
		f.now = t0.Add(2 * time.Hour) // short has expired
		cases := []struct {
			name, code string
			cause      error
			kind       domain.Kind
			message    string
		}{
			{"redeemed twice", live.Codes[0], ErrRedeemed, domain.Refused, "already used on 2026-12-01"},
			{"expired", short.Codes[0], ErrExpired, domain.Refused, "expired on 2026-12-01"},
			{"voided batch", voided.Codes[0], ErrVoid, domain.Refused, "withdrawn"},
			{"unknown", "ABCD-EFGH-JKMN-PQRS", ErrUnknown, domain.Refused, "no voucher has this code"},
			{"another plan", plan.Codes[0], ErrWrongPlan, domain.Refused, "change the customer's plan"},
			{"malformed", "ABC-1", nil, domain.Invalid, "16 letters and digits"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.Redeem(f.ctx(""), c.ID, tc.code)
				if tc.cause != nil && !errors.Is(err, tc.cause) {
					t.Fatalf("err %v, want %v", err, tc.cause)
				}
				if !domain.IsKind(err, tc.kind) || !strings.Contains(err.Error(), tc.message) {
					t.Fatalf("err %v (kind), want %d containing %q", err, tc.kind, tc.message)
				}
			})
		}
		got, _ := st.Client.Customer.Get(context.Background(), c.ID)
		if got.Balance != 100 {
			t.Fatalf("balance %d after one redemption of 100", got.Balance)
		}
	})
}

func TestRedeemedOnceUnderConcurrency(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		p := f.profile(t, 1000)
		res := f.batch(t, BatchInput{Count: 1, Amount: amount(700), ExpiresAt: t0.AddDate(0, 1, 0)})
		const n = 20
		customers := make([]*ent.Customer, n)
		for i := range customers {
			customers[i] = f.customer(t, p, t0.AddDate(0, 0, 5))
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = f.svc.Redeem(f.ctx(fmt.Sprintf("10.0.0.%d", i)), customers[i%4].ID, res.Codes[0])
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, ErrRedeemed):
				t.Errorf("unexpected refusal: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("%d redemptions succeeded, want exactly 1", ok)
		}
		var total int64
		for _, c := range customers {
			got, _ := st.Client.Customer.Get(context.Background(), c.ID)
			total += got.Balance
		}
		pays, _ := st.Client.Transaction.Query().Where(transaction.MethodKey("voucher")).Count(context.Background())
		if total != 700 || pays != 1 {
			t.Fatalf("balances sum to %d with %d voucher payments; want 700 and 1", total, pays)
		}
	})
}

func TestGuessingThrottled(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		p := f.profile(t, 1000)
		a, b := f.customer(t, p, t0), f.customer(t, p, t0)
		res := f.batch(t, BatchInput{Count: 2, Amount: amount(100), ExpiresAt: t0.AddDate(0, 1, 0)})
		f.svc.PerAddress = 8
		guess := func(c *ent.Customer, addr string) error {
			_, err := f.svc.Redeem(f.ctx(addr), c.ID, Format(newCode()))
			return err
		}
		for i := range 5 {
			if err := guess(a, "192.0.2.1"); !errors.Is(err, ErrUnknown) {
				t.Fatalf("guess %d: %v", i, err)
			}
		}
		// Per customer: a sixth attempt, even with the right code and from another address, waits.
		if _, err := f.svc.Redeem(f.ctx("192.0.2.99"), a.ID, res.Codes[0]); !errors.Is(err, ErrThrottled) {
			t.Fatalf("after 5 failures: %v, want throttled", err)
		}
		// Per address: customer b from the same address has 3 more before the address's 8.
		for i := range 3 {
			if err := guess(b, "192.0.2.1"); !errors.Is(err, ErrUnknown) {
				t.Fatalf("b guess %d: %v", i, err)
			}
		}
		if err := guess(b, "192.0.2.1"); !errors.Is(err, ErrThrottled) {
			t.Fatalf("address over its limit: %v", err)
		}
		// Another address is not held back for b, and a right code is not a failure.
		if _, err := f.svc.Redeem(f.ctx("198.51.100.7"), b.ID, res.Codes[1]); err != nil {
			t.Fatal(err)
		}
		// The window passes.
		f.now = t0.Add(16 * time.Minute)
		if _, err := f.svc.Redeem(f.ctx("192.0.2.1"), a.ID, res.Codes[0]); err != nil {
			t.Fatalf("after the window: %v", err)
		}
	})
}

func TestPlanVoucherRenews(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		ctx := context.Background()
		p := f.profile(t, 1500)
		expired := f.customer(t, p, t0.Add(-time.Hour)) // auto-renew: the payment renews
		active := f.customer(t, p, t0.AddDate(0, 0, 3)) // renewed by the voucher itself
		res := f.batch(t, BatchInput{Count: 2, ProfileID: &p.ID, ExpiresAt: t0.AddDate(0, 1, 0)})
		if res.Batch.Amount != 1500 {
			t.Fatalf("batch value %d", res.Batch.Amount)
		}
		for i, c := range []*ent.Customer{expired, active} {
			if _, err := f.svc.Redeem(f.ctx(""), c.ID, res.Codes[i]); err != nil {
				t.Fatal(err)
			}
			got, _ := st.Client.Customer.Get(ctx, c.ID)
			renewals, _ := st.Client.Transaction.Query().Where(transaction.CustomerID(c.ID), transaction.KindEQ(transaction.KindRENEWAL)).Count(ctx)
			base := c.ExpiresAt
			if i == 0 {
				base = t0
			}
			if got.Balance != 0 || renewals != 1 || !got.ExpiresAt.Equal(base.AddDate(0, 0, 30)) {
				t.Fatalf("customer %d: balance %d, %d renewals, expires %v", i, got.Balance, renewals, got.ExpiresAt)
			}
		}
	})
}

func TestCreateBatchRefusals(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		free := f.profile(t, 0)
		cases := []struct {
			name  string
			in    BatchInput
			field string
		}{
			{"no vouchers", BatchInput{Count: 0, Amount: amount(1), ExpiresAt: t0.Add(time.Hour)}, "count"},
			{"too many", BatchInput{Count: MaxBatch + 1, Amount: amount(1), ExpiresAt: t0.Add(time.Hour)}, "count"},
			{"neither value", BatchInput{Count: 1, ExpiresAt: t0.Add(time.Hour)}, "amount"},
			{"both values", BatchInput{Count: 1, Amount: amount(1), ProfileID: &free.ID, ExpiresAt: t0.Add(time.Hour)}, "amount"},
			{"negative", BatchInput{Count: 1, Amount: amount(-5), ExpiresAt: t0.Add(time.Hour)}, "amount"},
			{"in the past", BatchInput{Count: 1, Amount: amount(1), ExpiresAt: t0}, "expiresAt"},
			{"free plan", BatchInput{Count: 1, ProfileID: &free.ID, ExpiresAt: t0.Add(time.Hour)}, "profileID"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				_, err := f.svc.CreateBatch(f.ctx(""), tc.in)
				e, ok := domain.As(err)
				if !ok || e.Kind != domain.Invalid || e.Field != tc.field {
					t.Fatalf("err %v, want invalid %s", err, tc.field)
				}
			})
		}
		n, _ := st.Client.VoucherBatch.Query().Count(context.Background())
		if n != 0 {
			t.Fatalf("%d batches written by refused requests", n)
		}
	})
}
