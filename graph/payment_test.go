package graph

import (
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// A payment delivered again says so (alreadyRecorded, with the first recording's time), and
// a renewal refused for its balance speaks in the installation's currency.
func TestPaymentAlreadyRecordedAndRefusalInCurrency(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, false)
	c := e.customer("payer1", "0712000001", e.profile("Home 10M", 30, nil))

	msg := e.fails("BAD_USER_INPUT", e.op, `mutation($c:ID!){ renewCustomer(id:$c){ id } }`, "c", c.ID).Message
	if !strings.Contains(msg, "it needs KES 1,500.00, the balance is KES 0.00") || strings.Contains(msg, "150000") {
		t.Fatalf("refusal %q", msg)
	}
	e.ok(nil, e.admin, `mutation{ updateSettings(input:[{key:"currency", value:"UGX"}]){ key } }`)
	msg = e.fails("BAD_USER_INPUT", e.op, `mutation($c:ID!){ renewCustomer(id:$c){ id } }`, "c", c.ID).Message
	if !strings.Contains(msg, "it needs UGX 150,000") {
		t.Fatalf("refusal in UGX %q", msg)
	}
	bad := e.fails("BAD_USER_INPUT", e.admin, `mutation{ updateSettings(input:[{key:"currency", value:"KSH"}]){ key } }`)
	if !strings.Contains(bad.Message, "ISO 4217") {
		t.Fatalf("currency KSH: %q", bad.Message)
	}

	type payOut struct {
		RecordPayment struct {
			ID              string
			AlreadyRecorded bool
			CreatedAt       string
		}
	}
	const pay = `mutation($c:ID!){ recordPayment(input:{customerID:$c, amount:5000, method:"mpesa", reference:"QK77XY"}){ id alreadyRecorded createdAt } }`
	var first, second payOut
	e.ok(&first, e.op, pay, "c", c.ID)
	e.ok(&second, e.op, pay, "c", c.ID)
	if first.RecordPayment.AlreadyRecorded || !second.RecordPayment.AlreadyRecorded ||
		first.RecordPayment.ID != second.RecordPayment.ID || first.RecordPayment.CreatedAt != second.RecordPayment.CreatedAt {
		t.Fatalf("first %+v, second %+v", first, second)
	}
	var ledger struct {
		Customer struct {
			Transactions struct {
				Edges []struct {
					Node struct{ AlreadyRecorded bool }
				}
			}
		}
	}
	e.ok(&ledger, e.viewer, `query($c:ID!){ customer(id:$c){ transactions(first:5){ edges{ node{ alreadyRecorded } } } } }`, "c", c.ID)
	if n := len(ledger.Customer.Transactions.Edges); n != 1 || ledger.Customer.Transactions.Edges[0].Node.AlreadyRecorded {
		t.Fatalf("ledger %+v", ledger)
	}
}
