package documents

import (
	"context"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/store"
)

// Receipt returns the receipt of payment transactionID as a document. A transaction that
// is not a payment (or has no receipt number) is not found.
func (s *Service) Receipt(ctx context.Context, transactionID int) (*Document, error) {
	return s.receipt(ctx, transactionID, 0)
}

// CustomerReceipt returns the receipt of payment transactionID for the customer customerID
// only (the portal's download): another customer's payment is not found, as is a
// transaction that is not a payment.
func (s *Service) CustomerReceipt(ctx context.Context, customerID, transactionID int) (*Document, error) {
	if customerID <= 0 {
		return nil, notFound("receipt", transactionID)
	}
	return s.receipt(ctx, transactionID, customerID)
}

// CustomerReceiptFile renders the customer's receipt in format f (the portal's download).
func (s *Service) CustomerReceiptFile(ctx context.Context, customerID, transactionID int, f Format) ([]byte, error) {
	d, err := s.CustomerReceipt(ctx, customerID, transactionID)
	if err != nil {
		return nil, err
	}
	return Render(d, f)
}

func (s *Service) receipt(ctx context.Context, id, onlyCustomer int) (*Document, error) {
	c := store.Reader(ctx, s.st.Client)
	q := c.Transaction.Query().Where(transaction.ID(id), transaction.KindEQ(transaction.KindPAYMENT),
		transaction.ReceiptNoNotNil()).WithCustomer()
	if onlyCustomer > 0 {
		q = q.Where(transaction.CustomerID(onlyCustomer))
	}
	t, err := q.Only(ctx)
	if ent.IsNotFound(err) {
		return nil, notFound("receipt", id)
	}
	if err != nil {
		return nil, fmt.Errorf("reading payment %d: %w", id, err)
	}
	h, err := loadHouse(ctx, c)
	if err != nil {
		return nil, err
	}
	return receiptDocument(t, t.Edges.Customer, h), nil
}

// receiptDocument lays out the receipt of payment t by customer cu.
func receiptDocument(t *ent.Transaction, cu *ent.Customer, h *house) *Document {
	d := &Document{
		Title:      "Receipt",
		Number:     ReceiptNumber(*t.ReceiptNo),
		Issuer:     h.issuer,
		Logo:       h.logo,
		ToLabel:    "Received from",
		To:         customerParty(cu),
		TotalLabel: "Amount received",
		Total:      FormatMoney(t.Amount, h.currency),
		Footer:     "Thank you for your payment.",
	}
	d.Facts = append(d.Facts, Fact{"Date", formatDate(t.CreatedAt, h.loc)})
	method := ""
	if t.Method != nil {
		method = methodName(*t.Method)
		d.Facts = append(d.Facts, Fact{"Method", method})
	}
	if t.Reference != nil && !strings.HasPrefix(*t.Reference, "cash-") {
		d.Facts = append(d.Facts, Fact{"Reference", *t.Reference})
	}
	desc := "Payment to account " + cu.AccountNo
	if method != "" {
		desc += " (" + method + ")"
	}
	d.Rows = []Row{{desc, FormatMoney(t.Amount, h.currency)}}
	if t.Note != nil && *t.Note != "" {
		d.Facts = append(d.Facts, Fact{"Note", *t.Note})
	}
	d.After = []Fact{{"Balance after this payment", FormatMoney(t.BalanceAfter, h.currency)}}
	if t.Actor != "" {
		d.After = append(d.After, Fact{"Received by", t.Actor})
	}
	return d
}

func customerParty(cu *ent.Customer) Party {
	p := Party{Name: cu.Username, Account: cu.AccountNo, Phone: cu.Phone}
	if cu.FullName != nil && *cu.FullName != "" {
		p.Name = *cu.FullName
	}
	if cu.Address != nil {
		p.Address = *cu.Address
	}
	if cu.Email != nil {
		p.Email = *cu.Email
	}
	return p
}

// methodName is how a stored payment method prints.
func methodName(m string) string {
	switch m {
	case "mpesa":
		return "M-Pesa"
	case "paystack":
		return "Paystack"
	case "":
		return ""
	}
	return strings.ToUpper(m[:1]) + m[1:]
}
