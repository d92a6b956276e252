package mpesa

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// PushRequest is /mpesa/stkpush/v1/processrequest's body.
type PushRequest struct {
	BusinessShortCode string `json:"BusinessShortCode"`
	Password          string `json:"Password"`
	Timestamp         string `json:"Timestamp"`
	TransactionType   string `json:"TransactionType"` // CustomerPayBillOnline or CustomerBuyGoodsOnline
	Amount            int64  `json:"Amount"`          // whole shillings
	PartyA            string `json:"PartyA"`          // the payer's phone, 2547XXXXXXXX
	PartyB            string `json:"PartyB"`
	PhoneNumber       string `json:"PhoneNumber"`
	CallBackURL       string `json:"CallBackURL"`
	AccountReference  string `json:"AccountReference"` // at most 12 characters
	TransactionDesc   string `json:"TransactionDesc"`  // at most 13 characters
}

// PushResponse is Daraja's acknowledgement of an STK push.
type PushResponse struct {
	MerchantRequestID   string `json:"MerchantRequestID"`
	CheckoutRequestID   string `json:"CheckoutRequestID"`
	ResponseCode        string `json:"ResponseCode"`
	ResponseDescription string `json:"ResponseDescription"`
	CustomerMessage     string `json:"CustomerMessage"`
}

// Push asks M-Pesa to prompt phone (2547XXXXXXXX) for amount whole shillings to the
// shortcode, with account as the account reference; the result comes to callbackURL.
func (c *Client) Push(ctx context.Context, phone string, amount int64, account, callbackURL string) (*PushResponse, error) {
	ts := c.cfg.Now().In(nairobi).Format(timestampLayout)
	typ, partyB := "CustomerPayBillOnline", c.cfg.ShortCode
	if c.cfg.Till {
		typ = "CustomerBuyGoodsOnline"
	}
	var out PushResponse
	err := c.post(ctx, "/mpesa/stkpush/v1/processrequest", PushRequest{
		BusinessShortCode: c.cfg.ShortCode, Password: Password(c.cfg.ShortCode, c.cfg.Passkey, ts), Timestamp: ts,
		TransactionType: typ, Amount: amount, PartyA: phone, PartyB: partyB, PhoneNumber: phone,
		CallBackURL: callbackURL, AccountReference: cut(account, 12), TransactionDesc: "Internet",
	}, &out)
	if err != nil {
		return nil, err
	}
	if out.ResponseCode != "0" || out.CheckoutRequestID == "" {
		return nil, &APIError{Status: http.StatusOK, Code: out.ResponseCode, Message: out.ResponseDescription}
	}
	return &out, nil
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// QueryRequest is /mpesa/stkpushquery/v1/query's body.
type QueryRequest struct {
	BusinessShortCode string `json:"BusinessShortCode"`
	Password          string `json:"Password"`
	Timestamp         string `json:"Timestamp"`
	CheckoutRequestID string `json:"CheckoutRequestID"`
}

// QueryResponse is the status of an STK push as the query answers it. ResultCode is 0 when
// the customer paid.
type QueryResponse struct {
	ResponseCode        string `json:"ResponseCode"`
	ResponseDescription string `json:"ResponseDescription"`
	MerchantRequestID   string `json:"MerchantRequestID"`
	CheckoutRequestID   string `json:"CheckoutRequestID"`
	ResultCode          Code   `json:"ResultCode"`
	ResultDesc          string `json:"ResultDesc"`
}

// Query asks how the STK push checkoutID ended. While the customer has not answered it
// returns ErrProcessing.
func (c *Client) Query(ctx context.Context, checkoutID string) (*QueryResponse, error) {
	ts := c.cfg.Now().In(nairobi).Format(timestampLayout)
	var out QueryResponse
	err := c.post(ctx, "/mpesa/stkpushquery/v1/query", QueryRequest{
		BusinessShortCode: c.cfg.ShortCode, Password: Password(c.cfg.ShortCode, c.cfg.Passkey, ts),
		Timestamp: ts, CheckoutRequestID: checkoutID,
	}, &out)
	var ae *APIError
	if errors.As(err, &ae) && ae.Code == processingErrCode {
		return nil, ErrProcessing
	}
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// Code is a Daraja result code, sent as a number or a string depending on the API.
type Code string

// UnmarshalJSON accepts 0, "0" and "C2B00012".
func (c *Code) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*c = Code(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("mpesa: result code %s is neither a number nor a string", b)
	}
	*c = Code(n.String())
	return nil
}

// Int is the code as a number (-1 when it is not one).
func (c Code) Int() int {
	n, err := strconv.Atoi(strings.TrimSpace(string(c)))
	if err != nil {
		return -1
	}
	return n
}

// Callback is the body Daraja posts to an STK push's CallBackURL.
type Callback struct {
	Body struct {
		STKCallback STKResult `json:"stkCallback"`
	} `json:"Body"`
}

// STKResult is the result of one STK push.
type STKResult struct {
	MerchantRequestID string    `json:"MerchantRequestID"`
	CheckoutRequestID string    `json:"CheckoutRequestID"`
	ResultCode        Code      `json:"ResultCode"`
	ResultDesc        string    `json:"ResultDesc"`
	CallbackMetadata  *Metadata `json:"CallbackMetadata,omitempty"`
}

// Metadata is the list of named values of a paid STK push (Amount, MpesaReceiptNumber,
// TransactionDate, PhoneNumber).
type Metadata struct {
	Item []Item `json:"Item"`
}

// Item is one named value.
type Item struct {
	Name  string `json:"Name"`
	Value any    `json:"Value,omitempty"`
}

// Value returns the named item's value as text ("" when absent).
func (r STKResult) Value(name string) string {
	if r.CallbackMetadata == nil {
		return ""
	}
	for _, it := range r.CallbackMetadata.Item {
		if it.Name == name && it.Value != nil {
			switch v := it.Value.(type) {
			case string:
				return v
			case float64:
				return strconv.FormatFloat(v, 'f', -1, 64)
			default:
				return fmt.Sprint(v)
			}
		}
	}
	return ""
}
