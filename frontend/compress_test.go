package frontend

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestGzip(t *testing.T) {
	js := strings.Repeat(`console.log("portal");`, 200)
	fsys := fstest.MapFS{
		"index.html":          {Data: []byte(`<!doctype html>` + strings.Repeat(`<div id="root"></div>`, 50))},
		"assets/index-abc.js": {Data: []byte(js)},
		"assets/logo-abc.png": {Data: []byte("\x89PNG not compressed")},
	}
	for _, h := range []struct {
		name   string
		prefix string
		serve  func(*httptest.ResponseRecorder, string, string)
	}{
		{"dashboard", "", func(rec *httptest.ResponseRecorder, p, ae string) { serveWith(newHandler(fsys), rec, p, ae) }},
		{"portal", "/portal", func(rec *httptest.ResponseRecorder, p, ae string) { serveWith(newPortalHandler(fsys), rec, p, ae) }},
	} {
		for _, c := range []struct {
			path, acceptEncoding string
			gzipped              bool
			want                 string
		}{
			{"/assets/index-abc.js", "gzip, deflate, br", true, js},
			{"/assets/index-abc.js", "br;q=1.0, gzip;q=0.8", true, js},
			{"/assets/index-abc.js", "", false, js},
			{"/assets/index-abc.js", "gzip;q=0", false, js},
			{"/assets/index-abc.js", "identity", false, js},
			{"/", "gzip", true, `<div id="root">`},
			{"/some/client/route", "gzip", true, `<div id="root">`},
			{"/assets/logo-abc.png", "gzip", false, "PNG"},
		} {
			t.Run(h.name+c.path+"|"+c.acceptEncoding, func(t *testing.T) {
				rec := httptest.NewRecorder()
				h.serve(rec, h.prefix+c.path, c.acceptEncoding)
				if rec.Code != 200 {
					t.Fatalf("status %d", rec.Code)
				}
				body := rec.Body.Bytes()
				if got := rec.Header().Get("Content-Encoding") == "gzip"; got != c.gzipped {
					t.Fatalf("gzip = %v, want %v", got, c.gzipped)
				}
				if c.gzipped {
					zr, err := gzip.NewReader(bytes.NewReader(body))
					if err != nil {
						t.Fatal(err)
					}
					if body, err = io.ReadAll(zr); err != nil {
						t.Fatal(err)
					}
					if rec.Body.Len() >= len(body) {
						t.Errorf("compressed %d bytes is not smaller than %d", rec.Body.Len(), len(body))
					}
				}
				if !strings.Contains(string(body), c.want) {
					t.Errorf("body %.80q lacks %q", body, c.want)
				}
				if strings.HasSuffix(c.path, ".png") != (rec.Header().Get("Vary") == "") {
					t.Errorf("Vary = %q", rec.Header().Get("Vary"))
				}
			})
		}
	}
}

func serveWith(h interface {
	ServeHTTP(w http.ResponseWriter, r *http.Request)
}, rec *httptest.ResponseRecorder, p, acceptEncoding string) {
	req := httptest.NewRequest("GET", p, nil)
	req.Host = "desk.example:8080"
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	h.ServeHTTP(rec, req)
}
