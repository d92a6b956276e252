// Package gqlclient is a minimal GraphQL-over-HTTP client for linedesk's tools and tests.
package gqlclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// Error is one error of a GraphQL response.
type Error struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// Code is the error's extensions.code.
func (e Error) Code() string {
	c, _ := e.Extensions["code"].(string)
	return c
}

// Post sends a GraphQL request to url with an optional bearer token and decodes the data
// into out (may be nil). It returns the response's GraphQL errors.
func Post(ctx context.Context, url, token, query string, vars map[string]any, out any) ([]Error, error) {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var envelope struct {
		Data   json.RawMessage `json:"data"`
		Errors []Error         `json:"errors"`
	}
	if err := json.Unmarshal(raw, &envelope); err != nil {
		return nil, fmt.Errorf("HTTP %d, body %q: %w", resp.StatusCode, raw, err)
	}
	if out != nil && len(envelope.Data) > 0 && string(envelope.Data) != "null" {
		if err := json.Unmarshal(envelope.Data, out); err != nil {
			return envelope.Errors, fmt.Errorf("decoding data: %w", err)
		}
	}
	return envelope.Errors, nil
}

// Login logs in as user and returns the bearer token.
func Login(ctx context.Context, url, user, password string) (string, error) {
	var out struct {
		Login struct{ Token string }
	}
	errs, err := Post(ctx, url, "", `mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}`,
		map[string]any{"u": user, "p": password}, &out)
	if err != nil {
		return "", err
	}
	if len(errs) > 0 {
		return "", fmt.Errorf("login: %s", errs[0].Message)
	}
	return out.Login.Token, nil
}
