package security

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

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
