package security

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// driverText is what a database driver's message looks like; none may reach a client.
var driverText = regexp.MustCompile(`(?i)(^|[^a-z0-9_])(pq|sql|ent|driver): |sqlite|sqlstate`)

// textSlot is one String (or [String]) argument, or String field of an input-object argument,
// of a root field.
type textSlot struct {
	root       *ast.Definition
	field, arg string
	inputField string // empty for a direct argument
	list       bool
}

func (s textSlot) String() string {
	name := s.root.Name + "." + s.field + "(" + s.arg
	if s.inputField != "" {
		name += "." + s.inputField
	}
	return name + ")"
}

// textSlots lists every String input of every query and mutation of the schema.
func textSlots(s *ast.Schema) []textSlot {
	isText := func(t *ast.Type) (bool, bool) {
		if t.Elem != nil {
			return t.Elem.Elem == nil && t.Elem.NamedType == "String", true
		}
		return t.NamedType == "String", false
	}
	var slots []textSlot
	for _, root := range []*ast.Definition{s.Query, s.Mutation} {
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			for _, a := range f.Arguments {
				if ok, list := isText(a.Type); ok {
					slots = append(slots, textSlot{root: root, field: f.Name, arg: a.Name, list: list})
					continue
				}
				named := a.Type
				for named.Elem != nil {
					named = named.Elem
				}
				def := s.Types[named.NamedType]
				if def == nil || def.Kind != ast.InputObject {
					continue
				}
				for _, in := range def.Fields {
					if ok, list := isText(in.Type); ok {
						slots = append(slots, textSlot{root: root, field: f.Name, arg: a.Name, inputField: in.Name, list: list})
					}
				}
			}
		}
	}
	return slots
}

// TestEveryTextInputRefusesNUL lists every String argument and String input field (filters
// included) of every query and mutation of the schema and sends each, alone, a value holding
// a NUL character (the other arguments valid), as an admin (login: anonymously). On
// PostgreSQL, which cannot store NUL, each must be refused with BAD_USER_INPUT naming the
// input, never an internal error, and no answer may show the database driver's message.
func TestEveryTextInputRefusesNUL(t *testing.T) {
	s := loadSchema(t)
	e := start(t, "nul", 2)
	ctx, cancel := context.WithTimeout(context.Background(), 240*time.Second)
	defer cancel()
	tg := targets{customer: e.fx.CustomerIDs[e.fx.Usernames[0]], deleteCustomer: e.fx.CustomerIDs[e.fx.Usernames[1]],
		profile: e.fx.ProfileID, deleteProfile: e.fx.ProfileID, nas: e.fx.NasID, deleteNas: e.fx.NasID,
		staff: "1", apiToken: "1"}
	counts := map[string]int{}
	var wrong []string
	slots := textSlots(s)
	for _, sl := range slots {
		f := sl.root.Fields.ForName(sl.field)
		doc, vars := nulRequest(s, tg, sl)
		token := e.fx.Token
		if f.Name == "login" {
			token = ""
		}
		errs, err := e.srv.GraphQL(ctx, token, doc, vars, nil)
		if err != nil {
			t.Fatalf("%s: %v", sl, err)
		}
		if len(errs) == 0 {
			counts["accepted"]++
			wrong = append(wrong, sl.String()+": accepted")
			continue
		}
		code, _ := errs[0].Extensions["code"].(string)
		field, _ := errs[0].Extensions["field"].(string)
		counts[code]++
		kit.Record(errs[0].Message)
		want := sl.arg
		if sl.inputField != "" {
			want = sl.inputField
		}
		switch {
		case driverText.MatchString(errs[0].Message):
			wrong = append(wrong, fmt.Sprintf("%s: shows the driver: %q", sl, errs[0].Message))
		case code != "BAD_USER_INPUT":
			wrong = append(wrong, fmt.Sprintf("%s: %s %q", sl, code, errs[0].Message))
		case field != want:
			wrong = append(wrong, fmt.Sprintf("%s: BAD_USER_INPUT names %q, not the input", sl, field))
		}
	}
	fmt.Printf("NUL in text inputs: %d String inputs of %d queries and %d mutations sent a NUL on PostgreSQL: %v\n",
		len(slots), len(s.Query.Fields), len(s.Mutation.Fields), counts)
	if len(slots) < 100 {
		t.Errorf("only %d String inputs found in the schema", len(slots))
	}
	if len(wrong) > 0 {
		sort.Strings(wrong)
		t.Errorf("%d of %d inputs with a NUL were not refused as BAD_USER_INPUT naming the input:\n  %s", len(wrong), len(slots), strings.Join(wrong, "\n  "))
	}
}

// nulNote is a text holding a NUL character.
const nulNote = "nul\x00byte"

// nulRequest builds the operation sending nulNote in slot sl, every required argument valid.
func nulRequest(s *ast.Schema, tg targets, sl textSlot) (string, map[string]any) {
	f := sl.root.Fields.ForName(sl.field)
	vars := map[string]any{}
	var params, args []string
	for _, a := range f.Arguments {
		if !(a.Type.NonNull && a.DefaultValue == nil) && a.Name != sl.arg {
			continue
		}
		params = append(params, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
		args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
		v := value(s, tg, f.Name, a.Name, a.Type, 0)
		if f.Name == "updateSettings" {
			v = []any{map[string]any{"key": "phone_region", "value": "KE"}}
		}
		if a.Name == sl.arg {
			v = withNUL(v, sl)
		}
		vars[a.Name] = v
	}
	kind := strings.ToLower(sl.root.Name)
	return kind + "(" + strings.Join(params, ", ") + ") { " + f.Name + "(" + strings.Join(args, ", ") + ") " + selection(s, f.Type) + " }", vars
}

// withNUL puts nulNote into v, the value of sl's argument.
func withNUL(v any, sl textSlot) any {
	var bad any = nulNote
	if sl.list {
		bad = []any{"fine", nulNote}
	}
	switch obj := v.(type) {
	case []any:
		if sl.inputField == "" {
			return bad
		}
		if len(obj) > 0 {
			obj[0].(map[string]any)[sl.inputField] = bad
		}
		return obj
	case map[string]any:
		obj[sl.inputField] = bad
		return obj
	case nil:
		if sl.inputField != "" {
			return map[string]any{sl.inputField: bad}
		}
	}
	return bad
}

// TestRequestBodiesAreRefusedCleanly posts a JSON batch (an array of operations), a 2 MB
// body and a body that is not a JSON object: each gets 413 or 400 with a GraphQL-shaped
// error (not a 500), and the server logs no panic.
func TestRequestBodiesAreRefusedCleanly(t *testing.T) {
	e := start(t, "bdy", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	big := `{"query":"{ me { id } }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`
	var report []string
	for _, tc := range []struct {
		name, body string
		status     int
		code       string
	}{
		{"JSON batch", `[{"query":"{ me { id } }"},{"query":"{ me { username } }"}]`, http.StatusBadRequest, "BAD_REQUEST"},
		{"2 MB body", big, http.StatusRequestEntityTooLarge, "PAYLOAD_TOO_LARGE"},
		{"not an object", `"{ me { id } }"`, http.StatusBadRequest, "BAD_REQUEST"},
		{"one operation", `{"query":"{ me { username } }"}`, http.StatusOK, ""},
	} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+e.srv.HTTP+"/graphql", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.fx.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		kit.Record(string(raw))
		var body struct {
			Errors []testutil.GraphQLError `json:"errors"`
		}
		code := ""
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("%s: the answer is not GraphQL-shaped JSON: %q", tc.name, raw)
		} else if len(body.Errors) > 0 {
			code, _ = body.Errors[0].Extensions["code"].(string)
		}
		if resp.StatusCode != tc.status || code != tc.code {
			t.Errorf("%s: HTTP %d %q, want %d with code %q", tc.name, resp.StatusCode, truncated(raw), tc.status, tc.code)
		}
		report = append(report, fmt.Sprintf("%s → %d %s", tc.name, resp.StatusCode, code))
	}
	time.Sleep(200 * time.Millisecond)
	if logs := e.srv.Logs(); strings.Contains(strings.ToLower(logs), "panic") {
		t.Errorf("the server logged a panic:\n%s", tail(logs))
	}
	fmt.Printf("request bodies: %s\n", strings.Join(report, "; "))
}

func truncated(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

// TestStaffRecordsAreAdminOnly: a viewer (and an operator) reading the ledger gets null for
// Transaction.staff and its id, and cannot filter on staff; me on a viewer API token answers
// the token, not the admin who created it; node(id) answers alike (null, no error) for a
// staff record that exists and one that does not.
func TestStaffRecordsAreAdminOnly(t *testing.T) {
	e := start(t, "stf", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	gql := func(token, q string, vars map[string]any, out any) {
		t.Helper()
		if err := kit.GQL(ctx, e.srv, token, q, vars, out); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	cust := e.fx.CustomerIDs[e.fx.Usernames[0]]
	gql(e.fx.Token, `mutation($c:ID!){ recordPayment(input:{customerID:$c, amount:500, method:"cash", reference:"STF-1"}){ id } }`, map[string]any{"c": cust}, nil)
	tokens := map[string]string{}
	var meAdmin struct{ Me struct{ ID string } }
	gql(e.fx.Token, `{ me { id } }`, nil, &meAdmin)
	for _, role := range []string{"VIEWER", "OPERATOR"} {
		var out struct {
			CreateApiToken struct {
				Token    string
				ApiToken struct{ ID string }
			}
		}
		gql(e.fx.Token, `mutation($r:Role!){ createApiToken(name:"stf-probe", role:$r){ token apiToken{ id } } }`, map[string]any{"r": role}, &out)
		kit.Known.Add("API token", out.CreateApiToken.Token)
		tokens[role] = out.CreateApiToken.Token
		var me struct {
			Me struct{ ID, Username, Role string }
		}
		gql(out.CreateApiToken.Token, `{ me { id username role } }`, nil, &me)
		if me.Me.ID != out.CreateApiToken.ApiToken.ID || me.Me.Username != "token:stf-probe" || me.Me.Role != role {
			t.Errorf("me on a %s API token = %+v, want the token (%s, token:stf-probe, %s)", role, me.Me, out.CreateApiToken.ApiToken.ID, role)
		}
	}
	for role, tok := range tokens {
		noStaffFor(ctx, t, e, role, tok, meAdmin.Me.ID)
	}
	var admin struct {
		Transactions struct {
			Edges []struct {
				Node struct{ Staff *struct{ Username string } }
			}
		}
	}
	gql(e.fx.Token, `{ transactions(first: 10) { edges { node { staff { username } } } } }`, nil, &admin)
	if len(admin.Transactions.Edges) == 0 || admin.Transactions.Edges[0].Node.Staff == nil {
		t.Errorf("an admin no longer sees who recorded a payment: %+v", admin)
	}
	fmt.Println("staff records: null on Transaction.staff/staffID for viewer and operator tokens, staff filters FORBIDDEN, me = the token, node(id) alike for existing and missing staff")
}

// noStaffFor checks that a caller with role (tok) reads no staff record from the ledger,
// cannot filter on staff, and gets the same answer from node(id) for adminID and a missing id.
func noStaffFor(ctx context.Context, t *testing.T, e *env, role, tok, adminID string) {
	t.Helper()
	var out struct {
		Transactions struct {
			Edges []struct {
				Node struct {
					StaffID *string
					Staff   *struct{ Username string }
				}
			}
		}
	}
	if err := kit.GQL(ctx, e.srv, tok, `{ transactions(first: 10) { edges { node { staffID staff { username role lastLoginAt } } } } }`, nil, &out); err != nil {
		t.Fatal(err)
	}
	for _, ed := range out.Transactions.Edges {
		if ed.Node.Staff != nil || ed.Node.StaffID != nil {
			t.Errorf("%s reads the staff of a transaction: %v %v", role, ed.Node.StaffID, ed.Node.Staff)
		}
	}
	if len(out.Transactions.Edges) == 0 {
		t.Fatalf("%s: no transactions", role)
	}
	errs, _ := e.srv.GraphQL(ctx, tok, `{ transactions(where:{hasStaffWith:{username:"admin"}}) { totalCount } }`, nil, nil)
	if len(errs) == 0 || errs[0].Extensions["code"] != "FORBIDDEN" {
		t.Errorf("%s filters transactions on staff: %v", role, errs)
	}
	answers := map[string]string{}
	for what, id := range map[string]string{"existing": adminID, "missing": fmt.Sprint(atoiID(t, adminID) + 999)} {
		var raw json.RawMessage
		errs, err := e.srv.GraphQL(ctx, tok, `query($id:ID!){ node(id:$id){ id ... on Staff { username } } }`, map[string]any{"id": id}, &raw)
		if err != nil {
			t.Fatal(err)
		}
		answers[what] = fmt.Sprintf("%s %d errors", raw, len(errs))
	}
	if answers["existing"] != answers["missing"] {
		t.Errorf("%s: node(existing staff) = %s but node(missing) = %s: an existence oracle", role, answers["existing"], answers["missing"])
	}
}

func atoiID(t *testing.T, s string) int {
	t.Helper()
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("id %q: %v", s, err)
	}
	return n
}
