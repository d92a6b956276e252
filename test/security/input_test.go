package security

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// textInput is one free-text input: a mutation setting it from $v and a query reading it back.
type textInput struct {
	name     string
	mutation string // uses $v (String!) and returns the value at path
	vars     func() map[string]any
	path     func(data map[string]any) any
}

func dig(keys ...string) func(map[string]any) any {
	return func(m map[string]any) any {
		var cur any = m
		for _, k := range keys {
			mm, ok := cur.(map[string]any)
			if !ok {
				return nil
			}
			cur = mm[k]
		}
		return cur
	}
}

// TestTextInputsAreLimitedAndVerbatim sends every free-text input a 100,000-character value
// (refused with a clear error, not truncated, not an internal error) and a hostile but
// reasonable value (markup, SQL, quotes, emoji, right-to-left override), which is stored and
// returned exactly as given.
func TestTextInputsAreLimitedAndVerbatim(t *testing.T) {
	e := start(t, "txt", 1)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cust := e.fx.CustomerIDs[e.fx.Usernames[0]]
	uniq := func() string { return testutil.RandomHex(4) }
	inputs := []textInput{
		{"createCustomer.fullName", `mutation($v:String!,$u:String!,$ph:String!,$p:ID!){x:createCustomer(input:{username:$u,password:"Txt-Pass-123",phone:$ph,profileID:$p,fullName:$v}){customer{v:fullName}}}`,
			func() map[string]any {
				return map[string]any{"u": "txt" + uniq(), "ph": fmt.Sprintf("+25472%07d", time.Now().UnixNano()%1e7), "p": e.fx.ProfileID}
			}, dig("x", "customer", "v")},
		{"createCustomer.address", `mutation($v:String!,$u:String!,$ph:String!,$p:ID!){x:createCustomer(input:{username:$u,password:"Txt-Pass-123",phone:$ph,profileID:$p,address:$v}){customer{v:address}}}`,
			func() map[string]any {
				return map[string]any{"u": "txt" + uniq(), "ph": fmt.Sprintf("+25472%07d", time.Now().UnixNano()%1e7+1), "p": e.fx.ProfileID}
			}, dig("x", "customer", "v")},
		{"updateCustomer.fullName", `mutation($v:String!,$id:ID!){x:updateCustomer(id:$id,input:{fullName:$v}){v:fullName}}`,
			func() map[string]any { return map[string]any{"id": cust} }, dig("x", "v")},
		{"updateCustomer.address", `mutation($v:String!,$id:ID!){x:updateCustomer(id:$id,input:{address:$v}){v:address}}`,
			func() map[string]any { return map[string]any{"id": cust} }, dig("x", "v")},
		{"createProfile.name", `mutation($v:String!){x:createProfile(input:{name:$v,downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){v:name}}`,
			func() map[string]any { return map[string]any{} }, dig("x", "v")},
		{"createProfile.description", `mutation($v:String!,$n:String!){x:createProfile(input:{name:$n,description:$v,downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){v:description}}`,
			func() map[string]any { return map[string]any{"n": "txt-" + uniq()} }, dig("x", "v")},
		{"createNas.name", `mutation($v:String!,$ip:String!){x:createNas(input:{name:$v,ipAddress:$ip,secret:"txt-nas-secret"}){v:name}}`,
			func() map[string]any {
				return map[string]any{"ip": fmt.Sprintf("127.0.%d.%d", 2+time.Now().UnixNano()%200, 1+time.Now().UnixNano()%250)}
			}, dig("x", "v")},
		{"recordPayment.note", `mutation($v:String!,$c:ID!,$r:String!){x:recordPayment(input:{customerID:$c,amount:100,method:"cash",reference:$r,note:$v}){v:note}}`,
			func() map[string]any { return map[string]any{"c": cust, "r": "txt-" + uniq()} }, dig("x", "v")},
		{"recordPayment.reference", `mutation($v:String!,$c:ID!){x:recordPayment(input:{customerID:$c,amount:100,method:"cash",reference:$v}){v:reference}}`,
			func() map[string]any { return map[string]any{"c": cust} }, dig("x", "v")},
		{"adjustBalance.note", `mutation($v:String!,$c:ID!){x:adjustBalance(customerID:$c,amount:-1,note:$v){v:note}}`,
			func() map[string]any { return map[string]any{"c": cust} }, dig("x", "v")},
		{"createApiToken.name", `mutation($v:String!){x:createApiToken(name:$v,role:VIEWER){apiToken{v:name}}}`,
			func() map[string]any { return map[string]any{} }, dig("x", "apiToken", "v")},
		{"createStaff.fullName", `mutation($v:String!,$u:String!){x:createStaff(input:{username:$u,password:"Txt-Staff-Pass-123",role:VIEWER,fullName:$v}){v:fullName}}`,
			func() map[string]any { return map[string]any{"u": "txt" + uniq()} }, dig("x", "v")},
		{"customers.search", `query($v:String!){x:customers(search:$v,first:1){v:totalCount}}`,
			func() map[string]any { return map[string]any{} }, nil},
	}
	hostile := []string{
		`<script>alert("x")</script><img src=x onerror=alert(1)>`,
		`Robert'); DROP TABLE customers;-- "quoted" \backslash`,
		"Zoë Ångström 李小龙 🚀 \u202etxt.exe مرحبا",
	}
	huge := strings.Repeat("A", 100_000)
	var report []string
	for _, in := range inputs {
		// 1. Huge value: refused clearly.
		vars := in.vars()
		vars["v"] = huge
		errs, err := e.srv.GraphQL(ctx, e.fx.Token, in.mutation, vars, nil)
		if err != nil {
			t.Fatalf("%s: %v", in.name, err)
		}
		hugeOut := "ACCEPTED"
		if len(errs) > 0 {
			code, _ := errs[0].Extensions["code"].(string)
			hugeOut = code
			kit.Record(errs[0].Message)
			if code == "INTERNAL_SERVER_ERROR" || code == "" {
				t.Errorf("%s: a 100,000-character value gave %q (%s), want a clear input error", in.name, errs[0].Message, code)
			}
		} else if in.path != nil {
			t.Errorf("%s: a 100,000-character value was accepted", in.name)
		}
		// 2. Hostile values: stored verbatim.
		verbatim := 0
		for i, h := range hostile {
			vars := in.vars()
			v := h
			if in.name == "recordPayment.reference" || in.name == "createProfile.name" || in.name == "createNas.name" || in.name == "createApiToken.name" {
				v = fmt.Sprintf("%s #%d %s", string([]rune(h)[:min(len([]rune(h)), 30)]), i, uniq()) // unique per call
			}
			vars["v"] = v
			var data map[string]any
			errs, err := e.srv.GraphQL(ctx, e.fx.Token, in.mutation, vars, &data)
			if err != nil {
				t.Fatalf("%s: %v", in.name, err)
			}
			if len(errs) > 0 {
				t.Errorf("%s: refused the value %q: %s", in.name, v, errs[0].Message)
				continue
			}
			if in.path == nil {
				verbatim++
				continue
			}
			if got := in.path(data); got != v {
				t.Errorf("%s: stored %q as %q", in.name, v, got)
				continue
			}
			verbatim++
		}
		report = append(report, fmt.Sprintf("%s: 100k chars → %s, %d/%d hostile values verbatim", in.name, hugeOut, verbatim, len(hostile)))
	}
	fmt.Printf("text inputs: %d inputs:\n  %s\n", len(inputs), strings.Join(report, "\n  "))
	kit.Known.Add("NAS secret", "txt-nas-secret")
}

// slot is one String argument or String field of an input-object argument of a mutation.
type slot struct {
	field, arg, inputField string // inputField empty for a direct argument
}

func (s slot) String() string {
	if s.inputField == "" {
		return s.field + "(" + s.arg + ")"
	}
	return s.field + "(" + s.arg + "." + s.inputField + ")"
}

// TestEveryTextInputIsLimited lists every String argument and String input field of every
// mutation in the schema and sends each, alone, a 100,000-character value (the other
// arguments valid) as an admin: each must be refused with a clear error, none accepted and
// none answered "internal error".
func TestEveryTextInputIsLimited(t *testing.T) {
	s := loadSchema(t)
	e := start(t, "lng", 3)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	admin := e.fx.Token
	gql := func(q string, vars map[string]any, out any) {
		t.Helper()
		if err := kit.GQL(ctx, e.srv, admin, q, vars, out); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	tg := targets{customer: e.fx.CustomerIDs[e.fx.Usernames[0]], deleteCustomer: e.fx.CustomerIDs[e.fx.Usernames[1]]}
	var st struct{ CreateStaff struct{ ID string } }
	gql(`mutation{createStaff(input:{username:"lng-victim",password:"Lng-Victim-Pass-1",role:VIEWER}){id}}`, nil, &st)
	kit.Known.Add("staff password", "Lng-Victim-Pass-1")
	tg.staff = st.CreateStaff.ID
	var tok struct {
		CreateApiToken struct {
			Token    string
			ApiToken struct{ ID string }
		}
	}
	gql(`mutation{createApiToken(name:"lng-victim",role:VIEWER){token apiToken{id}}}`, nil, &tok)
	kit.Known.Add("API token", tok.CreateApiToken.Token)
	tg.apiToken = tok.CreateApiToken.ApiToken.ID
	var p1, p2 struct{ CreateProfile struct{ ID string } }
	gql(`mutation{createProfile(input:{name:"lng-victim",downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){id}}`, nil, &p1)
	gql(`mutation{createProfile(input:{name:"lng-delete",downloadKbps:1000,uploadKbps:1000,validityDays:30,price:1}){id}}`, nil, &p2)
	tg.profile, tg.deleteProfile = p1.CreateProfile.ID, p2.CreateProfile.ID
	var n1, n2 struct{ CreateNas struct{ ID string } }
	gql(`mutation{createNas(input:{name:"lng-victim",ipAddress:"127.0.3.1",secret:"lng-victim-secret"}){id}}`, nil, &n1)
	gql(`mutation{createNas(input:{name:"lng-delete",ipAddress:"127.0.3.2",secret:"lng-delete-secret"}){id}}`, nil, &n2)
	kit.Known.Add("NAS secret", "lng-victim-secret", "lng-delete-secret")
	tg.nas, tg.deleteNas = n1.CreateNas.ID, n2.CreateNas.ID
	var settings struct {
		Settings []struct {
			Key    string
			Secret bool
		}
	}
	gql(`{settings{key secret}}`, nil, &settings)
	settingKey := ""
	for _, st := range settings.Settings {
		if !st.Secret && settingKey == "" {
			settingKey = st.Key
		}
	}

	isString := func(t *ast.Type) bool { return t.Elem == nil && t.NamedType == "String" }
	var slots []slot
	for _, f := range s.Mutation.Fields {
		if f.Name == "logout" || f.Name == "importCustomers" {
			continue
		}
		for _, a := range f.Arguments {
			if isString(a.Type) {
				slots = append(slots, slot{field: f.Name, arg: a.Name})
				continue
			}
			named := a.Type
			for named.Elem != nil {
				named = named.Elem
			}
			if def := s.Types[named.NamedType]; def != nil && def.Kind == ast.InputObject {
				for _, in := range def.Fields {
					if isString(in.Type) {
						slots = append(slots, slot{field: f.Name, arg: a.Name, inputField: in.Name})
					}
				}
			}
		}
	}
	huge := strings.Repeat("A", 100_000)
	counts := map[string]int{}
	var accepted, internal, other []string
	for _, sl := range slots {
		f := s.Mutation.Fields.ForName(sl.field)
		vars := map[string]any{}
		var params, args []string
		for _, a := range f.Arguments {
			use := a.Type.NonNull && a.DefaultValue == nil || a.Name == sl.arg
			if !use {
				continue
			}
			params = append(params, fmt.Sprintf("$%s: %s", a.Name, a.Type.String()))
			args = append(args, fmt.Sprintf("%s: $%s", a.Name, a.Name))
			v := value(s, tg, f.Name, a.Name, a.Type, 0)
			if f.Name == "updateSettings" {
				v = []any{map[string]any{"key": settingKey, "value": "1"}}
			}
			if a.Name == sl.arg {
				if sl.inputField == "" {
					v = huge
				} else if list, ok := v.([]any); ok && len(list) > 0 {
					list[0].(map[string]any)[sl.inputField] = huge
				} else if obj, ok := v.(map[string]any); ok {
					obj[sl.inputField] = huge
				}
			}
			vars[a.Name] = v
		}
		doc := "mutation(" + strings.Join(params, ", ") + ") { " + f.Name + "(" + strings.Join(args, ", ") + ") " + selection(s, f.Type) + " }"
		errs, err := e.srv.GraphQL(ctx, admin, doc, vars, nil)
		if err != nil {
			t.Fatalf("%s: %v", sl, err)
		}
		if len(errs) == 0 {
			counts["accepted"]++
			accepted = append(accepted, sl.String())
			continue
		}
		code, _ := errs[0].Extensions["code"].(string)
		kit.Record(errs[0].Message)
		counts[code]++
		if len(errs[0].Message) > 1000 {
			t.Logf("%s: the error message repeats the input (%d characters)", sl, len(errs[0].Message))
		}
		switch code {
		case "INTERNAL_SERVER_ERROR", "":
			internal = append(internal, fmt.Sprintf("%s: %q", sl, errs[0].Message))
		case "BAD_USER_INPUT", "TOO_MANY_REQUESTS":
		default:
			other = append(other, fmt.Sprintf("%s: %s %q", sl, code, errs[0].Message))
		}
	}
	fmt.Printf("text input limits: %d String inputs of %d mutations sent 100,000 characters as admin: %v\n", len(slots), len(s.Mutation.Fields), counts)
	if len(other) > 0 {
		t.Logf("refused for another reason (check the message is clear):\n  %s", strings.Join(other, "\n  "))
	}
	if len(accepted) > 0 {
		t.Errorf("accepted a 100,000-character value (no length limit):\n  %s", strings.Join(accepted, "\n  "))
	}
	if len(internal) > 0 {
		t.Errorf("answered an internal error instead of a clear input error:\n  %s", strings.Join(internal, "\n  "))
	}
}
