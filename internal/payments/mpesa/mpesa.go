// Package mpesa speaks Safaricom's M-Pesa Daraja API as an ISP needs it: OAuth tokens
// (/oauth/v1/generate, cached until they expire), C2B URL registration
// (/mpesa/c2b/v1/registerurl) and the shapes of its validation and confirmation callbacks, STK
// Push (/mpesa/stkpush/v1/processrequest) with its callback, and the STK Push status query
// (/mpesa/stkpushquery/v1/query). Simulator serves the same API for tests and demos.
//
// Daraja signs none of its callbacks: the caller (internal/payments) protects the callback
// URLs with a secret path token and an optional source allowlist, and confirms every STK
// result with Query before booking it.
package mpesa

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Base URLs of Daraja.
const (
	SandboxURL = "https://sandbox.safaricom.co.ke"
	LiveURL    = "https://api.safaricom.co.ke"
)

// Result codes of the C2B validation answer (Daraja's documented codes).
const (
	Accepted          = "0"
	InvalidMSISDN     = "C2B00011"
	InvalidAccount    = "C2B00012"
	InvalidAmount     = "C2B00013"
	InvalidKYC        = "C2B00014"
	InvalidShortcode  = "C2B00015"
	OtherError        = "C2B00016"
	timestampLayout   = "20060102150405"
	processingErrCode = "500.001.1001"
)

// Result codes of an STK push (callback and query) that linedesk tells apart.
const (
	ResultPaid      = 0
	ResultCancelled = 1032 // the customer cancelled the prompt
	ResultTimeout   = 1037 // the phone could not be reached / no answer in time
)

// ErrProcessing is Query's answer while the customer has not yet answered the prompt
// (Daraja: errorCode 500.001.1001, "The transaction is being processed").
var ErrProcessing = errors.New("mpesa: the transaction is being processed")

// Config is one shortcode's Daraja app.
type Config struct {
	BaseURL        string // SandboxURL, LiveURL or a simulator
	ConsumerKey    string
	ConsumerSecret string
	ShortCode      string // the paybill or till number (BusinessShortCode)
	Passkey        string // the Lipa Na M-Pesa Online passkey
	Till           bool   // a till (CustomerBuyGoodsOnline) rather than a paybill
	HTTP           *http.Client
	Now            func() time.Time
}

// Client calls Daraja for one shortcode. It is safe for concurrent use; the OAuth token is
// shared and renewed a minute before it expires.
type Client struct {
	cfg     Config
	mu      sync.Mutex
	token   string
	expires time.Time
}

// New returns a client for cfg.
func New(cfg Config) *Client {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Client{cfg: cfg}
}

// Password is the STK Push password: base64(shortcode + passkey + timestamp).
func Password(shortCode, passkey, timestamp string) string {
	return base64.StdEncoding.EncodeToString([]byte(shortCode + passkey + timestamp))
}

// APIError is an answer of Daraja other than success: the HTTP status and Daraja's own
// errorCode and errorMessage (or ResponseCode and ResponseDescription).
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("mpesa: HTTP %d: %s %s", e.Status, e.Code, e.Message)
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   string `json:"expires_in"`
}

// Token returns a valid OAuth access token, fetching a new one only when the cached one is
// within a minute of expiring.
func (c *Client) Token(ctx context.Context) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.cfg.Now()
	if c.token != "" && now.Before(c.expires) {
		return c.token, nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.cfg.BaseURL+"/oauth/v1/generate?grant_type=client_credentials", nil)
	if err != nil {
		return "", fmt.Errorf("mpesa: %w", err)
	}
	req.SetBasicAuth(c.cfg.ConsumerKey, c.cfg.ConsumerSecret)
	var out tokenResponse
	if err := c.do(req, &out); err != nil {
		return "", err
	}
	secs, err := strconv.Atoi(strings.TrimSpace(out.ExpiresIn))
	if out.AccessToken == "" || err != nil {
		return "", errors.New("mpesa: the OAuth answer has no access_token or expires_in")
	}
	c.token, c.expires = out.AccessToken, now.Add(time.Duration(secs)*time.Second-time.Minute)
	return c.token, nil
}

// post sends body as JSON to path with the bearer token and decodes the answer into out.
func (c *Client) post(ctx context.Context, path string, body, out any) error {
	tok, err := c.Token(ctx)
	if err != nil {
		return err
	}
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("mpesa: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.cfg.BaseURL+path, bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("mpesa: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "application/json")
	err = c.do(req, out)
	var ae *APIError
	if errors.As(err, &ae) && ae.Status == http.StatusUnauthorized {
		c.mu.Lock()
		c.token = "" // revoked or expired early: the next call fetches a new one
		c.mu.Unlock()
	}
	return err
}

// errorBody is Daraja's error answer.
type errorBody struct {
	RequestID    string `json:"requestId"`
	ErrorCode    string `json:"errorCode"`
	ErrorMessage string `json:"errorMessage"`
}

func (c *Client) do(req *http.Request, out any) error {
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("mpesa: %s %s: %w", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("mpesa: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		var eb errorBody
		_ = json.Unmarshal(b, &eb)
		return &APIError{Status: resp.StatusCode, Code: eb.ErrorCode, Message: eb.ErrorMessage}
	}
	if err := json.Unmarshal(b, out); err != nil {
		return fmt.Errorf("mpesa: decoding the answer of %s: %w", req.URL.Path, err)
	}
	return nil
}

// RegisterRequest is /mpesa/c2b/v1/registerurl's body.
type RegisterRequest struct {
	ShortCode       string `json:"ShortCode"`
	ResponseType    string `json:"ResponseType"` // Completed or Cancelled: what M-Pesa does when validation does not answer
	ConfirmationURL string `json:"ConfirmationURL"`
	ValidationURL   string `json:"ValidationURL"`
}

// Acknowledgement is Daraja's synchronous answer to a request.
type Acknowledgement struct {
	OriginatorConversationID string `json:"OriginatorCoversationID"` // sic, as Daraja spells it
	ConversationID           string `json:"ConversationID"`
	ResponseCode             string `json:"ResponseCode"`
	ResponseDescription      string `json:"ResponseDescription"`
}

// RegisterURLs registers the confirmation and validation URLs of the shortcode. When
// validation does not answer, M-Pesa cancels the payment (ResponseType Cancelled): money never
// arrives that linedesk could not check.
func (c *Client) RegisterURLs(ctx context.Context, confirmationURL, validationURL string) error {
	var ack Acknowledgement
	err := c.post(ctx, "/mpesa/c2b/v1/registerurl", RegisterRequest{
		ShortCode: c.cfg.ShortCode, ResponseType: "Cancelled",
		ConfirmationURL: confirmationURL, ValidationURL: validationURL,
	}, &ack)
	if err != nil {
		return err
	}
	if ack.ResponseCode != "0" {
		return &APIError{Status: http.StatusOK, Code: ack.ResponseCode, Message: ack.ResponseDescription}
	}
	return nil
}
