// Package topups sells extra data for a customer's current period: bought from the balance by
// staff or in the portal (a TOPUP ledger entry), or redeemed from a voucher that carries data.
// The cap rises at once (RADIUS and the data-cap scheduler count the period's top-ups), and a
// customer moved to the after-cap plan is moved back: the cap flag is cleared in the same
// transaction and the full plan is applied to the open sessions by CoA after commit.
package topups

import (
	"context"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/datatopup"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// GB is the unit top-ups are sold in (10^9 bytes).
const GB = 1_000_000_000

// MaxBytes bounds one top-up (100 TB).
const MaxBytes = 100_000 * GB

// Sources of top-ups.
const (
	SourceStaff   = "staff"
	SourcePortal  = "portal"
	SourceVoucher = "voucher"
)

// Service sells top-ups.
type Service struct {
	st   *store.Store
	bill *billing.Service
}

// New makes the service over the ledger bill.
func New(st *store.Store, bill *billing.Service) *Service { return &Service{st: st, bill: bill} }

// Result is a top-up made: the data row, the ledger entry (nil when nothing was charged), and
// whether it lifted the applied data cap.
type Result struct {
	Customer    *ent.Customer // as it is after the top-up
	DataBytes   int64
	Topup       *ent.DataTopup
	Transaction *ent.Transaction
	CapLifted   bool
}

// MaxNote bounds a top-up's note (it is the ledger entry's note).
const MaxNote = 500

// TopUp adds bytes to customerID's current period for price minor units from the balance
// (staff). price nil charges the topup_price_per_gb setting pro rata (rounded up).
func (s *Service) TopUp(ctx context.Context, customerID int, bytes int64, price *int64, note string) (*Result, error) {
	if bytes <= 0 || bytes > MaxBytes {
		return nil, domain.Invalidf("dataBytes", "a top-up is from 1 byte to 100 TB").WithKey("topup.dataRange", nil)
	}
	if utf8.RuneCountInString(note) > MaxNote {
		return nil, domain.Invalidf("note", "a note is at most %d characters", MaxNote).
			WithKey("input.tooLong", map[string]any{"field": "note", "max": MaxNote})
	}
	if price == nil {
		v, err := settings.Load(ctx, s.st.Client)
		if err != nil {
			return nil, err
		}
		p := priceOf(bytes, int64(v.Int(settings.TopupPricePerGB)))
		price = &p
	}
	return s.topUp(ctx, customerID, bytes, *price, SourceStaff, note)
}

// Buy is a subscriber's own top-up of gigabytes GB at the topup_price_per_gb setting
// (portal); refused while the setting is 0.
func (s *Service) Buy(ctx context.Context, customerID, gigabytes int) (*Result, error) {
	if gigabytes < 1 || gigabytes > 1000 {
		return nil, domain.Invalidf("gigabytes", "choose from 1 to 1000 GB").
			WithKey("topup.gigabytesRange", map[string]any{"min": 1, "max": 1000})
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return nil, err
	}
	per := int64(v.Int(settings.TopupPricePerGB))
	if per <= 0 {
		return nil, domain.Refusedf("data top-ups are not sold in the portal; ask the ISP").WithKey("topup.notSold", nil)
	}
	return s.topUp(ctx, customerID, int64(gigabytes)*GB, per*int64(gigabytes), SourcePortal, fmt.Sprintf("%d GB top-up", gigabytes))
}

func priceOf(bytes, perGB int64) int64 {
	return (bytes*perGB + GB - 1) / GB
}

func (s *Service) topUp(ctx context.Context, customerID int, bytes, price int64, source, note string) (*Result, error) {
	if note == "" {
		note = fmt.Sprintf("data top-up of %d bytes", bytes)
	}
	res := &Result{}
	t, err := s.bill.TopUp(ctx, customerID, price, note, func(ctx context.Context, tx *ent.Client, c *ent.Customer, t *ent.Transaction) (bool, error) {
		row, lifted, err := Add(ctx, tx, c, bytes, price, t, source)
		if err != nil {
			return false, err
		}
		res.Topup, res.CapLifted = row, lifted
		return lifted, audit.Write(ctx, tx, "topUpData", "customer", customerID, map[string]any{
			"bytes": bytes, "price": price, "source": source})
	})
	if err != nil {
		return nil, err
	}
	res.Transaction, res.DataBytes = t, bytes
	if res.Customer, err = s.st.Client.Customer.Get(ctx, customerID); err != nil {
		return nil, fmt.Errorf("reading the customer: %w", err)
	}
	return res, nil
}

// Add records bytes of top-up for the customer c (locked in tx) and, when c's cap is applied
// and its usage is now below the raised cap, clears the cap flag; it reports whether it did.
// Vouchers call it inside their redemption's transaction.
func Add(ctx context.Context, tx *ent.Client, c *ent.Customer, bytes, price int64, t *ent.Transaction, source string) (*ent.DataTopup, bool, error) {
	q := tx.DataTopup.Create().SetCustomerID(c.ID).SetBytes(bytes).SetPrice(price).SetSource(source).
		SetActor(audit.ActorFrom(ctx).Name).SetCreatedAt(time.Now().UTC())
	if t != nil {
		q.SetTransactionID(t.ID)
	}
	row, err := q.Save(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("recording the top-up: %w", err)
	}
	if !c.CapApplied {
		return row, false, nil
	}
	p, err := tx.Profile.Get(ctx, c.ProfileID)
	if err != nil {
		return nil, false, fmt.Errorf("reading the plan: %w", err)
	}
	extra, err := PeriodExtra(ctx, tx, c)
	if err != nil {
		return nil, false, err
	}
	if p.DataLimitBytes != nil && store.SaturatingAdd(c.PeriodBytesIn, c.PeriodBytesOut) >= *p.DataLimitBytes+extra {
		return row, false, nil // still over the raised cap
	}
	if err := tx.Customer.UpdateOneID(c.ID).SetCapApplied(false).Exec(ctx); err != nil {
		return nil, false, fmt.Errorf("lifting the cap: %w", err)
	}
	return row, true, nil
}

// PeriodExtra is the data c bought for its current period.
func PeriodExtra(ctx context.Context, c *ent.Client, cu *ent.Customer) (int64, error) {
	rows, err := c.DataTopup.Query().Where(datatopup.CustomerID(cu.ID), datatopup.CreatedAtGTE(cu.PeriodStart)).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading top-ups: %w", err)
	}
	var n int64
	for _, r := range rows {
		n += r.Bytes
	}
	return n, nil
}
