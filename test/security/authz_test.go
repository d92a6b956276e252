package security

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

var update = flag.Bool("update", false, "rewrite testdata/authz.golden from the server's answers (review the diff!)")

// callers, in the order each operation is run as them.
var callers = []string{"none", "expired", "revoked", "viewer", "operator", "admin"}

// Outcomes in the golden file.
const (
	outUnauth  = "UNAUTHENTICATED"
	outForbid  = "FORBIDDEN"
	outAllowed = "allowed"
)

// loadSchema parses graph/schema/*.graphqls.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testutil.ModuleRoot(t), "graph", "schema", "*.graphqls"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no schema files: %v", err)
	}
	srcs := []*ast.Source{{Name: "prelude", Input: "scalar Time"}}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("scalar Time")) {
			srcs = srcs[1:]
		}
		srcs = append(srcs, &ast.Source{Name: f, Input: string(b)})
	}
	s, gerr := gqlparser.LoadSchema(srcs...)
	if gerr != nil {
		t.Fatalf("schema: %v", gerr)
	}
	return s
}

// operation is one root field to call, with generated variables.
type operation struct {
	kind, field string // Query, Mutation, Subscription
	doc         string
	vars        map[string]any
	upload      bool // needs a multipart request (importCustomers)
}

func (o operation) name() string { return o.kind + "." + o.field }

// targets are the entities destructive operations act on, so they do not break the fixture.
type targets struct {
	customer, deleteCustomer, profile, deleteProfile, nas, deleteNas, staff, apiToken string
}

// idFor picks the entity an ID argument names.
func (tg targets) idFor(field, arg string) string {
	f, a := strings.ToLower(field), strings.ToLower(arg)
	switch {
	case a == "profileid" || (a == "id" && strings.Contains(f, "profile") && !strings.Contains(f, "customer")):
		if strings.HasPrefix(f, "delete") {
			return tg.deleteProfile
		}
		return tg.profile
	case a == "id" && strings.Contains(f, "nas"):
		if strings.HasPrefix(f, "delete") {
			return tg.deleteNas
		}
		return tg.nas
	case a == "id" && strings.Contains(f, "staff"):
		return tg.staff
	case a == "id" && strings.Contains(f, "apitoken"):
		return tg.apiToken
	case strings.HasPrefix(f, "delete") && strings.Contains(f, "customer"):
		return tg.deleteCustomer
	}
	return tg.customer
}

// value generates a valid value of type typ for argument or input field name.
func value(s *ast.Schema, tg targets, field, name string, typ *ast.Type, depth int) any {
	if typ.Elem != nil {
		if field == "updateSettings" {
			return []any{}
		}
		return []any{value(s, tg, field, name, typ.Elem, depth)}
	}
	def := s.Types[typ.NamedType]
	if def == nil {
		return nil
	}
	uniq := testutil.RandomHex(4)
	switch def.Kind {
	case ast.Enum:
		if typ.NamedType == "Role" {
			return "VIEWER"
		}
		return def.EnumValues[0].Name
	case ast.InputObject:
		obj := map[string]any{}
		if depth > 3 {
			return obj
		}
		for _, f := range def.Fields {
			if f.Type.NonNull && f.DefaultValue == nil {
				obj[f.Name] = value(s, tg, field, f.Name, f.Type, depth+1)
			}
		}
		return obj
	}
	n := strings.ToLower(name)
	switch typ.NamedType {
	case "ID":
		return tg.idFor(field, name)
	case "Int":
		if n == "amount" {
			return 100
		}
		return 1
	case "Float":
		return 1.0
	case "Boolean":
		return false
	case "Time":
		return time.Now().Add(24 * time.Hour).UTC().Format(time.RFC3339)
	case "Upload":
		return nil
	}
	switch {
	case n == "username":
		return "mx" + uniq
	case n == "password":
		return "Mx-Strong-Pass-" + uniq + "!"
	case n == "phone":
		return fmt.Sprintf("+25473%07d", time.Now().UnixNano()%10_000_000)
	case n == "ipaddress":
		return fmt.Sprintf("127.0.%d.%d", 10+time.Now().UnixNano()%200, 1+time.Now().UnixNano()%250)
	case n == "secret":
		return "mx-secret-" + uniq
	case n == "method":
		return "cash"
	case n == "reference":
		return "MX" + uniq
	case n == "note":
		return "authorisation matrix"
	}
	return "mx-" + uniq
}

// selection is a minimal selection set for a result type.
func selection(s *ast.Schema, typ *ast.Type) string {
	for typ.Elem != nil {
		typ = typ.Elem
	}
	def := s.Types[typ.NamedType]
	if def == nil || def.Kind == ast.Scalar || def.Kind == ast.Enum {
		return ""
	}
	return "{ __typename }"
}

// operations lists every root field of the schema with generated arguments.
func operations(s *ast.Schema, tg targets) []operation {
	var ops []operation
	for _, root := range []*ast.Definition{s.Query, s.Mutation, s.Subscription} {
		if root == nil {
			continue
		}
		kind := strings.ToLower(string(root.Name[0])) + root.Name[1:]
		for _, f := range root.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			op := operation{kind: root.Name, field: f.Name, vars: map[string]any{}}
			var params, args []string
			for _, a := range f.Arguments {
				if !a.Type.NonNull || a.DefaultValue != nil {
					if f.Name == "importCustomers" && a.Name == "dryRun" {
						args = append(args, "dryRun: true")
					}
					continue
				}
				params = append(params, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
				args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
				op.vars[a.Name] = value(s, tg, f.Name, a.Name, a.Type, 0)
				if a.Type.NamedType == "Upload" {
					op.upload = true
				}
			}
			doc := kind
			if len(params) > 0 {
				doc += "(" + strings.Join(params, ", ") + ")"
			}
			call := f.Name
			if len(args) > 0 {
				call += "(" + strings.Join(args, ", ") + ")"
			}
			op.doc = doc + " { " + call + " " + selection(s, f.Type) + " }"
			ops = append(ops, op)
		}
	}
	// logout revokes the caller's token: run it last.
	sort.SliceStable(ops, func(i, j int) bool { return ops[j].field == "logout" && ops[i].field != "logout" })
	return ops
}

// classify turns an answer into an outcome of the golden file.
func classify(errs []testutil.GraphQLError) (string, string) {
	for _, e := range errs {
		code, _ := e.Extensions["code"].(string)
		switch code {
		case outUnauth, outForbid:
			return code, e.Message
		case "GRAPHQL_VALIDATION_FAILED", "GRAPHQL_PARSE_FAILED":
			return "INVALID_QUERY", e.Message
		}
	}
	if len(errs) > 0 {
		code, _ := errs[0].Extensions["code"].(string)
		return outAllowed, code + ": " + errs[0].Message
	}
	return outAllowed, ""
}

// run performs op as token and classifies the answer.
func run(ctx context.Context, e *env, op operation, token string) (string, string) {
	switch {
	case op.kind == "Subscription":
		sctx, cancel := context.WithTimeout(ctx, 5*time.Second)
		defer cancel()
		sub, err := testutil.Subscribe(sctx, "ws://"+e.srv.HTTP+"/graphql", "", token, op.doc, op.vars)
		if err != nil {
			return subscriptionOutcome(err.Error())
		}
		defer sub.Close()
		select {
		case err := <-sub.Err:
			return subscriptionOutcome(err.Error())
		case <-time.After(700 * time.Millisecond):
			return outAllowed, ""
		}
	case op.upload:
		errs, body, err := upload(ctx, e.srv.HTTP, token, op.doc, "file", "username,phone,profile\n", "import.csv")
		if err != nil {
			return "ERROR", err.Error()
		}
		kit.Record(body)
		return classify(errs)
	}
	errs, err := e.srv.GraphQL(ctx, token, op.doc, op.vars, nil)
	if err != nil {
		return "ERROR", err.Error()
	}
	for _, ge := range errs {
		kit.Record(ge.Message)
	}
	return classify(errs)
}

func subscriptionOutcome(msg string) (string, string) {
	m := strings.ToLower(msg)
	switch {
	case strings.Contains(m, "forbidden"):
		return outForbid, msg
	// The connection closed before connection_ack: connection_init's token was refused
	// (closed with graphql-transport-ws's 4403 Forbidden).
	case strings.Contains(m, "waiting for connection_ack"),
		strings.Contains(m, "unauthenticated") || strings.Contains(m, "unauthorized") || strings.Contains(m, "4401") ||
			strings.Contains(m, "4403") || strings.Contains(m, "not logged in") || strings.Contains(m, "token"):
		return outUnauth, msg
	}
	return "ERROR", msg
}

// upload posts a GraphQL multipart request with one file bound to variable varName.
func upload(ctx context.Context, addr, token, doc, varName, content, filename string) ([]testutil.GraphQLError, string, error) {
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	ops, _ := json.Marshal(map[string]any{"query": doc, "variables": map[string]any{varName: nil}})
	_ = w.WriteField("operations", string(ops))
	_ = w.WriteField("map", `{"0":["variables.`+varName+`"]}`)
	fw, _ := w.CreateFormFile("0", filename)
	_, _ = io.WriteString(fw, content)
	_ = w.Close()
	req, err := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/graphql", &body)
	if err != nil {
		return nil, "", err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var env struct {
		Errors []testutil.GraphQLError `json:"errors"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, string(raw), fmt.Errorf("HTTP %d %q: %w", resp.StatusCode, raw, err)
	}
	return env.Errors, string(raw), nil
}

// TestAuthorisationMatrix runs every GraphQL operation of the schema as no token, an expired
// token, a revoked token, a viewer, an operator and an admin, and compares each answer with
// testdata/authz.golden.
func TestAuthorisationMatrix(t *testing.T) {
	schema := loadSchema(t)
	e := start(t, "mtx", 3)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	admin := e.fx.Token
	gql := func(q string, vars map[string]any, out any) {
		t.Helper()
		if err := kit.GQL(ctx, e.srv, admin, q, vars, out); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Staff for each role, and a login for the expired token.
	tokens := map[string]string{"none": "", "admin": admin}
	var victimStaff string
	for _, role := range []string{"VIEWER", "OPERATOR", "ADMIN", "VIEWER"} {
		user := "mx-" + strings.ToLower(role) + "-" + testutil.RandomHex(2)
		pass := "Mx-Role-Pass-" + testutil.RandomHex(6)
		kit.Known.Add("staff password", pass)
		var out struct{ CreateStaff struct{ ID string } }
		gql(`mutation($u:String!,$p:String!,$r:Role!){createStaff(input:{username:$u,password:$p,role:$r}){id}}`,
			map[string]any{"u": user, "p": pass, "r": role}, &out)
		if _, ok := tokens["viewer"]; ok && role == "VIEWER" {
			victimStaff = out.CreateStaff.ID
			continue
		}
		tok, err := e.srv.Login(ctx, user, pass)
		if err != nil {
			t.Fatalf("login %s: %v", user, err)
		}
		kit.Known.Add("login token", tok)
		switch role {
		case "VIEWER":
			tokens["viewer"] = tok
		case "OPERATOR":
			tokens["operator"] = tok
		case "ADMIN": // expired below
			tokens["expired"] = tok
			if _, err := e.db.ExecContext(ctx, `UPDATE api_tokens SET expires_at = now() - interval '1 hour'
				WHERE staff_id = (SELECT id FROM staffs WHERE username = $1)`, user); err != nil {
				t.Fatal(err)
			}
		}
	}
	// A revoked admin API token, and a victim token to revoke in the matrix.
	var tokOut struct {
		CreateApiToken struct {
			Token    string
			ApiToken struct{ ID string }
		}
	}
	gql(`mutation{createApiToken(name:"mx-revoked",role:ADMIN){token apiToken{id}}}`, nil, &tokOut)
	tokens["revoked"] = tokOut.CreateApiToken.Token
	kit.Known.Add("API token", tokOut.CreateApiToken.Token)
	gql(`mutation($id:ID!){revokeApiToken(id:$id){id}}`, map[string]any{"id": tokOut.CreateApiToken.ApiToken.ID}, nil)
	gql(`mutation{createApiToken(name:"mx-victim",role:VIEWER){token apiToken{id}}}`, nil, &tokOut)
	kit.Known.Add("API token", tokOut.CreateApiToken.Token)

	tg := targets{customer: e.fx.CustomerIDs[e.fx.Usernames[0]], deleteCustomer: e.fx.CustomerIDs[e.fx.Usernames[1]],
		staff: victimStaff, apiToken: tokOut.CreateApiToken.ApiToken.ID}
	var p1, p2 struct{ CreateProfile struct{ ID string } }
	gql(`mutation{createProfile(input:{name:"mx-victim",downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){id}}`, nil, &p1)
	gql(`mutation{createProfile(input:{name:"mx-delete",downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){id}}`, nil, &p2)
	tg.profile, tg.deleteProfile = p1.CreateProfile.ID, p2.CreateProfile.ID
	var n1, n2 struct{ CreateNas struct{ ID string } }
	gql(`mutation{createNas(input:{name:"mx-victim",ipAddress:"127.0.1.1",secret:"mx-victim-secret"}){id}}`, nil, &n1)
	gql(`mutation{createNas(input:{name:"mx-delete",ipAddress:"127.0.1.2",secret:"mx-delete-secret"}){id}}`, nil, &n2)
	kit.Known.Add("NAS secret", "mx-victim-secret", "mx-delete-secret")
	tg.nas, tg.deleteNas = n1.CreateNas.ID, n2.CreateNas.ID

	ops := operations(schema, tg)
	// login is called with a real staff login whatever the caller's token.
	loginUser, loginPass := "mx-login-"+testutil.RandomHex(2), "Mx-Login-Pass-"+testutil.RandomHex(6)
	kit.Known.Add("staff password", loginPass)
	gql(`mutation($u:String!,$p:String!){createStaff(input:{username:$u,password:$p,role:VIEWER}){id}}`, map[string]any{"u": loginUser, "p": loginPass}, nil)
	// Reading admin-only records through node(id) must be refused too.
	ops = append(ops,
		operation{kind: "Query", field: "node(Staff)", doc: `query($id:ID!){node(id:$id){ ... on Staff { username role } }}`, vars: map[string]any{"id": tg.staff}},
		operation{kind: "Query", field: "node(ApiToken)", doc: `query($id:ID!){node(id:$id){ ... on ApiToken { name role } }}`, vars: map[string]any{"id": tg.apiToken}},
	)
	sort.SliceStable(ops, func(i, j int) bool { return ops[j].field == "logout" && ops[i].field != "logout" })

	var got []string
	var invalid []string
	counts := map[string]int{}
	for _, op := range ops {
		if op.field == "login" {
			op.vars = map[string]any{"username": loginUser, "password": loginPass}
		}
		row := []string{op.name()}
		for _, c := range callers {
			out, detail := run(ctx, e, op, tokens[c])
			// node(...) of an admin-only record answered with null is as good as FORBIDDEN.
			if strings.HasPrefix(op.field, "node(") && out == outAllowed {
				var res struct{ Node map[string]any }
				_, _ = e.srv.GraphQL(ctx, tokens[c], op.doc, op.vars, &res)
				if len(res.Node) == 0 {
					out = outForbid
				}
			}
			if out == "INVALID_QUERY" || out == "ERROR" {
				invalid = append(invalid, fmt.Sprintf("%s as %s: %s", op.name(), c, detail))
			}
			counts[out]++
			row = append(row, out)
		}
		got = append(got, strings.Join(row, "\t"))
	}
	// Audit rows of all these mutations are scanned for secrets with the logs (TestMain).
	if rows, err := e.db.QueryContext(ctx, `SELECT actor || ' ' || action || ' ' || target_type || ' ' || target_id || ' ' || changes FROM audit_logs`); err == nil {
		n := 0
		for rows.Next() {
			var s string
			if rows.Scan(&s) == nil {
				kit.Record(s)
				n++
			}
		}
		rows.Close()
		fmt.Printf("authorisation matrix: %d audit rows recorded for the secrets scan\n", n)
	} else {
		t.Errorf("reading audit rows: %v", err)
	}
	header := "# operation\t" + strings.Join(callers, "\t")
	actual := header + "\n" + strings.Join(got, "\n") + "\n"
	golden := filepath.Join("testdata", "authz.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(actual), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update to create it, then review every line)", err)
	}
	wantRows := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(want)), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		wantRows[f[0]] = strings.Join(f[1:], " ")
	}
	var diffs []string
	for _, line := range got {
		f := strings.Fields(line)
		w, ok := wantRows[f[0]]
		if !ok {
			diffs = append(diffs, fmt.Sprintf("%s is not in the golden file (a new operation: add its expected outcomes)", f[0]))
			continue
		}
		if g := strings.Join(f[1:], " "); g != w {
			diffs = append(diffs, fmt.Sprintf("%s:\n      got  %s\n      want %s", f[0], g, w))
		}
		delete(wantRows, f[0])
	}
	for op := range wantRows {
		diffs = append(diffs, fmt.Sprintf("%s is in the golden file but not in the schema", op))
	}
	sort.Strings(diffs)
	fmt.Printf("authorisation matrix: %d operations × %d callers = %d calls: %d allowed, %d UNAUTHENTICATED, %d FORBIDDEN, %d other; %d differ from the golden file\n",
		len(ops), len(callers), len(ops)*len(callers), counts[outAllowed], counts[outUnauth], counts[outForbid],
		len(ops)*len(callers)-counts[outAllowed]-counts[outUnauth]-counts[outForbid], len(diffs))
	if len(invalid) > 0 {
		t.Errorf("calls that did not reach authorisation (fix the generated query):\n  %s", strings.Join(invalid, "\n  "))
	}
	if len(diffs) > 0 {
		t.Errorf("authorisation differs from testdata/authz.golden:\n  %s", strings.Join(diffs, "\n  "))
	}
}
