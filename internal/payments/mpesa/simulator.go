package mpesa

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Simulator is Daraja as linedesk uses it, for tests and demos: OAuth with the app's
// consumer key and secret, URL registration, STK push and its query, and the C2B callbacks
// and STK callbacks it sends to the registered URLs, in Daraja's documented shapes. Serve
// it with httptest.NewServer (or any http.Server) and point the gateway's base URL at it.
type Simulator struct {
	ShortCode, Passkey, ConsumerKey, ConsumerSecret string
	// TokenTTL is the life of an access token (default an hour, as Daraja's 3599 seconds).
	TokenTTL time.Duration
	// HTTP delivers the callbacks (default a client with a 10-second timeout).
	HTTP *http.Client
	// Down makes every API call answer 503, as an unreachable gateway would.
	Down atomic.Bool
	// AutoAnswer, when positive, has the simulated customer answer every push this long after
	// it is made, with result AutoCode (0: paid), the callback delivered (for demos).
	AutoAnswer time.Duration
	AutoCode   int

	tokensIssued atomic.Int64
	seq          atomic.Int64
	mu           sync.Mutex
	tokens       map[string]time.Time
	validation   string
	confirmation string
	pushes       map[string]*SimPush
}

// SimPush is an STK push as the simulator holds it.
type SimPush struct {
	Request  PushRequest
	Merchant string
	Result   *STKResult // nil while the customer has not answered
}

// NewSimulator returns a simulator of one shortcode's Daraja app.
func NewSimulator(shortCode, passkey, consumerKey, consumerSecret string) *Simulator {
	return &Simulator{ShortCode: shortCode, Passkey: passkey, ConsumerKey: consumerKey, ConsumerSecret: consumerSecret,
		TokenTTL: time.Hour, HTTP: &http.Client{Timeout: 10 * time.Second},
		tokens: map[string]time.Time{}, pushes: map[string]*SimPush{}}
}

// TokensIssued counts the OAuth tokens handed out.
func (s *Simulator) TokensIssued() int { return int(s.tokensIssued.Load()) }

// RegisteredURLs returns the confirmation and validation URLs registered last.
func (s *Simulator) RegisteredURLs() (confirmation, validation string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.confirmation, s.validation
}

// ServeHTTP answers Daraja's endpoints.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.Down.Load() {
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/oauth/v1/generate":
		s.oauth(w, r)
	case r.Method != http.MethodPost:
		simError(w, http.StatusNotFound, "404.001.01", "Resource not found")
	case !s.authorized(r):
		simError(w, http.StatusUnauthorized, "404.001.03", "Invalid Access Token")
	case r.URL.Path == "/mpesa/c2b/v1/registerurl":
		s.register(w, r)
	case r.URL.Path == "/mpesa/stkpush/v1/processrequest":
		s.push(w, r)
	case r.URL.Path == "/mpesa/stkpushquery/v1/query":
		s.query(w, r)
	default:
		simError(w, http.StatusNotFound, "404.001.01", "Resource not found")
	}
}

func simError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(errorBody{RequestID: "sim-" + randomHex(4), ErrorCode: code, ErrorMessage: msg})
}

func simJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Simulator) oauth(w http.ResponseWriter, r *http.Request) {
	user, pass, ok := r.BasicAuth()
	if !ok || user != s.ConsumerKey || pass != s.ConsumerSecret || r.URL.Query().Get("grant_type") != "client_credentials" {
		simError(w, http.StatusBadRequest, "400.008.01", "Invalid Authentication passed")
		return
	}
	tok := randomHex(14)
	s.mu.Lock()
	s.tokens[tok] = time.Now().Add(s.TokenTTL)
	s.mu.Unlock()
	s.tokensIssued.Add(1)
	simJSON(w, tokenResponse{AccessToken: tok, ExpiresIn: fmt.Sprint(int(s.TokenTTL.Seconds()) - 1)})
}

func (s *Simulator) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	s.mu.Lock()
	defer s.mu.Unlock()
	exp, found := s.tokens[tok]
	return ok && found && time.Now().Before(exp)
}

func (s *Simulator) register(w http.ResponseWriter, r *http.Request) {
	var req RegisterRequest
	if json.NewDecoder(r.Body).Decode(&req) != nil || req.ShortCode != s.ShortCode || req.ConfirmationURL == "" ||
		(req.ResponseType != "Completed" && req.ResponseType != "Cancelled") {
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request - Invalid ShortCode or URLs")
		return
	}
	s.mu.Lock()
	s.confirmation, s.validation = req.ConfirmationURL, req.ValidationURL
	s.mu.Unlock()
	simJSON(w, Acknowledgement{OriginatorConversationID: "sim-" + randomHex(6), ResponseCode: "0", ResponseDescription: "Success"})
}

// checkPassword checks an STK password against the shortcode, passkey and timestamp.
func (s *Simulator) checkPassword(w http.ResponseWriter, code, password, ts string) bool {
	if code != s.ShortCode || password != Password(s.ShortCode, s.Passkey, ts) {
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request - Invalid Password")
		return false
	}
	return true
}

func (s *Simulator) push(w http.ResponseWriter, r *http.Request) {
	var req PushRequest
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request")
		return
	}
	if !s.checkPassword(w, req.BusinessShortCode, req.Password, req.Timestamp) {
		return
	}
	if req.Amount < 1 || !strings.HasPrefix(req.PhoneNumber, "254") || req.CallBackURL == "" || len(req.AccountReference) > 12 {
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request - Invalid Amount, PhoneNumber or CallBackURL")
		return
	}
	n := s.seq.Add(1)
	p := &SimPush{Request: req, Merchant: fmt.Sprintf("sim-%d-%s", n, randomHex(3))}
	id := fmt.Sprintf("ws_CO_%s%06d", time.Now().UTC().Format("02012006150405"), n)
	s.mu.Lock()
	s.pushes[id] = p
	s.mu.Unlock()
	if s.AutoAnswer > 0 {
		time.AfterFunc(s.AutoAnswer, func() {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			_, _ = s.Answer(ctx, id, s.AutoCode, true)
		})
	}
	simJSON(w, PushResponse{MerchantRequestID: p.Merchant, CheckoutRequestID: id, ResponseCode: "0",
		ResponseDescription: "Success. Request accepted for processing", CustomerMessage: "Success. Request accepted for processing"})
}

func (s *Simulator) query(w http.ResponseWriter, r *http.Request) {
	var req QueryRequest
	if json.NewDecoder(r.Body).Decode(&req) != nil {
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request")
		return
	}
	if !s.checkPassword(w, req.BusinessShortCode, req.Password, req.Timestamp) {
		return
	}
	s.mu.Lock()
	p := s.pushes[req.CheckoutRequestID]
	var res *STKResult
	if p != nil && p.Result != nil {
		c := *p.Result
		res = &c
	}
	s.mu.Unlock()
	switch {
	case p == nil:
		simError(w, http.StatusBadRequest, "400.002.02", "Bad Request - Invalid CheckoutRequestID")
	case res == nil:
		simError(w, http.StatusInternalServerError, processingErrCode, "The transaction is being processed")
	default:
		simJSON(w, map[string]string{"ResponseCode": "0", "ResponseDescription": "The service request has been accepted successsfully",
			"MerchantRequestID": res.MerchantRequestID, "CheckoutRequestID": res.CheckoutRequestID,
			"ResultCode": string(res.ResultCode), "ResultDesc": res.ResultDesc})
	}
}

// Pushes returns the STK pushes received, by CheckoutRequestID.
func (s *Simulator) Pushes() map[string]SimPush {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]SimPush{}
	for id, p := range s.pushes {
		out[id] = *p
	}
	return out
}

// Answer is the customer answering the STK push checkoutID: code 0 pays (with a new receipt
// number), 1032 cancels, 1037 times out. The result is what the query answers from now on;
// the callback is sent to the push's CallBackURL only when deliver is true (false: the
// callback is lost). It returns the callback body.
func (s *Simulator) Answer(ctx context.Context, checkoutID string, code int, deliver bool) (*Callback, error) {
	s.mu.Lock()
	p := s.pushes[checkoutID]
	if p == nil {
		s.mu.Unlock()
		return nil, fmt.Errorf("mpesa simulator: no push %s", checkoutID)
	}
	res := STKResult{MerchantRequestID: p.Merchant, CheckoutRequestID: checkoutID, ResultCode: Code(fmt.Sprint(code))}
	switch code {
	case ResultPaid:
		res.ResultDesc = "The service request is processed successfully."
		res.CallbackMetadata = &Metadata{Item: []Item{
			{Name: "Amount", Value: float64(p.Request.Amount)},
			{Name: "MpesaReceiptNumber", Value: s.receipt()},
			{Name: "TransactionDate", Value: float64(mustInt(time.Now().In(nairobi).Format(timestampLayout)))},
			{Name: "PhoneNumber", Value: float64(mustInt(p.Request.PhoneNumber))},
		}}
	case ResultCancelled:
		res.ResultDesc = "Request cancelled by user"
	case ResultTimeout:
		res.ResultDesc = "DS timeout user cannot be reached"
	default:
		res.ResultDesc = "The balance is insufficient for the transaction"
	}
	p.Result = &res
	url := p.Request.CallBackURL
	s.mu.Unlock()
	cb := &Callback{}
	cb.Body.STKCallback = res
	if !deliver {
		return cb, nil
	}
	return cb, s.Send(ctx, url, cb, nil)
}

func mustInt(s string) int64 {
	var n int64
	for _, d := range s {
		if d >= '0' && d <= '9' {
			n = n*10 + int64(d-'0')
		}
	}
	return n
}

// receipt makes an M-Pesa-like receipt number (10 upper-case letters and digits).
func (s *Simulator) receipt() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
	b := make([]byte, 10)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	b[0] = 'S'
	return string(b)
}

// C2B is a customer paying the shortcode from msisdn (2547XXXXXXXX) with account as the bill
// reference: the simulator asks the registered validation URL (when one is registered) and,
// when it accepts, posts the confirmation. It returns the request (TransID is the M-Pesa
// transaction code) and the validation's answer.
func (s *Simulator) C2B(ctx context.Context, account, msisdn string, shillings int64) (C2BRequest, C2BResponse, error) {
	req := C2BRequest{
		TransactionType: "Pay Bill", TransID: s.receipt(), TransTime: time.Now().In(nairobi).Format(timestampLayout),
		TransAmount: Amount(shillings * 100), BusinessShortCode: s.ShortCode, BillRefNumber: account,
		MSISDN: msisdn, FirstName: "JOHN", MiddleName: "", LastName: "DOE",
	}
	confirmation, validation := s.RegisteredURLs()
	if confirmation == "" {
		return req, C2BResponse{}, fmt.Errorf("mpesa simulator: no URLs registered for %s", s.ShortCode)
	}
	ans := C2BResponse{ResultCode: Accepted}
	if validation != "" {
		if err := s.Send(ctx, validation, req, &ans); err != nil {
			return req, ans, err
		}
		if ans.ResultCode != Accepted {
			return req, ans, nil
		}
	}
	return req, ans, s.Send(ctx, confirmation, req, nil)
}

// Confirm posts req to the registered confirmation URL again (a duplicated delivery).
func (s *Simulator) Confirm(ctx context.Context, req C2BRequest) error {
	confirmation, _ := s.RegisteredURLs()
	return s.Send(ctx, confirmation, req, nil)
}

// Send posts body as JSON to url and decodes a 200 answer into out (when not nil).
func (s *Simulator) Send(ctx context.Context, url string, body, out any) error {
	b, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	rb, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if resp.StatusCode != http.StatusOK {
		return &APIError{Status: resp.StatusCode, Message: strings.TrimSpace(string(rb))}
	}
	if out != nil {
		return json.Unmarshal(rb, out)
	}
	return nil
}
