package events

import (
	"errors"
	"strconv"
	"strings"
	"time"
)

// The bridge's NOTIFY payload is "origin|event;event;…", each event being
// "kind,customer,session,nas,entity,unix-microseconds". The origin comes first so an
// instance skips its own notifications without decoding them; the rest is plain text because
// accounting publishes thousands of events a second and JSON cost more CPU than the NOTIFY.

// appendWireEvent appends e's wire form to dst.
func appendWireEvent(dst []byte, e Event) []byte {
	dst = append(dst, e.Kind...)
	for _, n := range [...]int{e.CustomerID, e.SessionID, e.NasID, e.EntityID} {
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(n), 10)
	}
	dst = append(dst, ',')
	return strconv.AppendInt(dst, e.At.UnixMicro(), 10)
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
	var out []Event
	for item := range strings.SplitSeq(body, ";") {
		f := strings.Split(item, ",")
		if len(f) != 6 || f[0] == "" {
			return nil, errBadWire
		}
		var n [5]int64
		for i := range n {
			v, err := strconv.ParseInt(f[i+1], 10, 64)
			if err != nil {
				return nil, errBadWire
			}
			n[i] = v
		}
		out = append(out, Event{Kind: Kind(f[0]), CustomerID: int(n[0]), SessionID: int(n[1]), NasID: int(n[2]),
			EntityID: int(n[3]), At: time.UnixMicro(n[4]).UTC(), Origin: origin})
	}
	return out, nil
}
