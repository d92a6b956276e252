package graph

import (
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
)

// exportCSV serves GET /export/customers.csv?search=…&status=… (operators and admins).
func (r *Resolver) exportCSV(w http.ResponseWriter, req *http.Request) {
	ctx := req.Context()
	if _, err := auth.Require(ctx, auth.Operator); err != nil {
		code := http.StatusUnauthorized
		if err == auth.ErrForbidden {
			code = http.StatusForbidden
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if code == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="linedesk"`)
		}
		http.Error(w, err.Error(), code)
		return
	}
	q := req.URL.Query()
	f := customers.Filter{Search: q.Get("search"), Status: customers.ConnectionStatus(strings.ToUpper(q.Get("status"))),
		Access: customers.AccessState(strings.ToUpper(q.Get("state")))}
	if !utf8.ValidString(f.Search) || strings.ContainsRune(f.Search, 0) {
		http.Error(w, "search must be UTF-8 text without NUL characters", http.StatusBadRequest)
		return
	}
	switch f.Status {
	case "", customers.Online, customers.Offline, customers.Expired:
	default:
		http.Error(w, "status must be ONLINE, OFFLINE or EXPIRED", http.StatusBadRequest)
		return
	}
	name := "customers-" + time.Now().UTC().Format("2006-01-02") + ".csv"
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"; filename*=UTF-8''`+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	if _, err := r.customers.Export(ctx, w, f); err != nil {
		r.deps.Logger.Error("customer export failed", "err", err)
		return // headers are sent; the truncated file is the signal
	}
	if err := r.customers.RecordExport(ctx, f); err != nil {
		r.deps.Logger.Error("auditing export", "err", err)
	}
}
