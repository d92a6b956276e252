package audit_test

import (
	"context"
	"testing"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestKindOf(t *testing.T) {
	tests := []struct{ name, want string }{
		{"", audit.KindSystem},
		{"system", audit.KindSystem},
		{"alice", audit.KindStaff},
		{"a.b@x-y", audit.KindStaff},
		{"token:crm", audit.KindToken},
		{"customer:100234", audit.KindCustomer},
		{"customerservice", audit.KindStaff},
	}
	for _, tc := range tests {
		if got := audit.KindOf(tc.name); got != tc.want {
			t.Errorf("KindOf(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCustomerActor(t *testing.T) {
	a := audit.Customer(42, "100234", "10.0.0.9")
	if a.Name != "customer:100234" || a.CustomerID == nil || *a.CustomerID != 42 || a.StaffID != nil {
		t.Fatalf("Customer() = %+v", a)
	}
	if a.Kind() != audit.KindCustomer {
		t.Fatalf("Kind() = %q", a.Kind())
	}
	if (audit.Actor{Name: "bob"}).Kind() != audit.KindStaff || audit.System.Kind() != audit.KindSystem {
		t.Fatal("Kind of staff or system actor is wrong")
	}
}

// TestWriteCustomerActor: a row written by a subscriber names the account, carries no staff
// id, and keeps the client's address, on both databases.
func TestWriteCustomerActor(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := audit.WithActor(context.Background(), audit.Customer(7, "100777", "192.0.2.4"))
		if err := audit.Write(ctx, st.Client, "portalLogin", "customer", 7, nil); err != nil {
			t.Fatal(err)
		}
		row, err := st.Client.AuditLog.Query().Where(auditlog.Action("portalLogin")).Only(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if row.Actor != "customer:100777" || row.StaffID != nil || row.Address != "192.0.2.4" || row.TargetID != "7" {
			t.Fatalf("row = %+v", row)
		}
		if audit.KindOf(row.Actor) != audit.KindCustomer {
			t.Fatalf("KindOf(%q) is not customer", row.Actor)
		}
	})
}
