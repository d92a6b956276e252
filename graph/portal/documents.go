package portal

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/linedesk/linedesk/internal/documents"
	"github.com/linedesk/linedesk/internal/domain"
	svc "github.com/linedesk/linedesk/internal/portal"
)

// The subscriber's own receipts and invoices: GET /portal/receipts/{transaction id}.pdf (or
// .html) and /portal/invoices/{invoice id}.pdf, with the portal token in the Authorization
// header (tokens never travel in URLs; the portal downloads into a blob). Without a valid
// subscriber token: 401; another customer's document: 404, as a missing one.

// withDocuments routes the document paths to their handlers and everything else to api.
func (r *Resolver) withDocuments(api http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /portal/receipts/{file}", func(w http.ResponseWriter, req *http.Request) {
		r.serveDocument(w, req, "receipt", r.svc.ReceiptFile)
	})
	mux.HandleFunc("GET /portal/invoices/{file}", func(w http.ResponseWriter, req *http.Request) {
		r.serveDocument(w, req, "invoice", r.svc.InvoiceFile)
	})
	mux.Handle("/", api)
	return mux
}

func (r *Resolver) serveDocument(w http.ResponseWriter, req *http.Request, what string,
	render func(ctx context.Context, id int, f documents.Format) ([]byte, error)) {
	ctx := req.Context()
	if svc.SignInFrom(ctx) == nil {
		w.Header().Set("WWW-Authenticate", "Bearer")
		http.Error(w, "sign in to the portal first", http.StatusUnauthorized)
		return
	}
	name, ext, _ := strings.Cut(req.PathValue("file"), ".")
	f, okf := documents.ParseFormat(ext)
	id, err := strconv.Atoi(name)
	if !okf || err != nil || id <= 0 {
		http.Error(w, "ask for /portal/"+what+"s/{id}.pdf or .html", http.StatusNotFound)
		return
	}
	body, err := render(ctx, id, f)
	if domain.IsKind(err, domain.NotFound) || errors.Is(err, svc.ErrUnauthenticated) {
		http.Error(w, what+" not found", http.StatusNotFound)
		return
	}
	if err != nil {
		r.log.Error("rendering "+what, "id", id, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType())
	h.Set("Cache-Control", "private, no-store")
	if f == documents.PDF {
		h.Set("Content-Disposition", `inline; filename="`+what+"-"+strconv.Itoa(id)+`.pdf"`)
	} else {
		h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	_, _ = w.Write(body)
}
