package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"testing"
	"time"
)

// TestVouchersAndRefundsOverGraphQL: an admin makes a batch, an operator redeems a code for a
// customer (once: the second time is refused with its message key), refunds part of the
// payment, sees both on the payments page and in the revenue report; an operator may not
// make a batch.
func TestVouchersAndRefundsOverGraphQL(t *testing.T) {
	e := newEnv(t, false)
	c := e.customer("vouch.one", "+254711000001", e.profile("Home", 30, nil))
	expires := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	var batch struct {
		CreateVoucherBatch struct {
			Codes    []string
			SheetPDF string
			Batch    struct{ ID string }
		}
	}
	e.ok(&batch, e.admin, `mutation($x:Time!){ createVoucherBatch(input:{count:2, amount:50000, expiresAt:$x, agent:"kiosk"}){ codes sheetPDF batch{ id } } }`, "x", expires)
	if len(batch.CreateVoucherBatch.Codes) != 2 {
		t.Fatalf("codes %v", batch.CreateVoucherBatch.Codes)
	}
	if pdf, err := base64.StdEncoding.DecodeString(batch.CreateVoucherBatch.SheetPDF); err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("sheetPDF is not a base64 PDF (%v): %.20q", err, pdf)
	}
	e.fails("FORBIDDEN", e.op, `mutation($x:Time!){ createVoucherBatch(input:{count:1, amount:1, expiresAt:$x}){ codes } }`, "x", expires)

	redeem := `mutation($c:ID!,$code:String!){ redeemVoucher(customerID:$c, code:$code){ id amount method refundable customer{ balance } } }`
	var paid struct {
		RedeemVoucher struct {
			ID         string
			Amount     int
			Method     string
			Refundable int
			Customer   struct{ Balance int }
		}
	}
	e.ok(&paid, e.op, redeem, "c", c.ID, "code", batch.CreateVoucherBatch.Codes[0])
	if p := paid.RedeemVoucher; p.Amount != 50000 || p.Method != "voucher" || p.Refundable != 50000 || p.Customer.Balance != 50000 {
		t.Fatalf("redeemed %+v", p)
	}
	again := e.fails("BAD_USER_INPUT", e.op, redeem, "c", c.ID, "code", batch.CreateVoucherBatch.Codes[0])
	if again.Extensions["messageKey"] != "voucher.redeemed" {
		t.Fatalf("second redemption: %+v", again)
	}

	refund := `mutation($t:ID!,$a:Int!){ refundPayment(transactionID:$t, amount:$a, note:"double"){ amount refundOfID customer{ balance } } }`
	e.fails("BAD_USER_INPUT", e.op, refund, "t", paid.RedeemVoucher.ID, "a", 50001)
	var refunded struct {
		RefundPayment struct {
			Amount     int
			RefundOfID string
			Customer   struct{ Balance int }
		}
	}
	e.ok(&refunded, e.op, refund, "t", paid.RedeemVoucher.ID, "a", 20000)
	if r := refunded.RefundPayment; r.Amount != -20000 || r.RefundOfID != paid.RedeemVoucher.ID || r.Customer.Balance != 30000 {
		t.Fatalf("refund %+v", r)
	}

	var lists struct {
		Payments struct{ TotalCount int }
		Revenue  struct {
			Total struct{ Payments, Refunds, Net int }
		}
		Batches []struct{ Issued, Redeemed, Available int } `json:"voucherBatches"`
	}
	from, to := time.Now().Add(-time.Hour).UTC().Format(time.RFC3339), time.Now().Add(time.Hour).UTC().Format(time.RFC3339)
	e.ok(&lists, e.op, `query($f:Time!,$t:Time!){ payments(filter:{method:"VOUCHER"}){ totalCount }
		revenue(from:$f, to:$t, period:DAY){ total{ payments refunds net } } voucherBatches{ issued redeemed available } }`, "f", from, "t", to)
	if lists.Payments.TotalCount != 2 || lists.Revenue.Total.Net != 30000 || lists.Revenue.Total.Refunds != 20000 ||
		len(lists.Batches) != 1 || lists.Batches[0].Redeemed != 1 || lists.Batches[0].Available != 1 {
		t.Fatalf("lists %+v", lists)
	}
}

// TestDataVoucherBatchOverGraphQL: a batch made with dataBytes shows it in the list, and a
// redeemed voucher adds it to the customer's period (a top-up); bad sizes are refused.
func TestDataVoucherBatchOverGraphQL(t *testing.T) {
	e := newEnv(t, false)
	c := e.customer("vouch.data", "+254711000002", e.profile("Home", 30, nil))
	expires := time.Now().Add(72 * time.Hour).UTC().Format(time.RFC3339)
	mk := `mutation($x:Time!,$d:Int){ createVoucherBatch(input:{count:1, amount:100, expiresAt:$x, dataBytes:$d}){ codes batch{ id dataBytes } } }`
	e.fails("BAD_USER_INPUT", e.admin, mk, "x", expires, "d", 0)
	var batch struct {
		CreateVoucherBatch struct {
			Codes []string
			Batch struct{ DataBytes *int }
		}
	}
	e.ok(&batch, e.admin, mk, "x", expires, "d", 5000000000)
	if d := batch.CreateVoucherBatch.Batch.DataBytes; d == nil || *d != 5000000000 {
		t.Fatalf("dataBytes %v", d)
	}
	var list struct {
		Batches []struct{ Batch struct{ DataBytes *int } } `json:"voucherBatches"`
	}
	e.ok(&list, e.op, `{ voucherBatches { batch { dataBytes } } }`)
	if len(list.Batches) != 1 || list.Batches[0].Batch.DataBytes == nil {
		t.Fatalf("list %+v", list)
	}
	e.ok(nil, e.op, `mutation($c:ID!,$code:String!){ redeemVoucher(customerID:$c, code:$code){ id } }`, "c", c.ID, "code", batch.CreateVoucherBatch.Codes[0])
	if n := e.st.Client.DataTopup.Query().CountX(context.Background()); n != 1 {
		t.Fatalf("%d top-ups, want 1", n)
	}
}
