package security

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// ledger is a billing service over a fresh store with one plan, and a way to add customers.
type ledger struct {
	st   *store.Store
	svc  *billing.Service
	plan int
	n    int
}

func newLedger(t *testing.T, st *store.Store) *ledger {
	t.Helper()
	p, err := st.Client.Profile.Create().SetName("Ledger 10M").SetDownloadKbps(10000).SetUploadKbps(5000).
		SetValidityDays(30).SetPrice(1500).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return &ledger{st: st, svc: billing.NewService(st, nil, nil, nil), plan: p.ID}
}

func (l *ledger) customer(t *testing.T) int {
	t.Helper()
	l.n++
	c, err := l.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(300000 + l.n)).SetUsername(fmt.Sprintf("ledger%d", l.n)).
		SetPasswordEnc("x").SetPhone(fmt.Sprintf("+2547130%05d", l.n)).SetProfileID(l.plan).
		SetExpiresAt(time.Now().Add(240 * time.Hour)).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.ID
}

func (l *ledger) pay(ctx context.Context, customerID int, amount int64, method, reference string) (*ent.Transaction, error) {
	return l.svc.RecordPayment(ctx, billing.PaymentInput{CustomerID: customerID, Amount: amount, Method: method,
		Reference: reference})
}

// rows counts the ledger rows of a customer, and the ones carrying reference ref.
func (l *ledger) rows(t *testing.T, customerID int, ref string) (all, withRef int) {
	t.Helper()
	ctx := context.Background()
	all, err := l.st.Client.Transaction.Query().Where(transaction.CustomerID(customerID)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	withRef, err = l.st.Client.Transaction.Query().Where(transaction.Reference(ref)).Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return all, withRef
}

func (l *ledger) balance(t *testing.T, customerID int) int64 {
	t.Helper()
	c, err := l.st.Client.Customer.Get(context.Background(), customerID)
	if err != nil {
		t.Fatal(err)
	}
	return c.Balance
}

const allowedMethods = "cash, mpesa, paystack, bank, card, voucher, other"

// TestPaymentMethodsAreFoldedToAFixedSet records payments whose method differs from the
// fixed set only by case and surrounding spaces (stored folded; one reference is one payment
// whatever the case), and payments with methods outside the set (refused, naming the allowed
// ones, nothing written).
func TestPaymentMethodsAreFoldedToAFixedSet(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLedger(t, st)
		c := l.customer(t)
		for i, tc := range []struct{ in, want string }{
			{"MPESA", "mpesa"}, {" Mpesa ", "mpesa"}, {"Cash", "cash"}, {"PayStack", "paystack"}, {"BANK", "bank"},
			{"card", "card"}, {"VOUCHER", "voucher"}, {"Other", "other"},
		} {
			tr, err := l.pay(ctx, c, 100, tc.in, fmt.Sprintf("FOLD-%d", i))
			if err != nil {
				t.Fatalf("method %q: %v", tc.in, err)
			}
			if tr.Method == nil || *tr.Method != tc.want {
				t.Errorf("method %q stored as %q, want %q", tc.in, strOf(tr.Method), tc.want)
			}
		}
		first, err := l.pay(ctx, c, 700, "mpesa", "QK7ONE")
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range []string{"MPESA", "Mpesa", " mPeSa\t"} {
			again, err := l.pay(ctx, c, 700, m, "QK7ONE")
			if err != nil {
				t.Fatalf("%q, same reference, same payment: %v", m, err)
			}
			if again.ID != first.ID {
				t.Errorf("%q with the reference of an mpesa payment made transaction %d, want the first one %d", m, again.ID, first.ID)
			}
		}
		if _, err := l.pay(ctx, c, 701, "MPESA", "QK7ONE"); !errors.Is(err, billing.ErrReferenceReused) {
			t.Errorf("MPESA with the reference of another mpesa amount: err %v, want ErrReferenceReused", err)
		}
		if _, n := l.rows(t, c, "QK7ONE"); n != 1 {
			t.Errorf("reference QK7ONE stored %d times, want once", n)
		}
		before := l.balance(t, c)
		for _, m := range []string{"bitcoin", "m-pesa", "MPESA ltd", "ｍｐｅｓａ", "mpesa\x00", "cash\u200b", "", "   ",
			strings.Repeat("x", 5000)} {
			_, err := l.pay(ctx, c, 100, m, "BAD-"+testutil.RandomHex(4))
			switch {
			case err == nil:
				t.Errorf("method %q accepted", m)
			case !errors.Is(err, billing.ErrInvalidInput) || !billing.IsRefusal(err):
				t.Errorf("method %q: err %v, want an input error", m, err)
			case !strings.Contains(err.Error(), allowedMethods):
				t.Errorf("method %q refused with %q, which does not list the allowed methods (%s)", m, err, allowedMethods)
			case len(err.Error()) > 300:
				t.Errorf("method of %d bytes refused with a %d-byte message", len(m), len(err.Error()))
			}
		}
		if got := l.balance(t, c); got != before {
			t.Errorf("refused payments moved the balance from %d to %d", before, got)
		}
	})
}

// TestPaymentReferenceRequiredExceptCash: a payment by any method but cash without a
// reference (which would never be de-duplicated) is refused; cash without one is recorded.
func TestPaymentReferenceRequiredExceptCash(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLedger(t, st)
		c := l.customer(t)
		for _, m := range []string{"mpesa", "MPESA", "paystack", "bank", "card", "voucher", "other"} {
			for _, ref := range []string{"", "   ", "\t"} {
				_, err := l.pay(ctx, c, 100, m, ref)
				if !errors.Is(err, billing.ErrInvalidInput) || !billing.IsRefusal(err) || !strings.Contains(err.Error(), "reference") {
					t.Errorf("%s payment with reference %q: err %v, want an input error about the reference", m, ref, err)
				}
			}
		}
		if all, _ := l.rows(t, c, ""); all != 0 || l.balance(t, c) != 0 {
			t.Errorf("refused payments wrote %d ledger rows, balance %d", all, l.balance(t, c))
		}
		if _, err := l.pay(ctx, c, 100, "cash", ""); err != nil {
			t.Errorf("cash without a reference: %v", err)
		}
	})
}

// TestCashWithoutReferenceIsNeverDeduplicated records the same cash amount for one customer
// several times without a reference, one after the other and at once: each is its own
// payment, with a reference the server made, all different.
func TestCashWithoutReferenceIsNeverDeduplicated(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLedger(t, st)
		c := l.customer(t)
		var (
			mu   sync.Mutex
			refs = map[string]int{}
			errs []error
		)
		record := func(method, ref string) {
			tr, err := l.pay(ctx, c, 250, method, ref)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			if tr.Reference == nil || *tr.Reference == "" {
				errs = append(errs, fmt.Errorf("cash payment %d has no reference", tr.ID))
				return
			}
			refs[*tr.Reference]++
		}
		for _, m := range []string{"cash", "CASH", " Cash "} {
			record(m, "")
			record(m, "  ")
		}
		var wg sync.WaitGroup
		for i := 0; i < 10; i++ {
			wg.Add(1)
			go func() { defer wg.Done(); record("cash", "") }()
		}
		wg.Wait()
		for _, err := range errs {
			t.Error(err)
		}
		if len(refs) != 16 {
			t.Errorf("16 cash payments without a reference got %d distinct references: %v", len(refs), refs)
		}
		for ref, n := range refs {
			if n != 1 || !strings.HasPrefix(ref, "cash-") {
				t.Errorf("made reference %q used %d times, want once and starting with cash-", ref, n)
			}
		}
		if got := l.balance(t, c); got != 16*250 {
			t.Errorf("balance %d after 16 cash payments of 250, want %d", got, 16*250)
		}
		// A cash reference the staff gave is still one payment.
		a, err1 := l.pay(ctx, c, 300, "cash", "RCPT-0042")
		b, err2 := l.pay(ctx, c, 300, "Cash", "RCPT-0042")
		if err1 != nil || err2 != nil || a.ID != b.ID {
			t.Errorf("cash receipt RCPT-0042 twice: %v %v, transactions %v %v, want one", err1, err2, a, b)
		}
	})
}

// TestConcurrentCaseVariantsMakeOnePayment sends one M-Pesa reference many times at once with
// the method spelt MPESA, mpesa, Mpesa…: for one customer all return the same transaction;
// for two customers one wins and the rest are refused as reused.
func TestConcurrentCaseVariantsMakeOnePayment(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		l := newLedger(t, st)
		c, other := l.customer(t), l.customer(t)
		spellings := []string{"MPESA", "mpesa", "Mpesa", " mPeSa "}
		const n = 12
		type result struct {
			id  int
			err error
		}
		race := func(ref string, customerOf func(i int) int) []result {
			out := make([]result, n)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := 0; i < n; i++ {
				wg.Add(1)
				go func(i int) {
					defer wg.Done()
					<-start
					tr, err := l.pay(ctx, customerOf(i), 900, spellings[i%len(spellings)], ref)
					if err == nil {
						out[i].id = tr.ID
					}
					out[i].err = err
				}(i)
			}
			close(start)
			wg.Wait()
			return out
		}
		ids := map[int]bool{}
		for _, r := range race("QKRACE1", func(int) int { return c }) {
			if r.err != nil {
				t.Errorf("one customer: %v", r.err)
				continue
			}
			ids[r.id] = true
		}
		if len(ids) != 1 {
			t.Errorf("one customer, %d deliveries: %d transactions, want 1", n, len(ids))
		}
		if _, stored := l.rows(t, c, "QKRACE1"); stored != 1 || l.balance(t, c) != 900 {
			t.Errorf("reference stored %d times, balance %d; want once and 900", stored, l.balance(t, c))
		}
		won := 0
		for _, r := range race("QKRACE2", func(i int) int { return []int{c, other}[i%2] }) {
			switch {
			case r.err == nil:
				won++
			case !errors.Is(r.err, billing.ErrReferenceReused):
				t.Errorf("two customers: %v, want ErrReferenceReused for the losers", r.err)
			}
		}
		if _, stored := l.rows(t, c, "QKRACE2"); stored != 1 {
			t.Errorf("two customers: reference stored %d times, want once", stored)
		}
		if b1, b2 := l.balance(t, c)-900, l.balance(t, other); b1+b2 != 900 {
			t.Errorf("two customers: %d + %d credited, want one payment of 900 (%d calls succeeded)", b1, b2, won)
		}
	})
}

// TestMigrationKeepsExistingMethodPairs migrates a database whose ledger already holds an
// mpesa and an MPESA payment with one reference (possible before methods were folded): the
// migration succeeds, both rows stay as stored, and new payments with that reference are
// compared with them by the folded method.
func TestMigrationKeepsExistingMethodPairs(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st, err := store.Open(ctx, testutil.DSN(t, kind))
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			l := newLedger(t, st)
			c := l.customer(t)
			removeMethodKey(t, st)
			old := map[int]string{}
			for i, m := range []string{"mpesa", "MPESA"} {
				tr, err := st.Client.Transaction.Create().SetCustomerID(c).SetAmount(500).SetBalanceAfter(int64(500 * (i + 1))).
					SetKind(transaction.KindPAYMENT).SetMethod(m).SetReference("QOLD1").SetActor("old version").Save(ctx)
				if err != nil {
					t.Fatalf("seeding the old %s row: %v", m, err)
				}
				old[tr.ID] = m
			}
			st.Client.Customer.Update().Where(customer.ID(c)).SetBalance(1000).ExecX(ctx)
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrating a ledger holding mpesa and MPESA with one reference: %v", err)
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrating again: %v", err)
			}
			for id, m := range old {
				tr, err := st.Client.Transaction.Get(ctx, id)
				if err != nil || tr.Method == nil || *tr.Method != m {
					t.Errorf("old row %d (%s) after the migration: %v %v", id, m, tr, err)
				}
			}
			// A delivery of the old payment, spelt a third way, is that payment again.
			again, err := l.pay(ctx, c, 500, "Mpesa", "QOLD1")
			if err != nil {
				t.Fatalf("Mpesa QOLD1 again: %v", err)
			}
			if _, ok := old[again.ID]; !ok {
				t.Errorf("Mpesa QOLD1 for the same amount made transaction %d, want one of the old rows %v", again.ID, old)
			}
			if _, err := l.pay(ctx, c, 501, "mpesa", "QOLD1"); !errors.Is(err, billing.ErrReferenceReused) {
				t.Errorf("mpesa QOLD1 for another amount: err %v, want ErrReferenceReused", err)
			}
			if _, stored := l.rows(t, c, "QOLD1"); stored != 2 || l.balance(t, c) != 1000 {
				t.Errorf("after the migration QOLD1 is stored %d times, balance %d; want the 2 old rows and 1000", stored, l.balance(t, c))
			}
			// New payments are unique on the folded method.
			a, err1 := l.pay(ctx, c, 400, "MPESA", "QNEW1")
			b, err2 := l.pay(ctx, c, 400, "mpesa", "QNEW1")
			if err1 != nil || err2 != nil || a.ID != b.ID {
				t.Errorf("MPESA then mpesa QNEW1 after the migration: %v %v; want one payment", err1, err2)
			}
		})
	}
}

// afterBaseline undoes what the migrations after the baseline add, so that a database
// made today looks like one of the versions before versioned migrations. Each migration
// file that adds to a table of the baseline adds its undo here.
var afterBaseline = []string{
	"DROP TABLE portal_tokens", "DROP TABLE portal_codes", "DROP TABLE totp_recovery_codes",
	"DROP TABLE invoices", "DROP TABLE sequences", "DROP TABLE mobile_payments",
	"DROP TABLE payment_gateways", "DROP TABLE unmatched_payments",
	"DROP TABLE vouchers", "DROP TABLE voucher_batches", "DROP TABLE voucher_attempts",
	"ALTER TABLE customers DROP COLUMN pending_profile_id",
	"ALTER TABLE customers DROP COLUMN portal_last_used_at",
	"ALTER TABLE profiles DROP COLUMN portal_visible",
	"ALTER TABLE api_tokens DROP COLUMN address", "ALTER TABLE api_tokens DROP COLUMN user_agent",
	"ALTER TABLE staffs DROP COLUMN last_login_address", "ALTER TABLE staffs DROP COLUMN totp_secret_enc",
	"ALTER TABLE staffs DROP COLUMN totp_pending_enc", "ALTER TABLE staffs DROP COLUMN totp_enabled_at",
	"ALTER TABLE staffs DROP COLUMN totp_last_step", "ALTER TABLE staffs DROP COLUMN totp_failures",
	"ALTER TABLE staffs DROP COLUMN totp_failed_at",
	"DROP INDEX transactions_receipt_no_key", "DROP INDEX transaction_refund_of_id",
	"ALTER TABLE transactions DROP COLUMN receipt_no", "ALTER TABLE transactions DROP COLUMN refund_of_id",
	"ALTER TABLE transactions DROP COLUMN profile_id",
	"DROP TABLE customer_notes", "DROP INDEX customer_archived_at",
	"ALTER TABLE customers DROP COLUMN archived_at", "ALTER TABLE nas DROP COLUMN archived_at",
	"DROP INDEX IF EXISTS customers_phone_trgm",
	"DROP TABLE data_topups", "DROP TABLE plan_windows", "DROP TABLE voucher_data",
	"DROP TABLE window_run_items", "DROP TABLE window_runs",
	"DROP TABLE radius_tallies",
	"DROP TABLE bulk_job_items", "DROP TABLE bulk_jobs", "DROP TABLE ip_allocations", "DROP TABLE address_pools",
	"DROP TABLE static_addresses", "ALTER TABLE profiles DROP COLUMN address_pool_id",
	"DROP TABLE session_ipv6", "DROP TABLE ipv6_assignments",
	"DROP INDEX IF EXISTS customers_name_search_pattern",
	"ALTER TABLE customers DROP COLUMN language", "ALTER TABLE staffs DROP COLUMN language",
	"ALTER TABLE sessions DROP COLUMN rolled_in", "ALTER TABLE sessions DROP COLUMN rolled_out",
	"DROP INDEX IF EXISTS customers_live_expiry",
}

// afterBaselinePostgres undoes what hand-written PostgreSQL migrations add that SQLite has no
// statement for (triggers, functions), before afterBaseline drops the columns they use.
var afterBaselinePostgres = []string{
	"DROP TRIGGER IF EXISTS customers_search_counts_insert ON customers",
	"DROP TRIGGER IF EXISTS customers_search_counts_delete ON customers",
	"DROP TRIGGER IF EXISTS customers_search_counts_update ON customers",
	"DROP FUNCTION IF EXISTS linedesk_search_counts_insert()", "DROP FUNCTION IF EXISTS linedesk_search_counts_delete()",
	"DROP FUNCTION IF EXISTS linedesk_search_counts_update()", "DROP FUNCTION IF EXISTS linedesk_search_keys(text, text, text, text)",
	"DROP TABLE IF EXISTS customer_search_counts", "DROP INDEX IF EXISTS customers_phone_pattern",
}

// removeMethodKey takes the ledger back to its schema before methods were folded: no
// method_key column (nor its index), nothing the migrations after the baseline add, and no
// revision table (the schema of that time was made by ent's auto-migration, before
// versioned migrations). On the schema of that time it does nothing.
func removeMethodKey(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.DB.ExecContext(ctx, `DROP TABLE IF EXISTS `+store.RevisionTable); err != nil {
		t.Fatal(err)
	}
	undo := afterBaseline
	if st.IsPostgres() {
		undo = append(slices.Clone(afterBaselinePostgres), afterBaseline...)
	}
	for _, q := range undo {
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if st.IsPostgres() {
		if _, err := st.DB.ExecContext(ctx, `ALTER TABLE transactions DROP COLUMN IF EXISTS method_key`); err != nil {
			t.Fatal(err)
		}
		return
	}
	var n int
	if err := st.DB.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('transactions') WHERE name = 'method_key'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		return
	}
	rows, err := st.DB.QueryContext(ctx, `SELECT DISTINCT il.name FROM pragma_index_list('transactions') il, pragma_index_info(il.name) ii WHERE ii.name = 'method_key'`)
	if err != nil {
		t.Fatal(err)
	}
	var idx []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		idx = append(idx, s)
	}
	rows.Close()
	for _, name := range idx {
		if _, err := st.DB.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.DB.ExecContext(ctx, `ALTER TABLE transactions DROP COLUMN method_key`); err != nil {
		t.Fatal(err)
	}
}

func strOf(p *string) string {
	if p == nil {
		return "<nil>"
	}
	return *p
}

// TestRecordPaymentMethodAndReferenceThroughAPI sends the payment rules through GraphQL: an
// unknown method or a missing reference is BAD_USER_INPUT naming what is allowed; MPESA and
// mpesa with one reference return one transaction; cash without a reference gets one made.
func TestRecordPaymentMethodAndReferenceThroughAPI(t *testing.T) {
	e := start(t, "pay", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cust := e.fx.CustomerIDs[e.fx.Usernames[0]]
	const pay = `mutation($c:ID!,$m:String!,$r:String!){recordPayment(input:{customerID:$c,amount:100,method:$m,reference:$r}){id method reference}}`
	type paid struct {
		RecordPayment struct{ ID, Method, Reference string }
	}
	call := func(method, ref string) (paid, []testutil.GraphQLError) {
		var out paid
		errs, err := e.srv.GraphQL(ctx, e.fx.Token, pay, map[string]any{"c": cust, "m": method, "r": ref}, &out)
		if err != nil {
			t.Fatal(err)
		}
		return out, errs
	}
	for _, tc := range []struct{ method, ref, want string }{
		{"bitcoin", "API-1", allowedMethods},
		{"mpesa", "", "reference"},
		{"BANK", "  ", "reference"},
	} {
		_, errs := call(tc.method, tc.ref)
		if len(errs) == 0 {
			t.Errorf("method %q reference %q: accepted", tc.method, tc.ref)
			continue
		}
		if code, _ := errs[0].Extensions["code"].(string); code != "BAD_USER_INPUT" || !strings.Contains(errs[0].Message, tc.want) {
			t.Errorf("method %q reference %q: %s %q, want BAD_USER_INPUT mentioning %q", tc.method, tc.ref, code, errs[0].Message, tc.want)
		}
	}
	ref := "API-" + testutil.RandomHex(4)
	a, errs1 := call("MPESA", ref)
	b, errs2 := call("mpesa", ref)
	if len(errs1)+len(errs2) > 0 || a.RecordPayment.ID != b.RecordPayment.ID || a.RecordPayment.Method != "mpesa" {
		t.Errorf("MPESA then mpesa %s: %+v %+v (%v %v), want one transaction with method mpesa", ref, a, b, errs1, errs2)
	}
	c, errs := call("Cash", "")
	if len(errs) > 0 || c.RecordPayment.Method != "cash" || !strings.HasPrefix(c.RecordPayment.Reference, "cash-") {
		t.Errorf("cash without a reference: %+v %v, want a made cash- reference", c, errs)
	}
}
