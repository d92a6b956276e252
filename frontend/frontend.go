// Package frontend serves the staff dashboard (Handler: the single-page app built by Vite
// into frontend/dist) and the subscriber portal's pages (PortalHandler, /portal/: built into
// frontend/portal/dist, see portal.go). With the build tag `spa` (which `make build` passes)
// the built files are embedded in the binary; without it, each handler serves a page saying
// it was not built, so `go build ./...` works on a clean checkout.
//
// Handler answers every path that is not a file with index.html (the app routes on the
// client), lets browsers keep the content-hashed files under /assets/ for a year, and
// sets security headers: a Content-Security-Policy allowing nothing but this origin.
package frontend

import (
	"bytes"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// Handler serves the embedded dashboard, or a "not built" page when the binary was
// built without the `spa` tag or without a built frontend/dist.
func Handler() http.Handler {
	fsys, ok := distFS()
	if !ok {
		return notBuilt()
	}
	return newHandler(fsys)
}

// Built reports whether the dashboard is embedded in this binary.
func Built() bool {
	_, ok := distFS()
	return ok
}

// contentSecurityPolicy is the policy of every response. Scripts, workers and fonts come
// only from this origin (GraphiQL and its editor are bundled, nothing from a CDN).
// 'unsafe-inline' for styles only: Mantine and the explorer's editor insert <style>
// elements at run time; no inline script is allowed. WebSocket subscriptions go to the
// same host, listed explicitly because older browsers do not match ws: with 'self'.
func contentSecurityPolicy(host string) string {
	connect := "'self'"
	if host != "" && !strings.ContainsAny(host, " ;,'\"") {
		connect += " ws://" + host + " wss://" + host
	}
	return strings.Join([]string{
		"default-src 'self'",
		"script-src 'self'",
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data: blob:",
		"font-src 'self' data:",
		"connect-src " + connect,
		"worker-src 'self' blob:",
		"manifest-src 'self'",
		"object-src 'none'",
		"base-uri 'none'",
		"form-action 'self'",
		"frame-ancestors 'none'",
	}, "; ")
}

func setSecurityHeaders(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy(r.Host))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
}

type spa struct {
	fsys  fs.FS
	index []byte
	mod   time.Time
	gz    gzipCache
}

// newHandler serves fsys, the root of a Vite build (index.html and assets/).
func newHandler(fsys fs.FS) http.Handler {
	index, err := fs.ReadFile(fsys, "index.html")
	if err != nil {
		return notBuilt()
	}
	return &spa{fsys: fsys, index: index, mod: time.Now()}
}

func (s *spa) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w, r)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" || name == "index.html" {
		s.serveIndex(w, r)
		return
	}
	f, err := s.fsys.Open(name)
	if err == nil {
		defer f.Close()
		st, err := f.Stat()
		if err == nil && !st.IsDir() {
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in every file name under assets/.
				w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			} else {
				w.Header().Set("Cache-Control", "public, max-age=3600")
			}
			if rs, ok := f.(io.ReadSeeker); ok && !compressible(name) {
				http.ServeContent(w, r, name, st.ModTime(), rs)
				return
			}
			b, err := io.ReadAll(f)
			if err != nil {
				http.Error(w, "read error", http.StatusInternalServerError)
				return
			}
			http.ServeContent(w, r, name, st.ModTime(), bytes.NewReader(s.gz.encoded(w, r, name, b)))
			return
		}
	}
	// A missing asset (an old hash after a deploy) or file with an extension is a real
	// 404: answering it with HTML would only confuse the browser.
	if strings.HasPrefix(name, "assets/") || path.Ext(name) != "" {
		w.Header().Set("Cache-Control", "no-cache")
		http.NotFound(w, r)
		return
	}
	s.serveIndex(w, r) // a client-side route such as /customers/42
}

func (s *spa) serveIndex(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, "index.html", s.mod, bytes.NewReader(s.gz.encoded(w, r, "index.html", s.index)))
}

const notBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>linedesk: dashboard not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f1f3f5;padding:.1em .3em;border-radius:4px}</style>
</head><body>
<h1>The dashboard was not built</h1>
<p>This linedesk binary was built without the staff dashboard. The GraphQL API at
<code>/graphql</code> works as usual.</p>
<p>To include the dashboard, build with <code>make build</code> (which runs <code>npm ci</code>,
<code>npm run build</code> and <code>go build -tags spa</code>), or during development run
<code>npm run dev</code> next to a running <code>linedesk serve</code>.</p>
</body></html>
`

func notBuilt() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		setSecurityHeaders(w, r)
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, notBuiltPage)
		}
	})
}
