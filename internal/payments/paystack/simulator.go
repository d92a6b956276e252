package paystack

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Simulator is Paystack's API as linedesk uses it, for tests and demos: initialise and
// verify with the secret key as the bearer token, a hosted checkout page per transaction,
// and charge.success webhooks signed with the secret key, in Paystack's documented shapes.
type Simulator struct {
	SecretKey string
	// HTTP delivers webhooks (default a client with a 10-second timeout).
	HTTP *http.Client
	// Down makes every API call answer 503.
	Down atomic.Bool
	// WebhookURL, when set, is where the checkout page's Pay button delivers the signed
	// charge.success webhook (for demos); the payer is then sent to the callback_url.
	WebhookURL string

	mu  sync.Mutex
	txs map[string]*Transaction
	// codes maps an access code to its transaction's reference, and callbacks a reference to
	// its callback_url.
	codes, callbacks map[string]string
	url              string // the simulator's own address, for authorization_url (set on first request)
	seq              atomic.Int64
}

// NewSimulator returns a simulator of the Paystack account with secretKey.
func NewSimulator(secretKey string) *Simulator {
	return &Simulator{SecretKey: secretKey, HTTP: &http.Client{Timeout: 10 * time.Second}, txs: map[string]*Transaction{},
		codes: map[string]string{}, callbacks: map[string]string{}}
}

func simJSON(w http.ResponseWriter, status int, ok bool, msg string, data any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": ok, "message": msg, "data": data})
}

// ServeHTTP answers /transaction/initialize, /transaction/verify/:reference and the
// checkout page /checkout/:access_code.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.Down.Load() {
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
		return
	}
	s.mu.Lock()
	if s.url == "" {
		s.url = "http://" + r.Host
	}
	s.mu.Unlock()
	if code, ok := strings.CutPrefix(r.URL.Path, "/checkout/"); ok {
		s.checkout(w, r, code)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+s.SecretKey {
		simJSON(w, http.StatusUnauthorized, false, "Invalid key", nil)
		return
	}
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/transaction/initialize":
		s.initialize(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/transaction/verify/"):
		ref := strings.TrimPrefix(r.URL.Path, "/transaction/verify/")
		s.mu.Lock()
		t := s.txs[ref]
		var c Transaction
		if t != nil {
			c = *t
		}
		s.mu.Unlock()
		if t == nil {
			simJSON(w, http.StatusBadRequest, false, "Transaction reference not found", nil)
			return
		}
		simJSON(w, http.StatusOK, true, "Verification successful", c)
	default:
		simJSON(w, http.StatusNotFound, false, "Not found", nil)
	}
}

func (s *Simulator) initialize(w http.ResponseWriter, r *http.Request) {
	var in InitializeRequest
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Email == "" || in.Amount <= 0 {
		simJSON(w, http.StatusBadRequest, false, "Invalid email or amount", nil)
		return
	}
	if in.Reference == "" {
		in.Reference = randomHex(8)
	}
	code := randomHex(7)
	s.mu.Lock()
	if _, dup := s.txs[in.Reference]; dup {
		s.mu.Unlock()
		simJSON(w, http.StatusBadRequest, false, "Duplicate Transaction Reference", nil)
		return
	}
	cur := in.Currency
	if cur == "" {
		cur = "NGN"
	}
	t := &Transaction{ID: s.seq.Add(1), Domain: "test", Status: "abandoned", Reference: in.Reference, Amount: in.Amount,
		Currency: cur, GatewayResponse: "The transaction was not completed", Metadata: in.Metadata}
	t.Customer.Email = in.Email
	s.txs[in.Reference] = t
	s.codes[code], s.callbacks[in.Reference] = in.Reference, in.CallbackURL
	base := s.url
	s.mu.Unlock()
	simJSON(w, http.StatusOK, true, "Authorization URL created",
		Initialized{AuthorizationURL: base + "/checkout/" + code, AccessCode: code, Reference: in.Reference})
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// Pay completes the transaction with reference (status success, paid now) and returns the
// charge.success event a webhook carries.
func (s *Simulator) Pay(reference string) (*Event, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.txs[reference]
	if t == nil {
		return nil, fmt.Errorf("paystack simulator: no transaction %s", reference)
	}
	paid := time.Now().UTC().Format(time.RFC3339)
	t.Status, t.GatewayResponse, t.PaidAt, t.Channel = "success", "Successful", &paid, "card"
	return &Event{Event: "charge.success", Data: *t}, nil
}

// Charge records a payment made outside linedesk (say, on a Paystack payment page) and
// returns its charge.success event.
func (s *Simulator) Charge(reference, email, currency string, amount int64, metadata map[string]any) *Event {
	s.mu.Lock()
	t := &Transaction{ID: s.seq.Add(1), Domain: "test", Reference: reference, Amount: amount, Currency: currency, Metadata: metadata}
	t.Customer.Email = email
	s.txs[reference] = t
	s.mu.Unlock()
	ev, _ := s.Pay(reference)
	return ev
}

// Deliver posts ev to url signed with key (the account's secret key; pass another to forge)
// and returns the HTTP status of the answer.
func (s *Simulator) Deliver(ctx context.Context, url string, ev *Event, key string) (int, error) {
	body, err := json.Marshal(ev)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(SignatureHeader, Sign(key, body))
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

// checkout serves the hosted page of a transaction: GET shows a Pay button, POST pays,
// delivers the signed webhook to WebhookURL (when set) and sends the payer to callback_url.
func (s *Simulator) checkout(w http.ResponseWriter, r *http.Request, code string) {
	s.mu.Lock()
	ref := s.codes[code]
	back := s.callbacks[ref]
	s.mu.Unlock()
	if ref == "" {
		http.NotFound(w, r)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><title>Paystack checkout (simulated)</title><form method="post"><p>Simulated checkout %s</p><button>Pay</button></form>`,
			html.EscapeString(ref))
		return
	}
	ev, err := s.Pay(ref)
	if err == nil && s.WebhookURL != "" {
		_, err = s.Deliver(r.Context(), s.WebhookURL, ev, s.SecretKey)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	if back == "" {
		fmt.Fprintln(w, "paid")
		return
	}
	http.Redirect(w, r, back+"?reference="+url.QueryEscape(ref), http.StatusSeeOther)
}
