package frontend

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func portalTestFS() fstest.MapFS {
	return fstest.MapFS{
		"index.html":             {Data: []byte(`<!doctype html><div id="root"></div><script type="module" src="/portal/assets/index-abc.js"></script>`)},
		"expired.html":           {Data: []byte(`<!doctype html><h1 data-i18n="expired.title">Your subscription has ended</h1><script type="module" src="/portal/assets/expired-abc.js"></script>`)},
		"assets/index-abc.js":    {Data: []byte(`console.log("portal")`)},
		"assets/expired-abc.js":  {Data: []byte(`console.log("expired")`)},
		"assets/index-abc.css":   {Data: []byte(`body{}`)},
		"assets/.vite-ignore.md": {Data: []byte(`x`)},
	}
}

func TestPortalHandler(t *testing.T) {
	h := newPortalHandler(portalTestFS())
	tests := []struct {
		name, method, path string
		status             int
		body               string // substring
		cache              string
	}{
		{"root is the app", "GET", "/portal/", 200, `<div id="root">`, "no-cache"},
		{"client route falls back to the app", "GET", "/portal/plans", 200, `<div id="root">`, "no-cache"},
		{"nested client route", "GET", "/portal/account/password", 200, `<div id="root">`, "no-cache"},
		{"sign-in page", "GET", "/portal/signin?next=%2Fpay", 200, `<div id="root">`, "no-cache"},
		{"the expired page is its own page", "GET", "/portal/expired", 200, `Your subscription has ended`, "no-cache"},
		{"expired with a slash", "GET", "/portal/expired/", 200, `Your subscription has ended`, "no-cache"},
		{"expired.html", "GET", "/portal/expired.html", 200, `Your subscription has ended`, "no-cache"},
		{"hashed asset cached a year", "GET", "/portal/assets/index-abc.js", 200, `console.log("portal")`, "public, max-age=31536000, immutable"},
		{"css asset", "GET", "/portal/assets/index-abc.css", 200, `body{}`, "public, max-age=31536000, immutable"},
		{"missing asset is 404, not HTML", "GET", "/portal/assets/index-old.js", 404, "not found", "no-cache"},
		{"the API path is not a page (GET)", "GET", "/portal/graphql", 404, "not found", "no-cache"},
		{"the API path is not a page (POST)", "POST", "/portal/graphql", 404, "not found", "no-cache"},
		{"nor below it", "GET", "/portal/graphql/ws", 404, "not found", "no-cache"},
		{"a dashboard path is not the portal's", "GET", "/customers", 404, "not found", "no-cache"},
		{"a look-alike prefix is not the portal", "GET", "/portalx/", 404, "not found", "no-cache"},
		{"dot-dot stays inside", "GET", "/portal/../../etc/passwd", 200, `<div id="root">`, "no-cache"},
		{"dot-dot inside the portal", "GET", "/portal/assets/../../etc/passwd", 200, `<div id="root">`, "no-cache"},
		{"POST to a page refused", "POST", "/portal/plans", 405, "method not allowed", ""},
		{"POST to the expired page refused", "POST", "/portal/expired", 405, "method not allowed", ""},
		{"HEAD works", "HEAD", "/portal/", 200, "", "no-cache"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, tt.path, nil)
			req.Host = "desk.example:8080"
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status = %d, want %d (%q)", rec.Code, tt.status, rec.Body.String())
			}
			if !strings.Contains(rec.Body.String(), tt.body) {
				t.Errorf("body %q does not contain %q", rec.Body.String(), tt.body)
			}
			if got := rec.Header().Get("Cache-Control"); got != tt.cache {
				t.Errorf("Cache-Control = %q, want %q", got, tt.cache)
			}
			checkSecurityHeaders(t, rec.Header())
		})
	}
}

func TestPortalNotBuilt(t *testing.T) {
	for name, h := range map[string]http.Handler{"stub": portalNotBuilt(), "empty build": newPortalHandler(fstest.MapFS{})} {
		t.Run(name, func(t *testing.T) {
			for _, c := range []struct {
				path   string
				status int
				body   string
			}{
				{"/portal/", 200, "subscriber portal was not built"},
				{"/portal/plans", 200, "subscriber portal was not built"},
				{"/portal/expired", 200, "Your subscription has ended"},
				{"/portal/graphql", 404, "not found"},
			} {
				rec := httptest.NewRecorder()
				req := httptest.NewRequest("GET", c.path, nil)
				req.Host = "desk.example:8080"
				h.ServeHTTP(rec, req)
				if rec.Code != c.status || !strings.Contains(rec.Body.String(), c.body) {
					t.Errorf("%s: got %d %q, want %d with %q", c.path, rec.Code, rec.Body.String(), c.status, c.body)
				}
				checkSecurityHeaders(t, rec.Header())
				if strings.Contains(rec.Body.String(), "<script") {
					t.Errorf("%s: the stub has a script", c.path)
				}
			}
		})
	}
}

func TestPortalHandlerMatchesBuild(t *testing.T) {
	rec := httptest.NewRecorder()
	PortalHandler().ServeHTTP(rec, httptest.NewRequest("GET", "/portal/", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	built := !strings.Contains(rec.Body.String(), "portal was not built")
	if built != PortalBuilt() {
		t.Fatalf("PortalBuilt() = %v but the page says built=%v", PortalBuilt(), built)
	}
}

// The CSP allows no inline script: every <script> of the built pages must load a file.
// Checks the embedded build, or frontend/portal/dist on disk after `npm run build:portal`.
func TestPortalBuildHasNoInlineScript(t *testing.T) {
	fsys, ok := portalFS()
	if !ok {
		if _, err := os.Stat("portal/dist/index.html"); err != nil {
			t.Skip("the portal is not built (npm run build:portal)")
		}
		fsys = os.DirFS("portal/dist")
	}
	script := regexp.MustCompile(`(?is)<script([^>]*)>(.*?)</script>`)
	for _, name := range []string{"index.html", "expired.html"} {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		found := script.FindAllSubmatch(b, -1)
		if len(found) == 0 {
			t.Errorf("%s has no script", name)
		}
		for _, m := range found {
			if !strings.Contains(string(m[1]), `src="/portal/`) || strings.TrimSpace(string(m[2])) != "" {
				t.Errorf("%s: inline or foreign script %q", name, m[0])
			}
		}
		if name == "expired.html" && !strings.Contains(string(b), "Your subscription has ended") {
			t.Errorf("expired.html does not read without a script")
		}
	}
}
