package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// fakeEnforcer records what would have been sent to routers.
type fakeEnforcer struct {
	mu          sync.Mutex
	disconnects map[int]int
	applies     map[int]int
	fail        int // fail this many calls first
}

func newFakeEnforcer() *fakeEnforcer {
	return &fakeEnforcer{disconnects: map[int]int{}, applies: map[int]int{}}
}

func (f *fakeEnforcer) DisconnectCustomer(_ context.Context, id int) ([]domain.SessionResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return f.timedOut(), nil
	}
	f.disconnects[id]++
	return nil, nil
}

func (f *fakeEnforcer) ApplyCustomerProfile(_ context.Context, id int) ([]domain.SessionResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail > 0 {
		f.fail--
		return f.timedOut(), nil
	}
	f.applies[id]++
	return nil, nil
}

// timedOut is the answer of a router that did not answer for one session.
func (f *fakeEnforcer) timedOut() []domain.SessionResult {
	return []domain.SessionResult{{Session: &ent.Session{ID: 1}, Outcome: domain.Timeout, Message: "router timed out"}}
}

func (f *fakeEnforcer) counts(id int) (disc, apply int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.disconnects[id], f.applies[id]
}

var t0 = time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)

type fixture struct {
	st  *store.Store
	svc *Service
	enf *fakeEnforcer
	now time.Time
}

func newFixture(t *testing.T, st *store.Store) *fixture {
	t.Helper()
	f := &fixture{st: st, enf: newFakeEnforcer(), now: t0}
	f.svc = NewService(st, events.NewBus(), f.enf, quiet)
	f.svc.Now = func() time.Time { return f.now }
	return f
}

var seq int

func (f *fixture) profile(t *testing.T, price int64, limit *int64, afterCap *int) *ent.Profile {
	t.Helper()
	seq++
	p, err := f.st.Client.Profile.Create().SetName(fmt.Sprintf("plan-%d", seq)).
		SetDownloadKbps(20000).SetUploadKbps(5000).SetValidityDays(30).SetPrice(price).
		SetNillableDataLimitBytes(limit).SetNillableAfterCapProfileID(afterCap).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func (f *fixture) customer(t *testing.T, p *ent.Profile, expires time.Time, balance int64) *ent.Customer {
	t.Helper()
	seq++
	c, err := f.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100000 + seq)).
		SetUsername(fmt.Sprintf("user%d", seq)).SetPasswordEnc("x").SetPhone("+254712345678").
		SetProfileID(p.ID).SetExpiresAt(expires).Save(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if balance != 0 {
		if _, err := f.svc.Adjust(context.Background(), c.ID, balance, "opening balance"); err != nil {
			t.Fatal(err)
		}
	}
	return f.get(t, c.ID)
}

func (f *fixture) get(t *testing.T, id int) *ent.Customer {
	t.Helper()
	c, err := f.st.Client.Customer.Get(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkLedger verifies that the balance equals the sum of the ledger and that every
// balance_after follows from the one before.
func checkLedger(t *testing.T, st *store.Store, id int) {
	t.Helper()
	ctx := context.Background()
	c, err := st.Client.Customer.Get(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := st.Client.Transaction.Query().Where(transaction.CustomerID(id)).Order(ent.Asc(transaction.FieldID)).All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, r := range rows {
		sum += r.Amount
		if r.BalanceAfter != sum {
			t.Fatalf("transaction %d: balance_after %d, want running sum %d", r.ID, r.BalanceAfter, sum)
		}
	}
	if c.Balance != sum {
		t.Fatalf("balance %d, sum of ledger %d", c.Balance, sum)
	}
}

func TestConcurrentPaymentsAllCounted(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := f.customer(t, f.profile(t, 1000, nil, nil), t0.Add(240*time.Hour), 0)
		const n = 20
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for i := 1; i <= n; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				_, err := f.svc.RecordPayment(context.Background(), PaymentInput{
					CustomerID: c.ID, Amount: int64(i), Method: "mpesa", Reference: fmt.Sprintf("REF%03d", i),
				})
				errs <- err
			}(i)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if got, want := f.get(t, c.ID).Balance, int64(n*(n+1)/2); got != want {
			t.Fatalf("balance %d, want %d", got, want)
		}
		checkLedger(t, st, c.ID)
	})
}

func TestSameReferenceOneTransaction(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		p := f.profile(t, 1000, nil, nil)
		c := f.customer(t, p, t0.Add(240*time.Hour), 0)
		other := f.customer(t, p, t0.Add(240*time.Hour), 0)
		in := PaymentInput{CustomerID: c.ID, Amount: 500, Method: "mpesa", Reference: "QX1"}
		first, err := f.svc.RecordPayment(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		second, err := f.svc.RecordPayment(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if first.ID != second.ID {
			t.Fatalf("second delivery created transaction %d, want the first one %d", second.ID, first.ID)
		}
		// Delivered concurrently too.
		var wg sync.WaitGroup
		ids := make(chan int, 8)
		in2 := PaymentInput{CustomerID: c.ID, Amount: 300, Method: "mpesa", Reference: "QX2"}
		for i := 0; i < 8; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				tr, err := f.svc.RecordPayment(ctx, in2)
				if err != nil {
					t.Error(err)
					return
				}
				ids <- tr.ID
			}()
		}
		wg.Wait()
		close(ids)
		seen := map[int]bool{}
		for id := range ids {
			seen[id] = true
		}
		if len(seen) != 1 {
			t.Fatalf("concurrent deliveries returned %d different transactions, want 1", len(seen))
		}
		if got := f.get(t, c.ID).Balance; got != 800 {
			t.Fatalf("balance %d, want 800", got)
		}
		checkLedger(t, st, c.ID)

		for name, bad := range map[string]PaymentInput{
			"other amount":   {CustomerID: c.ID, Amount: 501, Method: "mpesa", Reference: "QX1"},
			"other customer": {CustomerID: other.ID, Amount: 500, Method: "mpesa", Reference: "QX1"},
		} {
			if _, err := f.svc.RecordPayment(ctx, bad); !errors.Is(err, ErrReferenceReused) {
				t.Errorf("%s: err %v, want ErrReferenceReused", name, err)
			}
		}
		// The same reference under another method is another payment.
		if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 500, Method: "bank", Reference: "QX1"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestPaymentValidation(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.customer(t, f.profile(t, 1000, nil, nil), t0.Add(240*time.Hour), 0)
	closed := f.customer(t, f.profile(t, 1000, nil, nil), t0.Add(240*time.Hour), 0)
	st.Client.Customer.UpdateOneID(closed.ID).SetStatus(customer.StatusDISABLED).ExecX(ctx)
	for _, tc := range []struct {
		name string
		in   PaymentInput
		want error
	}{
		{"zero", PaymentInput{CustomerID: c.ID, Amount: 0, Method: "cash"}, ErrBadAmount},
		{"negative", PaymentInput{CustomerID: c.ID, Amount: -5, Method: "cash"}, ErrBadAmount},
		{"too large", PaymentInput{CustomerID: c.ID, Amount: MaxAmount + 1, Method: "cash"}, ErrBadAmount},
		{"no method", PaymentInput{CustomerID: c.ID, Amount: 5}, ErrInvalidInput},
		{"unknown customer", PaymentInput{CustomerID: 999999, Amount: 5, Method: "cash"}, ErrCustomerNotFound},
		{"disabled", PaymentInput{CustomerID: closed.ID, Amount: 5, Method: "cash"}, ErrAccountClosed},
	} {
		if _, err := f.svc.RecordPayment(ctx, tc.in); !errors.Is(err, tc.want) || !IsRefusal(err) {
			t.Errorf("%s: err %v, want %v", tc.name, err, tc.want)
		}
	}
	if got := f.get(t, c.ID).Balance; got != 0 {
		t.Fatalf("refused payments changed the balance to %d", got)
	}
}

func TestRenew(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		p := f.profile(t, 1500, nil, nil)
		for _, tc := range []struct {
			name       string
			expires    time.Time
			balance    int64
			wantExpiry time.Time
			wantErr    error
		}{
			{"early: from the current expiry", t0.Add(10 * 24 * time.Hour), 2000, t0.Add(40 * 24 * time.Hour), nil},
			{"late: from now", t0.Add(-5 * 24 * time.Hour), 1500, t0.Add(30 * 24 * time.Hour), nil},
			{"exactly at expiry: from now", t0, 1500, t0.Add(30 * 24 * time.Hour), nil},
			{"too little balance", t0.Add(24 * time.Hour), 1000, time.Time{}, ErrInsufficientBalance},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := f.customer(t, p, tc.expires, tc.balance)
				st.Client.Customer.UpdateOneID(c.ID).SetPeriodBytesIn(7).SetPeriodBytesOut(9).ExecX(ctx)
				got, err := f.svc.Renew(ctx, c.ID)
				if tc.wantErr != nil {
					var ie *InsufficientBalanceError
					if !errors.Is(err, tc.wantErr) || !errors.As(err, &ie) || ie.Missing() != 500 {
						t.Fatalf("err %v, want %v missing 500", err, tc.wantErr)
					}
					if f.get(t, c.ID).ExpiresAt.Equal(tc.expires) == false {
						t.Fatal("failed renewal changed the expiry")
					}
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if !got.ExpiresAt.Equal(tc.wantExpiry) {
					t.Fatalf("expiry %v, want %v", got.ExpiresAt, tc.wantExpiry)
				}
				if got.Balance != tc.balance-1500 || got.PeriodBytesIn != 0 || got.PeriodBytesOut != 0 || !got.PeriodStart.Equal(t0) {
					t.Fatalf("after renewal: balance %d, period %v %d/%d", got.Balance, got.PeriodStart, got.PeriodBytesIn, got.PeriodBytesOut)
				}
				checkLedger(t, st, c.ID)
			})
		}
	})
}

func TestRenewRestoresCappedPlan(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	slow := f.profile(t, 0, nil, nil)
	limit := int64(1000)
	p := f.profile(t, 100, &limit, &slow.ID)
	c := f.customer(t, p, t0.Add(24*time.Hour), 100)
	st.Client.Customer.UpdateOneID(c.ID).SetCapApplied(true).SetPeriodBytesIn(2000).ExecX(ctx)
	if _, err := f.svc.Renew(ctx, c.ID); err != nil {
		t.Fatal(err)
	}
	if disc, apply := f.enf.counts(c.ID); apply != 1 || disc != 0 {
		t.Fatalf("ApplyProfile %d times, Disconnect %d times; want 1 and 0", apply, disc)
	}
	if f.get(t, c.ID).CapApplied {
		t.Fatal("cap still applied after renewal")
	}
}

func TestRenewClosedAccount(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.customer(t, f.profile(t, 100, nil, nil), t0, 500)
	st.Client.Customer.UpdateOneID(c.ID).SetStatus(customer.StatusDISABLED).ExecX(ctx)
	if _, err := f.svc.Renew(ctx, c.ID); !errors.Is(err, ErrAccountClosed) {
		t.Fatalf("err %v, want ErrAccountClosed", err)
	}
	if _, err := f.svc.Renew(ctx, 424242); !errors.Is(err, ErrCustomerNotFound) {
		t.Fatalf("err %v, want ErrCustomerNotFound", err)
	}
}

func TestAdjustAndRefund(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.customer(t, f.profile(t, 100, nil, nil), t0.Add(time.Hour), 1000)
	if _, err := f.svc.Adjust(ctx, c.ID, -300, "correction"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Adjust(ctx, c.ID, -800, "too much"); !errors.Is(err, ErrInsufficientBalance) {
		t.Fatalf("err %v, want ErrInsufficientBalance", err)
	}
	if _, err := f.svc.Adjust(ctx, c.ID, 0, "nothing"); !errors.Is(err, ErrBadAmount) {
		t.Fatalf("err %v, want ErrBadAmount", err)
	}
	r1, err := f.svc.Refund(ctx, c.ID, 200, "mpesa", "RF1", "")
	if err != nil {
		t.Fatal(err)
	}
	r2, err := f.svc.Refund(ctx, c.ID, 200, "mpesa", "RF1", "")
	if err != nil || r2.ID != r1.ID {
		t.Fatalf("repeated refund: %v, id %d want %d", err, r2.ID, r1.ID)
	}
	if _, err := f.svc.Refund(ctx, c.ID, 600, "cash", "", ""); !errors.Is(err, ErrInsufficientBalance) {
		t.Fatalf("err %v, want ErrInsufficientBalance", err)
	}
	if got := f.get(t, c.ID).Balance; got != 500 {
		t.Fatalf("balance %d, want 500", got)
	}
	checkLedger(t, st, c.ID)
}

func TestPaymentRenewsExpiredCustomer(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	p := f.profile(t, 1500, nil, nil)
	c := f.customer(t, p, t0.Add(-48*time.Hour), 200)
	off := f.customer(t, p, t0.Add(-48*time.Hour), 0)
	st.Client.Customer.UpdateOneID(off.ID).SetAutoRenew(false).ExecX(ctx)

	sub := f.svc.bus.Subscribe(t.Context())
	// Not enough yet: no renewal.
	if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 1000, Method: "mpesa", Reference: "A1"}); err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, c.ID); !got.ExpiresAt.Equal(t0.Add(-48*time.Hour)) || got.Balance != 1200 {
		t.Fatalf("renewed with too little balance: %+v", got)
	}
	f.now = t0.Add(time.Minute)
	if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 300, Method: "mpesa", Reference: "A2"}); err != nil {
		t.Fatal(err)
	}
	got := f.get(t, c.ID)
	if want := f.now.Add(30 * 24 * time.Hour); !got.ExpiresAt.Equal(want) || got.Balance != 0 {
		t.Fatalf("after payment: expiry %v balance %d, want %v and 0", got.ExpiresAt, got.Balance, want)
	}
	kinds, _ := st.Client.Transaction.Query().Where(transaction.CustomerID(c.ID)).Order(ent.Asc(transaction.FieldID)).
		Select(transaction.FieldKind).Strings(ctx)
	if fmt.Sprint(kinds) != "[ADJUSTMENT PAYMENT PAYMENT RENEWAL]" {
		t.Fatalf("ledger kinds %v", kinds)
	}
	checkLedger(t, st, c.ID)
	select {
	case e := <-sub:
		if e.Kind != events.CustomerChanged || e.CustomerID != c.ID {
			t.Fatalf("event %+v", e)
		}
	case <-time.After(time.Second):
		t.Fatal("no CustomerChanged event")
	}
	// Auto-renew off: the payment only adds to the balance.
	if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: off.ID, Amount: 1500, Method: "cash"}); err != nil {
		t.Fatal(err)
	}
	if got := f.get(t, off.ID); got.ExpiresAt.After(f.now) {
		t.Fatal("payment renewed a customer with auto-renew off")
	}
}

func TestAutoRenewAtExpiry(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	p := f.profile(t, 1500, nil, nil)
	expiry := t0.Add(time.Hour)
	rich := f.customer(t, p, expiry, 2000)
	poor := f.customer(t, p, expiry, 1000)
	manual := f.customer(t, p, expiry, 5000)
	st.Client.Customer.UpdateOneID(manual.ID).SetAutoRenew(false).ExecX(ctx)

	// An hour before: nothing is due.
	rep, err := f.svc.Tick(ctx, t0)
	if err != nil || rep.Renewed != 0 || rep.ExpiryEnforced != 0 {
		t.Fatalf("tick before expiry: %+v %v", rep, err)
	}
	// At expiry.
	rep, err = f.svc.Tick(ctx, expiry)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Renewed != 1 || rep.ExpiryEnforced != 2 {
		t.Fatalf("tick at expiry: %+v, want 1 renewed and 2 enforced", rep)
	}
	if got := f.get(t, rich.ID); !got.ExpiresAt.Equal(expiry.Add(30*24*time.Hour)) || got.Balance != 500 {
		t.Fatalf("rich customer: expiry %v balance %d", got.ExpiresAt, got.Balance)
	}
	for _, c := range []*ent.Customer{poor, manual} {
		if got := f.get(t, c.ID); !got.ExpiresAt.Equal(expiry) || got.Balance != c.Balance {
			t.Fatalf("customer %d renewed without auto-renew or balance", c.ID)
		}
		if d, _ := f.enf.counts(c.ID); d != 1 {
			t.Fatalf("customer %d disconnected %d times, want 1", c.ID, d)
		}
	}
	if d, _ := f.enf.counts(rich.ID); d != 0 {
		t.Fatal("renewed customer was disconnected")
	}
	// Later passes change nothing.
	rep, err = f.svc.Tick(ctx, expiry.Add(time.Minute))
	if err != nil || rep.Renewed+rep.ExpiryEnforced != 0 {
		t.Fatalf("second tick: %+v %v", rep, err)
	}
	checkLedger(t, st, rich.ID)
}

func TestExpiryEnforcedOnceAcrossInstances(t *testing.T) {
	dsn := testutil.DSN(t, testutil.Postgres)
	ctx := context.Background()
	var stores []*store.Store
	for i := 0; i < 2; i++ {
		st, err := store.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
	}
	if err := stores[0].Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	enf := newFakeEnforcer()
	f := newFixture(t, stores[0])
	p := f.profile(t, 1500, nil, nil)
	var ids []int
	for i := 0; i < 10; i++ { // expired during "downtime", at various times
		ids = append(ids, f.customer(t, p, t0.Add(-time.Duration(i)*time.Hour), 0).ID)
	}
	renewable := f.customer(t, p, t0.Add(-time.Hour), 1500)
	svcs := []*Service{NewService(stores[0], nil, enf, quiet), NewService(stores[1], nil, enf, quiet)}
	var wg sync.WaitGroup
	for round := 0; round < 3; round++ {
		for _, s := range svcs {
			wg.Add(1)
			go func(s *Service) {
				defer wg.Done()
				if _, err := s.Tick(ctx, t0.Add(time.Duration(round)*time.Second)); err != nil {
					t.Error(err)
				}
			}(s)
		}
		wg.Wait()
	}
	for _, id := range ids {
		if d, _ := enf.counts(id); d != 1 {
			t.Fatalf("customer %d disconnected %d times, want once", id, d)
		}
	}
	got := f.get(t, renewable.ID)
	if got.Balance != 0 || !got.ExpiresAt.Equal(t0.Add(30*24*time.Hour)) {
		t.Fatalf("renewable customer: balance %d expiry %v (charged twice or not at all?)", got.Balance, got.ExpiresAt)
	}
	if n, _ := stores[0].Client.Transaction.Query().Where(transaction.CustomerID(renewable.ID), transaction.KindEQ(transaction.KindRENEWAL)).Count(ctx); n != 1 {
		t.Fatalf("%d renewal charges, want 1", n)
	}
	if d, _ := enf.counts(renewable.ID); d != 0 {
		t.Fatal("auto-renewed customer was disconnected")
	}
}

func TestExpiryRetriedAfterRouterError(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.customer(t, f.profile(t, 1500, nil, nil), t0.Add(-time.Minute), 0)
	f.enf.fail = 1
	if _, err := f.svc.Tick(ctx, t0); err == nil {
		t.Fatal("a router error was not reported")
	}
	rep, err := f.svc.Tick(ctx, t0.Add(30*time.Second))
	if err != nil || rep.ExpiryEnforced != 1 {
		t.Fatalf("retry: %+v %v", rep, err)
	}
	if d, _ := f.enf.counts(c.ID); d != 1 {
		t.Fatalf("disconnected %d times, want 1", d)
	}
	// Staff extend the expiry; when it passes again it is enforced again.
	st.Client.Customer.UpdateOneID(c.ID).SetExpiresAt(t0.Add(time.Hour)).ExecX(ctx)
	if rep, _ := f.svc.Tick(ctx, t0.Add(time.Minute)); rep.ExpiryEnforced != 0 {
		t.Fatal("enforced before the new expiry")
	}
	if rep, _ := f.svc.Tick(ctx, t0.Add(2*time.Hour)); rep.ExpiryEnforced != 1 {
		t.Fatalf("new expiry not enforced: %+v", rep)
	}
}

func TestDataCap(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		f := newFixture(t, st)
		slow := f.profile(t, 0, nil, nil)
		limit := int64(10_000)
		withAfter := f.profile(t, 100, &limit, &slow.ID)
		hard := f.profile(t, 100, &limit, nil)
		a := f.customer(t, withAfter, t0.Add(10*24*time.Hour), 100)
		b := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		under := f.customer(t, hard, t0.Add(10*24*time.Hour), 0)
		st.Client.Customer.UpdateOneID(a.ID).SetPeriodBytesIn(4000).SetPeriodBytesOut(6000).ExecX(ctx) // exactly the limit
		st.Client.Customer.UpdateOneID(b.ID).SetPeriodBytesIn(20_000).ExecX(ctx)
		st.Client.Customer.UpdateOneID(under.ID).SetPeriodBytesIn(5000).SetPeriodBytesOut(4999).ExecX(ctx)
		for i := 0; i < 3; i++ {
			if _, err := f.svc.Tick(ctx, t0.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatal(err)
			}
		}
		if d, ap := f.enf.counts(a.ID); ap != 1 || d != 0 {
			t.Fatalf("after-cap plan: ApplyProfile %d, Disconnect %d; want 1, 0", ap, d)
		}
		if d, ap := f.enf.counts(b.ID); d != 1 || ap != 0 {
			t.Fatalf("no after-cap plan: Disconnect %d, ApplyProfile %d; want 1, 0", d, ap)
		}
		if d, ap := f.enf.counts(under.ID); d+ap != 0 {
			t.Fatal("customer under the cap was enforced")
		}
		if !f.get(t, a.ID).CapApplied || f.get(t, under.ID).CapApplied {
			t.Fatal("cap_applied flags wrong")
		}
		// Renewal starts a new period and restores the plan; the cap applies again when crossed.
		if _, err := f.svc.Renew(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if _, ap := f.enf.counts(a.ID); ap != 2 {
			t.Fatalf("renewal did not restore the full plan (ApplyProfile %d)", ap)
		}
		if rep, _ := f.svc.Tick(ctx, t0.Add(time.Hour)); rep.CapsApplied != 0 {
			t.Fatalf("cap applied again with usage reset: %+v", rep)
		}
		st.Client.Customer.UpdateOneID(a.ID).SetPeriodBytesOut(10_001).ExecX(ctx)
		if rep, _ := f.svc.Tick(ctx, t0.Add(2*time.Hour)); rep.CapsApplied != 1 {
			t.Fatalf("cap not applied in the new period: %+v", rep)
		}
	})
}

var quiet = slog.New(slog.DiscardHandler)

type fakeQueue struct{ calls []time.Time }

func (q *fakeQueue) Enqueue(_ context.Context, now time.Time) (int, error) {
	q.calls = append(q.calls, now)
	return 2, nil
}

func TestTickQueuesReminders(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	f := newFixture(t, st)
	q := &fakeQueue{}
	f.svc.WithReminders(q)
	for _, d := range []time.Duration{0, time.Minute, 6 * time.Minute, 7 * time.Minute, 12 * time.Minute} {
		rep, err := f.svc.Tick(context.Background(), t0.Add(d))
		if err != nil {
			t.Fatal(err)
		}
		_ = rep
	}
	if len(q.calls) != 3 || !q.calls[1].Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("reminders queued at %v, want at +0, +6m and +12m", q.calls)
	}
}

// TestPaymentMovesOutOfExpiredPool: a customer held in its plan's expired pool is renewed by a
// payment and disconnected once, so it reconnects with an address from the normal pool.
func TestPaymentMovesOutOfExpiredPool(t *testing.T) {
	st := testutil.OpenStore(t, testutil.Postgres)
	ctx := context.Background()
	f := newFixture(t, st)
	p := f.profile(t, 1000, nil, nil)
	st.Client.Profile.UpdateOneID(p.ID).SetExpiredPool("expired").ExecX(ctx)
	c := f.customer(t, p, t0.Add(-time.Hour), 0)
	if rep, err := f.svc.Tick(ctx, t0); err != nil || rep.ExpiryEnforced != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 1000, Method: "mpesa", Reference: "P1"}); err != nil {
		t.Fatal(err)
	}
	if d, _ := f.enf.counts(c.ID); d != 2 {
		t.Fatalf("disconnects %d, want 2 (expiry, then out of the expired pool)", d)
	}
	got := f.get(t, c.ID)
	if got.ExpiryEnforcedAt != nil || !got.ExpiresAt.After(t0) {
		t.Fatalf("not renewed: %+v", got)
	}
}
