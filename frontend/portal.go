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

// PortalPrefix is the path the subscriber portal is served under.
const PortalPrefix = "/portal"

// PortalHandler serves the subscriber portal's pages (frontend/portal, built by Vite into
// frontend/portal/dist and embedded with the `spa` build tag) for every path under /portal/:
//
//   - /portal/expired (the fixed page an expired customer's router redirects to) is
//     expired.html, a page that reads in full without JavaScript;
//   - files of the build are served as files (hashed ones under /portal/assets/ cached a year);
//   - any other path is a client route (/portal/plans, /portal/account …) and gets index.html;
//   - /portal/graphql and anything under it is 404 here: the portal API is mounted on its own.
//
// Mount it with the API beside it (ServeMux picks the longer pattern for the API):
//
//	mux.Handle("/portal/graphql", portalAPI)
//	mux.Handle("/portal/", frontend.PortalHandler())
//
// Responses carry the dashboard's security headers and Content-Security-Policy (no inline
// script). Without the `spa` tag, or without a build, /portal/expired is a plain notice
// and every other page says the portal was not built.
func PortalHandler() http.Handler {
	fsys, ok := portalFS()
	if !ok {
		return portalNotBuilt()
	}
	return newPortalHandler(fsys)
}

// PortalBuilt reports whether the subscriber portal is embedded in this binary.
func PortalBuilt() bool {
	_, ok := portalFS()
	return ok
}

type portal struct {
	site    http.Handler // the build, served like the dashboard (index.html fallback)
	expired []byte
	mod     time.Time
}

// newPortalHandler serves fsys, the root of the portal's Vite build (index.html,
// expired.html, assets/), under PortalPrefix.
func newPortalHandler(fsys fs.FS) http.Handler {
	if _, err := fs.Stat(fsys, "index.html"); err != nil {
		return portalNotBuilt()
	}
	expired, err := fs.ReadFile(fsys, "expired.html")
	if err != nil {
		expired = []byte(expiredNotice)
	}
	return &portal{site: newHandler(fsys), expired: expired, mod: time.Now()}
}

// portalPath is the path below PortalPrefix ("/plans"), and false for a path outside it.
func portalPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, PortalPrefix)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	return path.Clean("/" + rest), true
}

// isAPIPath reports whether a path below the prefix belongs to the portal API.
func isAPIPath(rest string) bool {
	return rest == "/graphql" || strings.HasPrefix(rest, "/graphql/")
}

func isExpiredPath(rest string) bool {
	return rest == "/expired" || rest == "/expired.html"
}

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rest, ok := portalPath(r.URL.Path)
	if !ok || isAPIPath(rest) {
		setSecurityHeaders(w, r)
		w.Header().Set("Cache-Control", "no-cache")
		http.NotFound(w, r)
		return
	}
	if isExpiredPath(rest) {
		serveStaticPage(w, r, "expired.html", p.mod, p.expired)
		return
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = rest
	r2.URL.RawPath = ""
	p.site.ServeHTTP(w, r2)
}

// serveStaticPage answers GET and HEAD with an HTML page that is never cached.
func serveStaticPage(w http.ResponseWriter, r *http.Request, name string, mod time.Time, page []byte) {
	setSecurityHeaders(w, r)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	http.ServeContent(w, r, name, mod, bytes.NewReader(page))
}

// expiredNotice is the expired page of a binary built without the portal: plain words and
// no branding, so a redirected customer still learns what happened.
const expiredNotice = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Your subscription has ended</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#222}</style>
</head><body>
<h1>Your subscription has ended</h1>
<p>Your internet plan has run out, so your connection only reaches this page. Renew or pay to
get back online: contact your internet provider.</p>
</body></html>
`

const portalNotBuiltPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>linedesk: subscriber portal not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{background:#f1f3f5;padding:.1em .3em;border-radius:4px}</style>
</head><body>
<h1>The subscriber portal was not built</h1>
<p>This linedesk binary was built without the subscriber portal's pages. Its API at
<code>/portal/graphql</code> works as usual.</p>
<p>To include the pages, build with <code>make build</code> (which runs <code>npm run build</code>,
building the dashboard and the portal, and <code>go build -tags spa</code>), or during development
run <code>npm run dev:portal</code> next to a running <code>linedesk serve</code>.</p>
</body></html>
`

// portalNotBuilt serves a binary without the portal's pages: the plain expired notice at
// /portal/expired, 404 for the API's path, and a "not built" page everywhere else.
func portalNotBuilt() http.Handler {
	start := time.Now()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rest, ok := portalPath(r.URL.Path)
		switch {
		case !ok || isAPIPath(rest):
			setSecurityHeaders(w, r)
			w.Header().Set("Cache-Control", "no-cache")
			http.NotFound(w, r)
		case isExpiredPath(rest):
			serveStaticPage(w, r, "expired.html", start, []byte(expiredNotice))
		default:
			setSecurityHeaders(w, r)
			w.Header().Set("Cache-Control", "no-cache")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			if r.Method != http.MethodHead {
				_, _ = io.WriteString(w, portalNotBuiltPage)
			}
		}
	})
}
