package security

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// post sends a raw body to /graphql and returns the status and body.
func post(ctx context.Context, addr, token, contentType string, body io.Reader) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/graphql", body)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	return resp.StatusCode, raw, err
}

// refusal describes a GraphQL answer: "" when it carried data and no error.
func refusal(status int, raw []byte) string {
	var env struct {
		Data   json.RawMessage         `json:"data"`
		Errors []testutil.GraphQLError `json:"errors"`
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		if status >= 400 {
			return fmt.Sprintf("HTTP %d", status)
		}
		return ""
	}
	if len(env.Errors) == 0 {
		if status >= 400 {
			return fmt.Sprintf("HTTP %d", status)
		}
		return ""
	}
	code, _ := env.Errors[0].Extensions["code"].(string)
	msg := env.Errors[0].Message
	if len(msg) > 100 {
		msg = msg[:100] + "…"
	}
	return fmt.Sprintf("HTTP %d %s %q", status, code, msg)
}

func jsonBody(v any) io.Reader {
	b, _ := json.Marshal(v)
	return bytes.NewReader(b)
}

// TestQueryLimits sends queries meant to exhaust the server: deep nesting, aliases
// multiplying an expensive field, a JSON batch of many operations, a body of several
// megabytes, a huge page size and anonymous introspection. Each must be refused, and the
// server must stay healthy.
func TestQueryLimits(t *testing.T) {
	e := start(t, "lim", 3)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	tok := e.fx.Token

	deep := "{ customers(first: 1) { edges { node { profile " + strings.Repeat("{ afterCapProfile ", 14) + "{ id }" + strings.Repeat(" }", 14) + " } } } }"
	var aliases strings.Builder
	aliases.WriteString("{")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&aliases, " a%d: customers(first: 100) { totalCount edges { node { id username profile { name } sessions(first: 100) { edges { node { id } } } } } }", i)
	}
	aliases.WriteString(" }")
	var batch []map[string]any
	for i := 0; i < 200; i++ {
		batch = append(batch, map[string]any{"query": "{ customers(first: 100) { totalCount } }"})
	}
	huge := "{ me { id } } # " + strings.Repeat("x", 6<<20)
	cases := []struct {
		name        string
		token       string
		contentType string
		body        io.Reader
	}{
		{"nested 16 levels deep", tok, "application/json", jsonBody(map[string]any{"query": deep})},
		{"60 aliases of a 100×100 page", tok, "application/json", jsonBody(map[string]any{"query": aliases.String()})},
		{"a JSON batch of 200 operations", tok, "application/json", jsonBody(batch)},
		{"a 6 MiB request body", tok, "application/json", jsonBody(map[string]any{"query": huge})},
		{"a page of 1,000,000 customers", tok, "application/json", jsonBody(map[string]any{"query": "{ customers(first: 1000000) { edges { node { id } } } }"})},
		{"introspection without a token", "", "application/json", jsonBody(map[string]any{"query": "{ __schema { types { name fields { name } } } }"})},
		{"a query without a token", "", "application/json", jsonBody(map[string]any{"query": "{ customers { totalCount } }"})},
	}
	var report []string
	for _, c := range cases {
		start := time.Now()
		status, raw, err := post(ctx, e.srv.HTTP, c.token, c.contentType, c.body)
		if err != nil {
			// A server closing the connection on an oversized body is a refusal too.
			report = append(report, fmt.Sprintf("%s: connection closed (%v)", c.name, err))
			continue
		}
		kit.Record(string(raw))
		why := refusal(status, raw)
		report = append(report, fmt.Sprintf("%s: %s in %v", c.name, orAccepted(why), time.Since(start).Round(time.Millisecond)))
		if why == "" {
			t.Errorf("%s was accepted (HTTP %d, %d bytes of answer)", c.name, status, len(raw))
		}
	}
	// Still healthy and answering.
	var me struct{ Me struct{ Username string } }
	if err := kit.GQL(ctx, e.srv, tok, "{ me { username } }", nil, &me); err != nil || me.Me.Username != "admin" {
		t.Errorf("after the abuse: me = %+v, %v", me, err)
	}
	fmt.Printf("query limits: %d abusive requests:\n  %s\n", len(cases), strings.Join(report, "\n  "))
}

func orAccepted(s string) string {
	if s == "" {
		return "ACCEPTED"
	}
	return "refused (" + s + ")"
}

// TestLoginThrottling guesses passwords in a loop (with forged forwarded-for headers, which
// are not trusted) and in one request of aliased login mutations: after 5 failures the
// username is throttled for that source address, and the right password found by guessing
// does not get in from it; the owner still signs in from another address within 30 s.
func TestLoginThrottling(t *testing.T) {
	e := start(t, "thr", 0)
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	mk := func(user, pass string) {
		kit.Known.Add("staff password", pass)
		if err := kit.GQL(ctx, e.srv, e.fx.Token, `mutation($u:String!,$p:String!){createStaff(input:{username:$u,password:$p,role:OPERATOR}){id}}`,
			map[string]any{"u": user, "p": pass}, nil); err != nil {
			t.Fatal(err)
		}
	}
	userA, passA := "guess-a", "Right-Pass-A-"+testutil.RandomHex(4)
	userB, passB := "guess-b", "Right-Pass-B-"+testutil.RandomHex(4)
	mk(userA, passA)
	mk(userB, passB)

	// 1. A loop of wrong guesses, each claiming another client in forwarded-for headers (not
	// trusted: the throttle keys on the connection's address), then the right password.
	codes := map[string]int{}
	firstThrottled := 0
	for i := 1; i <= 12; i++ {
		forged := fmt.Sprintf("203.0.113.%d", i)
		code, _, err := loginFrom(ctx, e.srv.HTTP, "127.0.0.1", userA, fmt.Sprintf("guess-%03d", i),
			map[string]string{"X-Forwarded-For": forged, "X-Real-IP": forged, "Forwarded": "for=" + forged})
		if err != nil {
			t.Fatal(err)
		}
		if code == "" {
			code = "OK"
		}
		codes[code]++
		if code == "TOO_MANY_REQUESTS" && firstThrottled == 0 {
			firstThrottled = i
		}
	}
	rightCode, _, err := loginFrom(ctx, e.srv.HTTP, "127.0.0.1", userA, passA, nil)
	if err != nil {
		t.Fatal(err)
	}

	// 2. One request of 15 aliased logins for another user, the right password 12th.
	var b strings.Builder
	b.WriteString("mutation {")
	for i := 1; i <= 15; i++ {
		p := fmt.Sprintf("guess-%03d", i)
		if i == 12 {
			p = passB
		}
		fmt.Fprintf(&b, " g%d: login(username: %q, password: %q) { token }", i, userB, p)
	}
	b.WriteString(" }")
	var aliased map[string]*struct{ Token string }
	errs, err := e.srv.GraphQL(ctx, "", b.String(), nil, &aliased)
	if err != nil {
		t.Fatal(err)
	}
	aliasCodes := map[string]int{}
	for _, ge := range errs {
		c, _ := ge.Extensions["code"].(string)
		aliasCodes[c]++
	}
	var tokens int
	for _, v := range aliased {
		if v != nil && v.Token != "" {
			tokens++
			kit.Known.Add("login token", v.Token)
		}
	}
	fmt.Printf("login throttling: loop of 12 wrong passwords (forged forwarded-for headers): %v, throttled from attempt %d, "+
		"then the right password from the same address: %q; 15 aliased logins in one request: %v errors, %d tokens issued\n",
		codes, firstThrottled, rightCode, aliasCodes, tokens)
	if firstThrottled == 0 || firstThrottled > 6 {
		t.Errorf("12 wrong passwords for one user: throttled from attempt %d (0: never), want by the 6th", firstThrottled)
	}
	if rightCode != "TOO_MANY_REQUESTS" {
		t.Errorf("the right password right after a guessing loop from the same address: %q, want TOO_MANY_REQUESTS", rightCode)
	}
	if tokens > 0 {
		t.Errorf("a request of aliased login guesses got in (%d tokens); aliases bypass the throttle", tokens)
	}
	// 3. The guesses lock the username for their address only: the owner, from an address
	// without failures, signs in within 30 s (the per-username back-off slows, never locks).
	ownerSignsIn(ctx, t, e.srv, "127.0.0.2", userA, passA)
}
