package payments

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/netip"

	"github.com/linedesk/linedesk/ent/paymentgateway"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/payments/mpesa"
	"github.com/linedesk/linedesk/internal/payments/paystack"
	"github.com/linedesk/linedesk/internal/settings"
)

// maxCallbackBytes bounds a callback's body.
const maxCallbackBytes = 64 << 10

// Handler serves the gateways' callbacks under /pay/ (see the Path constants). A wrong token,
// a disabled gateway and an unknown path all answer 404; an M-Pesa callback from outside
// mpesa_callback_sources answers 403; a Paystack webhook with a wrong signature answers 401.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathC2BValidation, s.mpesaOnly(s.serveValidation))
	mux.HandleFunc("POST "+PathC2BConfirmation, s.mpesaOnly(s.serveConfirmation))
	mux.HandleFunc("POST "+PathSTKResult, s.mpesaOnly(s.serveSTKResult))
	mux.HandleFunc("POST "+PathPaystackWebhook, s.servePaystack)
	return mux
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func remoteAddr(r *http.Request) netip.Addr {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	a, _ := netip.ParseAddr(host)
	return a.Unmap()
}

// withSource makes the callback's source address the actor's address.
func withSource(r *http.Request, name string) context.Context {
	return audit.WithActor(r.Context(), audit.Actor{Name: name, Address: remoteAddr(r).String()})
}

// mpesaOnly checks the path token and the source allowlist before next.
func (s *Service) mpesaOnly(next http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if _, ok := s.checkToken(r.Context(), paymentgateway.KindMPESA, r.PathValue("token")); !ok {
			http.NotFound(w, r)
			return
		}
		v, err := settings.Load(r.Context(), s.st.Client)
		if err != nil {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		if nets, _ := settings.ParseSources(v[settings.MpesaCallbackSources]); len(nets) > 0 {
			from, allowed := remoteAddr(r), false
			for _, n := range nets {
				allowed = allowed || n.Contains(from)
			}
			if !allowed {
				s.log.Warn("M-Pesa callback from a source outside mpesa_callback_sources refused", "from", from)
				http.Error(w, "forbidden", http.StatusForbidden)
				return
			}
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxCallbackBytes)
		next(w, r)
	}
}

func (s *Service) serveValidation(w http.ResponseWriter, r *http.Request) {
	var req mpesa.C2BRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, mpesa.C2BResponse{ResultCode: mpesa.OtherError, ResultDesc: "Rejected"})
		return
	}
	writeJSON(w, http.StatusOK, s.Validate(withSource(r, MethodMpesa), req))
}

func (s *Service) serveConfirmation(w http.ResponseWriter, r *http.Request) {
	var req mpesa.C2BRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeJSON(w, http.StatusBadRequest, mpesa.C2BResponse{ResultCode: mpesa.OtherError, ResultDesc: "Rejected"})
		return
	}
	if err := s.Confirm(withSource(r, MethodMpesa), req); err != nil {
		s.log.Error("booking an M-Pesa confirmation failed", "trans", cut(req.TransID, 32), "err", err)
		writeJSON(w, http.StatusInternalServerError, mpesa.C2BResponse{ResultCode: mpesa.OtherError, ResultDesc: "Failed"})
		return
	}
	writeJSON(w, http.StatusOK, mpesa.C2BResponse{ResultCode: mpesa.Accepted, ResultDesc: "Accepted"})
}

func (s *Service) serveSTKResult(w http.ResponseWriter, r *http.Request) {
	var cb mpesa.Callback
	if err := json.NewDecoder(r.Body).Decode(&cb); err != nil || cb.Body.STKCallback.CheckoutRequestID == "" {
		writeJSON(w, http.StatusBadRequest, mpesa.C2BResponse{ResultCode: mpesa.OtherError, ResultDesc: "Rejected"})
		return
	}
	if err := s.STKResult(withSource(r, MethodMpesa), cb.Body.STKCallback); err != nil {
		// The push stays PENDING; the settling job asks stkpushquery again.
		s.log.Warn("settling an STK push after its callback failed; the settling job retries", "err", err)
	}
	writeJSON(w, http.StatusOK, mpesa.C2BResponse{ResultCode: mpesa.Accepted, ResultDesc: "Accepted"})
}

func (s *Service) servePaystack(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if _, ok := s.checkToken(ctx, paymentgateway.KindPAYSTACK, r.PathValue("token")); !ok {
		http.NotFound(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxCallbackBytes))
	if err != nil {
		http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
		return
	}
	if !s.paystackSigned(ctx, body, r.Header.Get(paystack.SignatureHeader)) {
		s.log.Warn("Paystack webhook with a wrong signature refused", "from", remoteAddr(r))
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var ev paystack.Event
	if err := json.Unmarshal(body, &ev); err != nil {
		http.Error(w, "bad body", http.StatusBadRequest)
		return
	}
	if err := s.PaystackEvent(withSource(r, MethodPaystack), ev); err != nil {
		s.log.Error("booking a Paystack webhook failed; Paystack retries it", "reference", cut(ev.Data.Reference, 64), "err", err)
		http.Error(w, "try again", http.StatusInternalServerError)
		return
	}
	w.WriteHeader(http.StatusOK)
}

// paystackSigned checks the webhook's signature with the configured secret key.
func (s *Service) paystackSigned(ctx context.Context, body []byte, sig string) bool {
	_, gw, err := s.gateway(ctx, paymentgateway.KindPAYSTACK)
	if err != nil {
		return false
	}
	pg, ok := gw.(*paystackGateway)
	return ok && paystack.ValidSignature(pg.c.SecretKey(), body, sig)
}
