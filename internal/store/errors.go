package store

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"regexp"
	"strings"
	"syscall"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent"
)

// ConflictError is a write refused because a unique value is already taken.
type ConflictError struct {
	Columns []string // e.g. ["username"]
	Err     error
}

func (e *ConflictError) Error() string {
	if len(e.Columns) == 0 {
		return "already exists"
	}
	return strings.Join(e.Columns, ", ") + " already exists"
}

func (e *ConflictError) Unwrap() error { return e.Err }

var (
	pgKeyRe     = regexp.MustCompile(`Key \(([^)]+)\)=`)
	sqliteColRe = regexp.MustCompile(`UNIQUE constraint failed: ([\w., ]+)`)
)

// AsConflict returns the unique-violation behind err as a *ConflictError, naming the
// columns, on both databases; nil when err is not one.
func AsConflict(err error) *ConflictError {
	if err == nil {
		return nil
	}
	var ce *ConflictError
	if errors.As(err, &ce) {
		return ce
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		cols := []string{}
		if m := pgKeyRe.FindStringSubmatch(pqErr.Detail); m != nil {
			for _, c := range strings.Split(m[1], ",") {
				cols = append(cols, strings.TrimSpace(c))
			}
		}
		return &ConflictError{Columns: cols, Err: err}
	}
	msg := err.Error()
	if m := sqliteColRe.FindStringSubmatch(msg); m != nil {
		cols := []string{}
		for _, c := range strings.Split(m[1], ",") {
			c = strings.TrimSpace(c)
			if i := strings.LastIndexByte(c, '.'); i >= 0 {
				c = c[i+1:]
			}
			cols = append(cols, c)
		}
		return &ConflictError{Columns: cols, Err: err}
	}
	if ent.IsConstraintError(err) && strings.Contains(strings.ToLower(msg), "unique") {
		return &ConflictError{Err: err}
	}
	return nil
}

// IsUnavailable reports whether err means the database could not be reached (connection
// refused or dropped, server shutting down), as opposed to a bad query or a conflict.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return true
	}
	var netErr net.Error
	if errors.As(err, &netErr) {
		return true
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		switch pqErr.Code.Class() {
		case "08", "57": // connection exception, operator intervention (admin shutdown, terminate)
			return true
		}
	}
	msg := err.Error()
	return strings.Contains(msg, "connection refused") || strings.Contains(msg, "bad connection") ||
		strings.Contains(msg, "connection reset") || strings.Contains(msg, "broken pipe") ||
		strings.Contains(msg, "database is closed")
}
