package payments

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/mobilepayment"
	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// STKResult takes Daraja's STK callback. The callback is not trusted on its own: its receipt
// number is noted, and the payment is settled with stkpushquery (Settle). A callback for a
// push linedesk never started is ignored.
func (s *Service) STKResult(ctx context.Context, res mpesa.STKResult) error {
	mp, err := s.st.Client.MobilePayment.Query().Where(mobilepayment.CheckoutID(res.CheckoutRequestID),
		mobilepayment.GatewayEQ(mobilepayment.GatewayMPESA)).Only(ctx)
	if ent.IsNotFound(err) {
		s.log.Warn("STK callback for an unknown push ignored", "checkout", cut(res.CheckoutRequestID, 64))
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the STK push: %w", err)
	}
	if r := res.Value("MpesaReceiptNumber"); r != "" && mp.Receipt == nil && res.ResultCode.Int() == mpesa.ResultPaid {
		if err := s.st.Client.MobilePayment.UpdateOne(mp).SetReceipt(cut(r, 64)).Exec(ctx); err != nil {
			return fmt.Errorf("noting the M-Pesa receipt: %w", err)
		}
	}
	_, err = s.Settle(ctx, mp.ID)
	return err
}

// PaystackEvent takes a webhook whose signature the handler has checked. charge.success of a
// checkout linedesk started is settled with /transaction/verify (Settle); one linedesk did not
// start (a payment page, a dashboard charge) is verified and booked for the customer its
// metadata's account_no names, or kept as unmatched. Other events are ignored.
func (s *Service) PaystackEvent(ctx context.Context, ev paystack.Event) error {
	if ev.Event != "charge.success" || ev.Data.Reference == "" {
		return nil
	}
	mp, err := s.st.Client.MobilePayment.Query().Where(mobilepayment.CheckoutID(ev.Data.Reference),
		mobilepayment.GatewayEQ(mobilepayment.GatewayPAYSTACK)).Only(ctx)
	if err == nil {
		_, err = s.Settle(ctx, mp.ID)
		return err
	}
	if !ent.IsNotFound(err) {
		return fmt.Errorf("reading the Paystack checkout: %w", err)
	}
	_, gw, err := s.gateway(ctx, paymentgateway.KindPAYSTACK)
	if err != nil {
		return err
	}
	o, err := gw.Check(ctx, ev.Data.Reference)
	if err != nil {
		return err
	}
	if o.Status != mobilepayment.StatusPAID {
		return nil
	}
	account, _ := ev.Data.Metadata["account_no"].(string)
	in := Incoming{Method: MethodPaystack, Reference: ev.Data.Reference, Amount: o.Amount, AccountRef: account,
		PayerName: ev.Data.Customer.Email, Note: "Paystack " + ev.Data.Channel}
	if why := s.currencyMismatch(ctx, o); why != "" {
		return s.keep(ctx, in, why)
	}
	_, err = s.Receive(ctx, in)
	return err
}

// currencyMismatch says why a verified amount cannot be booked ("" when it can).
func (s *Service) currencyMismatch(ctx context.Context, o Outcome) string {
	v, err := settings.Load(ctx, s.st.Client)
	if err != nil || o.Currency == "" || strings.EqualFold(o.Currency, v[settings.Currency]) {
		return ""
	}
	return fmt.Sprintf("paid in %s, the installation's currency is %s", o.Currency, v[settings.Currency])
}

// Settle asks the gateway how the mobile payment id stands and acts on the answer: PAID is
// booked in the ledger (once: the payment is locked and its checkout id is the ledger
// reference), FAILED or CANCELLED is recorded, PENDING waits (until GiveUpAfter, when it is
// recorded as FAILED). A payment already settled is returned as it is.
func (s *Service) Settle(ctx context.Context, id int) (*ent.MobilePayment, error) {
	mp, err := s.st.Client.MobilePayment.Get(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("reading mobile payment %d: %w", id, err)
	}
	if mp.Status != mobilepayment.StatusPENDING {
		return mp, nil
	}
	kind := paymentgateway.Kind(mp.Gateway)
	_, gw, err := s.gateway(ctx, kind)
	if err != nil {
		return nil, err
	}
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	o, err := gw.Check(qctx, mp.CheckoutID)
	cancel()
	if err != nil {
		_ = s.st.Client.MobilePayment.UpdateOne(mp).AddChecks(1).Exec(ctx)
		return nil, fmt.Errorf("asking %s about %s: %w", kindName(kind), mp.CheckoutID, err)
	}
	switch o.Status {
	case mobilepayment.StatusPAID:
		return s.book(ctx, mp, o)
	case mobilepayment.StatusPENDING:
		if s.now().Sub(mp.CreatedAt) < s.GiveUpAfter {
			return mp, s.st.Client.MobilePayment.UpdateOne(mp).AddChecks(1).Exec(ctx)
		}
		o.Status, o.Desc = mobilepayment.StatusFAILED, "no result from the gateway within "+s.GiveUpAfter.String()
		if kind == paymentgateway.KindPAYSTACK {
			o.Status = mobilepayment.StatusCANCELLED
		}
	}
	return s.finish(ctx, mp, o)
}

// finish records a payment that will not be paid.
func (s *Service) finish(ctx context.Context, mp *ent.MobilePayment, o Outcome) (*ent.MobilePayment, error) {
	n, err := s.st.Client.MobilePayment.Update().Where(mobilepayment.ID(mp.ID), mobilepayment.StatusEQ(mobilepayment.StatusPENDING)).
		SetStatus(o.Status).SetResultCode(cut(o.Code, 32)).SetResultDesc(cut(o.Desc, 300)).SetSettledAt(s.now()).Save(ctx)
	if err != nil {
		return nil, fmt.Errorf("recording the result of %s: %w", mp.CheckoutID, err)
	}
	if n > 0 {
		s.publish(mp)
	}
	return s.st.Client.MobilePayment.Get(ctx, mp.ID)
}

// book records the paid mobile payment mp in the ledger, exactly once.
func (s *Service) book(ctx context.Context, mp *ent.MobilePayment, o Outcome) (*ent.MobilePayment, error) {
	method, what := MethodMpesa, "M-Pesa STK push"
	if mp.Gateway == mobilepayment.GatewayPAYSTACK {
		method, what = MethodPaystack, "Paystack checkout"
	}
	amount := mp.Amount
	if o.Amount > 0 {
		amount = o.Amount // what the gateway says was paid
	}
	in := Incoming{Method: method, Reference: mp.CheckoutID, Amount: amount, Phone: deref(mp.Phone), PayerName: deref(mp.Email)}
	if why := s.currencyMismatch(ctx, o); why != "" {
		o.Status, o.Desc = mobilepayment.StatusFAILED, why+"; kept as an unmatched payment"
		if err := s.keep(ctx, in, why); err != nil {
			return nil, err
		}
		return s.finish(ctx, mp, o)
	}
	ctx = audit.WithActor(ctx, audit.Actor{Name: method})
	var out *ent.MobilePayment
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, tx *ent.Client) error {
		q := tx.MobilePayment.Query().Where(mobilepayment.ID(mp.ID))
		if s.st.IsPostgres() {
			q = q.ForUpdate()
		}
		cur, err := q.Only(ctx)
		if err != nil || cur.Status != mobilepayment.StatusPENDING {
			out = cur
			return err
		}
		note := what
		if r := deref(cur.Receipt); r != "" {
			note += ", receipt " + r
		}
		t, err := s.bill.RecordPayment(ctx, billing.PaymentInput{CustomerID: cur.CustomerID, Amount: amount, Method: method,
			Reference: cur.CheckoutID, Note: note})
		if err != nil {
			return err
		}
		out, err = tx.MobilePayment.UpdateOne(cur).SetStatus(mobilepayment.StatusPAID).SetTransactionID(t.ID).
			SetResultCode(cut(o.Code, 32)).SetResultDesc(cut(o.Desc, 300)).SetSettledAt(s.now()).Save(ctx)
		if err != nil {
			return fmt.Errorf("marking %s paid: %w", cur.CheckoutID, err)
		}
		store.AfterCommit(ctx, func(context.Context) { s.publish(out) })
		return nil
	})
	if billing.IsRefusal(err) {
		s.log.Warn("paid mobile payment refused by the ledger; kept as unmatched", "checkout", mp.CheckoutID, "err", err)
		o.Status, o.Desc = mobilepayment.StatusFAILED, "paid, but the ledger refused it ("+err.Error()+"); kept as an unmatched payment"
		if kerr := s.keep(ctx, in, err.Error()); kerr != nil {
			return nil, kerr
		}
		return s.finish(ctx, mp, o)
	}
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// SettleDue settles the pending mobile payments whose result has not come for SettleAfter
// since they started or were last asked about, oldest first (at most 50 a pass). It returns
// how many were asked.
func (s *Service) SettleDue(ctx context.Context) (int, error) {
	before := s.now().Add(-s.SettleAfter)
	due, err := s.st.Client.MobilePayment.Query().Where(mobilepayment.StatusEQ(mobilepayment.StatusPENDING),
		mobilepayment.UpdatedAtLT(before)).Order(ent.Asc(mobilepayment.FieldUpdatedAt)).Limit(50).All(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading pending mobile payments: %w", err)
	}
	for _, mp := range due {
		if _, err := s.Settle(ctx, mp.ID); err != nil {
			s.log.Warn("settling a mobile payment failed; retried on the next pass", "checkout", mp.CheckoutID, "err", err)
		}
	}
	return len(due), nil
}

// Run settles due mobile payments every interval until ctx ends.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := s.SettleDue(ctx); err != nil {
				s.log.Warn("settling mobile payments", "err", err)
			}
		}
	}
}
