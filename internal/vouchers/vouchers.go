// Package vouchers is the recharge vouchers an ISP sells for cash through agents: batches of
// random codes (shown once, when made, and stored only as hashes), each worth an amount or one
// period of a plan, redeemed once into the ledger (a payment of method voucher whose reference
// is the voucher's id, and for a plan voucher the renewal), before the batch's expiry and
// unless the batch was voided. Redemption is throttled per customer and per client address
// so that codes cannot be guessed. Staff redeem for a customer through GraphQL; the portal
// calls Redeem with the signed-in subscriber.
package vouchers

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/voucher"
	"github.com/linedesk/linedesk/ent/voucherbatch"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/money"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/topups"
)

// Ledger is what redemption needs from billing (billing.Service satisfies it). Both are called
// inside the redemption's transaction, which they join.
type Ledger interface {
	RecordPayment(ctx context.Context, in billing.PaymentInput) (*ent.Transaction, error)
	Renew(ctx context.Context, customerID int) (*ent.Customer, error)
	TopUp(ctx context.Context, customerID int, price int64, note string, add billing.TopUpAdd) (*ent.Transaction, error)
}

// Limits of a batch.
const (
	MaxBatch     = 1000
	MaxValidity  = 5 * 366 * 24 * time.Hour
	maxAgentName = 100
)

// Service makes, lists, voids and redeems vouchers.
type Service struct {
	st     *store.Store
	ledger Ledger

	// PerCustomer and PerAddress are how many failed redemptions (unknown codes) a customer,
	// and a client address, may make within Window before further attempts are refused.
	PerCustomer int
	PerAddress  int
	Window      time.Duration
	// Now is the clock; tests replace it.
	Now func() time.Time

	lastPrune atomic.Int64
}

// New returns the service: 5 failures per customer and 20 per address in 15 minutes.
func New(st *store.Store, ledger Ledger) *Service {
	return &Service{st: st, ledger: ledger, PerCustomer: 5, PerAddress: 20, Window: 15 * time.Minute,
		Now: time.Now}
}

func (s *Service) clock() time.Time { return s.Now().UTC().Truncate(time.Microsecond) }

// BatchInput is a batch to make: Count vouchers worth Amount (minor units) or one period of
// the plan ProfileID (exactly one of the two), valid until ExpiresAt, optionally for Agent.
type BatchInput struct {
	Count     int
	Amount    *int64
	ProfileID *int
	ExpiresAt time.Time
	Agent     *string
	// DataBytes makes each voucher carry data as well (a top-up at redemption); nil for none.
	DataBytes *int64
}

// BatchResult is a new batch and its codes (formatted ABCD-EFGH-JKMN-PQRS), which are shown
// this once: only their hashes are kept.
type BatchResult struct {
	Batch *ent.VoucherBatch
	Codes []string
	// Sheet is the printable PDF of the codes (Sheet): like the codes, made this once.
	Sheet []byte
}

// CreateBatch makes a batch of vouchers and writes its audit row (createVoucherBatch, without
// the codes) in the same transaction.
func (s *Service) CreateBatch(ctx context.Context, in BatchInput) (*BatchResult, error) {
	now := s.clock()
	agent, err := checkBatch(in, now)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		out, err := s.createBatch(ctx, in, agent, now)
		if err != nil && store.AsConflict(err) != nil && attempt < 2 && !store.InTransaction(ctx) {
			continue // two codes' hashes collided (practically never): make new codes
		}
		return out, err
	}
}

func checkBatch(in BatchInput, now time.Time) (string, error) {
	if in.Count < 1 || in.Count > MaxBatch {
		return "", domain.Invalidf("count", "a batch has from 1 to %d vouchers", MaxBatch).
			WithKey("voucher.batchSize", map[string]any{"max": MaxBatch})
	}
	if (in.Amount == nil) == (in.ProfileID == nil) {
		return "", domain.Invalidf("amount", "give either an amount or a plan (profileID), not both").
			WithKey("voucher.amountOrPlan", nil)
	}
	if in.DataBytes != nil && (*in.DataBytes <= 0 || *in.DataBytes > topups.MaxBytes) {
		return "", domain.Invalidf("dataBytes", "a voucher's data is from 1 byte to 100 TB").WithKey("voucher.dataRange", nil)
	}
	if in.Amount != nil && (*in.Amount <= 0 || *in.Amount > billing.MaxAmount) {
		return "", domain.Invalidf("amount", "the amount must be a positive whole number of minor units").
			WithKey("money.badAmount", nil)
	}
	if !in.ExpiresAt.After(now) {
		return "", domain.Invalidf("expiresAt", "the expiry must be in the future").WithKey("voucher.expiryPast", nil)
	}
	if in.ExpiresAt.Sub(now) > MaxValidity {
		return "", domain.Invalidf("expiresAt", "vouchers may be valid for at most five years").
			WithKey("voucher.validityTooLong", nil)
	}
	agent := ""
	if in.Agent != nil {
		agent = strings.TrimSpace(*in.Agent)
	}
	if utf8.RuneCountInString(agent) > maxAgentName || strings.ContainsFunc(agent, func(r rune) bool { return r < 32 }) {
		return "", domain.Invalidf("agent", "the agent's name must be at most %d characters of text", maxAgentName).
			WithKey("voucher.agentName", map[string]any{"max": maxAgentName})
	}
	return agent, nil
}

func (s *Service) createBatch(ctx context.Context, in BatchInput, agent string, now time.Time) (*BatchResult, error) {
	out := &BatchResult{}
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		amount, err := batchValue(ctx, tx, in)
		if err != nil {
			return err
		}
		q := tx.VoucherBatch.Create().SetCount(in.Count).SetAmount(amount).SetNillableProfileID(in.ProfileID).
			SetExpiresAt(in.ExpiresAt.UTC()).SetCreatedBy(actorName(ctx)).SetCreatedAt(now)
		if agent != "" {
			q.SetAgent(agent)
		}
		b, err := q.Save(ctx)
		if err != nil {
			return fmt.Errorf("writing the voucher batch: %w", err)
		}
		codes := make([]string, in.Count)
		rows := make([]*ent.VoucherCreate, in.Count)
		for i := range codes {
			code := newCode()
			codes[i] = Format(code)
			rows[i] = tx.Voucher.Create().SetBatchID(b.ID).SetCodeHash(hashCode(code)).SetHint(hint(code))
		}
		for start := 0; start < len(rows); start += 250 {
			if err := tx.Voucher.CreateBulk(rows[start:min(start+250, len(rows))]...).Exec(ctx); err != nil {
				return fmt.Errorf("writing vouchers: %w", err)
			}
		}
		out.Batch, out.Codes = b, codes
		if in.DataBytes != nil {
			if err := s.SetBatchData(ctx, b.ID, *in.DataBytes); err != nil {
				return err
			}
		}
		return audit.Write(ctx, tx, "createVoucherBatch", "voucherBatch", b.ID, map[string]any{
			"count": in.Count, "amount": amount, "profileID": in.ProfileID, "expiresAt": b.ExpiresAt, "agent": agent,
			"dataBytes": in.DataBytes})
	})
	if err != nil {
		return nil, err
	}
	out.Batch = store.Unwrap(ctx, out.Batch)
	if out.Sheet, err = s.sheet(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// sheet renders the cards of a new batch with the ISP's name, the value in the installation's
// currency (or the plan's name) and where to redeem.
func (s *Service) sheet(ctx context.Context, b *BatchResult) ([]byte, error) {
	c := store.Reader(ctx, s.st.Client)
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	card := SheetCard{ISP: v[settings.ISPName], Value: money.Format(b.Batch.Amount, v[settings.Currency]),
		Expires: b.Batch.ExpiresAt, Loc: v.Location(), HowTo: "Redeem it in the portal: Pay, Redeem a voucher"}
	if card.ISP == "" {
		card.ISP = "Internet service"
	}
	if b.Batch.Agent != nil {
		card.Agent = *b.Batch.Agent
	}
	if b.Batch.ProfileID != nil {
		p, err := c.Profile.Get(ctx, *b.Batch.ProfileID)
		if err != nil {
			return nil, fmt.Errorf("reading the batch's plan: %w", err)
		}
		card.Value = fmt.Sprintf("%s (%d days)", p.Name, p.ValidityDays)
	}
	if pub := strings.TrimRight(v[settings.PublicURL], "/"); pub != "" {
		card.HowTo = "Redeem it at " + pub + "/portal/pay"
	}
	return Sheet(card, b.Codes)
}

// batchValue is what each voucher of in is worth: its amount, or its plan's price.
func batchValue(ctx context.Context, tx *ent.Client, in BatchInput) (int64, error) {
	if in.Amount != nil {
		return *in.Amount, nil
	}
	p, err := tx.Profile.Get(ctx, *in.ProfileID)
	if ent.IsNotFound(err) {
		return 0, domain.NotFoundf("profile %d", *in.ProfileID).WithKey("profile.notFound", nil)
	}
	if err != nil {
		return 0, fmt.Errorf("reading profile %d: %w", *in.ProfileID, err)
	}
	if p.Price <= 0 {
		return 0, domain.Invalidf("profileID", "the plan %s is free: a voucher for it would be worth nothing", p.Name).
			WithKey("voucher.freePlan", map[string]any{"plan": p.Name})
	}
	return p.Price, nil
}

func actorName(ctx context.Context) string {
	n := audit.ActorFrom(ctx).Name
	if utf8.RuneCountInString(n) > 100 {
		n = string([]rune(n)[:100])
	}
	return n
}

// VoidBatch voids a batch: its vouchers not yet redeemed are refused from now on (those
// redeemed stay booked). Voiding a voided batch changes nothing. The audit row
// (voidVoucherBatch) is written in the same transaction.
func (s *Service) VoidBatch(ctx context.Context, id int) (*ent.VoucherBatch, error) {
	var out *ent.VoucherBatch
	now := s.clock()
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		b, err := tx.VoucherBatch.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("voucher batch %d", id).WithKey("voucher.batchNotFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading voucher batch %d: %w", id, err)
		}
		if b.VoidedAt != nil {
			out = b
			return nil
		}
		if out, err = b.Update().SetVoidedAt(now).SetVoidedBy(actorName(ctx)).Save(ctx); err != nil {
			return fmt.Errorf("voiding voucher batch %d: %w", id, err)
		}
		return audit.Write(ctx, tx, "voidVoucherBatch", "voucherBatch", id, nil)
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

// BatchReport is a batch with the state of its vouchers: Sold are the vouchers that went
// out and were not taken back (Issued − Void; linedesk cannot see an agent's sales before
// the codes are redeemed), Redeemed, Available (still redeemable), Expired (not redeemed
// by the expiry) and Void (not redeemed when the batch was voided).
type BatchReport struct {
	Batch                                            *ent.VoucherBatch
	Issued, Sold, Redeemed, Available, Expired, Void int
}

// Batches lists the newest batches first (at most limit, 1 to 500, default 100), voided ones
// included when includeVoided is set, with their counts.
func (s *Service) Batches(ctx context.Context, includeVoided bool, limit *int) ([]*BatchReport, error) {
	n := 100
	if limit != nil {
		n = *limit
	}
	if n < 1 || n > 500 {
		return nil, domain.Invalidf("limit", "limit must be from 1 to 500").
			WithKey("input.range", map[string]any{"field": "limit", "min": 1, "max": 500})
	}
	q := s.st.Client.VoucherBatch.Query().Order(ent.Desc(voucherbatch.FieldCreatedAt), ent.Desc(voucherbatch.FieldID)).Limit(n)
	if !includeVoided {
		q = q.Where(voucherbatch.VoidedAtIsNil())
	}
	batches, err := q.All(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing voucher batches: %w", err)
	}
	ids := make([]int, len(batches))
	for i, b := range batches {
		ids[i] = b.ID
	}
	var counts []struct {
		BatchID int `json:"batch_id"`
		Count   int `json:"count"`
	}
	err = s.st.Client.Voucher.Query().Where(voucher.BatchIDIn(ids...), voucher.RedeemedAtNotNil()).
		GroupBy(voucher.FieldBatchID).Aggregate(ent.Count()).Scan(ctx, &counts)
	if err != nil {
		return nil, fmt.Errorf("counting redeemed vouchers: %w", err)
	}
	redeemed := map[int]int{}
	for _, c := range counts {
		redeemed[c.BatchID] = c.Count
	}
	now := s.clock()
	out := make([]*BatchReport, len(batches))
	for i, b := range batches {
		out[i] = report(b, redeemed[b.ID], now)
	}
	return out, nil
}

func report(b *ent.VoucherBatch, redeemed int, now time.Time) *BatchReport {
	r := &BatchReport{Batch: b, Issued: b.Count, Redeemed: redeemed}
	rest := b.Count - redeemed
	switch {
	case b.VoidedAt != nil:
		r.Void = rest
	case !b.ExpiresAt.After(now):
		r.Expired = rest
	default:
		r.Available = rest
	}
	r.Sold = r.Issued - r.Void
	return r
}

// errUnknownCode marks a redemption of a code that does not exist: a possible guess, which
// the throttle counts.
var errUnknownCode = errors.New("unknown voucher code")
