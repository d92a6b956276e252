package events

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// The bridge's NOTIFY payload is "origin|2|event;event;…". The origin comes first so an
// instance skips its own notifications without decoding them; "2" is the version of what
// follows. Each event is comma-separated plain text (accounting publishes thousands of events
// a second and JSON cost more CPU than the NOTIFY):
//
//	kind,customer,session,nas,entity,unix-µs[,S,<the session's row>][,C,<the customer's state>]
//
// with the row and the state in the field order of appendSession and appendCustomer; strings
// are escaped (%XX for '%', ',', ';', '|' and control bytes), a zero time is empty. An event
// whose row would make it longer than maxEvent is sent with its ids only (its subscribers
// then read the row), so every payload stays far below PostgreSQL's 8000-byte limit.
// Version 1 payloads ("origin|event;…", ids only) are still read.

// wireVersion marks the body of a version-2 payload.
const wireVersion = "2|"

// maxEvent bounds one encoded event (ids and payload).
const maxEvent = 3000

// Field counts of an event's parts.
const (
	baseFields     = 6
	sessionFields  = 14
	customerFields = 3
)

// appendWireEvent appends e's wire form to dst, without its payload if that is too long.
func appendWireEvent(dst []byte, e Event) []byte {
	mark := len(dst)
	dst = appendBase(dst, e)
	ids := len(dst)
	if e.Session != nil {
		dst = appendSession(append(dst, ",S"...), e.Session)
	}
	if e.Customer != nil {
		dst = appendCustomer(append(dst, ",C"...), e.Customer)
	}
	if len(dst)-mark > maxEvent {
		dst = dst[:ids]
	}
	return dst
}

func appendBase(dst []byte, e Event) []byte {
	dst = appendText(dst, string(e.Kind))
	for _, n := range [...]int{e.CustomerID, e.SessionID, e.NasID, e.EntityID} {
		dst = appendInt(dst, int64(n))
	}
	return appendTime(dst, e.At)
}

func appendSession(dst []byte, s *Session) []byte {
	for _, v := range [...]string{s.NasName, s.AcctSessionID, s.Username, s.FramedIP, s.CallingStationID, s.NasPortID, s.TerminateCause} {
		dst = appendText(append(dst, ','), v)
	}
	for _, t := range [...]time.Time{s.StartedAt, s.UpdatedAt, s.StoppedAt} {
		dst = appendTime(dst, t)
	}
	for _, n := range [...]int64{s.SessionTime, s.BytesIn, s.BytesOut, boolInt(s.Open)} {
		dst = appendInt(dst, n)
	}
	return dst
}

func appendCustomer(dst []byte, c *Customer) []byte {
	dst = appendText(append(dst, ','), c.Status)
	dst = appendTime(dst, c.ExpiresAt)
	return appendInt(dst, boolInt(c.Online))
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func appendInt(dst []byte, n int64) []byte {
	return strconv.AppendInt(append(dst, ','), n, 10)
}

// appendTime appends ",µs" ("," alone for the zero time).
func appendTime(dst []byte, t time.Time) []byte {
	dst = append(dst, ',')
	if t.IsZero() {
		return dst
	}
	return strconv.AppendInt(dst, t.UnixMicro(), 10)
}

const hexDigits = "0123456789ABCDEF"

// appendText appends s with the separators and control bytes escaped as %XX.
func appendText(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%' || c == ',' || c == ';' || c == '|' || c < 0x20 || c == 0x7f:
			dst = append(dst, '%', hexDigits[c>>4], hexDigits[c&15])
		default:
			dst = append(dst, c)
		}
	}
	return dst
}

var errBadWire = errors.New("events: malformed bridge payload")

// splitOrigin returns the origin of a payload and the encoded events after it.
func splitOrigin(payload string) (origin, body string, err error) {
	origin, body, ok := strings.Cut(payload, "|")
	if !ok || origin == "" {
		return "", "", errBadWire
	}
	return origin, body, nil
}

// decodeWire decodes the events of a payload body, each marked with origin.
func decodeWire(body, origin string) ([]Event, error) {
	v2 := strings.HasPrefix(body, wireVersion)
	if v2 {
		body = body[len(wireVersion):]
	}
	var out []Event
	for item := range strings.SplitSeq(body, ";") {
		d := &fieldReader{f: strings.Split(item, ",")}
		e, err := d.event(v2)
		if err != nil {
			return nil, err
		}
		e.Origin = origin
		out = append(out, e)
	}
	return out, nil
}

// fieldReader reads an event's fields in order; the first error sticks.
type fieldReader struct {
	f   []string
	i   int
	err error
}

func (d *fieldReader) event(v2 bool) (Event, error) {
	if len(d.f) < baseFields || d.f[0] == "" || (!v2 && len(d.f) != baseFields) {
		return Event{}, errBadWire
	}
	e := Event{Kind: Kind(d.text()), CustomerID: d.int(), SessionID: d.int(), NasID: d.int(), EntityID: d.int(), At: d.time()}
	if d.section("S", sessionFields) {
		e.Session = &Session{ID: e.SessionID, CustomerID: e.CustomerID, NasID: e.NasID,
			NasName: d.text(), AcctSessionID: d.text(), Username: d.text(), FramedIP: d.text(),
			CallingStationID: d.text(), NasPortID: d.text(), TerminateCause: d.text(),
			StartedAt: d.time(), UpdatedAt: d.time(), StoppedAt: d.time(),
			SessionTime: d.int64(), BytesIn: d.int64(), BytesOut: d.int64(), Open: d.bool()}
	}
	if d.section("C", customerFields) {
		e.Customer = &Customer{Status: d.text(), ExpiresAt: d.time(), Online: d.bool()}
	}
	if d.err != nil || d.i != len(d.f) {
		return Event{}, errBadWire
	}
	return e, nil
}

// section reports whether the next field opens the named section of n fields (and skips it).
func (d *fieldReader) section(name string, n int) bool {
	if d.err != nil || d.i >= len(d.f) || d.f[d.i] != name {
		return false
	}
	if d.i+1+n > len(d.f) {
		d.err = errBadWire
		return false
	}
	d.i++
	return true
}

func (d *fieldReader) next() string {
	if d.err != nil || d.i >= len(d.f) {
		d.err = errBadWire
		return ""
	}
	d.i++
	return d.f[d.i-1]
}

func (d *fieldReader) int64() int64 {
	v, err := strconv.ParseInt(d.next(), 10, 64)
	if err != nil && d.err == nil {
		d.err = errBadWire
	}
	return v
}

func (d *fieldReader) int() int { return int(d.int64()) }

func (d *fieldReader) bool() bool {
	switch d.next() {
	case "1":
		return true
	case "0":
		return false
	}
	d.err = errBadWire
	return false
}

func (d *fieldReader) time() time.Time {
	s := d.next()
	if s == "" {
		return time.Time{}
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		d.err = errBadWire
	}
	return time.UnixMicro(v).UTC()
}

func (d *fieldReader) text() string {
	s := d.next()
	if !strings.ContainsRune(s, '%') {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '%' {
			b.WriteByte(s[i])
			continue
		}
		if i+2 >= len(s) {
			d.err = errBadWire
			return ""
		}
		v, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
		if err != nil {
			d.err = errBadWire
			return ""
		}
		b.WriteByte(byte(v))
		i += 2
	}
	return b.String()
}
