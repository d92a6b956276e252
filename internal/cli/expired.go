package cli

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// expiredRedirect stands in front of the HTTP handlers. An expired customer's router sends
// the expired pool's web traffic to linedesk with a dst-nat, so those requests arrive with
// whatever Host the browser asked for (a news site, a search engine). A request whose Host
// is not linedesk's own is answered with a 302 to <public_url>/portal/expired; everything
// else goes on to next. linedesk's own names are public_url's host, the --http address's
// host, loopback names and addresses, and the addresses of this machine's interfaces. Without
// public_url nothing is redirected (there is nowhere to send the customer).
type expiredRedirect struct {
	next      http.Handler
	publicURL func(ctx context.Context) (string, error) // the public_url setting
	own       map[string]bool                           // lower-case hosts without port
	ttl       time.Duration

	mu      sync.Mutex
	cached  string
	readAt  time.Time
	lastErr error
}

// newExpiredRedirect wraps next; listen is the --http address, publicURL reads the setting
// (cached for a few seconds).
func newExpiredRedirect(next http.Handler, listen string, publicURL func(context.Context) (string, error)) *expiredRedirect {
	own := map[string]bool{"localhost": true}
	if h, _, err := net.SplitHostPort(listen); err == nil && h != "" {
		own[strings.ToLower(strings.Trim(h, "[]"))] = true
	}
	if addrs, err := net.InterfaceAddrs(); err == nil {
		for _, a := range addrs {
			if ipn, ok := a.(*net.IPNet); ok {
				own[ipn.IP.String()] = true
			}
		}
	}
	return &expiredRedirect{next: next, publicURL: publicURL, own: own, ttl: 5 * time.Second}
}

func (x *expiredRedirect) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if target := x.target(r); target != "" {
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, target, http.StatusFound)
		return
	}
	x.next.ServeHTTP(w, r)
}

// target is where to send r, or "" to serve it.
func (x *expiredRedirect) target(r *http.Request) string {
	host := hostOnly(r.Host)
	if host == "" || x.own[host] {
		return ""
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return ""
	}
	pub := x.public(r.Context())
	u, err := url.Parse(pub)
	if pub == "" || err != nil || u.Host == "" || hostOnly(u.Host) == host {
		return ""
	}
	return strings.TrimRight(pub, "/") + "/portal/expired"
}

// public returns the public_url setting, read at most every ttl.
func (x *expiredRedirect) public(ctx context.Context) string {
	x.mu.Lock()
	defer x.mu.Unlock()
	if time.Since(x.readAt) < x.ttl {
		return x.cached
	}
	v, err := x.publicURL(ctx)
	if err != nil {
		// Keep the last value; try again after ttl.
		x.readAt, x.lastErr = time.Now(), err
		return x.cached
	}
	x.cached, x.readAt, x.lastErr = v, time.Now(), nil
	return v
}

// hostOnly is a Host header's host, lower case, without port or brackets.
func hostOnly(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.TrimSuffix(strings.Trim(h, "[]"), ".")
}
