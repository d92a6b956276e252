package frontend

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func testFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":              {Data: []byte(`<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>`)},
		"assets/index-abc123.js":  {Data: []byte(`console.log("app")`)},
		"assets/index-abc123.css": {Data: []byte(`body{}`)},
		"favicon.svg":             {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
	}
}

func TestHandler(t *testing.T) {
	h := newHandler(testFS())
	tests := []struct {
		name, method, path string
		status             int
		body               string // substring
		cache              string
		ctype              string // prefix
	}{
		{"root is the app", "GET", "/", 200, `<div id="root">`, "no-cache", "text/html"},
		{"index.html", "GET", "/index.html", 200, `<div id="root">`, "no-cache", "text/html"},
		{"client route falls back", "GET", "/customers/42", 200, `<div id="root">`, "no-cache", "text/html"},
		{"nested client route", "GET", "/customers/new", 200, `<div id="root">`, "no-cache", "text/html"},
		{"hashed asset cached a year", "GET", "/assets/index-abc123.js", 200, `console.log`, "public, max-age=31536000, immutable", "text/javascript"},
		{"css asset", "GET", "/assets/index-abc123.css", 200, `body{}`, "public, max-age=31536000, immutable", "text/css"},
		{"other file cached briefly", "GET", "/favicon.svg", 200, `<svg`, "public, max-age=3600", "image/svg+xml"},
		{"missing asset is 404, not HTML", "GET", "/assets/index-old.js", 404, "not found", "no-cache", "text/plain"},
		{"missing file with extension is 404", "GET", "/robots.txt", 404, "not found", "no-cache", "text/plain"},
		{"dot-dot stays inside", "GET", "/../../etc/passwd", 200, `<div id="root">`, "no-cache", "text/html"},
		{"POST refused", "POST", "/customers", 405, "method not allowed", "", "text/plain"},
		{"HEAD works", "HEAD", "/", 200, "", "no-cache", "text/html"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Host = "desk.example:8080"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d", rec.Code, tt.status)
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body %q does not contain %q", rec.Body.String(), tt.body)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			if got := rec.Header().Get("Content-Type"); !strings.HasPrefix(got, tt.ctype) {
				t.Errorf("Content-Type = %q, want prefix %q", got, tt.ctype)
			}
			checkSecurityHeaders(t, rec.Header())
		})
	}
}

func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	want := map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "no-referrer",
		"X-Frame-Options":        "DENY",
	}
	for k, v := range want {
		if got := h.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	csp := h.Get("Content-Security-Policy")
	for _, part := range []string{
		"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'",
		"connect-src 'self' ws://desk.example:8080 wss://desk.example:8080",
	} {
		if !strings.Contains(csp, part) {
			t.Errorf("CSP %q lacks %q", csp, part)
		}
	}
	for _, bad := range []string{"unsafe-eval", "http:", "https:", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("CSP %q allows %q", csp, bad)
		}
	}
	if strings.Contains(strings.SplitN(strings.SplitN(csp, "script-src", 2)[1], ";", 2)[0], "unsafe-inline") {
		t.Errorf("CSP %q allows inline scripts", csp)
	}
}

func TestCSPRejectsOddHost(t *testing.T) {
	if got := contentSecurityPolicy("evil'; script-src *"); strings.Contains(got, "evil") {
		t.Fatalf("host injected into CSP: %q", got)
	}
}

func TestNotBuilt(t *testing.T) {
	for _, h := range []http.Handler{newHandler(fstest.MapFS{}), notBuilt()} {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest("GET", "/customers", nil)
		req.Host = "desk.example:8080"
		h.ServeHTTP(rec, req)
		if rec.Code != 200 || !strings.Contains(rec.Body.String(), "dashboard was not built") {
			t.Fatalf("got %d %q", rec.Code, rec.Body.String())
		}
		checkSecurityHeaders(t, rec.Header())
	}
}

func TestHandlerMatchesBuild(t *testing.T) {
	// Without the spa tag nothing is embedded; with it, index.html must be there.
	rec := httptest.NewRecorder()
	Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	built := !strings.Contains(rec.Body.String(), "dashboard was not built")
	if built != Built() {
		t.Fatalf("Built() = %v but the page says built=%v", Built(), built)
	}
}
