package portal_test

import (
	"context"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/payments"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestPortalPaysByMpesa: a subscriber starts an M-Pesa prompt from the portal, pays it on the
// (simulated) phone, and sees the payment PAID and the balance up; another subscriber cannot
// see it, and cents are refused.
func TestPortalPaysByMpesa(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		ctx := e.staffCtx()
		sim := mpesa.NewSimulator("174379", "pk", "ck", "cs")
		daraja := httptest.NewServer(sim)
		defer daraja.Close()
		for k, v := range map[string]string{settings.PublicURL: e.srv.URL, settings.AllowPrivateTargets: "true"} {
			if err := settings.Set(ctx, st.Client, k, v); err != nil {
				t.Fatal(err)
			}
		}
		on, code := true, "174379"
		if _, err := e.pay.Configure(ctx, payments.GatewayInput{Kind: paymentgateway.KindMPESA, Enabled: &on, BaseURL: &daraja.URL,
			ShortCode: &code, ConsumerKey: ptr("ck"), ConsumerSecret: ptr("cs"), Passkey: ptr("pk")}); err != nil {
			t.Fatal(err)
		}
		alice, bob := e.login("alice", alicePW), e.login("bob", bobPW)
		const start = `mutation($a:Int!){startMobilePayment(amount:$a){id status amount phone}}`
		e.refused(e.portal(alice, start, map[string]any{"a": 1050}, nil), "BAD_USER_INPUT", "cents")
		var out struct {
			StartMobilePayment struct{ ID, Status, Phone string }
		}
		e.must(alice, start, map[string]any{"a": 150000}, &out)
		if out.StartMobilePayment.Status != "PENDING" || out.StartMobilePayment.Phone != alicePhone {
			t.Fatalf("started %+v", out)
		}
		id, _ := strconv.Atoi(out.StartMobilePayment.ID)
		mp, err := e.pay.MobilePayment(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sim.Answer(context.Background(), mp.CheckoutID, mpesa.ResultPaid, true); err != nil {
			t.Fatal(err)
		}
		const q = `query($id:ID!){mobilePayment(id:$id){status receipt} me{balance}}`
		var got struct {
			MobilePayment *struct{ Status, Receipt string }
			Me            struct{ Balance int }
		}
		e.must(alice, q, map[string]any{"id": out.StartMobilePayment.ID}, &got)
		if got.MobilePayment == nil || got.MobilePayment.Status != "PAID" || got.MobilePayment.Receipt == "" || got.Me.Balance != 350000 {
			t.Fatalf("after paying: %+v", got)
		}
		got.MobilePayment = nil
		e.must(bob, q, map[string]any{"id": out.StartMobilePayment.ID}, &got)
		if got.MobilePayment != nil {
			t.Fatalf("bob sees alice's payment: %+v", got.MobilePayment)
		}
	})
}

func ptr[T any](v T) *T { return &v }
