// Package domain holds what the services under internal/ share with the API layers that call
// them: typed refusals, which the GraphQL schemas map to error codes without knowing the
// service, and the result of asking a router to act on an open session.
package domain

import (
	"errors"
	"fmt"
)

// Kind says why a service refused a request; the API layers turn it into extensions.code.
type Kind int

// Kinds of refusal.
const (
	// Invalid input: a field is missing, malformed or out of range (BAD_USER_INPUT).
	Invalid Kind = iota + 1
	// Refused: the input is well-formed but the state forbids it, such as a renewal without
	// enough balance or a payment for a closed account (BAD_USER_INPUT).
	Refused
	// NotFound: a record the request names does not exist (NOT_FOUND).
	NotFound
	// Conflict: a unique value is already taken (CONFLICT).
	Conflict
	// Forbidden: the actor may not do this (FORBIDDEN).
	Forbidden
)

// Error is a refusal whose Message is meant for the person who asked: it names no secret and
// repeats no long input. Key and Params let a client translate it (Key is a stable
// identifier such as "balance.insufficient"; Params its values).
type Error struct {
	Kind    Kind
	Field   string // the input field at fault, when one is
	Message string
	Key     string
	Params  map[string]any
	Err     error // the cause, for errors.Is; never shown
}

func (e *Error) Error() string { return e.Message }
func (e *Error) Unwrap() error { return e.Err }

// WithKey sets the translation key and parameters and returns e.
func (e *Error) WithKey(key string, params map[string]any) *Error {
	e.Key, e.Params = key, params
	return e
}

// Because records the cause (kept for errors.Is, never shown) and returns e.
func (e *Error) Because(err error) *Error {
	e.Err = err
	return e
}

// Invalidf refuses the value of field.
func Invalidf(field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Refusedf refuses a well-formed request that the current state does not allow.
func Refusedf(format string, args ...any) *Error {
	return &Error{Kind: Refused, Message: fmt.Sprintf(format, args...)}
}

// NotFoundf says that a record does not exist, e.g. NotFoundf("customer").
func NotFoundf(format string, args ...any) *Error {
	return &Error{Kind: NotFound, Message: fmt.Sprintf(format, args...) + " not found"}
}

// Conflictf says that field's value is already taken.
func Conflictf(field, format string, args ...any) *Error {
	return &Error{Kind: Conflict, Field: field, Message: fmt.Sprintf(format, args...)}
}

// Forbiddenf refuses an actor.
func Forbiddenf(format string, args ...any) *Error {
	return &Error{Kind: Forbidden, Message: fmt.Sprintf(format, args...)}
}

// As returns the refusal in err's chain, if there is one.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsKind reports whether err is a refusal of kind k.
func IsKind(err error, k Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == k
}
