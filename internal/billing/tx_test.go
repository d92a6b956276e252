package billing

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestCallsJoinTheCallersTransaction: a payment and a renewal made inside a caller's
// transaction (another service's store.InTx) are part of it. When the caller rolls back,
// nothing of them stays (no ledger row, no audit row, the balance unchanged) and neither an
// event nor a router action follows; when it commits, the router action and the event come
// after the commit, and the ledger rows and audit rows name the actor of the context.
func TestCallsJoinTheCallersTransaction(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		slow := f.profile(t, 0, nil, nil)
		limit := int64(1000)
		p := f.profile(t, 1500, &limit, &slow.ID)
		c := f.customer(t, p, t0.Add(24*time.Hour), 0)
		st.Client.Customer.UpdateOneID(c.ID).SetCapApplied(true).ExecX(context.Background())
		alice := st.Client.Staff.Create().SetUsername("alice").SetPasswordHash("x").SetRole(staff.RoleOPERATOR).SaveX(context.Background())
		ctx := audit.WithActor(context.Background(), audit.Actor{Name: "alice", StaffID: &alice.ID, Address: "192.0.2.7"})
		sub := f.svc.bus.Subscribe(t.Context())

		payAndRenew := func(ctx context.Context, _ *ent.Client) error {
			if _, err := f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 1500, Method: "mpesa", Reference: "QJ1"}); err != nil {
				return err
			}
			if _, err := f.svc.Renew(ctx, c.ID); err != nil {
				return err
			}
			if _, apply := f.enf.counts(c.ID); apply != 0 {
				t.Error("the router was asked before the caller's transaction committed")
			}
			return nil
		}
		errCaller := errors.New("the caller refused")
		if err := store.InTx(ctx, st.Client, func(ctx context.Context, tx *ent.Client) error {
			if err := payAndRenew(ctx, tx); err != nil {
				return err
			}
			return errCaller
		}); !errors.Is(err, errCaller) {
			t.Fatalf("rolled back transaction: %v", err)
		}
		if got := f.get(t, c.ID); got.Balance != 0 || !got.CapApplied || st.Client.Transaction.Query().CountX(ctx) != 0 ||
			st.Client.AuditLog.Query().CountX(ctx) != 0 {
			t.Fatalf("a rolled back payment left something: balance %d, capped %v", got.Balance, got.CapApplied)
		}
		if _, apply := f.enf.counts(c.ID); apply != 0 {
			t.Fatal("the router was asked for a rolled back renewal")
		}
		select {
		case e := <-sub:
			t.Fatalf("event %+v for a rolled back payment", e)
		case <-time.After(100 * time.Millisecond):
		}

		if err := store.InTx(ctx, st.Client, payAndRenew); err != nil {
			t.Fatal(err)
		}
		if _, apply := f.enf.counts(c.ID); apply != 1 {
			t.Fatalf("ApplyCustomerProfile %d times after the commit, want 1", apply)
		}
		if e := <-sub; e.Kind != events.CustomerChanged || e.CustomerID != c.ID {
			t.Fatalf("event %+v", e)
		}
		for _, l := range st.Client.Transaction.Query().Order(ent.Asc(transaction.FieldID)).AllX(ctx) {
			if l.Actor != "alice" || (l.Kind == transaction.KindPAYMENT && (l.StaffID == nil || *l.StaffID != alice.ID)) {
				t.Errorf("ledger row %s by %q (staff %v), want alice", l.Kind, l.Actor, l.StaffID)
			}
		}
		for _, action := range []string{"recordPayment", "renewCustomer"} {
			l, err := st.Client.AuditLog.Query().Where(auditlog.Action(action)).Only(ctx)
			if err != nil || l.Actor != "alice" || l.Address != "192.0.2.7" || l.StaffID == nil || *l.StaffID != alice.ID {
				t.Errorf("audit row %s: %+v %v", action, l, err)
			}
		}
		checkLedger(t, st, c.ID)
	})
}

// TestRefusalsAreDomainErrors: the service's refusals are *domain.Error (the API shows their
// message as it is, with BAD_USER_INPUT) whose cause errors.Is finds.
func TestRefusalsAreDomainErrors(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.customer(t, f.profile(t, 1500, nil, nil), t0, 100)
	for _, tc := range []struct {
		name  string
		err   error
		cause error
		kind  domain.Kind
		field string
		msg   string
	}{
		{"renew without balance", second(f.svc.Renew(ctx, c.ID)), ErrInsufficientBalance, domain.Refused, "",
			"insufficient balance for renewal of plan-"},
		{"unknown customer", second(f.svc.Renew(ctx, 424242)), ErrCustomerNotFound, domain.Refused, "", "customer not found (id 424242)"},
		{"zero adjustment", second(f.svc.Adjust(ctx, c.ID, 0, "x")), ErrBadAmount, domain.Invalid, "amount", "amount must not be zero"},
		{"adjustment without a reason", second(f.svc.Adjust(ctx, c.ID, 5, " ")), ErrInvalidInput, domain.Invalid, "note",
			"say why the balance is adjusted"},
		{"payment without a reference", second(f.svc.RecordPayment(ctx, PaymentInput{CustomerID: c.ID, Amount: 1, Method: "bank"})),
			ErrInvalidInput, domain.Invalid, "", "invalid input: a bank payment needs a reference"},
		{"debit over the balance", second(f.svc.Adjust(ctx, c.ID, -101, "fee")), ErrInsufficientBalance, domain.Refused, "",
			"insufficient balance for adjustment"},
	} {
		de, ok := domain.As(tc.err)
		if !ok || !errors.Is(tc.err, tc.cause) || de.Kind != tc.kind || de.Field != tc.field || len(de.Message) < len(tc.msg) ||
			de.Message[:len(tc.msg)] != tc.msg {
			t.Errorf("%s: %#v", tc.name, tc.err)
		}
	}
}

func second[T any](_ T, err error) error { return err }
