package documents

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/invoice"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Split is a renewal charge divided into the price without tax and the tax.
type Split struct {
	Subtotal    int64 // minor units, without tax
	Tax         int64
	Total       int64 // what is charged
	BasisPoints int   // the rate in hundredths of a percent
	Inclusive   bool  // the plan price included the tax
	Name        string
}

// SplitPrice divides a plan price by the tax settings: with prices including the tax, the
// total is the price and the tax is the part of it the rate makes (rounded half up);
// otherwise the tax is added to the price.
func SplitPrice(price int64, v settings.Values) Split {
	bp := int64(v.TaxBasisPoints())
	s := Split{BasisPoints: int(bp), Inclusive: v.Bool(settings.PricesIncludeTax), Name: v[settings.TaxName]}
	if s.Inclusive {
		s.Total = price
		s.Tax = mulDivRound(price, bp, 10000+bp)
		s.Subtotal = price - s.Tax
	} else {
		s.Subtotal = price
		s.Tax = mulDivRound(price, bp, 10000)
		s.Total = price + s.Tax
	}
	return s
}

// mulDivRound is a·b/c rounded half up (a, b ≥ 0, c > 0), without overflow.
func mulDivRound(a, b, c int64) int64 {
	n := new(big.Int).Mul(big.NewInt(a), big.NewInt(b))
	n.Mul(n, big.NewInt(2)).Add(n, big.NewInt(c))
	return n.Quo(n, big.NewInt(2*c)).Int64()
}

// RenewalCharge is what a renewal of a plan priced price costs with the installation's tax
// (the price itself unless prices exclude the tax), read through tx (billing's
// transaction).
func (s *Service) RenewalCharge(ctx context.Context, tx *ent.Client, price int64) (int64, error) {
	v, err := settings.Load(ctx, tx)
	if err != nil {
		return 0, err
	}
	return SplitPrice(price, v).Total, nil
}

// Renewal is one renewal charge to invoice.
type Renewal struct {
	Charge      *ent.Transaction // the RENEWAL ledger row (its amount is negative)
	Customer    *ent.Customer
	Plan        *ent.Profile
	PeriodStart time.Time
	PeriodEnd   time.Time
}

// IssueRenewal issues the invoice of a renewal charge in tx (billing's transaction, which
// holds the customer's lock): the next invoice number, the plan and period, the tax split
// of the amount charged, and the ISP's and customer's details as they are now.
func (s *Service) IssueRenewal(ctx context.Context, tx *ent.Client, r Renewal) (*ent.Invoice, error) {
	v, err := settings.Load(ctx, tx)
	if err != nil {
		return nil, err
	}
	charged := -r.Charge.Amount
	sp := SplitPrice(r.Plan.Price, v)
	// The invoice is for what was charged, whatever the settings say now.
	if sp.Total != charged {
		sp.Total, sp.Subtotal, sp.Tax = charged, charged, 0
	}
	n, err := store.NextNumber(ctx, tx, store.InvoiceSequence)
	if err != nil {
		return nil, err
	}
	iss := issuerOf(v)
	to := customerParty(r.Customer)
	inv, err := tx.Invoice.Create().
		SetSeq(n).SetNumber(InvoiceNumber(n)).
		SetCustomerID(r.Customer.ID).SetTransactionID(r.Charge.ID).
		SetPlan(r.Plan.Name).SetPeriodStart(r.PeriodStart).SetPeriodEnd(r.PeriodEnd).
		SetCurrency(v[settings.Currency]).
		SetSubtotal(sp.Subtotal).SetTax(sp.Tax).SetTotal(sp.Total).
		SetTaxBasisPoints(sp.BasisPoints).SetTaxName(sp.Name).SetTaxInclusive(sp.Inclusive).
		SetIssuer(map[string]string{"name": iss.Name, "address": iss.Address, "taxID": iss.TaxID, "phone": iss.Phone, "email": iss.Email}).
		SetBillTo(map[string]string{"name": to.Name, "account": to.Account, "address": to.Address, "phone": to.Phone, "email": to.Email}).
		SetIssuedAt(r.Charge.CreatedAt).
		Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("issuing invoice %s: %w", InvoiceNumber(n), err)
	}
	return inv, nil
}

// Line is one line of an invoice, amount in minor units.
type Line struct {
	Description string
	Amount      int64
}

// Lines are the invoice's lines: the plan for its period, then the tax (when there is a
// rate).
func Lines(inv *ent.Invoice, loc *time.Location) []Line {
	plan := fmt.Sprintf("%s, %s – %s", inv.Plan, formatDay(inv.PeriodStart, loc), formatDay(inv.PeriodEnd, loc))
	out := []Line{{plan, inv.Subtotal}}
	if inv.TaxBasisPoints > 0 || inv.Tax != 0 {
		out = append(out, Line{fmt.Sprintf("%s %s%%", inv.TaxName, percentText(inv.TaxBasisPoints)), inv.Tax})
	}
	return out
}

// InvoiceLines returns the lines of inv with the period printed in the installation's time
// zone.
func (s *Service) InvoiceLines(ctx context.Context, inv *ent.Invoice) ([]Line, error) {
	h, err := loadHouse(ctx, store.Reader(ctx, s.st.Client))
	if err != nil {
		return nil, err
	}
	return Lines(inv, h.loc), nil
}

func percentText(bp int) string {
	if bp%100 == 0 {
		return fmt.Sprint(bp / 100)
	}
	if bp%10 == 0 {
		return fmt.Sprintf("%d.%d", bp/100, (bp%100)/10)
	}
	return fmt.Sprintf("%d.%02d", bp/100, bp%100)
}

// Invoice returns invoice id as a document.
func (s *Service) Invoice(ctx context.Context, id int) (*Document, error) {
	return s.invoice(ctx, id, 0)
}

// CustomerInvoice returns invoice id for customer customerID only (the portal's download);
// another customer's invoice is not found.
func (s *Service) CustomerInvoice(ctx context.Context, customerID, id int) (*Document, error) {
	if customerID <= 0 {
		return nil, notFound("invoice", id)
	}
	return s.invoice(ctx, id, customerID)
}

// CustomerInvoiceFile renders the customer's invoice in format f (the portal's download).
func (s *Service) CustomerInvoiceFile(ctx context.Context, customerID, id int, f Format) ([]byte, error) {
	d, err := s.CustomerInvoice(ctx, customerID, id)
	if err != nil {
		return nil, err
	}
	return Render(d, f)
}

// CustomerInvoices lists the customer's invoices, newest first (the portal's list).
func (s *Service) CustomerInvoices(ctx context.Context, customerID int, limit int) ([]*ent.Invoice, error) {
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	out, err := store.Reader(ctx, s.st.Client).Invoice.Query().Where(invoice.CustomerID(customerID)).
		Order(ent.Desc(invoice.FieldIssuedAt), ent.Desc(invoice.FieldID)).Limit(limit).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing invoices of customer %d: %w", customerID, err)
	}
	return out, nil
}

func (s *Service) invoice(ctx context.Context, id, onlyCustomer int) (*Document, error) {
	c := store.Reader(ctx, s.st.Client)
	q := c.Invoice.Query().Where(invoice.ID(id))
	if onlyCustomer > 0 {
		q = q.Where(invoice.CustomerID(onlyCustomer))
	}
	inv, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound("invoice", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading invoice %d: %w", id, err)
	}
	h, err := loadHouse(ctx, c)
	if err != nil {
		return nil, err
	}
	return invoiceDocument(inv, h), nil
}

// invoiceDocument lays out inv; the ISP's details are those it was issued with (the logo is
// the current one).
func invoiceDocument(inv *ent.Invoice, h *house) *Document {
	cur := inv.Currency
	d := &Document{
		Title:      "Invoice",
		Number:     inv.Number,
		Issuer:     partyOf(inv.Issuer),
		Logo:       h.logo,
		ToLabel:    "Bill to",
		To:         partyOf(inv.BillTo),
		TotalLabel: "Total",
		Total:      FormatMoney(inv.Total, cur),
		Footer:     "Paid from the account balance at renewal.",
	}
	d.Facts = []Fact{
		{"Date", formatDate(inv.IssuedAt, h.loc)},
		{"Plan", inv.Plan},
		{"Period", formatDay(inv.PeriodStart, h.loc) + " – " + formatDay(inv.PeriodEnd, h.loc)},
	}
	for _, l := range Lines(inv, h.loc) {
		d.Rows = append(d.Rows, Row{l.Description, FormatMoney(l.Amount, cur)})
	}
	if inv.TaxBasisPoints > 0 {
		note := "Prices include " + inv.TaxName
		if !inv.TaxInclusive {
			note = inv.TaxName + " added to the plan price"
		}
		d.After = []Fact{{"Subtotal", FormatMoney(inv.Subtotal, cur)}, {inv.TaxName, FormatMoney(inv.Tax, cur)}, {"", note}}
	}
	return d
}

func partyOf(m map[string]string) Party {
	return Party{Name: m["name"], Account: m["account"], Address: m["address"], TaxID: m["taxID"], Phone: m["phone"], Email: m["email"]}
}
