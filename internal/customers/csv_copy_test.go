package customers_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/change"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestImportWritesWhatHooksWrite: an import of new customers (COPY on PostgreSQL, multi-row
// INSERTs on SQLite) stores what Create stores, times in UTC, one "create" row of the change
// feed per customer and the audit row; ids come from the table's sequence, so a customer
// created afterwards gets the next one; a file with a bad row writes nothing.
func TestImportWritesWhatHooksWrite(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		box := testutil.Box(t)
		p := st.Client.Profile.Create().SetName("Home").SetDownloadKbps(10000).SetUploadKbps(5000).
			SetValidityDays(30).SetPrice(100).SaveX(ctx)
		const n = 1500 // more than one INSERT chunk and than analyzeAfter
		var b strings.Builder
		b.WriteString("username,phone,full_name,email,address,profile,expires_at,password,status,auto_renew\n")
		for i := range n {
			pw := fmt.Sprintf("pw-%06d-x", i)
			if i%3 == 0 {
				pw = "" // generated
			}
			fmt.Fprintf(&b, "user%05d,07%08d,Jane Wanjiku %d,,,home,2030-01-31,%s,%s,%t\n", i, 10000000+i, i, pw,
				[]string{"ACTIVE", "SUSPENDED", ""}[i%3], i%2 == 0)
		}
		bad := b.String() + "userbad,0712,X,,,home,,,,\n"
		res, err := customers.Import(ctx, st, box, strings.NewReader(bad), customers.ImportOptions{})
		if err != nil || res.Applied || len(res.Errors) != 1 {
			t.Fatalf("bad file: %+v %v", res, err)
		}
		if c := st.Client.Customer.Query().CountX(ctx); c != 0 {
			t.Fatalf("a failed import wrote %d customers", c)
		}
		start := time.Now().UTC().Add(-time.Second)
		res, err = customers.Import(ctx, st, box, strings.NewReader(b.String()), customers.ImportOptions{File: "c.csv"})
		if err != nil || !res.Applied || res.Created != n || len(res.Generated) != n/3 {
			t.Fatalf("import: %+v %v", res, err)
		}
		all := st.Client.Customer.Query().Order(ent.Asc(customer.FieldID)).AllX(ctx)
		if len(all) != n {
			t.Fatalf("%d customers, want %d", len(all), n)
		}
		for i, cu := range all {
			checkImported(t, box, cu, i, p.ID, start)
		}
		feed := st.Client.Change.Query().Where(change.Entity(store.EntityCustomer), change.Op("create")).CountX(ctx)
		if feed != n {
			t.Fatalf("change feed has %d create rows, want %d", feed, n)
		}
		if a := st.Client.AuditLog.Query().Where(auditlog.Action("importCustomers")).CountX(ctx); a != 1 {
			t.Fatalf("%d audit rows", a)
		}
		out, err := customers.New(st, box, nil, nil).Create(ctx, customers.CreateInput{Username: "after.import",
			Phone: "0799000111", ProfileID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		if out.Customer.ID <= all[n-1].ID || out.Customer.AccountNo != fmt.Sprint(customers.FirstAccountNo+n) {
			t.Fatalf("customer after the import: id %d (last imported %d), account %s", out.Customer.ID, all[n-1].ID, out.Customer.AccountNo)
		}
	})
}

// checkImported checks customer i of the import file made in TestImportWritesWhatHooksWrite.
func checkImported(t *testing.T, box interface{ Decrypt(string) (string, error) }, cu *ent.Customer, i, profileID int, start time.Time) {
	t.Helper()
	if cu.Username != fmt.Sprintf("user%05d", i) || cu.AccountNo != fmt.Sprint(customers.FirstAccountNo+i) ||
		cu.Phone != fmt.Sprintf("+2547%08d", 10000000+i) || cu.ProfileID != profileID {
		t.Fatalf("customer %d: %+v", i, cu)
	}
	name := fmt.Sprintf("Jane Wanjiku %d", i)
	if cu.FullName == nil || *cu.FullName != name || cu.NameSearch != strings.ToLower(name) || cu.Email != nil || cu.Address != nil {
		t.Fatalf("customer %d names: %+v", i, cu)
	}
	wantStatus := []customer.Status{customer.StatusACTIVE, customer.StatusSUSPENDED, customer.StatusACTIVE}[i%3]
	if cu.Status != wantStatus || cu.AutoRenew != (i%2 == 0) || cu.MaxSessions != 1 || cu.Balance != 0 {
		t.Fatalf("customer %d state: %+v", i, cu)
	}
	if pw, err := box.Decrypt(cu.PasswordEnc); err != nil || (i%3 != 0 && pw != fmt.Sprintf("pw-%06d-x", i)) || len(pw) < 8 {
		t.Fatalf("customer %d password: %v", i, err)
	}
	for what, tm := range map[string]time.Time{"created": cu.CreatedAt, "updated": cu.UpdatedAt, "joined": cu.JoinedAt,
		"period": cu.PeriodStart} {
		if _, off := tm.Zone(); off != 0 || tm.Before(start) || tm.After(time.Now().Add(time.Second)) {
			t.Fatalf("customer %d %s at %v (import from %v)", i, what, tm, start)
		}
	}
	day := time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC) // the end of 2030-01-31 in the installation's zone
	if d := cu.ExpiresAt.Sub(day); d < -14*time.Hour || d > 14*time.Hour || cu.ExpiresAt.Format("Z07:00") != "Z" {
		t.Fatalf("customer %d expires %v", i, cu.ExpiresAt)
	}
}
