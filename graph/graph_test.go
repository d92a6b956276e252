package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/coder/websocket"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
)

func TestNoTokenIsUnauthenticated(t *testing.T) {
	e := newEnv(t, false)
	for _, q := range []string{
		`{ me { username } }`,
		`{ customers(first: 5) { totalCount } }`,
		`mutation { logout }`,
		`{ __schema { queryType { name } } }`,
	} {
		e.fails("UNAUTHENTICATED", "", q)
		e.fails("UNAUTHENTICATED", "ldt_not-a-token", q)
	}
	// A revoked (logged out) token stops working.
	tok := e.login("oper", "correct-horse-1")
	e.ok(nil, tok, `mutation { logout }`)
	e.fails("UNAUTHENTICATED", tok, `{ me { username } }`)
	// Introspection works for staff.
	var out struct {
		Schema struct{ QueryType struct{ Name string } } `json:"__schema"`
	}
	e.ok(&out, e.viewer, `{ __schema { queryType { name } } }`)
	if out.Schema.QueryType.Name != "Query" {
		t.Fatalf("introspection: %+v", out)
	}
}

func TestRefusalsAreHTTP200(t *testing.T) {
	e := newEnv(t, false)
	h := NewHandler(Deps{Store: e.st, Box: nil, Bus: e.bus})
	req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(`{"query":"{ me { username } }"}`))
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"UNAUTHENTICATED"`) {
		t.Fatalf("got %d %s", w.Code, w.Body.String())
	}
}

func TestLoginThrottledAndMe(t *testing.T) {
	e := newEnv(t, false)
	var me struct {
		Me struct{ Username, Role string }
	}
	e.ok(&me, e.admin, `{ me { username role } }`)
	if me.Me.Username != "admin" || me.Me.Role != "ADMIN" {
		t.Fatalf("me = %+v", me)
	}
	q := `mutation($u:String!,$p:String!){ login(username:$u, password:$p){ token } }`
	for i := 0; i < 5; i++ {
		e.fails("UNAUTHENTICATED", "", q, "u", "viewer", "p", "wrong-password")
	}
	// Throttled now, even with the right password.
	e.fails("TOO_MANY_REQUESTS", "", q, "u", "viewer", "p", "correct-horse-1")
	// Other users are not affected.
	e.login("oper", "correct-horse-1")
}

func TestViewerMutationsAreForbidden(t *testing.T) {
	e := newEnv(t, false)
	pid := e.profile("Home 20", 30, nil)
	e.fails("FORBIDDEN", e.viewer, `mutation($in:CreateCustomerInput!){ createCustomer(input:$in){ customer{ id } } }`,
		"in", map[string]any{"username": "jane", "phone": "0712345678", "profileID": pid})
	e.fails("FORBIDDEN", e.viewer, `mutation{ createApiToken(name:"x", role:ADMIN){ token } }`)
	e.fails("FORBIDDEN", e.op, `mutation{ createApiToken(name:"x", role:ADMIN){ token } }`)
	e.fails("FORBIDDEN", e.op, `mutation{ createNas(input:{name:"r1", ipAddress:"10.0.0.1", secret:"s3cret-s3cret"}){ id } }`)
	e.fails("FORBIDDEN", e.op, `{ auditLog(first: 5) { totalCount } }`)
	e.fails("FORBIDDEN", e.viewer, `{ exportCustomers }`)
	// Viewers read.
	var out struct{ Profiles struct{ TotalCount int } }
	e.ok(&out, e.viewer, `{ profiles { totalCount } }`)
	if out.Profiles.TotalCount != 1 {
		t.Fatalf("profiles = %+v", out)
	}
	// Nothing was written by the refused mutations.
	if n := e.st.Client.Customer.Query().CountX(context.Background()); n != 0 {
		t.Fatalf("%d customers after refused mutation", n)
	}
}

func TestEveryMutationHasARole(t *testing.T) {
	var sources []*ast.Source
	files, _ := filepath.Glob("schema/*.graphqls")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, err := gqlparser.LoadSchema(sources...)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range schema.Mutation.Fields {
		if _, ok := mutationRoles[f.Name]; !ok {
			t.Errorf("mutation %s has no entry in mutationRoles", f.Name)
		}
	}
}

func TestAPITokens(t *testing.T) {
	e := newEnv(t, false)
	var out struct {
		CreateAPIToken struct {
			Token    string
			APIToken struct{ ID, Role string } `json:"apiToken"`
		} `json:"createApiToken"`
	}
	e.ok(&out, e.admin, `mutation{ createApiToken(name:"crm", role:OPERATOR){ token apiToken{ id role } } }`)
	tok := out.CreateAPIToken.Token
	if !strings.HasPrefix(tok, "ldt_") || out.CreateAPIToken.APIToken.Role != "OPERATOR" {
		t.Fatalf("token = %+v", out)
	}
	e.ok(nil, tok, `{ customers(first: 1) { totalCount } }`)
	e.fails("FORBIDDEN", tok, `mutation{ createNas(input:{name:"r1", ipAddress:"10.0.0.1", secret:"s3cret-s3cret"}){ id } }`)
	e.ok(nil, e.admin, `mutation($id:ID!){ revokeApiToken(id:$id){ revokedAt } }`, "id", out.CreateAPIToken.APIToken.ID)
	e.fails("UNAUTHENTICATED", tok, `{ customers(first: 1) { totalCount } }`)
	// The token is stored hashed.
	rows := e.st.Client.ApiToken.Query().AllX(context.Background())
	for _, r := range rows {
		if strings.Contains(r.TokenHash, tok) || r.TokenHash == tok {
			t.Fatal("token stored in clear")
		}
	}
}

func TestCustomerLifecycleAndSearch(t *testing.T) {
	e := newEnv(t, true)
	ctx := context.Background()
	pid := e.profile("Home 20", 30, nil)
	pid2 := e.profile("Home 50", 30, nil)

	var created struct {
		CreateCustomer struct {
			Customer          custOut
			GeneratedPassword *string
			Warnings          []string
		}
	}
	e.ok(&created, e.op, `mutation($in:CreateCustomerInput!){ createCustomer(input:$in){ customer{ id accountNo username phone status connectionStatus expiresAt } generatedPassword warnings } }`,
		"in", map[string]any{"username": "User1", "phone": "0712 345 678", "profileID": pid, "fullName": "Jane Wanjiku"})
	c1 := created.CreateCustomer.Customer
	if c1.AccountNo != "100001" || c1.Username != "user1" || c1.Phone != "+254712345678" || c1.ConnectionStatus != "OFFLINE" {
		t.Fatalf("created %+v", c1)
	}
	if g := created.CreateCustomer.GeneratedPassword; g == nil || len(*g) < 12 {
		t.Fatalf("generated password %v", g)
	}
	if len(created.CreateCustomer.Warnings) == 0 {
		t.Fatal("no warning for the guessable username user1")
	}
	if d := time.Until(c1.ExpiresAt); d < 29*24*time.Hour || d > 31*24*time.Hour {
		t.Fatalf("expiresAt %v", c1.ExpiresAt)
	}
	stored := e.st.Client.Customer.GetX(ctx, atoi(t, c1.ID))
	if strings.Contains(stored.PasswordEnc, *created.CreateCustomer.GeneratedPassword) {
		t.Fatal("password stored in clear")
	}
	c2 := e.customer("peter.otieno", "+254 733 000111", pid)
	if c2.AccountNo != "100002" {
		t.Fatalf("second account %s", c2.AccountNo)
	}

	// Validation errors carry BAD_USER_INPUT and the field.
	create := `mutation($in:CreateCustomerInput!){ createCustomer(input:$in){ customer{ id } } }`
	for _, tc := range []struct {
		in    map[string]any
		field string
	}{
		{map[string]any{"username": "ab", "phone": "0712345679", "profileID": pid}, "username"},
		{map[string]any{"username": "Bad Name", "phone": "0712345679", "profileID": pid}, "username"},
		{map[string]any{"username": "user1", "phone": "0712345679", "profileID": pid}, "username"},
		{map[string]any{"username": "mary", "phone": "12", "profileID": pid}, "phone"},
		{map[string]any{"username": "mary", "phone": "0712345679", "profileID": "999999"}, "profileID"},
		{map[string]any{"username": "mary", "phone": "0712345679", "profileID": pid, "password": "123"}, "password"},
		{map[string]any{"username": "mary", "phone": "0712345679", "profileID": pid, "password": "password1"}, "password"},
	} {
		err := e.fails("BAD_USER_INPUT", e.op, create, "in", tc.in)
		if err.Extensions["field"] != tc.field {
			t.Errorf("%v: field %v, want %s (%s)", tc.in, err.Extensions["field"], tc.field, err.Message)
		}
	}

	// Search: the three phone forms, username and account prefixes, name substrings.
	search := func(q string) []string {
		var out struct {
			Customers struct {
				TotalCount int
				Edges      []struct{ Node struct{ Username string } }
			}
		}
		e.ok(&out, e.viewer, `query($q:String){ customers(search:$q, first: 10){ totalCount edges{ node{ username } } } }`, "q", q)
		var names []string
		for _, ed := range out.Customers.Edges {
			names = append(names, ed.Node.Username)
		}
		if out.Customers.TotalCount != len(names) {
			t.Fatalf("search %q: totalCount %d, %d edges", q, out.Customers.TotalCount, len(names))
		}
		return names
	}
	for _, tc := range []struct{ q, want string }{
		{"+254712345678", "user1"}, {"0712345678", "user1"}, {"712345678", "user1"},
		{"0733000111", "peter.otieno"}, {"USER", "user1"}, {"pet", "peter.otieno"},
		{"100002", "peter.otieno"}, {"1000", "user1,peter.otieno"}, {"wanji", "user1"},
		{"nobody", ""}, {"%", ""}, {"_", ""},
	} {
		got := strings.Join(search(tc.q), ",")
		if got != tc.want {
			t.Errorf("search %q = %q, want %q", tc.q, got, tc.want)
		}
	}

	// Update, password, suspend and resume.
	var upd struct {
		UpdateCustomer struct {
			FullName *string
			Email    *string
		}
	}
	e.ok(&upd, e.op, `mutation($id:ID!){ updateCustomer(id:$id, input:{fullName:"Jane W. Wanjiku", email:"jane@example.com"}){ fullName email } }`, "id", c1.ID)
	if upd.UpdateCustomer.Email == nil || *upd.UpdateCustomer.Email != "jane@example.com" {
		t.Fatalf("update %+v", upd)
	}
	e.fails("FORBIDDEN", e.op, `mutation($id:ID!){ updateCustomer(id:$id, input:{expiresAt:"2030-01-01T00:00:00Z"}){ id } }`, "id", c1.ID)
	e.ok(nil, e.admin, `mutation($id:ID!){ updateCustomer(id:$id, input:{expiresAt:"2030-01-01T00:00:00Z"}){ id } }`, "id", c1.ID)
	var pw struct {
		SetCustomerPassword struct{ GeneratedPassword *string }
	}
	e.ok(&pw, e.op, `mutation($id:ID!){ setCustomerPassword(id:$id, password:"Kx9-lantern-42"){ generatedPassword } }`, "id", c1.ID)
	if pw.SetCustomerPassword.GeneratedPassword != nil {
		t.Fatal("generated a password although one was given")
	}
	var st struct{ SuspendCustomer struct{ Status string } }
	e.ok(&st, e.op, `mutation($id:ID!){ suspendCustomer(id:$id){ status } }`, "id", c1.ID)
	if st.SuspendCustomer.Status != "SUSPENDED" {
		t.Fatalf("suspend: %+v", st)
	}
	e.ok(nil, e.op, `mutation($id:ID!){ resumeCustomer(id:$id){ status } }`, "id", c1.ID)

	// Profile change: committed first, then the routers asked; outcomes per open session.
	nasID := makeNas(t, e.st)
	sess := openSession(t, e.st, atoi(t, c1.ID), nasID)
	var act struct {
		ChangeCustomerProfile struct {
			Customer struct {
				Profile          struct{ ID string }
				ConnectionStatus string
				CurrentSession   *struct{ ID string }
			}
			Sessions []struct {
				Session struct{ ID string }
				Outcome string
			}
		}
	}
	_, errs := e.do(e.op, `mutation($id:ID!,$p:ID!){ changeCustomerProfile(id:$id, profileID:$p){ customer{ profile{ id } connectionStatus currentSession{ id } } sessions{ session{ id } outcome message } } }`, "id", c1.ID, "p", pid2)
	// The fake NAS answers an outcome that is not an ActionOutcome: reported as ERROR.
	if len(errs) > 0 {
		t.Fatalf("changeCustomerProfile: %+v", errs)
	}
	e.ok(&act, e.op, `mutation($id:ID!,$p:ID!){ changeCustomerProfile(id:$id, profileID:$p){ customer{ profile{ id } connectionStatus currentSession{ id } } sessions{ session{ id } outcome message } } }`, "id", c1.ID, "p", pid)
	if len(act.ChangeCustomerProfile.Sessions) != 1 || act.ChangeCustomerProfile.Customer.Profile.ID != pid ||
		act.ChangeCustomerProfile.Customer.ConnectionStatus != "ONLINE" {
		t.Fatalf("change profile: %+v", act)
	}
	if len(e.nas.calls) != 2 || e.nas.calls[0] != "apply" {
		t.Fatalf("NAS calls %v", e.nas.calls)
	}
	var disc struct {
		DisconnectCustomer struct {
			Sessions []struct {
				Session struct{ ID string }
				Outcome string
			}
		}
	}
	e.ok(&disc, e.op, `mutation($id:ID!){ disconnectCustomer(id:$id){ sessions{ session{ id } outcome } } }`, "id", c1.ID)
	if len(disc.DisconnectCustomer.Sessions) != 1 || disc.DisconnectCustomer.Sessions[0].Outcome != "ACK" ||
		disc.DisconnectCustomer.Sessions[0].Session.ID != fmt.Sprint(sess.ID) {
		t.Fatalf("disconnect: %+v", disc)
	}

	// Payments through billing; balance equals the ledger. A renewal without the balance for
	// it is refused.
	e.fails("BAD_USER_INPUT", e.op, `mutation($c:ID!){ renewCustomer(id:$c){ id } }`, "c", c1.ID)
	var pay struct {
		RecordPayment struct{ Amount, BalanceAfter int }
	}
	e.ok(&pay, e.op, `mutation($c:ID!){ recordPayment(input:{customerID:$c, amount:150000, method:"mpesa", reference:"QK12AB"}){ amount balanceAfter } }`, "c", c1.ID)
	if pay.RecordPayment.BalanceAfter != 150000 {
		t.Fatalf("payment %+v", pay)
	}
	var bal struct {
		Customer struct {
			Balance      int
			Transactions struct{ TotalCount int }
			Usage        struct {
				BytesIn    int
				LimitBytes *int
			}
		}
	}
	e.ok(&bal, e.viewer, `query($c:ID!){ customer(id:$c){ balance transactions{ totalCount } usage{ periodStart bytesIn bytesOut limitBytes } authEvents{ totalCount } sessions{ totalCount } } }`, "c", c1.ID)
	if bal.Customer.Balance != 150000 || bal.Customer.Transactions.TotalCount != 1 || bal.Customer.Usage.LimitBytes != nil {
		t.Fatalf("balance %+v", bal)
	}

	// Delete: with ledger history the customer is disabled; without, deleted.
	var del struct {
		DeleteCustomer struct {
			Deleted  bool
			Customer *struct{ Status string }
		}
	}
	e.ok(&del, e.op, `mutation($id:ID!){ deleteCustomer(id:$id){ deleted customer{ status } } }`, "id", c1.ID)
	if del.DeleteCustomer.Deleted || del.DeleteCustomer.Customer.Status != "DISABLED" {
		t.Fatalf("delete with history: %+v", del)
	}
	e.ok(&del, e.op, `mutation($id:ID!){ deleteCustomer(id:$id){ deleted customer{ status } } }`, "id", c2.ID)
	if !del.DeleteCustomer.Deleted {
		t.Fatalf("delete: %+v", del)
	}

	// Every mutation left an audit row with the actor; no secrets in them.
	logs := e.st.Client.AuditLog.Query().Where(auditlog.TargetType("customer")).AllX(ctx)
	actions := map[string]bool{}
	for _, l := range logs {
		actions[l.Action] = true
		if strings.Contains(l.Changes, "Kx9-lantern-42") || strings.Contains(l.Changes, *created.CreateCustomer.GeneratedPassword) {
			t.Fatalf("secret in audit row %+v", l)
		}
		if l.Actor == "" || l.Address == "" {
			t.Fatalf("audit row without actor or address: %+v", l)
		}
	}
	for _, a := range []string{"createCustomer", "updateCustomer", "setCustomerPassword", "suspendCustomer", "resumeCustomer",
		"changeCustomerProfile", "disconnectCustomer", "recordPayment", "deleteCustomer"} {
		if !actions[a] {
			t.Errorf("no audit row for %s", a)
		}
	}
	var al struct{ AuditLog struct{ TotalCount int } }
	e.ok(&al, e.admin, `{ auditLog(first: 100) { totalCount edges { node { actor action targetType targetID changes address createdAt } } } }`)
	if al.AuditLog.TotalCount < 10 {
		t.Fatalf("audit log has %d rows", al.AuditLog.TotalCount)
	}
}

func TestChangeProfileWithoutNASIsPending(t *testing.T) {
	e := newEnv(t, false)
	pid, pid2 := e.profile("A", 30, nil), e.profile("B", 30, nil)
	c := e.customer("alice.k", "0712000001", pid)
	openSession(t, e.st, atoi(t, c.ID), makeNas(t, e.st))
	var act struct {
		ChangeCustomerProfile struct {
			Sessions []struct{ Outcome string }
		}
	}
	e.ok(&act, e.op, `mutation($id:ID!,$p:ID!){ changeCustomerProfile(id:$id, profileID:$p){ sessions{ outcome message } } }`, "id", c.ID, "p", pid2)
	if len(act.ChangeCustomerProfile.Sessions) != 1 || act.ChangeCustomerProfile.Sessions[0].Outcome != "PENDING" {
		t.Fatalf("%+v", act)
	}
	if got := e.st.Client.Customer.GetX(context.Background(), atoi(t, c.ID)).ProfileID; fmt.Sprint(got) != pid2 {
		t.Fatalf("profile not changed: %d", got)
	}
}

func TestStatusFilterAndDashboard(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	pid := e.profile("Home", 30, nil)
	on := e.customer("online.one", "0712000001", pid)
	e.customer("offline.one", "0712000002", pid)
	ex := e.customer("expired.one", "0712000003", pid)
	e.st.Client.Customer.UpdateOneID(atoi(t, ex.ID)).SetExpiresAt(time.Now().Add(-time.Hour)).ExecX(ctx)
	nasID := makeNas(t, e.st)
	openSession(t, e.st, atoi(t, on.ID), nasID)
	openSession(t, e.st, atoi(t, ex.ID), nasID) // expired wins over online
	for status, want := range map[string]string{"ONLINE": "online.one", "OFFLINE": "offline.one", "EXPIRED": "expired.one"} {
		var out struct {
			Customers struct {
				TotalCount int
				Edges      []struct {
					Node struct{ Username, ConnectionStatus string }
				}
			}
		}
		e.ok(&out, e.viewer, `query($s:ConnectionStatus){ customers(status:$s, first:10){ totalCount edges{ node{ username connectionStatus } } } }`, "s", status)
		if out.Customers.TotalCount != 1 || len(out.Customers.Edges) != 1 || out.Customers.Edges[0].Node.Username != want ||
			out.Customers.Edges[0].Node.ConnectionStatus != status {
			t.Errorf("status %s: %+v", status, out)
		}
	}
	e.st.Client.OnlineSample.Create().SetAt(time.Now().Add(-time.Hour)).SetOnline(7).ExecX(ctx)
	var d struct {
		Dashboard struct {
			Customers, Online, Offline, Expired, ExpiringSoon, RevenueThisMonth int
			OnlineHistory                                                       []struct{ Online int }
		}
	}
	e.ok(&d, e.viewer, `{ dashboard { customers online offline expired expiringSoon(days: 31) revenueThisMonth onlineHistory(hours: 24) { at online } } }`)
	got := d.Dashboard
	if got.Customers != 3 || got.Online != 1 || got.Offline != 1 || got.Expired != 1 || got.ExpiringSoon != 2 ||
		len(got.OnlineHistory) != 1 || got.OnlineHistory[0].Online != 7 {
		t.Fatalf("dashboard %+v", got)
	}
	var nas struct {
		NasDevices struct {
			Edges []struct{ Node struct{ ActiveSessions int } }
		}
	}
	e.ok(&nas, e.viewer, `{ nasDevices { edges { node { name activeSessions requestsLastHour lastSeenAt apiReachable } } } }`)
	if len(nas.NasDevices.Edges) != 1 || nas.NasDevices.Edges[0].Node.ActiveSessions != 2 {
		t.Fatalf("nas %+v", nas)
	}
}

func TestPaginationOver250Customers(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	pid := e.profile("Home", 30, nil)
	p := atoi(t, pid)
	var bulk []*ent.CustomerCreate
	for i := 0; i < 250; i++ {
		bulk = append(bulk, e.st.Client.Customer.Create().SetAccountNo(fmt.Sprint(100001+i)).
			SetUsername(fmt.Sprintf("cust%03d", i)).SetPasswordEnc("x").SetPhone(fmt.Sprintf("+2547110%05d", i)).
			SetProfileID(p).SetExpiresAt(time.Now().Add(24*time.Hour)))
	}
	e.st.Client.Customer.CreateBulk(bulk...).ExecX(ctx)
	seen := map[string]bool{}
	var after any
	pages := 0
	for {
		var out struct {
			Customers struct {
				TotalCount int
				PageInfo   struct {
					HasNextPage bool
					EndCursor   *string
				}
				Edges []struct{ Node struct{ Username string } }
			}
		}
		e.ok(&out, e.viewer, `query($a:Cursor){ customers(first: 100, after:$a, orderBy:{field:USERNAME, direction:ASC}){ totalCount pageInfo{ hasNextPage endCursor } edges{ node{ username } } } }`, "a", after)
		if out.Customers.TotalCount != 250 {
			t.Fatalf("totalCount %d", out.Customers.TotalCount)
		}
		for _, ed := range out.Customers.Edges {
			if seen[ed.Node.Username] {
				t.Fatalf("%s twice", ed.Node.Username)
			}
			seen[ed.Node.Username] = true
		}
		pages++
		if !out.Customers.PageInfo.HasNextPage {
			break
		}
		after = *out.Customers.PageInfo.EndCursor
	}
	if len(seen) != 250 || pages != 3 {
		t.Fatalf("%d customers in %d pages", len(seen), pages)
	}
	// Backwards: the last 50.
	var last struct {
		Customers struct {
			Edges []struct{ Node struct{ Username string } }
		}
	}
	e.ok(&last, e.viewer, `{ customers(last: 50, orderBy:{field:USERNAME, direction:ASC}){ edges{ node{ username } } } }`)
	if len(last.Customers.Edges) != 50 || last.Customers.Edges[49].Node.Username != "cust249" {
		t.Fatalf("last page %+v", last.Customers.Edges)
	}
	e.fails("BAD_USER_INPUT", e.viewer, `{ customers(first: 5000){ totalCount } }`)

	// Counts are exact, filtered or not, whatever the planner's statistics say (issue 19):
	// a stale estimate after a bulk load once reported 68,000 of 100,000.
	if _, err := e.st.DB.ExecContext(ctx, "ANALYZE customers"); err != nil {
		t.Fatal(err)
	}
	var est struct {
		All struct {
			TotalCount      int
			TotalCountExact bool
		}
		Some struct {
			TotalCount      int
			TotalCountExact bool
		}
	}
	var want int
	if err := e.st.DB.QueryRowContext(ctx, "SELECT count(*) FROM customers").Scan(&want); err != nil {
		t.Fatal(err)
	}
	e.ok(&est, e.viewer, `{ all: customers(first: 10){ totalCount totalCountExact edges { node { id } } } some: customers(search: "cust1", first: 10){ totalCount totalCountExact } }`)
	if !est.All.TotalCountExact || est.All.TotalCount != want || !est.Some.TotalCountExact || est.Some.TotalCount != 100 {
		t.Fatalf("counts: %+v, want all %d", est, want)
	}
}

const importCSV = `username,phone,full_name,profile,expires_at,password,status,auto_renew
grace.n,0712111222,Grace Njeri,Home,2030-01-31,,ACTIVE,true
"tom.m",+254733222333,"=HYPERLINK(""x"")",Home,2030-02-01T10:00:00Z,oldpass123,,false
`

func uploadImport(e *env, token, csv string, dry bool) (json.RawMessage, []gqlError) {
	e.t.Helper()
	dir := e.t.TempDir()
	path := filepath.Join(dir, "c.csv")
	if err := os.WriteFile(path, []byte(csv), 0o600); err != nil {
		e.t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer f.Close()
	resp, err := e.c.RawPost(`mutation($f:Upload!,$d:Boolean){ importCustomers(file:$f, dryRun:$d){ dryRun applied rows created updated unchanged errors{ row column message } warnings{ row message } generatedPasswords{ row username password } } }`,
		client.AddHeader("Authorization", "Bearer "+token), client.Var("f", f), client.Var("d", dry), client.WithFiles())
	if err != nil {
		e.t.Fatal(err)
	}
	data, _ := json.Marshal(resp.Data)
	var errs []gqlError
	if len(resp.Errors) > 0 {
		_ = json.Unmarshal(resp.Errors, &errs)
	}
	return data, errs
}

type importOut struct {
	ImportCustomers struct {
		DryRun, Applied                   bool
		Rows, Created, Updated, Unchanged int
		Errors                            []struct {
			Row     int
			Column  *string
			Message string
		}
		GeneratedPasswords []struct{ Username, Password string }
	}
}

func TestImportAllOrNothingAndIdempotent(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	e.profile("Home", 30, nil)
	decode := func(data json.RawMessage, errs []gqlError) importOut {
		t.Helper()
		if len(errs) > 0 {
			t.Fatalf("import: %+v", errs)
		}
		var out importOut
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	// One bad row (line 3: unknown profile): nothing is written, the row is named.
	bad := importCSV + "bad.row,0712999888,X,Nope,,,,\n"
	out := decode(uploadImport(e, e.op, bad, false))
	if out.ImportCustomers.Applied || len(out.ImportCustomers.Errors) != 1 || out.ImportCustomers.Errors[0].Row != 4 ||
		*out.ImportCustomers.Errors[0].Column != "profile" {
		t.Fatalf("bad import: %+v", out)
	}
	if n := e.st.Client.Customer.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d customers written by a failed import", n)
	}
	// Dry run: reports, writes nothing.
	out = decode(uploadImport(e, e.op, importCSV, true))
	if out.ImportCustomers.Applied || out.ImportCustomers.Created != 2 {
		t.Fatalf("dry run: %+v", out)
	}
	if n := e.st.Client.Customer.Query().CountX(ctx); n != 0 {
		t.Fatalf("%d customers written by a dry run", n)
	}
	// Real import.
	out = decode(uploadImport(e, e.op, importCSV, false))
	if !out.ImportCustomers.Applied || out.ImportCustomers.Created != 2 || len(out.ImportCustomers.GeneratedPasswords) != 1 ||
		out.ImportCustomers.GeneratedPasswords[0].Username != "grace.n" {
		t.Fatalf("import: %+v", out)
	}
	tom := e.st.Client.Customer.Query().Where(customer.Username("tom.m")).OnlyX(ctx)
	if tom.Phone != "+254733222333" || tom.AutoRenew || !tom.ExpiresAt.Equal(time.Date(2030, 2, 1, 10, 0, 0, 0, time.UTC)) {
		t.Fatalf("tom = %+v", tom)
	}
	// The same import again changes nothing.
	before := e.st.Client.Customer.Query().AllX(ctx)
	changesBefore := e.st.Client.Change.Query().CountX(ctx)
	out = decode(uploadImport(e, e.op, importCSV, false))
	if out.ImportCustomers.Created != 0 || out.ImportCustomers.Updated != 0 || out.ImportCustomers.Unchanged != 2 {
		t.Fatalf("second import: %+v", out)
	}
	after := e.st.Client.Customer.Query().AllX(ctx)
	for i := range before {
		if !before[i].UpdatedAt.Equal(after[i].UpdatedAt) || before[i].PasswordEnc != after[i].PasswordEnc {
			t.Fatalf("customer %s changed by the second import", before[i].Username)
		}
	}
	if n := e.st.Client.Change.Query().CountX(ctx); n != changesBefore {
		t.Fatalf("change feed grew from %d to %d", changesBefore, n)
	}

	// Export: formulas neutralised, no passwords; re-importing the export changes nothing.
	var exp struct{ ExportCustomers string }
	e.ok(&exp, e.op, `{ exportCustomers }`)
	if strings.Contains(exp.ExportCustomers, "oldpass123") || strings.Contains(exp.ExportCustomers, "password") {
		t.Fatal("export contains passwords")
	}
	if !strings.Contains(exp.ExportCustomers, `"'=HYPERLINK(""x"")"`) || !strings.Contains(exp.ExportCustomers, "'+254733222333") {
		t.Fatalf("formula not neutralised:\n%s", exp.ExportCustomers)
	}
	out = decode(uploadImport(e, e.op, exp.ExportCustomers, false))
	if out.ImportCustomers.Unchanged != 2 || out.ImportCustomers.Updated != 0 || len(out.ImportCustomers.Errors) != 0 {
		t.Fatalf("re-import of export: %+v", out)
	}
	// An update by CSV changes only what differs.
	out = decode(uploadImport(e, e.op, "username,full_name\ntom.m,Tom Mboya\n", false))
	if out.ImportCustomers.Updated != 1 {
		t.Fatalf("update import: %+v", out)
	}
	if got := e.st.Client.Customer.Query().Where(customer.Username("tom.m")).OnlyX(ctx); *got.FullName != "Tom Mboya" || got.Phone != "+254733222333" {
		t.Fatalf("tom after update: %+v", got)
	}
}

func TestExportEndpoint(t *testing.T) {
	e := newEnv(t, false)
	pid := e.profile("Home", 30, nil)
	e.customer("jane.doe", "0712345678", pid)
	h := NewHandler(Deps{Store: e.st, Box: nil, Bus: e.bus})
	get := func(token string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/export/customers.csv?search=jane", nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w
	}
	if w := get(""); w.Code != http.StatusUnauthorized {
		t.Fatalf("no token: %d", w.Code)
	}
	if w := get(e.viewer); w.Code != http.StatusForbidden {
		t.Fatalf("viewer: %d", w.Code)
	}
	w := get(e.op)
	if w.Code != 200 || !strings.HasPrefix(w.Body.String(), "account_no,username,phone") || !strings.Contains(w.Body.String(), "jane.doe") {
		t.Fatalf("export: %d %s", w.Code, w.Body.String())
	}
}

func TestProfilesNasSettingsStaff(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	pid := e.profile("Home", 30, nil)
	e.customer("jane.doe", "0712345678", pid)
	var pc struct {
		Profiles struct {
			Edges []struct{ Node struct{ CustomersCount int } }
		}
	}
	e.ok(&pc, e.viewer, `{ profiles { edges { node { name customersCount afterCapProfile { id } } } } }`)
	if pc.Profiles.Edges[0].Node.CustomersCount != 1 {
		t.Fatalf("%+v", pc)
	}
	e.fails("BAD_USER_INPUT", e.admin, `mutation($id:ID!){ deleteProfile(id:$id) }`, "id", pid)
	empty := e.profile("Unused", 7, nil)
	e.ok(nil, e.admin, `mutation($id:ID!){ deleteProfile(id:$id) }`, "id", empty)
	e.ok(nil, e.admin, `mutation($id:ID!){ updateProfile(id:$id, input:{price: 2000, dataLimitBytes: 1000000}){ price dataLimitBytes } }`, "id", pid)

	// NAS: secrets write-only and encrypted.
	var n struct{ CreateNas struct{ ID string } }
	e.ok(&n, e.admin, `mutation{ createNas(input:{name:"core-1", ipAddress:"10.0.0.1", secret:"s3cret-s3cret", apiPassword:"api-pass-1"}){ id name ipAddress coaPort requireMessageAuthenticator } }`)
	row := e.st.Client.Nas.GetX(ctx, atoi(t, n.CreateNas.ID))
	if strings.Contains(row.SecretEnc, "s3cret") || row.APIPasswordEnc == nil {
		t.Fatal("NAS secret stored in clear or API password missing")
	}
	e.fails("CONFLICT", e.admin, `mutation{ createNas(input:{name:"core-2", ipAddress:"10.0.0.1", secret:"s3cret-s3cret"}){ id } }`)
	e.fails("BAD_USER_INPUT", e.admin, `mutation{ createNas(input:{name:"core-3", ipAddress:"10.0.0", secret:"s3cret-s3cret"}){ id } }`)
	e.ok(nil, e.admin, `mutation($id:ID!){ updateNas(id:$id, input:{coaPort: 1700, secret:"new-secret-1"}){ coaPort } }`, "id", n.CreateNas.ID)
	e.ok(nil, e.admin, `mutation($id:ID!){ deleteNas(id:$id) }`, "id", n.CreateNas.ID)

	// Settings: secret ones are write-only and stored encrypted.
	var s struct {
		UpdateSettings []struct {
			Key    string
			Value  *string
			Secret bool
			IsSet  bool
		}
	}
	e.ok(&s, e.admin, `mutation{ updateSettings(input:[{key:"smtp_password", value:"mail-pass-9"},{key:"currency", value:"UGX"}]){ key value secret isSet } }`)
	for _, v := range s.UpdateSettings {
		if v.Key == "smtp_password" && (v.Value != nil || !v.IsSet) {
			t.Fatalf("smtp_password shown: %+v", v)
		}
		if v.Key == "currency" && (v.Value == nil || *v.Value != "UGX") {
			t.Fatalf("currency %+v", v)
		}
	}
	for _, r := range e.st.Client.Setting.Query().AllX(ctx) {
		if strings.Contains(r.Value, "mail-pass-9") {
			t.Fatal("smtp_password stored in clear")
		}
	}
	e.fails("BAD_USER_INPUT", e.admin, `mutation{ updateSettings(input:[{key:"currency", value:"shillings"}]){ key } }`)
	e.fails("FORBIDDEN", e.op, `{ settings { key } }`)
	// …but every role reads the display settings, so amounts show their currency.
	var loc struct {
		Locale struct{ Currency, TimeZone, PhoneRegion string }
	}
	e.ok(&loc, e.viewer, `{ locale { currency timeZone phoneRegion } }`)
	if loc.Locale.Currency != "UGX" || loc.Locale.TimeZone != "Africa/Nairobi" || loc.Locale.PhoneRegion != "KE" {
		t.Fatalf("locale = %+v, want UGX, Africa/Nairobi, KE", loc.Locale)
	}

	// Staff: create, role change, disable revokes logins.
	var cs struct{ CreateStaff struct{ ID string } }
	e.ok(&cs, e.admin, `mutation{ createStaff(input:{username:"clerk", password:"clerk-pass-12", role:VIEWER}){ id role } }`)
	tok := e.login("clerk", "clerk-pass-12")
	e.ok(nil, e.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{role: OPERATOR}){ role } }`, "id", cs.CreateStaff.ID)
	var me struct{ Me struct{ Role string } }
	e.ok(&me, tok, `{ me { role } }`)
	if me.Me.Role != "OPERATOR" {
		t.Fatalf("role after update: %+v", me)
	}
	e.ok(nil, e.admin, `mutation($id:ID!){ updateStaff(id:$id, input:{disabled: true}){ disabled } }`, "id", cs.CreateStaff.ID)
	e.fails("UNAUTHENTICATED", tok, `{ me { role } }`)
	var sm struct{ StaffMembers struct{ TotalCount int } }
	e.ok(&sm, e.admin, `{ staffMembers { totalCount } apiTokens { totalCount } notifications { totalCount } }`)
	if sm.StaffMembers.TotalCount != 4 {
		t.Fatalf("%+v", sm)
	}
	var ua struct{ A, B, C bool }
	e.ok(&ua, e.viewer, `{ a: usernameAvailable(username:"jane.doe") b: usernameAvailable(username:"new.one") c: usernameAvailable(username:"X") }`)
	if ua.A || !ua.B || ua.C {
		t.Fatalf("usernameAvailable %+v", ua)
	}
}

func TestLimits(t *testing.T) {
	e := newEnv(t, false)
	deep := `{ customers { edges { node { profile { afterCapProfile { afterCapProfile { afterCapProfile { afterCapProfile { afterCapProfile { afterCapProfile { afterCapProfile { afterCapProfile { id } } } } } } } } } } } } }`
	e.fails("QUERY_TOO_DEEP", e.viewer, deep)
	// Unreadable argument values are the user's.
	for _, q := range []string{`{ customer(id: "abc") { id } }`, `{ customers(first: 1, after: "garbage") { totalCount } }`} {
		if err := e.fails("BAD_USER_INPUT", e.viewer, q); err.Message == "internal error" {
			t.Fatalf("%s: %+v", q, err)
		}
	}
	// Invalid queries are protocol errors (HTTP 422), with gqlgen's code.
	_, err := e.c.RawPost(`{ nope }`, client.AddHeader("Authorization", "Bearer "+e.viewer))
	if err == nil || !strings.Contains(err.Error(), "GRAPHQL_VALIDATION_FAILED") {
		t.Fatalf("%v", err)
	}
}

func TestSubscriptionsDeliverAndFreeGoroutines(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	pid := e.profile("Home", 30, nil)
	c := e.customer("sub.user", "0712000009", pid)
	cid := atoi(t, c.ID)
	nasID := makeNas(t, e.st)
	time.Sleep(50 * time.Millisecond)
	base := runtime.NumGoroutine()

	// No token: refused at connection_init.
	bad := e.c.WebsocketWithPayload(`subscription { connectionStatusChanged { id } }`, map[string]any{})
	if err := bad.Next(&struct{}{}); err == nil {
		t.Fatal("subscription without a token was accepted")
	}
	bad.Close()

	sub := e.c.WebsocketWithPayload(`subscription($c:ID){ connectionStatusChanged(customerId:$c){ id username connectionStatus } }`,
		map[string]any{"Authorization": "Bearer " + e.viewer}, client.Var("c", c.ID))
	ss := e.c.WebsocketWithPayload(`subscription { sessionUpdated { id open bytesIn } }`,
		map[string]any{"Authorization": "Bearer " + e.viewer})
	// Two subscriptions, and the watcher of the open sockets' authorisation (issue 13).
	waitFor(t, func() bool { return e.bus.Subscribers() == 3 })

	s := openSession(t, e.st, cid, nasID)
	e.bus.Publish(events.Event{Kind: events.SessionStarted, CustomerID: cid + 1000, SessionID: s.ID}) // someone else
	e.bus.Publish(events.Event{Kind: events.SessionStarted, CustomerID: cid, SessionID: s.ID, NasID: nasID})
	var got struct {
		ConnectionStatusChanged struct{ ID, Username, ConnectionStatus string }
	}
	if err := sub.Next(&got); err != nil {
		t.Fatal(err)
	}
	if got.ConnectionStatusChanged.ID != c.ID || got.ConnectionStatusChanged.ConnectionStatus != "ONLINE" {
		t.Fatalf("got %+v", got)
	}
	var gs struct {
		SessionUpdated struct {
			ID      string
			Open    bool
			BytesIn int
		}
	}
	if err := ss.Next(&gs); err != nil {
		t.Fatal(err)
	}
	if gs.SessionUpdated.ID != fmt.Sprint(s.ID) || !gs.SessionUpdated.Open {
		t.Fatalf("session %+v", gs)
	}
	e.st.Client.Session.UpdateOneID(s.ID).SetOpen(false).SetStoppedAt(time.Now()).ExecX(ctx)
	e.bus.Publish(events.Event{Kind: events.SessionStopped, CustomerID: cid, SessionID: s.ID})
	if err := sub.Next(&got); err != nil {
		t.Fatal(err)
	}
	if got.ConnectionStatusChanged.ConnectionStatus != "OFFLINE" {
		t.Fatalf("after stop: %+v", got)
	}

	sub.Close()
	ss.Close()
	waitFor(t, func() bool { return e.bus.Subscribers() == 0 })
	waitFor(t, func() bool { return runtime.NumGoroutine() <= base+2 })
	if n := runtime.NumGoroutine(); n > base+2 {
		buf := make([]byte, 1<<20)
		t.Fatalf("%d goroutines, %d before:\n%s", n, base, buf[:runtime.Stack(buf, true)])
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 5s")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestCORSAndWebSocketOrigins(t *testing.T) {
	e := newEnv(t, false)
	preflight := func(h http.Handler, origin string) string {
		req := httptest.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Header().Get("Access-Control-Allow-Origin")
	}
	allowed := NewHandler(Deps{Store: e.st, Bus: e.bus, CORSOrigins: []string{"http://localhost:5173"}})
	if got := preflight(allowed, "http://localhost:5173"); got != "http://localhost:5173" {
		t.Fatalf("allowed origin: %q", got)
	}
	if got := preflight(allowed, "http://evil.example"); got != "" {
		t.Fatalf("other origin allowed: %q", got)
	}
	if got := preflight(NewHandler(Deps{Store: e.st, Bus: e.bus}), "http://localhost:5173"); got != "" {
		t.Fatalf("no allow-list, yet allowed: %q", got)
	}
	srv := httptest.NewServer(allowed)
	defer srv.Close()
	dial := func(origin string) int {
		h := http.Header{"Origin": {origin}}
		c, resp, err := websocket.Dial(context.Background(), "ws"+strings.TrimPrefix(srv.URL, "http")+"/graphql",
			&websocket.DialOptions{HTTPHeader: h, Subprotocols: []string{"graphql-transport-ws"}})
		if err == nil {
			c.CloseNow()
			return http.StatusSwitchingProtocols
		}
		if resp == nil {
			t.Fatal(err)
		}
		return resp.StatusCode
	}
	if code := dial("http://localhost:5173"); code != http.StatusSwitchingProtocols {
		t.Fatalf("allowed origin: %d", code)
	}
	if code := dial("http://evil.example"); code != http.StatusForbidden {
		t.Fatalf("foreign origin: %d", code)
	}
}

// TestSQLiteSmoke runs the main paths on the embedded database `make run` uses.
func TestSQLiteSmoke(t *testing.T) {
	e := newEnvOn(t, testutil.SQLite, true)
	pid := e.profile("Home", 30, nil)
	pid2 := e.profile("Fast", 30, nil)
	c := e.customer("jane.doe", "0712345678", pid)
	e.customer("john.doe", "0712345679", pid)
	if c.AccountNo != "100001" {
		t.Fatalf("%+v", c)
	}
	var out struct{ Customers struct{ TotalCount int } }
	for q, want := range map[string]int{"712345678": 1, "DOE": 0, "jo": 1, "100": 2, "Doe_": 0} {
		e.ok(&out, e.viewer, `query($q:String){ customers(search:$q, first: 10){ totalCount edges { node { connectionStatus } } } }`, "q", q)
		if out.Customers.TotalCount != want {
			t.Errorf("search %q: %d, want %d", q, out.Customers.TotalCount, want)
		}
	}
	openSession(t, e.st, atoi(t, c.ID), makeNas(t, e.st))
	e.ok(nil, e.op, `mutation($id:ID!,$p:ID!){ changeCustomerProfile(id:$id, profileID:$p){ sessions{ outcome } } }`, "id", c.ID, "p", pid2)
	e.ok(nil, e.op, `mutation($c:ID!){ recordPayment(input:{customerID:$c, amount:100, method:"cash", reference:"r1"}){ id } }`, "c", c.ID)
	// Two fields in one mutation: each service call owns its transaction.
	e.ok(nil, e.op, `mutation($c:ID!){ suspendCustomer(id:$c){ status } recordPayment(input:{customerID:$c, amount:100, method:"cash", reference:"r2"}){ id } }`, "c", c.ID)
	data, errs := uploadImport(e, e.op, "username,phone,profile\nmary.w,0712000111,Home\n", false)
	if len(errs) > 0 || !strings.Contains(string(data), `"created":1`) {
		t.Fatalf("import: %s %+v", data, errs)
	}
	var d struct {
		Dashboard struct{ Customers, Online, RevenueThisMonth int }
	}
	e.ok(&d, e.viewer, `{ dashboard { customers online revenueThisMonth } }`)
	if d.Dashboard.Customers != 3 || d.Dashboard.Online != 1 || d.Dashboard.RevenueThisMonth != 200 {
		t.Fatalf("dashboard %+v", d)
	}
}

func TestLedgerSessionsAndNodes(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	pid := e.profile("Home", 30, nil)
	c := e.customer("jane.doe", "0712345678", pid)
	cid := atoi(t, c.ID)
	nasID := makeNas(t, e.st)
	s := openSession(t, e.st, cid, nasID)
	e.st.Client.AuthEvent.Create().SetUsername("jane.doe").SetCustomerID(cid).SetNasID(nasID).
		SetResult("ACCEPT").SetReason("OK").ExecX(ctx)

	var adj struct {
		AdjustBalance struct{ Amount, BalanceAfter int }
	}
	e.ok(&adj, e.op, `mutation($c:ID!){ adjustBalance(customerID:$c, amount: 500, note:"goodwill"){ amount balanceAfter } }`, "c", c.ID)
	if adj.AdjustBalance.BalanceAfter != 500 {
		t.Fatalf("%+v", adj)
	}
	e.fails("BAD_USER_INPUT", e.op, `mutation($c:ID!){ adjustBalance(customerID:$c, amount: -501, note:"fee"){ id } }`, "c", c.ID)
	e.fails("BAD_USER_INPUT", e.op, `mutation($c:ID!){ adjustBalance(customerID:$c, amount: 5, note:" "){ id } }`, "c", c.ID)
	e.fails("FORBIDDEN", e.viewer, `mutation($c:ID!){ adjustBalance(customerID:$c, amount: 5, note:"x"){ id } }`, "c", c.ID)

	var lists struct {
		Sessions struct {
			TotalCount int
			Edges      []struct {
				Node struct {
					AcctSessionID string `json:"acctSessionId"`
					Nas           struct{ ID string }
				}
			}
		}
		Transactions struct{ TotalCount int }
		AuthEvents   struct {
			Edges []struct {
				Node struct{ Result, Reason string }
			}
		}
	}
	e.ok(&lists, e.viewer, `query($c:ID!){ sessions(where:{customerID:$c, open:true}){ totalCount edges{ node{ acctSessionId framedIp callingStationId nas{ id } } } }
		transactions(where:{customerID:$c}){ totalCount } authEvents{ edges{ node{ result reason callingStationId } } } }`, "c", c.ID)
	if lists.Sessions.TotalCount != 1 || lists.Sessions.Edges[0].Node.AcctSessionID != s.AcctSessionID ||
		lists.Transactions.TotalCount != 1 || len(lists.AuthEvents.Edges) != 1 || lists.AuthEvents.Edges[0].Node.Reason != "OK" {
		t.Fatalf("%+v", lists)
	}

	var nodes struct {
		Node  struct{ Username string }
		Nodes []struct {
			Typename string `json:"__typename"`
		}
	}
	e.ok(&nodes, e.viewer, `query($c:ID!,$p:ID!){ node(id:$c){ ... on Customer { username } } nodes(ids:[$c,$p]){ __typename } }`, "c", c.ID, "p", pid)
	if nodes.Node.Username != "jane.doe" || len(nodes.Nodes) != 2 || nodes.Nodes[1].Typename != "Profile" {
		t.Fatalf("%+v", nodes)
	}
	var al struct {
		AuditLog struct {
			Edges []struct{ Node struct{ ID string } }
		}
	}
	e.ok(&al, e.admin, `{ auditLog(first: 1, orderBy:{field: CREATED_AT, direction: ASC}){ edges{ node{ id } } } }`)
	// A record the caller may not see answers like one that does not exist: null (issue 13).
	var hidden struct{ Node *struct{ ID string } }
	e.ok(&hidden, e.viewer, `query($id:ID!){ node(id:$id){ id } }`, "id", al.AuditLog.Edges[0].Node.ID)
	if hidden.Node != nil {
		t.Fatalf("viewer reads an audit row through node(id): %+v", hidden.Node)
	}
	e.ok(nil, e.admin, `query($id:ID!){ node(id:$id){ id } }`, "id", al.AuditLog.Edges[0].Node.ID)
}
