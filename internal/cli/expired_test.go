package cli

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestExpiredRedirect(t *testing.T) {
	served := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	for _, tc := range []struct {
		name, public, listen, host, path string
		want                             string // "" when served
	}{
		{"another site", "https://isp.example", "0.0.0.0:8080", "news.example.com", "/world/today?x=1", "https://isp.example/portal/expired"},
		{"another site, public url with a path slash", "https://isp.example/", "0.0.0.0:8080", "search.example", "/", "https://isp.example/portal/expired"},
		{"another site with a port", "http://10.9.0.2:8080", "0.0.0.0:8080", "example.org:80", "/", "http://10.9.0.2:8080/portal/expired"},
		{"an IP literal that is not ours", "https://isp.example", "0.0.0.0:8080", "93.184.216.34", "/", "https://isp.example/portal/expired"},
		{"the public host", "https://isp.example", "0.0.0.0:8080", "isp.example", "/portal/", ""},
		{"the public host in capitals with a port", "https://isp.example", "0.0.0.0:8080", "ISP.Example:443", "/", ""},
		{"the listen address", "https://isp.example", "10.20.30.40:8080", "10.20.30.40:8080", "/", ""},
		{"localhost", "https://isp.example", "0.0.0.0:8080", "localhost:8080", "/graphql", ""},
		{"loopback", "https://isp.example", "0.0.0.0:8080", "127.0.0.1:8080", "/", ""},
		{"IPv6 loopback", "https://isp.example", "[::]:8080", "[::1]:8080", "/", ""},
		{"no public url set", "", "0.0.0.0:8080", "news.example.com", "/", ""},
		{"no Host", "https://isp.example", "0.0.0.0:8080", "", "/", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := newExpiredRedirect(served, tc.listen, func(context.Context) (string, error) { return tc.public, nil })
			req := httptest.NewRequest(http.MethodGet, "http://placeholder"+tc.path, nil)
			req.Host = tc.host
			rec := httptest.NewRecorder()
			x.ServeHTTP(rec, req)
			if tc.want == "" {
				if rec.Code != http.StatusTeapot {
					t.Fatalf("want served, got %d %s", rec.Code, rec.Header().Get("Location"))
				}
				return
			}
			if rec.Code != http.StatusFound || rec.Header().Get("Location") != tc.want {
				t.Fatalf("want 302 to %s, got %d %q", tc.want, rec.Code, rec.Header().Get("Location"))
			}
		})
	}
}

func TestExpiredRedirectKeepsLastPublicURL(t *testing.T) {
	calls := 0
	x := newExpiredRedirect(http.NotFoundHandler(), "0.0.0.0:8080", func(context.Context) (string, error) {
		calls++
		if calls > 1 {
			return "", errors.New("database unavailable")
		}
		return "https://isp.example", nil
	})
	x.ttl = 0
	for i := 0; i < 3; i++ {
		req := httptest.NewRequest(http.MethodGet, "http://news.example/", nil)
		rec := httptest.NewRecorder()
		x.ServeHTTP(rec, req)
		if rec.Header().Get("Location") != "https://isp.example/portal/expired" {
			t.Fatalf("request %d: %d %q", i, rec.Code, rec.Header().Get("Location"))
		}
	}
}
