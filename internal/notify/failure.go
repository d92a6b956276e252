package notify

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"syscall"

	"github.com/linedesk/linedesk/internal/egress"
)

// failure is a failed delivery attempt. Its message is what operators read as the entry's
// lastError: the channel and a classified cause ("SMS gateway: HTTP 500", "SMTP server:
// connection refused", "webhook: refused: private address"), never the peer's own text (an
// SMTP banner, an HTTP reason phrase or body) nor the address or URL. The underlying error is
// kept for the debug log.
type failure struct {
	msg       string
	permanent bool // retrying cannot help (a refused message, a redirect)
	err       error
}

func (f *failure) Error() string { return f.msg }
func (f *failure) Unwrap() error { return f.err }

// failed makes a failure from a message of our own (no peer text in it).
func failed(what, msg string, permanent bool) *failure {
	return &failure{msg: what + ": " + msg, permanent: permanent, err: errors.New(msg)}
}

// classify turns err, met while talking to what ("SMS gateway", "webhook", "SMTP server"),
// into a failure with a classified message; stage names the SMTP step ("" for HTTP).
func classify(what, stage string, err error) *failure {
	msg := cause(err)
	if stage != "" && msg != "timeout" && msg != "connection refused" && !errors.As(err, new(*egress.RefusedError)) {
		msg += " at " + stage
	}
	return &failure{msg: what + ": " + msg, err: err}
}

// cause names the kind of err without repeating any text a peer sent.
func cause(err error) string {
	var (
		refused *egress.RefusedError
		reply   *textproto.Error
		dns     *net.DNSError
		cert    *tls.CertificateVerificationError
		alert   tls.AlertError
		record  tls.RecordHeaderError
		netErr  net.Error
	)
	switch {
	case errors.As(err, &refused):
		return refused.Error()
	case errors.As(err, &reply):
		return fmt.Sprint(reply.Code)
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "host not found"
		}
		return "DNS lookup failed"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection refused"
	case errors.Is(err, syscall.ENETUNREACH), errors.Is(err, syscall.EHOSTUNREACH):
		return "network unreachable"
	case errors.As(err, &cert):
		return "TLS certificate not trusted"
	case errors.As(err, &alert), errors.As(err, &record):
		return "TLS handshake failed"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET),
		errors.Is(err, syscall.EPIPE):
		return "connection closed by the server"
	}
	return "protocol error"
}
