package graph

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

// TestReceiptAndInvoiceDownloads: a payment answers its receipt number and URL, a renewal
// its invoice with lines; staff of every role fetch both as PDF and printable HTML with the
// Authorization header, and nobody fetches them without a valid token (a token in the URL
// counts for nothing); a transaction that is not a payment has no receipt.
func TestReceiptAndInvoiceDownloads(t *testing.T) {
	e := newEnv(t, false)
	h := NewHandler(Deps{Store: e.st, Box: testutil.Box(t), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	c := e.customer("amina", "0712000111", e.profile("Home", 30, nil))
	var pay struct {
		RecordPayment struct {
			ID, Kind   string
			ReceiptNo  *string
			ReceiptURL *string
		}
	}
	e.ok(&pay, e.op, `mutation($in:RecordPaymentInput!){ recordPayment(input:$in){ id kind receiptNo receiptURL } }`,
		"in", map[string]any{"customerID": c.ID, "amount": 150000, "method": "mpesa", "reference": "QAB12CD34"})
	p := pay.RecordPayment
	if p.ReceiptNo == nil || *p.ReceiptNo != "R-000001" || p.ReceiptURL == nil || *p.ReceiptURL != "/receipts/"+p.ID+".pdf" {
		t.Fatalf("payment %+v", p)
	}
	e.ok(nil, e.op, `mutation($id:ID!){ renewCustomer(id:$id){ id } }`, "id", c.ID)
	var cu struct {
		Customer struct {
			Transactions struct {
				Edges []struct {
					Node struct {
						Kind                  string
						ReceiptNo, ReceiptURL *string
					}
				}
			}
			Invoices struct {
				Edges []struct {
					Node struct {
						ID, Number, PdfURL string
						Total              int
						Lines              []struct {
							Description string
							Amount      int
						}
					}
				}
			}
		}
	}
	e.ok(&cu, e.viewer, `query($id:ID!){ customer(id:$id){
		transactions(first:10){ edges{ node{ kind receiptNo receiptURL } } }
		invoices(first:10){ edges{ node{ id number pdfURL total lines{ description amount } } } } } }`, "id", c.ID)
	for _, ed := range cu.Customer.Transactions.Edges {
		if (ed.Node.Kind == "PAYMENT") != (ed.Node.ReceiptNo != nil) || (ed.Node.ReceiptNo == nil) != (ed.Node.ReceiptURL == nil) {
			t.Errorf("transaction %+v: only payments have receipts", ed.Node)
		}
	}
	if len(cu.Customer.Invoices.Edges) != 1 {
		t.Fatalf("invoices %+v", cu.Customer.Invoices)
	}
	inv := cu.Customer.Invoices.Edges[0].Node
	if inv.Number != "INV-000001" || inv.Total != 150000 || inv.PdfURL != "/invoices/"+inv.ID+".pdf" ||
		len(inv.Lines) != 1 || inv.Lines[0].Amount != 150000 || !strings.HasPrefix(inv.Lines[0].Description, "Home, ") {
		t.Fatalf("invoice %+v", inv)
	}

	get := func(path, token string) *http.Response {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		return w.Result()
	}
	receipt, invoice := *p.ReceiptURL, inv.PdfURL
	for _, tt := range []struct {
		name, path, token string
		status            int
		ctype, starts     string
	}{
		{"no token", receipt, "", 401, "", ""},
		{"bad token", receipt, "not-a-token", 401, "", ""},
		{"token in the URL", receipt + "?access_token=" + e.viewer, "", 401, "", ""},
		{"viewer PDF", receipt, e.viewer, 200, "application/pdf", "%PDF-"},
		{"operator HTML", strings.TrimSuffix(receipt, ".pdf") + ".html", e.op, 200, "text/html; charset=utf-8", "<!doctype html>"},
		{"invoice no token", invoice, "", 401, "", ""},
		{"invoice viewer PDF", invoice, e.viewer, 200, "application/pdf", "%PDF-"},
		{"invoice HTML", strings.TrimSuffix(invoice, ".pdf") + ".html", e.admin, 200, "text/html; charset=utf-8", "<!doctype html>"},
		{"unknown receipt", "/receipts/999999.pdf", e.viewer, 404, "", ""},
		{"invoice id as a receipt", "/receipts/" + inv.ID + ".pdf", e.viewer, 404, "", ""},
		{"other format", strings.TrimSuffix(receipt, ".pdf") + ".exe", e.viewer, 404, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := get(tt.path, tt.token)
			body, _ := io.ReadAll(res.Body)
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d: %s", res.StatusCode, tt.status, body)
			}
			if tt.ctype != "" && res.Header.Get("Content-Type") != tt.ctype {
				t.Errorf("content type %q", res.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(string(body), tt.starts) {
				t.Errorf("body starts %q", body[:min(len(body), 40)])
			}
			if tt.status == 200 && res.Header.Get("Cache-Control") != "private, no-store" {
				t.Errorf("Cache-Control %q", res.Header.Get("Cache-Control"))
			}
			if strings.HasPrefix(tt.ctype, "text/html") && !strings.Contains(res.Header.Get("Content-Security-Policy"), "default-src 'none'") {
				t.Errorf("the page has no strict CSP: %q", res.Header.Get("Content-Security-Policy"))
			}
		})
	}
}
