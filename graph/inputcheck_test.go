package graph

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestTextWithNULIsBadInput sends NUL characters and invalid UTF-8 through literals and
// variables, at the top of an argument and deep in input objects: each is refused with
// BAD_USER_INPUT naming the argument before any resolver runs (PostgreSQL would fail).
func TestTextWithNULIsBadInput(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			e := newEnvOn(t, kind, false)
			pid := e.profile("Home", 30, nil)
			cases := []struct {
				token, query, field string
				vars                []any
			}{
				{"", `mutation { login(username:"ad\u0000min", password:"x"){ token } }`, "username", nil},
				{"", `mutation($p:String!){ login(username:"admin", password:$p){ token } }`, "password", []any{"p", "pw\x00"}},
				{e.admin, `mutation($n:String!){ createApiToken(name:$n, role:VIEWER){ token } }`, "name", []any{"n", "crm\x00"}},
				{e.op, `mutation($in:CreateCustomerInput!){ createCustomer(input:$in){ customer{ id } } }`, "fullName",
					[]any{"in", map[string]any{"username": "nul.user", "phone": "0712000001", "profileID": pid, "fullName": "Jane\x00"}}},
				{e.viewer, `query($q:String){ customers(search:$q){ totalCount } }`, "search", []any{"q", "\x00"}},
				{e.viewer, `{ customers(where:{or:[{fullNameContains:"a\u0000"}]}){ totalCount } }`, "fullNameContains", nil},
				{e.viewer, `query($w:CustomerWhereInput){ customers(where:$w){ totalCount } }`, "usernameIn",
					[]any{"w", map[string]any{"usernameIn": []any{"ok", "b\x00d"}}}},
			}
			for _, tc := range cases {
				ge := e.fails("BAD_USER_INPUT", tc.token, tc.query, tc.vars...)
				if ge.Extensions["field"] != tc.field || !strings.Contains(ge.Message, tc.field) {
					t.Errorf("%s: error %q (field %v) does not name %s", tc.query, ge.Message, ge.Extensions["field"], tc.field)
				}
			}
			// Bytes that are not UTF-8 cannot pass through JSON (they arrive as U+FFFD), but
			// can through a GET query's literal.
			h := NewHandler(Deps{Store: e.st, Box: testutil.Box(t), Bus: events.NewBus(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
			req := httptest.NewRequest(http.MethodGet, "/graphql?query="+url.QueryEscape("{ customers(search:\"\xff\xfe\"){ totalCount } }"), nil)
			req.Header.Set("Authorization", "Bearer "+e.viewer)
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			if !strings.Contains(w.Body.String(), `"BAD_USER_INPUT"`) || !strings.Contains(w.Body.String(), `"field":"search"`) {
				t.Errorf("search with bytes that are not UTF-8: %s", w.Body.String())
			}
			if n := e.st.Client.Customer.Query().CountX(context.Background()); n != 0 {
				t.Fatalf("%d customers written", n)
			}
		})
	}
}

// TestNoErrorShowsTheDriver: whatever a resolver returns, no message naming the database
// driver reaches the client; PostgreSQL refusing text is the input's fault.
func TestNoErrorShowsTheDriver(t *testing.T) {
	r := &Resolver{deps: Deps{Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}}
	ctx := context.Background()
	for _, tc := range []struct {
		err  error
		code string
	}{
		{badInput("name", `creating API token: pq: invalid byte sequence for encoding "UTF8": 0x00 (22021)`), CodeInternal},
		{badInput("name", "SQL logic error: no such table (1)"), CodeInternal},
		{fmt.Errorf("looking up staff: %w", &pq.Error{Code: "22021", Message: "invalid byte sequence"}), CodeBadInput},
		{fmt.Errorf("x: %w", &pq.Error{Code: "42P01", Message: "relation does not exist"}), CodeInternal},
		{badInput("fullName", "Vincent: too long"), CodeBadInput},
	} {
		ge := r.presentError(ctx, tc.err)
		if ge.Extensions["code"] != tc.code || leaksInternals(ge.Message) {
			t.Errorf("%v presented as %q (%v), want code %s and no driver text", tc.err, ge.Message, ge.Extensions["code"], tc.code)
		}
	}
}

// TestRequestBodiesAreRefusedCleanly: a JSON batch, an oversized body and a body that is not a
// JSON object get 413/400 with a GraphQL-shaped error, and nothing panics.
func TestRequestBodiesAreRefusedCleanly(t *testing.T) {
	e := newEnv(t, false)
	var logs bytes.Buffer
	h := NewHandler(Deps{Store: e.st, Box: testutil.Box(t), Bus: events.NewBus(), Logger: slog.New(slog.NewTextHandler(&logs, nil))})
	srv := httptest.NewServer(h)
	defer srv.Close()
	big := `{"query":"{ me { id } }","variables":{"x":"` + strings.Repeat("a", 2<<20) + `"}}`
	for _, tc := range []struct {
		name, ctype, body string
		status            int
		code              string
	}{
		{"batch", "application/json", `[{"query":"{ me { id } }"},{"query":"{ me { id } }"}]`, 400, CodeBadRequest},
		{"batch after white space", "application/json", "\n [{\"query\":\"{ me { id } }\"}]", 400, CodeBadRequest},
		{"2 MB body", "application/json", big, 413, CodeTooLarge},
		{"a string", "application/json", `"{ me { id } }"`, 400, CodeBadRequest},
		{"broken JSON", "application/json", `{"query":`, 400, CodeBadRequest},
		{"one operation", "application/json", `{"query":"{ me { username } }"}`, 200, ""},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(tc.body))
		req.Header.Set("Content-Type", tc.ctype)
		req.Header.Set("Authorization", "Bearer "+e.admin)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var body struct {
			Errors []struct {
				Message    string
				Extensions map[string]any
			}
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Errorf("%s: the answer is not JSON: %q", tc.name, raw)
		}
		code := ""
		if len(body.Errors) > 0 {
			code, _ = body.Errors[0].Extensions["code"].(string)
		}
		if resp.StatusCode != tc.status || code != tc.code {
			t.Errorf("%s: HTTP %d %s, want %d with code %q", tc.name, resp.StatusCode, string(raw[:min(len(raw), 200)]), tc.status, tc.code)
		}
	}
	if strings.Contains(logs.String(), "panic") {
		t.Errorf("the server logged a panic:\n%s", logs.String())
	}
}
