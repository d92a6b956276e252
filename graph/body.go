package graph

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// Request bodies are checked before gqlgen reads them, so that every refusal is a clean
// HTTP answer with a GraphQL-shaped body:
//   - a JSON body over MaxBodyBytes (or a multipart one over its limit): 413;
//   - a JSON array (a batch of operations, which linedesk does not run): 400;
//   - a JSON body that is not a JSON object: 400.

// Codes of the refusals of request bodies (extensions.code).
const (
	CodeTooLarge   = "PAYLOAD_TOO_LARGE"
	CodeBadRequest = "BAD_REQUEST"
)

// checkBody reads and checks a JSON POST body, then hands gqlgen a copy; it reports false
// when it answered the request itself.
func checkBody(w http.ResponseWriter, req *http.Request) bool {
	mt, _, _ := mime.ParseMediaType(req.Header.Get("Content-Type"))
	switch {
	case req.Method != http.MethodPost || req.Header.Get("Upgrade") != "":
		return true
	case strings.HasPrefix(mt, "multipart/"):
		return checkMultipartSize(w, req)
	case mt != "application/json":
		return true
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, MaxBodyBytes))
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		refuseBody(w, http.StatusRequestEntityTooLarge, CodeTooLarge,
			fmt.Sprintf("the request body is larger than %d bytes", MaxBodyBytes))
		return false
	case err != nil:
		refuseBody(w, http.StatusBadRequest, CodeBadRequest, "the request body could not be read")
		return false
	}
	switch trimmed := bytes.TrimLeft(body, " \t\r\n"); {
	case len(trimmed) > 0 && trimmed[0] == '[':
		refuseBody(w, http.StatusBadRequest, CodeBadRequest,
			"batched operations (a JSON array) are not supported: send one operation per request")
		return false
	case len(trimmed) == 0 || trimmed[0] != '{' || !json.Valid(trimmed):
		refuseBody(w, http.StatusBadRequest, CodeBadRequest,
			`the request body must be one JSON object: {"query": "...", "variables": {...}}`)
		return false
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	return true
}

// checkMultipartSize refuses a multipart request (an upload) that says it is larger than its
// limit; one that does not say is cut off at the limit while gqlgen reads it.
func checkMultipartSize(w http.ResponseWriter, req *http.Request) bool {
	limit := int64(MaxUploadBytes + 1<<20)
	if req.ContentLength > limit {
		refuseBody(w, http.StatusRequestEntityTooLarge, CodeTooLarge,
			fmt.Sprintf("the upload is larger than %d MB: use `linedesk import customers`", MaxUploadBytes>>20))
		return false
	}
	req.Body = http.MaxBytesReader(w, req.Body, limit)
	return true
}

// refuseBody answers a request whose body was refused with a GraphQL-shaped error.
func refuseBody(w http.ResponseWriter, status int, code, msg string) {
	b, _ := json.Marshal(map[string]any{"errors": []any{map[string]any{
		"message": msg, "extensions": map[string]any{"code": code}}}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// CheckBody is the staff endpoint's check of request bodies (MaxBodyBytes, no batches, one
// JSON object), for the other GraphQL endpoints (the subscriber portal's): it reports false
// when it answered the request itself.
func CheckBody(w http.ResponseWriter, req *http.Request) bool { return checkBody(w, req) }
