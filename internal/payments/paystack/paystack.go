// Package paystack speaks the parts of Paystack's API an ISP needs: initialising a
// transaction (/transaction/initialize, whose authorization_url the payer is sent to),
// verifying one (/transaction/verify/:reference), and checking the signature of a webhook
// (x-paystack-signature: HMAC-SHA512 of the raw body with the secret key). Simulator serves
// the same API and signs webhooks, for tests and demos.
package paystack

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// BaseURL is Paystack's API (test and live keys use the same address).
const BaseURL = "https://api.paystack.co"

// SignatureHeader carries a webhook's signature.
const SignatureHeader = "x-paystack-signature"

// Config is one Paystack account.
type Config struct {
	BaseURL   string
	SecretKey string // sk_test_… or sk_live_…
	HTTP      *http.Client
}

// Client calls Paystack's API.
type Client struct{ cfg Config }

// New returns a client for cfg.
func New(cfg Config) *Client {
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	if cfg.HTTP == nil {
		cfg.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{cfg: cfg}
}

// Sign returns the hex HMAC-SHA512 of body with key, as Paystack signs webhooks.
func Sign(key string, body []byte) string {
	m := hmac.New(sha512.New, []byte(key))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// ValidSignature reports whether signature (hex) is body's signature under key, in constant
// time.
func ValidSignature(key string, body []byte, signature string) bool {
	got, err := hex.DecodeString(strings.TrimSpace(signature))
	if err != nil || key == "" {
		return false
	}
	m := hmac.New(sha512.New, []byte(key))
	m.Write(body)
	return hmac.Equal(got, m.Sum(nil))
}

// APIError is an answer other than success: the HTTP status and Paystack's message.
type APIError struct {
	Status  int
	Message string
}

func (e *APIError) Error() string { return fmt.Sprintf("paystack: HTTP %d: %s", e.Status, e.Message) }

// envelope is every answer of Paystack's API.
type envelope struct {
	Status  bool            `json:"status"`
	Message string          `json:"message"`
	Data    json.RawMessage `json:"data"`
}

// InitializeRequest is /transaction/initialize's body.
type InitializeRequest struct {
	Email       string         `json:"email"`
	Amount      int64          `json:"amount"` // in the currency's subunit (kobo, pesewas, cents)
	Currency    string         `json:"currency,omitempty"`
	Reference   string         `json:"reference,omitempty"`
	CallbackURL string         `json:"callback_url,omitempty"`
	Metadata    map[string]any `json:"metadata,omitempty"`
}

// Initialized is /transaction/initialize's data.
type Initialized struct {
	AuthorizationURL string `json:"authorization_url"`
	AccessCode       string `json:"access_code"`
	Reference        string `json:"reference"`
}

// Initialize starts a transaction; the payer is sent to its AuthorizationURL.
func (c *Client) Initialize(ctx context.Context, in InitializeRequest) (*Initialized, error) {
	b, err := json.Marshal(in)
	if err != nil {
		return nil, fmt.Errorf("paystack: %w", err)
	}
	var out Initialized
	if err := c.call(ctx, http.MethodPost, "/transaction/initialize", b, &out); err != nil {
		return nil, err
	}
	if out.AuthorizationURL == "" || out.Reference == "" {
		return nil, errors.New("paystack: the answer has no authorization_url or reference")
	}
	return &out, nil
}

// Transaction is a transaction as /transaction/verify and the charge.success webhook show it.
type Transaction struct {
	ID              int64          `json:"id"`
	Domain          string         `json:"domain"`
	Status          string         `json:"status"` // success, failed, abandoned, reversed, pending, ongoing, …
	Reference       string         `json:"reference"`
	Amount          int64          `json:"amount"`
	Currency        string         `json:"currency"`
	GatewayResponse string         `json:"gateway_response"`
	Channel         string         `json:"channel"`
	PaidAt          *string        `json:"paid_at"`
	Metadata        map[string]any `json:"metadata"`
	Customer        struct {
		Email string `json:"email"`
	} `json:"customer"`
}

// Verify returns the transaction with reference as Paystack has it now.
func (c *Client) Verify(ctx context.Context, reference string) (*Transaction, error) {
	var out Transaction
	if err := c.call(ctx, http.MethodGet, "/transaction/verify/"+url.PathEscape(reference), nil, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

func (c *Client) call(ctx context.Context, method, path string, body []byte, out any) error {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.BaseURL+path, rd)
	if err != nil {
		return fmt.Errorf("paystack: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.cfg.SecretKey)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.cfg.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("paystack: %s %s: %w", method, strings.SplitN(path, "/", 3)[1], err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("paystack: reading the answer: %w", err)
	}
	var env envelope
	jerr := json.Unmarshal(b, &env)
	if resp.StatusCode != http.StatusOK || jerr != nil || !env.Status {
		return &APIError{Status: resp.StatusCode, Message: env.Message}
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		return fmt.Errorf("paystack: decoding the answer: %w", err)
	}
	return nil
}

// Event is a webhook's body.
type Event struct {
	Event string      `json:"event"` // charge.success, …
	Data  Transaction `json:"data"`
}

// SecretKey is the key the client signs in with (webhooks are signed with it too).
func (c *Client) SecretKey() string { return c.cfg.SecretKey }
