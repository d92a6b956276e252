package graph

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/billing"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
)

// TestPaymentsOverGraphQL: an admin configures M-Pesa (its credentials never come back, the
// callback URLs do), staff start an STK push from the dashboard, the simulated customer
// pays, and the payment shows as PAID with its ledger row; an unmatched C2B payment is listed
// and assigned to a customer through the API.
func TestPaymentsOverGraphQL(t *testing.T) {
	var pay *payments.Service
	e := newEnvWith(t, "postgres", func(e *env, d *Deps) {
		d.Billing = billing.NewService(e.st, d.Bus, nil, d.Logger)
		pay = payments.New(e.st, d.Box, d.Billing, d.Bus, d.Logger)
		d.Payments = pay
	})
	app := httptest.NewServer(pay.Handler())
	defer app.Close()
	sim := mpesa.NewSimulator("600100", "pk-secret-passkey", "ck-visible-nowhere", "cs-visible-nowhere")
	daraja := httptest.NewServer(sim)
	defer daraja.Close()
	e.ok(nil, e.admin, `mutation($in:[SettingInput!]!){ updateSettings(input:$in){ key } }`, "in", []map[string]any{
		{"key": "public_url", "value": app.URL}, {"key": "allow_private_targets", "value": "true"}})

	in := map[string]any{"kind": "MPESA", "enabled": true, "baseUrl": daraja.URL, "shortCode": "600100",
		"consumerKey": "ck-visible-nowhere", "consumerSecret": "cs-visible-nowhere", "passkey": "pk-secret-passkey"}
	const configure = `mutation($in:PaymentGatewayInput!){ configurePaymentGateway(input:$in){ id kind enabled } }`
	e.fails("FORBIDDEN", e.op, configure, "in", in)
	e.ok(nil, e.admin, configure, "in", in)
	data, errs := e.do(e.admin, `{ paymentGateways{ kind enabled baseURL shortCode accountType callbackUrls consumerKeySet consumerSecretSet passkeySet secretKeySet } }`)
	if len(errs) > 0 || strings.Contains(string(data), "visible-nowhere") || strings.Contains(string(data), "pk-secret") {
		t.Fatalf("paymentGateways: %s %+v", data, errs)
	}
	var gws struct {
		PaymentGateways []struct {
			CallbackUrls                             []string
			ConsumerKeySet, PasskeySet, SecretKeySet bool
		}
	}
	e.ok(&gws, e.admin, `{ paymentGateways{ callbackUrls consumerKeySet passkeySet secretKeySet } }`)
	g := gws.PaymentGateways[0]
	if len(g.CallbackUrls) != 3 || !strings.HasPrefix(g.CallbackUrls[0], app.URL+"/pay/c2b/") || !g.ConsumerKeySet || !g.PasskeySet || g.SecretKeySet {
		t.Fatalf("gateway %+v", g)
	}
	var reg struct{ RegisterMpesaUrls []string }
	e.ok(&reg, e.admin, `mutation{ registerMpesaUrls }`)

	c := e.customer("payer1", "0712000001", e.profile("Home", 30, nil))
	const start = `mutation($c:ID!,$a:Int!){ startMobilePayment(customerID:$c, amount:$a){ id status checkoutID } }`
	e.fails("BAD_USER_INPUT", e.op, start, "c", c.ID, "a", 1050)
	var st struct {
		StartMobilePayment struct{ ID, Status, CheckoutID string }
	}
	e.ok(&st, e.op, start, "c", c.ID, "a", 150000)
	if st.StartMobilePayment.Status != "PENDING" {
		t.Fatalf("started: %+v", st)
	}
	if _, err := sim.Answer(context.Background(), st.StartMobilePayment.CheckoutID, mpesa.ResultPaid, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		MobilePayment struct {
			Status      string
			Transaction struct{ Amount int }
		}
	}
	e.ok(&got, e.viewer, `query($id:ID!){ mobilePayment(id:$id){ status transaction{ amount } } }`, "id", st.StartMobilePayment.ID)
	if got.MobilePayment.Status != "PAID" || got.MobilePayment.Transaction.Amount != 150000 {
		t.Fatalf("after paying: %+v", got)
	}

	req := mpesa.C2BRequest{TransID: "SGQ0000001", TransAmount: 30000, BillRefNumber: "unknown", MSISDN: "254799000000"}
	if err := sim.Confirm(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	var list struct {
		UnmatchedPayments struct {
			TotalCount int
			Edges      []struct {
				Node struct{ ID, Reference string }
			}
		}
	}
	e.fails("FORBIDDEN", e.viewer, `{ unmatchedPayments{ totalCount } }`)
	e.ok(&list, e.op, `{ unmatchedPayments(first: 10){ totalCount edges{ node{ id reference } } } }`)
	if list.UnmatchedPayments.TotalCount != 1 || list.UnmatchedPayments.Edges[0].Node.Reference != "SGQ0000001" {
		t.Fatalf("unmatched: %+v", list)
	}
	var asg struct{ AssignUnmatchedPayment struct{ Amount int } }
	e.ok(&asg, e.op, `mutation($id:ID!,$c:ID!){ assignUnmatchedPayment(id:$id, customerID:$c){ amount } }`,
		"id", list.UnmatchedPayments.Edges[0].Node.ID, "c", c.ID)
	e.fails("CONFLICT", e.op, `mutation($id:ID!,$c:ID!){ assignUnmatchedPayment(id:$id, customerID:$c){ amount } }`,
		"id", list.UnmatchedPayments.Edges[0].Node.ID, "c", c.ID)
	var bal struct{ Customer struct{ Balance int } }
	e.ok(&bal, e.viewer, `query($id:ID!){ customer(id:$id){ balance } }`, "id", c.ID)
	if asg.AssignUnmatchedPayment.Amount != 30000 || bal.Customer.Balance != 180000 {
		t.Fatalf("assigned %+v, balance %d", asg, bal.Customer.Balance)
	}
}
