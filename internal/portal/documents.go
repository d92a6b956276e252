package portal

import (
	"context"
	"fmt"
	"sort"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Documents is what the portal needs from the documents service (documents.Service
// satisfies it): the subscriber's own receipts and invoices only.
type Documents interface {
	CustomerReceiptFile(ctx context.Context, customerID, transactionID int, f documents.Format) ([]byte, error)
	CustomerInvoiceFile(ctx context.Context, customerID, id int, f documents.Format) ([]byte, error)
	CustomerInvoices(ctx context.Context, customerID int, limit int) ([]*ent.Invoice, error)
}

// Vouchers is what the portal needs from the vouchers service (vouchers.Service satisfies it).
type Vouchers interface {
	Redeem(ctx context.Context, customerID int, code string) (*ent.Transaction, error)
}

// ReceiptNo is the receipt number of payment t (R-000042), nil for other entries.
func ReceiptNo(t *ent.Transaction) *string {
	if t == nil || t.ReceiptNo == nil {
		return nil
	}
	n := documents.ReceiptNumber(*t.ReceiptNo)
	return &n
}

// Invoices lists cu's invoices, newest first.
func (s *Service) Invoices(ctx context.Context, cu *ent.Customer, first *int) ([]*ent.Invoice, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	n, err := listSize(first)
	if err != nil {
		return nil, err
	}
	if s.docs == nil {
		return []*ent.Invoice{}, nil
	}
	return s.docs.CustomerInvoices(ctx, cu.ID, n)
}

// ReceiptFile renders the signed-in subscriber's receipt of payment transactionID; another
// customer's (or a transaction that is not a payment) is not found.
func (s *Service) ReceiptFile(ctx context.Context, transactionID int, f documents.Format) ([]byte, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if s.docs == nil {
		return nil, domain.NotFoundf("receipt %d", transactionID).WithKey("document.receiptNotFound", nil)
	}
	return s.docs.CustomerReceiptFile(ctx, si.CustomerID, transactionID, f)
}

// InvoiceFile renders the signed-in subscriber's invoice id; another customer's is not found.
func (s *Service) InvoiceFile(ctx context.Context, id int, f documents.Format) ([]byte, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if s.docs == nil {
		return nil, domain.NotFoundf("invoice %d", id).WithKey("document.invoiceNotFound", nil)
	}
	return s.docs.CustomerInvoiceFile(ctx, si.CustomerID, id, f)
}

// RedeemVoucher redeems code for the signed-in subscriber (who may act).
func (s *Service) RedeemVoucher(ctx context.Context, code string) (*ent.Transaction, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	if s.vouchers == nil {
		return nil, domain.Refusedf("vouchers are not available").WithKey("voucher.unavailable", nil)
	}
	return s.vouchers.Redeem(ctx, si.CustomerID, code)
}

// payMethods lists the enabled gateways (MPESA, PAYSTACK), none when the portal has no
// payments service.
func (s *Service) payMethods(ctx context.Context) ([]string, error) {
	out := []string{}
	if s.pay == nil {
		return out, nil
	}
	kinds, err := store.Reader(ctx, s.st.Client).PaymentGateway.Query().
		Where(paymentgateway.Enabled(true)).Select(paymentgateway.FieldKind).Strings(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the payment gateways: %w", err)
	}
	out = append(out, kinds...)
	sort.Strings(out)
	return out, nil
}
