// Package billing is the money side of a subscription: the append-only ledger (payments,
// renewal charges, adjustments, refunds) kept in step with each customer's cached balance,
// renewals, and the scheduler pass (Tick) that auto-renews, enforces expiry and data caps,
// and queues renewal reminders.
//
// Every ledger write happens in the same database transaction as the balance update, with
// the customer row locked (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers with
// BEGIN IMMEDIATE), so a customer's balance always equals the sum of its ledger. The
// transaction is store.InTx's: a caller that already holds one (another service) shares it,
// and the audit row is written in it. Routers are contacted and events published only after
// the outermost transaction commits (store.AfterCommit). Who acts (the ledger's actor and
// staff member, the audit row's actor) comes from the context (audit.ActorFrom).
package billing

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
)

// Enforcer is what billing needs from the router side (nas.Service satisfies it). Both are
// called after commit and must act on the customer's state as stored then; each returns one
// result per open session, and a session the router did not act on (domain's Unanswered)
// counts as a failure that the scheduler retries.
type Enforcer interface {
	// DisconnectCustomer drops every open session of the customer (RFC 5176 Disconnect or the
	// RouterOS API) so the router re-authenticates it. No open session is not an error.
	DisconnectCustomer(ctx context.Context, customerID int) ([]domain.SessionResult, error)
	// ApplyCustomerProfile pushes the customer's current effective plan to its open sessions
	// with a CoA (the after-cap profile's rate while cap_applied is set, the full plan otherwise).
	ApplyCustomerProfile(ctx context.Context, customerID int) ([]domain.SessionResult, error)
}

// unanswered turns the sessions a router did not act on into an error, so the caller logs it
// and the scheduler tries again on its next pass.
func unanswered(res []domain.SessionResult, err error) error {
	if err != nil {
		return err
	}
	for _, r := range res {
		if r.Unanswered() {
			return fmt.Errorf("session %d: %s: %s", r.Session.ID, r.Outcome, r.Message)
		}
	}
	return nil
}

// MaxAmount bounds any single amount (minor units), keeping balances well inside the 2^53
// that GraphQL's Int carries exactly.
const MaxAmount int64 = 1 << 50

// Service records money movements and runs the lifecycle scheduler.
type Service struct {
	st       *store.Store
	bus      *events.Bus
	enf      Enforcer
	log      *slog.Logger
	remind   ReminderQueue
	gateways GatewayMethods
	// invoices prices renewals and issues their invoices; nil: the plan price, no invoice.
	invoices Invoicer
	// receipts queues the receipt message of each new payment; may be nil.
	receipts ReceiptSender
	// rollUp moves acknowledged accounting into period usage before caps are enforced
	// (radius.Server.FlushRollUp); may be nil.
	rollUp func(context.Context) error

	// Now is the clock of RecordPayment, Renew, Adjust and Refund (Tick takes its time as an
	// argument). Tests replace it; it defaults to time.Now.
	Now func() time.Time
	// RenewAhead lets the scheduler auto-renew a customer this long before its expiry, so a
	// router re-authenticating at the old expiry already sees the new one. Renewal still extends
	// from the current expiry, so no day is lost or given away. Default 2 minutes.
	RenewAhead time.Duration
	// EnforceTimeout bounds each call to the Enforcer. Default 30 seconds.
	EnforceTimeout time.Duration
	// Parallel is how many customers expiry and data-cap enforcement act on at once (each
	// may wait for a router's timeout). Default 8.
	Parallel int
	// ReminderEvery is how often Tick queues reminders (they are per day, so a few minutes
	// is plenty). Default 5 minutes.
	ReminderEvery time.Duration

	mu           sync.Mutex
	lastReminder time.Time
}

// ReminderQueue queues renewal reminders that are due at now (notify.Notifier satisfies it).
type ReminderQueue interface {
	Enqueue(ctx context.Context, now time.Time) (int, error)
}

// NewService makes the billing service. enf may be nil (then nothing is sent to routers, which
// only suits tests and tools that never enforce); bus may be nil; logger nil means slog.Default.
func NewService(st *store.Store, bus *events.Bus, enf Enforcer, logger *slog.Logger) *Service {
	if logger == nil {
		logger = slog.Default()
	}
	return &Service{
		st: st, bus: bus, enf: enf, log: logger.With("component", "billing"),
		Now:            time.Now,
		RenewAhead:     2 * time.Minute,
		EnforceTimeout: 30 * time.Second,
		ReminderEvery:  5 * time.Minute,
		Parallel:       8,
	}
}

// WithReminders makes Tick queue renewal reminders through q, and returns s.
func (s *Service) WithReminders(q ReminderQueue) *Service {
	s.remind = q
	return s
}

// WithRollUp makes Tick call rollUp before it reads period usage for cap enforcement, so it
// sees every byte accounting has acknowledged on this instance (accounting rolls usage up
// asynchronously: radius.RollUpBound), and returns s.
func (s *Service) WithRollUp(rollUp func(context.Context) error) *Service {
	s.rollUp = rollUp
	return s
}

// clock returns the current time in UTC at the database's precision (microseconds), so a
// value written and read back compares equal on both databases.
func (s *Service) clock() time.Time { return norm(s.Now()) }

func norm(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// PaymentInput is one payment to record. Who recorded it (the ledger's actor and staff
// member) is the actor of the context.
type PaymentInput struct {
	CustomerID int
	Amount     int64  // positive, minor units
	Method     string // one of Methods, in any case (folded before it is stored)
	Reference  string // unique per method; required but for cash, where empty makes one
	Note       string
}

// effects are what to do after a transaction commits.
type effects struct {
	customerID int
	changed    bool // publish CustomerChanged
	disconnect bool // drop the sessions (renewed out of the expired pool)
	apply      bool // re-apply the full plan (renewed while capped)
}

// afterCommit registers the effects of a change made in ctx's transaction, to run once the
// outermost transaction has committed (never after a rollback).
func (s *Service) afterCommit(ctx context.Context, e effects) {
	if e.changed {
		store.AfterCommit(ctx, func(ctx context.Context) { s.after(ctx, e) })
	}
}

// after publishes the event and contacts the routers for a committed change. Router errors
// are logged: the database is already right, and the next login picks the new state up.
func (s *Service) after(ctx context.Context, e effects) {
	if e.changed {
		s.publish(ctx, e.customerID)
	}
	if s.enf == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), s.EnforceTimeout)
	defer cancel()
	if e.disconnect {
		if err := unanswered(s.enf.DisconnectCustomer(ctx, e.customerID)); err != nil {
			s.log.Warn("disconnect after renewal failed", "customer", e.customerID, "err", err)
		}
	} else if e.apply {
		if err := unanswered(s.enf.ApplyCustomerProfile(ctx, e.customerID)); err != nil {
			s.log.Warn("restoring the full plan after renewal failed", "customer", e.customerID, "err", err)
		}
	}
}

// publish announces a committed change of the customer, with its connection state.
func (s *Service) publish(ctx context.Context, customerID int) {
	if s.bus != nil {
		s.bus.Publish(store.CustomerChanged(ctx, s.st.Client, customerID))
	}
}

func checkText(field, v string, max int, required bool) error {
	if required && strings.TrimSpace(v) == "" {
		return fmt.Errorf("%w: %s is required", ErrInvalidInput, field)
	}
	if utf8.RuneCountInString(v) > max {
		return fmt.Errorf("%w: %s must be at most %d characters", ErrInvalidInput, field, max)
	}
	return nil
}

func checkAmount(amount int64) error {
	if amount <= 0 || amount > MaxAmount {
		return fmt.Errorf("%w (got %d)", ErrBadAmount, amount)
	}
	return nil
}

func nilIfEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// lock reads the customer row, locking it until the transaction ends.
func (s *Service) lock(ctx context.Context, tx *ent.Client, id int) (*ent.Customer, error) {
	q := tx.Customer.Query().Where(customer.ID(id))
	if s.st.IsPostgres() {
		q = q.ForUpdate() // SQLite: BEGIN IMMEDIATE (_txlock=immediate) already serialises writers
	}
	c, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, fmt.Errorf("%w (id %d)", ErrCustomerNotFound, id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading customer %d: %w", id, err)
	}
	return c, nil
}

// entry is one ledger line to write.
type entry struct {
	kind      transaction.Kind
	amount    int64 // signed
	method    string
	reference string
	note      string
	staffID   *int
	actor     string
	refundOf  *int // the payment a refund pays back
	profileID *int // the plan a renewal charged for
}

// entryBy returns an entry of kind by the actor of ctx; payments also name the staff member
// who recorded them.
func entryBy(ctx context.Context, kind transaction.Kind) entry {
	a := audit.ActorFrom(ctx)
	e := entry{kind: kind, actor: a.Name}
	if kind == transaction.KindPAYMENT {
		e.staffID = a.StaffID
	}
	return e
}

// post writes e for the locked customer c together with the customer's new balance and any
// further changes (more), and returns the ledger row and the updated customer.
func (s *Service) post(ctx context.Context, tx *ent.Client, c *ent.Customer, e entry, now time.Time,
	more func(*ent.CustomerUpdateOne)) (*ent.Transaction, *ent.Customer, error) {
	newBal := c.Balance + e.amount
	if newBal > MaxAmount || newBal < -MaxAmount {
		return nil, nil, fmt.Errorf("%w: the balance would leave the supported range", ErrBadAmount)
	}
	var receiptNo *int64
	if e.kind == transaction.KindPAYMENT {
		// Taken last, after the customer's lock: the sequence's row lock is held only while
		// this transaction finishes, and a rollback gives the number back.
		n, err := store.NextNumber(ctx, tx, store.ReceiptSequence)
		if err != nil {
			return nil, nil, err
		}
		receiptNo = &n
	}
	t, err := tx.Transaction.Create().SetNillableReceiptNo(receiptNo).
		SetCustomerID(c.ID).SetAmount(e.amount).SetBalanceAfter(newBal).SetKind(e.kind).
		SetNillableMethod(nilIfEmpty(e.method)).SetNillableMethodKey(nilIfEmpty(e.method)).
		SetNillableReference(nilIfEmpty(e.reference)).
		SetNillableNote(nilIfEmpty(e.note)).SetNillableStaffID(e.staffID).
		SetActor(truncate(e.actor, 100)).SetCreatedAt(now).
		SetNillableRefundOfID(e.refundOf).SetNillableProfileID(e.profileID).
		Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("writing %s ledger entry: %w", strings.ToLower(string(e.kind)), err)
	}
	u := store.BoundUsage(tx.Customer.UpdateOneID(c.ID)).SetBalance(newBal)
	if more != nil {
		more(u)
	}
	c2, err := u.Save(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("updating customer %d balance: %w", c.ID, err)
	}
	return t, c2, nil
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n])
}

// RecordPayment adds a payment to the customer's balance. The method is folded to one of
// Methods; every method but cash needs a reference, and a cash payment without one gets a
// reference made by the server (so it is never taken for another). It is idempotent on the
// folded method and the reference: recording the same payment again (any case of the method)
// returns the transaction recorded the first time, which the caller recognises by its ID and
// creation time; the same pair for another customer or amount is ErrReferenceReused. A
// payment that brings an expired ACTIVE customer with auto-renew on up to the plan price
// renews it at once, in the same database transaction. The audit row (recordPayment) is
// written in that transaction too.
//
// A payment that loses a race for its reference to a concurrent one is looked up again and
// answered like a replay; inside a caller's transaction (which such a conflict aborts on
// PostgreSQL) the conflict is returned instead.
func (s *Service) RecordPayment(ctx context.Context, in PaymentInput) (*ent.Transaction, error) {
	t, _, err := s.RecordPaymentOnce(ctx, in)
	return t, err
}

// RecordPaymentOnce is RecordPayment that also reports whether the payment had been recorded
// before (replayed: the transaction returned is the one recorded the first time, and nothing
// was written now).
func (s *Service) RecordPaymentOnce(ctx context.Context, in PaymentInput) (t *ent.Transaction, replayed bool, err error) {
	if err := checkAmount(in.Amount); err != nil {
		return nil, false, refusal(err)
	}
	method, merr := NormalizeMethod(in.Method)
	var rerr error
	if merr == nil {
		in.Reference, rerr = normalizeReference(method, in.Reference)
	}
	if err := errors.Join(merr, rerr, checkText("note", in.Note, 500, false)); err != nil {
		return nil, false, refusal(err)
	}
	in.Method = method
	made := in.Reference == "" // cash without a reference: the server makes one
	joined := store.InTransaction(ctx)
	for attempt := 0; ; attempt++ {
		if made {
			in.Reference = newCashReference()
		}
		t, replayed, err := s.recordPayment(ctx, in, made)
		if err == nil {
			return store.Unwrap(ctx, t), replayed, nil
		}
		// A concurrent call with the same (method, reference) committed first: look again and
		// return its transaction (or refuse when it is a different payment). A made reference
		// that is taken is made anew.
		if (errors.Is(err, errMadeReferenceTaken) || (!joined && store.AsConflict(err) != nil)) && attempt < 3 {
			continue
		}
		return nil, false, refusal(err)
	}
}

func (s *Service) recordPayment(ctx context.Context, in PaymentInput, made bool) (*ent.Transaction, bool, error) {
	var out *ent.Transaction
	var replayed bool
	now := s.clock()
	e := entryBy(ctx, transaction.KindPAYMENT)
	e.amount, e.method, e.reference, e.note = in.Amount, in.Method, in.Reference, in.Note
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		t, again, err := s.pay(ctx, tx, in, e, made, now)
		if err != nil {
			return err
		}
		out, replayed = t, again
		return audit.Write(ctx, tx, "recordPayment", "customer", in.CustomerID, map[string]any{
			"transactionID": t.ID, "amount": in.Amount, "method": t.Method, "reference": t.Reference})
	})
	if err != nil {
		return nil, false, err
	}
	return out, replayed, nil
}

// pay writes the payment e for the customer of in, locked in tx (or finds the one recorded
// with its reference before), renews the customer when the payment makes it due, and
// registers what to do after commit.
func (s *Service) pay(ctx context.Context, tx *ent.Client, in PaymentInput, e entry, made bool, now time.Time) (*ent.Transaction, bool, error) {
	c, err := s.lock(ctx, tx, in.CustomerID)
	if err != nil {
		return nil, false, err
	}
	prev, err := findByReference(ctx, tx.Transaction, in.Method, in.Reference)
	if err != nil {
		return nil, false, err
	}
	if made && len(prev) > 0 {
		return nil, false, errMadeReferenceTaken
	}
	if out, err := replayOf(prev, in.CustomerID, e); out != nil || err != nil {
		return out, out != nil, err
	}
	if c.Status == customer.StatusDISABLED {
		return nil, false, fmt.Errorf("%w (account %s)", ErrAccountClosed, c.AccountNo)
	}
	t, c, err := s.post(ctx, tx, c, e, now, nil)
	if err != nil {
		return nil, false, err
	}
	if s.receipts != nil {
		if err := s.receipts.QueueReceipt(ctx, tx, t, c); err != nil {
			return nil, false, err
		}
	}
	eff := effects{customerID: c.ID, changed: true}
	if c.AutoRenew && c.Status == customer.StatusACTIVE && !c.ExpiresAt.After(now) {
		p, err := tx.Profile.Get(ctx, c.ProfileID)
		if err != nil {
			return nil, false, fmt.Errorf("reading plan of customer %d: %w", c.ID, err)
		}
		if p, _, err = pendingPlan(ctx, tx, c, p); err != nil {
			return nil, false, err
		}
		charge, err := s.renewalCharge(ctx, tx, p)
		if err != nil {
			return nil, false, err
		}
		if c.Balance >= charge {
			_, reff, err := s.renewLocked(ctx, tx, c, p, now, e.actor)
			if err != nil {
				return nil, false, err
			}
			eff.disconnect, eff.apply = reff.disconnect, reff.apply
		}
	}
	s.afterCommit(ctx, eff)
	return t, false, nil
}

// Adjust corrects a balance by a signed amount (a credit when positive, a debit when
// negative) and says why in note. A debit larger than the balance is refused: balances never
// go below zero; an amount whose size is above the staff_money_limit setting needs an admin. The audit row (adjustBalance) is written in the same transaction.
func (s *Service) Adjust(ctx context.Context, customerID int, amount int64, note string) (*ent.Transaction, error) {
	switch {
	case amount == 0:
		return nil, domain.Invalidf("amount", "amount must not be zero").Because(ErrBadAmount).
			WithKey("money.zero", nil)
	case amount > MaxAmount || amount < -MaxAmount:
		return nil, refusal(fmt.Errorf("%w: an adjustment must be a non-zero whole number of minor units (got %d)", ErrBadAmount, amount))
	case strings.TrimSpace(note) == "":
		return nil, domain.Invalidf("note", "say why the balance is adjusted").Because(ErrInvalidInput).
			WithKey("billing.adjustNoteRequired", nil)
	}
	if err := checkText("note", note, 500, true); err != nil {
		return nil, refusal(err)
	}
	if err := s.checkMoneyLimit(ctx, amount); err != nil {
		return nil, err
	}
	e := entryBy(ctx, transaction.KindADJUSTMENT)
	e.amount, e.note = amount, note
	return s.debitOrCredit(ctx, customerID, e, "adjustment", func(ctx context.Context, tx *ent.Client, t *ent.Transaction) error {
		return audit.Write(ctx, tx, "adjustBalance", "customer", customerID, map[string]any{
			"transactionID": t.ID, "amount": amount, "note": note})
	})
}

// Refund pays money back to the customer: the balance goes down by amount (positive). The
// method, when given, is folded like a payment's; with a reference, the refund is idempotent
// on (method, reference) like a payment.
func (s *Service) Refund(ctx context.Context, customerID int, amount int64, method, reference, note string) (*ent.Transaction, error) {
	if err := checkAmount(amount); err != nil {
		return nil, refusal(err)
	}
	method, reference = strings.TrimSpace(method), strings.TrimSpace(reference)
	var merr, rerr error
	switch {
	case method != "":
		method, merr = NormalizeMethod(method)
	case reference != "":
		merr = fmt.Errorf("%w: a refund reference needs a method", ErrInvalidInput)
	}
	if reference != "" && merr == nil {
		reference, rerr = normalizeReference(method, reference)
	}
	if err := errors.Join(merr, rerr, checkText("note", note, 500, false)); err != nil {
		return nil, refusal(err)
	}
	e := entryBy(ctx, transaction.KindREFUND)
	e.amount, e.method, e.reference, e.note = -amount, method, reference, note
	t, err := s.debitOrCredit(ctx, customerID, e, "refund", func(ctx context.Context, tx *ent.Client, t *ent.Transaction) error {
		return audit.Write(ctx, tx, "refund", "customer", customerID, map[string]any{
			"transactionID": t.ID, "amount": amount, "method": method, "reference": reference})
	})
	if ce := store.AsConflict(err); ce != nil && reference != "" && !store.InTransaction(ctx) {
		// A concurrent refund with the same (method, reference) committed first.
		prev, qerr := findByReference(ctx, s.st.Client.Transaction, method, reference)
		if qerr != nil {
			return nil, qerr
		}
		if out, rerr := replayOf(prev, customerID, e); out != nil || rerr != nil {
			return out, refusal(rerr)
		}
		return nil, refusal(fmt.Errorf("%w: %s reference %s is already recorded", ErrReferenceReused, method, quoteShort(reference)))
	}
	return t, err
}

// debitOrCredit posts e for the locked customer (what names it in a refusal), then record
// (the audit row) in the same transaction, and publishes the change after commit.
func (s *Service) debitOrCredit(ctx context.Context, customerID int, e entry, what string,
	record func(ctx context.Context, tx *ent.Client, t *ent.Transaction) error) (*ent.Transaction, error) {
	var out *ent.Transaction
	now := s.clock()
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		c, err := s.lock(ctx, tx, customerID)
		if err != nil {
			return err
		}
		if e.reference != "" {
			prev, err := findByReference(ctx, tx.Transaction, e.method, e.reference)
			if err != nil {
				return err
			}
			if out, err = replayOf(prev, customerID, e); out != nil || err != nil {
				return err
			}
		}
		if e.amount < 0 && c.Balance+e.amount < 0 {
			return shortOf(ctx, tx, what, c.Balance, -e.amount)
		}
		if out, _, err = s.post(ctx, tx, c, e, now, nil); err != nil {
			return err
		}
		s.afterCommit(ctx, effects{customerID: customerID, changed: true})
		return record(ctx, tx, out)
	})
	if err != nil {
		return nil, refusal(err)
	}
	return store.Unwrap(ctx, out), nil
}
