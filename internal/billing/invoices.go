package billing

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/documents"
)

// Invoicer prices renewals with the installation's tax and issues their invoices
// (documents.Service satisfies it). Both run in the renewal's transaction (tx).
type Invoicer interface {
	// RenewalCharge is what a renewal of a plan priced price costs (the price, plus the tax
	// when prices exclude it).
	RenewalCharge(ctx context.Context, tx *ent.Client, price int64) (int64, error)
	// IssueRenewal issues the invoice of the renewal charge.
	IssueRenewal(ctx context.Context, tx *ent.Client, r documents.Renewal) (*ent.Invoice, error)
}

// WithInvoices makes every renewal charge cost what inv says (the tax) and issue an
// invoice, and returns s.
func (s *Service) WithInvoices(inv Invoicer) *Service {
	s.invoices = inv
	return s
}

// renewalCharge is what renewing on plan p costs: its price, with the tax when an Invoicer
// says so.
func (s *Service) renewalCharge(ctx context.Context, tx *ent.Client, p *ent.Profile) (int64, error) {
	if s.invoices == nil {
		return p.Price, nil
	}
	n, err := s.invoices.RenewalCharge(ctx, tx, p.Price)
	if err != nil {
		return 0, fmt.Errorf("pricing the renewal of %s: %w", p.Name, err)
	}
	return n, nil
}

// ReceiptSender queues the message that confirms a payment with its receipt number, in the
// payment's transaction (notify.Notifier satisfies it).
type ReceiptSender interface {
	QueueReceipt(ctx context.Context, tx *ent.Client, t *ent.Transaction, c *ent.Customer) error
}

// WithReceipts makes every new payment queue its receipt message through rs (the
// receipt_send setting says on which channels), and returns s.
func (s *Service) WithReceipts(rs ReceiptSender) *Service {
	s.receipts = rs
	return s
}
