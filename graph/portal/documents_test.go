package portal_test

import (
	"bytes"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/internal/vouchers"
)

// get fetches path from the test server with token (none when empty).
func (e *env) get(path, token string) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// TestPortalReceipts: a payment shows its receipt number; its owner downloads the receipt as
// PDF and HTML under /portal/, another subscriber gets 404 as for a missing one, no token 401;
// a staff token is not a subscriber's.
func TestPortalReceipts(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		alice, bob := e.login("alice", alicePW), e.login("bob", bobPW)
		var out struct {
			Me struct {
				Transactions []struct{ ID, ReceiptNo string }
				Invoices     []struct{ ID string }
			}
			Isp struct{ PayMethods []string }
		}
		e.must(alice, `{me{transactions{id receiptNo} invoices{id}} isp{payMethods}}`, nil, &out)
		if len(out.Me.Transactions) != 1 || !strings.HasPrefix(out.Me.Transactions[0].ReceiptNo, "R-") || out.Me.Transactions[0].ID != strconv.Itoa(e.aliceTx) {
			t.Fatalf("transactions %+v", out.Me.Transactions)
		}
		if len(out.Me.Invoices) != 0 || len(out.Isp.PayMethods) != 0 {
			t.Fatalf("invoices %+v, pay methods %v: want none", out.Me.Invoices, out.Isp.PayMethods)
		}
		id := strconv.Itoa(e.aliceTx)
		for _, c := range []struct {
			path, token string
			code        int
			starts      string
		}{
			{"/portal/receipts/" + id + ".pdf", alice, 200, "%PDF-"},
			{"/portal/receipts/" + id + ".html", alice, 200, "<!doctype html>"},
			{"/portal/receipts/" + id + ".pdf", bob, 404, ""},
			{"/portal/receipts/" + id + ".pdf", "", 401, ""},
			{"/portal/receipts/" + id + ".pdf", e.staff, 401, ""},
			{"/portal/receipts/999999.pdf", alice, 404, ""},
			{"/portal/receipts/" + id + ".exe", alice, 404, ""},
			{"/portal/invoices/1.pdf", alice, 404, ""},
		} {
			code, body := e.get(c.path, c.token)
			if code != c.code || !bytes.HasPrefix(bytes.TrimSpace(body), []byte(c.starts)) {
				t.Errorf("GET %s: HTTP %d %.40q, want %d %q…", c.path, code, body, c.code, c.starts)
			}
		}
	})
}

// TestPortalRedeemsVoucher: a subscriber redeems a voucher once (a payment with a receipt
// number, the balance up); the same code again is refused, as is a malformed one.
func TestPortalRedeemsVoucher(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		e := newEnv(t, st)
		amount := int64(50000)
		batch, err := e.vouch.CreateBatch(e.staffCtx(), vouchers.BatchInput{Count: 1, Amount: &amount, ExpiresAt: time.Now().Add(48 * time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		alice := e.login("alice", alicePW)
		const redeem = `mutation($c:String!){redeemVoucher(code:$c){amount method receiptNo}}`
		var out struct {
			RedeemVoucher struct {
				Amount            int64
				Method, ReceiptNo string
			}
		}
		e.must(alice, redeem, map[string]any{"c": strings.ToLower(batch.Codes[0])}, &out)
		if out.RedeemVoucher.Amount != amount || out.RedeemVoucher.Method != "voucher" || !strings.HasPrefix(out.RedeemVoucher.ReceiptNo, "R-") {
			t.Fatalf("redeemed %+v", out.RedeemVoucher)
		}
		var me struct{ Me struct{ Balance int64 } }
		e.must(alice, `{me{balance}}`, nil, &me)
		if me.Me.Balance != 200000+amount {
			t.Fatalf("balance %d after redeeming", me.Me.Balance)
		}
		if errs := e.portal(alice, redeem, map[string]any{"c": batch.Codes[0]}, nil); len(errs) == 0 {
			t.Fatal("a voucher was redeemed twice")
		}
		e.refused(e.portal(alice, redeem, map[string]any{"c": "nope"}, nil), "BAD_USER_INPUT", "a malformed code")
	})
}
