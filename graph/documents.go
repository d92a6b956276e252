package graph

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/domain"
)

// serveReceipt serves GET /receipts/{transaction id}.pdf or .html (every staff role).
func (r *Resolver) serveReceipt(w http.ResponseWriter, req *http.Request) {
	r.serveDocument(w, req, "receipt", r.documents.Receipt)
}

// serveInvoice serves GET /invoices/{invoice id}.pdf or .html (every staff role).
func (r *Resolver) serveInvoice(w http.ResponseWriter, req *http.Request) {
	r.serveDocument(w, req, "invoice", r.documents.Invoice)
}

// serveDocument checks the token (the Authorization header: tokens never travel in URLs),
// reads the id and format from the path and writes the document.
func (r *Resolver) serveDocument(w http.ResponseWriter, req *http.Request, what string,
	load func(ctx context.Context, id int) (*documents.Document, error)) {
	ctx := req.Context()
	if !r.allowHTTP(w, req, auth.Viewer) {
		return
	}
	name, ext, _ := strings.Cut(req.PathValue("file"), ".")
	f, okf := documents.ParseFormat(ext)
	id, err := strconv.Atoi(name)
	if !okf || err != nil || id <= 0 {
		http.Error(w, "ask for /"+what+"s/{id}.pdf or /"+what+"s/{id}.html", http.StatusNotFound)
		return
	}
	d, err := load(ctx, id)
	if domain.IsKind(err, domain.NotFound) {
		http.Error(w, what+" not found", http.StatusNotFound)
		return
	}
	if err != nil {
		r.deps.Logger.Error("reading "+what, "id", id, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	body, err := documents.Render(d, f)
	if err != nil {
		r.deps.Logger.Error("rendering "+what, "id", id, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Cache-Control", "private, no-store")
	file := strings.ReplaceAll(d.Number, "/", "-") + "." + string(f)
	if f == documents.PDF {
		h.Set("Content-Disposition", `inline; filename="`+file+`"`)
	} else {
		// The page prints; it runs no script and loads nothing but its inline style and logo.
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}

// allowHTTP answers 401 without a valid token and 403 below role need; it reports whether
// the request may go on.
func (r *Resolver) allowHTTP(w http.ResponseWriter, req *http.Request, need auth.Role) bool {
	_, err := auth.Require(req.Context(), need)
	if err == nil {
		return true
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if errors.Is(err, auth.ErrForbidden) {
		http.Error(w, err.Error(), http.StatusForbidden)
		return false
	}
	if infoFrom(req.Context()).lookupFailed {
		http.Error(w, errUnavailableMessage, http.StatusServiceUnavailable)
		return false
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="linedesk"`)
	http.Error(w, err.Error(), http.StatusUnauthorized)
	return false
}
