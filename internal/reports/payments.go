package reports

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"entgo.io/contrib/entgql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/settings"
)

// GatewayMethods are the methods whose payments arrive by themselves from a gateway.
var GatewayMethods = []string{"mpesa", "paystack"}

// PaymentFilter selects ledger entries for the payments page and its CSV: payments and
// refunds (Kind narrows to one), created in [From, To), of one method, recorded by one staff
// member, and (Gateway) booked by a gateway (an mpesa or paystack entry no staff member
// recorded) or not.
type PaymentFilter struct {
	From, To *time.Time
	Method   *string
	StaffID  *int
	Gateway  *bool
	Kind     *transaction.Kind
}

func (f PaymentFilter) predicates() ([]predicate.Transaction, error) {
	kinds := []transaction.Kind{transaction.KindPAYMENT, transaction.KindREFUND}
	if f.Kind != nil {
		if *f.Kind != transaction.KindPAYMENT && *f.Kind != transaction.KindREFUND {
			return nil, domain.Invalidf("kind", "the payments page lists PAYMENT and REFUND entries").
				WithKey("report.paymentKinds", nil)
		}
		kinds = []transaction.Kind{*f.Kind}
	}
	ps := []predicate.Transaction{transaction.KindIn(kinds...)}
	if f.From != nil {
		ps = append(ps, transaction.CreatedAtGTE(f.From.UTC()))
	}
	if f.To != nil {
		ps = append(ps, transaction.CreatedAtLT(f.To.UTC()))
	}
	if f.Method != nil && strings.TrimSpace(*f.Method) != "" {
		m := strings.ToLower(strings.TrimSpace(*f.Method))
		ps = append(ps, transaction.Or(transaction.MethodKey(m), transaction.And(transaction.MethodKeyIsNil(), transaction.MethodEqualFold(m))))
	}
	if f.StaffID != nil {
		ps = append(ps, transaction.StaffID(*f.StaffID))
	}
	if f.Gateway != nil {
		gw := transaction.And(transaction.StaffIDIsNil(), transaction.MethodKeyIn(GatewayMethods...))
		if *f.Gateway {
			ps = append(ps, gw)
		} else {
			ps = append(ps, transaction.Not(gw))
		}
	}
	return ps, nil
}

// Payments pages through the entries matching f, newest first.
func (s *Service) Payments(ctx context.Context, f PaymentFilter, after *entgql.Cursor[int], first *int) (*ent.TransactionConnection, error) {
	ps, err := f.predicates()
	if err != nil {
		return nil, err
	}
	if first == nil {
		first = ptrInt(50)
	}
	if *first < 0 || *first > 500 {
		return nil, domain.Invalidf("first", "first must be from 0 to 500").
			WithKey("input.range", map[string]any{"field": "first", "min": 0, "max": 500})
	}
	return s.st.Client.Transaction.Query().Where(ps...).Paginate(ctx, after, first, nil, nil,
		ent.WithTransactionOrder(&ent.TransactionOrder{Direction: entgql.OrderDirectionDesc, Field: ent.TransactionOrderFieldCreatedAt}))
}

func ptrInt(n int) *int { return &n }

// maxExportRows bounds one CSV export.
const maxExportRows = 200000

// PaymentColumns are the columns of the payments CSV.
var PaymentColumns = []string{"created_at", "kind", "amount", "currency", "method", "reference", "account_no",
	"customer", "staff", "note", "refund_of"}

// ExportPayments writes the entries matching f as CSV to w, oldest first, with times in the
// display time zone and amounts in the currency's units (two decimals, like the dashboard).
// Cells a spreadsheet would read as formulas are neutralised. It returns the rows written.
func (s *Service) ExportPayments(ctx context.Context, w io.Writer, f PaymentFilter) (int, error) {
	ps, err := f.predicates()
	if err != nil {
		return 0, err
	}
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil {
		return 0, err
	}
	loc, cur := v.Location(), v[settings.Currency]
	rows, err := s.st.Client.Transaction.Query().Where(ps...).WithCustomer().WithStaff().
		Order(ent.Asc(transaction.FieldCreatedAt), ent.Asc(transaction.FieldID)).Limit(maxExportRows + 1).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading payments: %w", err)
	}
	if len(rows) > maxExportRows {
		return 0, domain.Refusedf("more than %d entries match: choose a shorter range", maxExportRows).
			WithKey("report.tooManyRows", map[string]any{"max": maxExportRows})
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(PaymentColumns); err != nil {
		return 0, err
	}
	for _, t := range rows {
		if err := cw.Write(paymentRow(t, loc, cur)); err != nil {
			return 0, err
		}
	}
	cw.Flush()
	return len(rows), cw.Error()
}

func paymentRow(t *ent.Transaction, loc *time.Location, cur string) []string {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	account, name, staffName, refundOf := "", "", "", ""
	if c := t.Edges.Customer; c != nil {
		account, name = c.AccountNo, str(c.FullName)
	}
	if st := t.Edges.Staff; st != nil {
		staffName = st.Username
	} else if t.Actor != "" {
		staffName = t.Actor
	}
	if t.RefundOfID != nil {
		refundOf = strconv.Itoa(*t.RefundOfID)
	}
	row := []string{t.CreatedAt.In(loc).Format(time.RFC3339), string(t.Kind), Decimal(t.Amount), cur,
		str(t.Method), str(t.Reference), account, name, staffName, str(t.Note), refundOf}
	for i := 4; i <= 9; i++ { // the text cells; times, kinds and amounts are never formulas
		row[i] = customers.NeutraliseCell(row[i])
	}
	return row
}

// Decimal writes minor units as the currency's units with two decimals: 150050 is 1500.50.
func Decimal(minor int64) string {
	sign := ""
	if minor < 0 {
		sign, minor = "-", -minor
	}
	return fmt.Sprintf("%s%d.%02d", sign, minor/100, minor%100)
}
