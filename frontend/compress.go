package frontend

import (
	"bytes"
	"compress/gzip"
	"net/http"
	"path"
	"strconv"
	"strings"
	"sync"
)

// Text files of a build are sent gzip-compressed to browsers that accept it (all do): the
// portal's first load is ~115 kB compressed against ~330 kB raw, which matters on a phone's
// slow connection. Each file is compressed once, on first request, and kept in memory (the
// embedded build is read-only and small).

// compressible reports whether a file of the build is worth compressing.
func compressible(name string) bool {
	switch path.Ext(name) {
	case ".js", ".mjs", ".css", ".html", ".svg", ".json", ".txt", ".map", ".webmanifest":
		return true
	}
	return false
}

// acceptsGzip reports whether the request's Accept-Encoding allows gzip (not "gzip;q=0").
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if c := strings.TrimSpace(coding); c != "gzip" && c != "*" {
			continue
		}
		q := 1.0
		if k, v, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.TrimSpace(k) == "q" {
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				q = f
			}
		}
		return q > 0
	}
	return false
}

// gzipCache holds the compressed form of each file, or nil when compressing did not help.
type gzipCache struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (c *gzipCache) get(name string, raw []byte) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if z, ok := c.files[name]; ok {
		return z
	}
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, err := zw.Write(raw)
	if err == nil {
		err = zw.Close()
	}
	var z []byte
	if err == nil && buf.Len() < len(raw) {
		z = buf.Bytes()
	}
	if c.files == nil {
		c.files = map[string][]byte{}
	}
	c.files[name] = z
	return z
}

// encoded returns what to send for a file: its gzip form (with Content-Encoding set) when
// the browser accepts it and it is smaller, else the raw bytes. Vary is set either way for
// files that may be compressed, so caches keep the two apart.
func (c *gzipCache) encoded(w http.ResponseWriter, r *http.Request, name string, raw []byte) []byte {
	if !compressible(name) {
		return raw
	}
	w.Header().Add("Vary", "Accept-Encoding")
	if !acceptsGzip(r) {
		return raw
	}
	if z := c.get(name, raw); z != nil {
		w.Header().Set("Content-Encoding", "gzip")
		return z
	}
	return raw
}
