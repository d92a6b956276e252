package events

import (
	"testing"
	"time"
)

func TestWireRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 30, 10, 4, 5, 123456000, time.UTC)
	in := []Event{
		{Kind: SessionUpdated, CustomerID: 42, SessionID: 7, NasID: 3, At: at},
		{Kind: ProfileChanged, EntityID: 9, At: at},
		{Kind: SettingChanged, At: time.UnixMicro(0).UTC()},
	}
	payload := []byte("abc123|")
	for i, e := range in {
		if i > 0 {
			payload = append(payload, ';')
		}
		payload = appendWireEvent(payload, e)
	}
	origin, body, err := splitOrigin(string(payload))
	if err != nil || origin != "abc123" {
		t.Fatalf("splitOrigin(%q) = %q, %v", payload, origin, err)
	}
	out, err := decodeWire(body, origin)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("decoded %d events, want %d", len(out), len(in))
	}
	for i := range in {
		want := in[i]
		want.Origin = "abc123"
		if out[i] != want {
			t.Errorf("event %d: got %+v, want %+v", i, out[i], want)
		}
	}
}

func TestWireRejectsMalformedPayloads(t *testing.T) {
	for _, payload := range []string{
		"",
		"no-origin-separator",
		"|session.updated,1,2,3,4,5",
		"o|session.updated,1,2,3,4",     // a field short
		"o|session.updated,1,2,3,4,5,6", // a field long
		"o|session.updated,x,2,3,4,5",   // not a number
		"o|,1,2,3,4,5",                  // no kind
		"o|session.updated,1,2,3,4,5;",  // empty trailing event
		`o|[{"k":"session.updated"}]`,   // the old JSON form
	} {
		origin, body, err := splitOrigin(payload)
		if err == nil {
			_, err = decodeWire(body, origin)
		}
		if err == nil {
			t.Errorf("payload %q was accepted", payload)
		}
	}
}
