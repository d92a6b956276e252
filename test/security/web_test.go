package security

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

const allowedOrigin = "https://dashboard.isp.example"

func get(ctx context.Context, rawURL string, hdr map[string]string) (*http.Response, string, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", rawURL, nil)
	if err != nil {
		return nil, "", err
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, string(b), nil
}

// TestWebSecurity checks the browser protections of the SPA and the API: strict CSP,
// nosniff, Referrer-Policy and frame protection on every page; CORS only for configured
// origins; WebSocket origins checked; tokens never taken from URLs; no mutation over GET.
func TestWebSecurity(t *testing.T) {
	e := start(t, "web", 0, "LINEDESK_CORS_ORIGINS="+allowedOrigin)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	base := "http://" + e.srv.HTTP
	var checks, fails int
	check := func(ok bool, format string, args ...any) {
		checks++
		if !ok {
			fails++
			t.Errorf(format, args...)
		}
	}

	// 1. Headers on the SPA's pages (the index, a client-side route) and on the API.
	for _, path := range []string{"/", "/customers/123", "/graphql?query=%7Bme%7Bid%7D%7D"} {
		resp, _, err := get(ctx, base+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		h := resp.Header
		check(strings.EqualFold(h.Get("X-Content-Type-Options"), "nosniff"), "%s: X-Content-Type-Options %q", path, h.Get("X-Content-Type-Options"))
		if strings.HasPrefix(path, "/graphql") {
			continue // an API answer (JSON) needs nosniff; the page protections below are for the SPA
		}
		csp := h.Get("Content-Security-Policy")
		check(csp != "", "%s: no Content-Security-Policy", path)
		if csp != "" {
			dirs := map[string]string{}
			for _, d := range strings.Split(csp, ";") {
				f := strings.Fields(d)
				if len(f) > 0 {
					dirs[f[0]] = strings.Join(f[1:], " ")
				}
			}
			script, ok := dirs["script-src"]
			if !ok {
				script = dirs["default-src"]
			}
			check(dirs["default-src"] != "" || dirs["script-src"] != "", "%s: CSP %q has neither default-src nor script-src", path, csp)
			check(!strings.Contains(script, "'unsafe-inline'") && !strings.Contains(script, "'unsafe-eval'") && !strings.Contains(script, "*") &&
				!strings.Contains(script, "http:") && !strings.Contains(script, "https:"), "%s: script sources %q are not strict", path, script)
			check(strings.Contains(dirs["frame-ancestors"], "'none'") || strings.EqualFold(h.Get("X-Frame-Options"), "DENY"),
				"%s: no frame protection (frame-ancestors %q, X-Frame-Options %q)", path, dirs["frame-ancestors"], h.Get("X-Frame-Options"))
			_, hasObj := dirs["object-src"]
			check(hasObj || strings.Contains(dirs["default-src"], "'none'") || strings.Contains(dirs["default-src"], "'self'"), "%s: CSP leaves object-src open", path)
		}
		rp := strings.ToLower(h.Get("Referrer-Policy"))
		check(rp == "no-referrer" || rp == "same-origin" || rp == "strict-origin" || rp == "strict-origin-when-cross-origin",
			"%s: Referrer-Policy %q", path, h.Get("Referrer-Policy"))
	}

	// 2. CORS: only the configured origin is allowed.
	preflight := func(origin string) (string, int) {
		req, _ := http.NewRequestWithContext(ctx, "OPTIONS", base+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		req.Header.Set("Access-Control-Request-Headers", "authorization,content-type")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header.Get("Access-Control-Allow-Origin"), resp.StatusCode
	}
	acao, _ := preflight(allowedOrigin)
	check(acao == allowedOrigin, "preflight from the configured origin: Access-Control-Allow-Origin %q", acao)
	for _, evil := range []string{"https://evil.example", "null", allowedOrigin + ".evil.example", "http://dashboard.isp.example"} {
		acao, _ := preflight(evil)
		check(acao == "", "preflight from %s allowed (Access-Control-Allow-Origin %q)", evil, acao)
	}
	resp, _, err := get(ctx, base+"/graphql?query=%7B__typename%7D", map[string]string{"Origin": "https://evil.example"})
	if err != nil {
		t.Fatal(err)
	}
	check(resp.Header.Get("Access-Control-Allow-Origin") == "", "GET from a foreign origin carries Access-Control-Allow-Origin %q", resp.Header.Get("Access-Control-Allow-Origin"))

	// 3. WebSocket origins.
	wsURL := "ws://" + e.srv.HTTP + "/graphql"
	sub := `subscription { sessionUpdated { id } }`
	if s, err := testutil.Subscribe(ctx, wsURL, "https://evil.example", e.fx.Token, sub, nil); err == nil {
		s.Close()
		check(false, "a WebSocket from https://evil.example was accepted")
	} else {
		check(true, "")
	}
	if s, err := testutil.Subscribe(ctx, wsURL, allowedOrigin, e.fx.Token, sub, nil); err != nil {
		check(false, "a WebSocket from the configured origin was refused: %v", err)
	} else {
		s.Close()
		check(true, "")
	}
	if s, err := testutil.Subscribe(ctx, wsURL, "http://"+e.srv.HTTP, e.fx.Token, sub, nil); err != nil {
		check(false, "a WebSocket from the dashboard's own origin was refused: %v", err)
	} else {
		s.Close()
		check(true, "")
	}

	// 4. Tokens are never taken from URLs, and GET cannot mutate.
	for _, param := range []string{"token", "access_token", "authorization", "Authorization"} {
		u := base + "/graphql?query=" + url.QueryEscape("{me{username}}") + "&" + param + "=" + url.QueryEscape(e.fx.Token)
		_, body, err := get(ctx, u, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(strings.Contains(body, "UNAUTHENTICATED") && !strings.Contains(body, `"username"`), "a token in ?%s= was accepted: %s", param, body)
	}
	mut := base + "/graphql?query=" + url.QueryEscape(`mutation{createProfile(input:{name:"via-get",downloadKbps:1,uploadKbps:1,validityDays:1,price:1}){id}}`)
	_, body, err := get(ctx, mut, map[string]string{"Authorization": "Bearer " + e.fx.Token})
	if err != nil {
		t.Fatal(err)
	}
	kit.Record(body)
	n, _ := kit.Count(ctx, e.db, `SELECT count(*) FROM profiles WHERE name = 'via-get'`)
	check(n == 0, "a mutation over GET was executed: %s", body)
	// The SPA must not put the token in a URL either: it is never in a link of the page.
	_, page, _ := get(ctx, base+"/", nil)
	check(!strings.Contains(page, "token="), "the dashboard page builds URLs with token=")

	// 5. Logs: the token used throughout must not be in them (also checked for every secret by TestMain).
	check(!strings.Contains(e.srv.Logs(), e.fx.Token), "the bearer token is in the server's log")
	fmt.Printf("web security: %d checks, %d failed (CSP, nosniff, Referrer-Policy, frame protection on 3 paths; CORS for 1 allowed and 4 foreign origins; 3 WebSocket origins; 4 token-in-URL parameters; mutation over GET)\n", checks, fails)
}
