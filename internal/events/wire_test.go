package events

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// encode builds a payload of evs as the bridge does.
func encode(origin string, evs ...Event) string {
	payload := []byte(origin + "|" + wireVersion)
	for i, e := range evs {
		if i > 0 {
			payload = append(payload, ';')
		}
		payload = appendWireEvent(payload, e)
	}
	return string(payload)
}

func decodePayload(t *testing.T, payload string) (string, []Event) {
	t.Helper()
	origin, body, err := splitOrigin(payload)
	if err != nil {
		t.Fatalf("splitOrigin(%q): %v", payload, err)
	}
	out, err := decodeWire(body, origin)
	if err != nil {
		t.Fatalf("decodeWire(%q): %v", payload, err)
	}
	return origin, out
}

func TestWireRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 30, 10, 4, 5, 123456000, time.UTC)
	in := []Event{
		{Kind: SessionUpdated, CustomerID: 42, SessionID: 7, NasID: 3, At: at},
		{Kind: ProfileChanged, EntityID: 9, At: at},
		{Kind: SettingChanged, At: time.UnixMicro(0).UTC()},
		{Kind: SessionStopped, CustomerID: 42, SessionID: 7, NasID: 3, At: at,
			Session: &Session{ID: 7, CustomerID: 42, NasID: 3, NasName: "core, room 1; rack|2 100%",
				AcctSessionID: "81a0\x00002f", Username: "alice.k", FramedIP: "100.64.0.7",
				CallingStationID: "AA:BB:CC:DD:EE:FF", NasPortID: "", TerminateCause: "User-Request",
				StartedAt: at.Add(-time.Hour), UpdatedAt: at, StoppedAt: at,
				SessionTime: 3600, BytesIn: 1 << 40, BytesOut: 9, Open: false},
			Customer: &Customer{Status: "ACTIVE", ExpiresAt: at.AddDate(0, 1, 0), Online: true}},
		{Kind: SessionStarted, CustomerID: 0, SessionID: 8, NasID: 3, At: at,
			Session: &Session{ID: 8, NasID: 3, Username: "unknown", StartedAt: at, UpdatedAt: at, Open: true}},
		{Kind: CustomerChanged, CustomerID: 42, At: at, Customer: &Customer{Status: "SUSPENDED", ExpiresAt: at}},
	}
	origin, out := decodePayload(t, encode("abc123", in...))
	if origin != "abc123" || len(out) != len(in) {
		t.Fatalf("decoded %q with %d events, want abc123 with %d", origin, len(out), len(in))
	}
	for i := range in {
		want := in[i]
		want.Origin = "abc123"
		if !reflect.DeepEqual(out[i], want) {
			t.Errorf("event %d:\n got %+v %+v %+v\nwant %+v %+v %+v", i, out[i], out[i].Session, out[i].Customer, want, want.Session, want.Customer)
		}
	}
}

// TestWireReadsVersion1 reads a payload of an instance that sends ids only.
func TestWireReadsVersion1(t *testing.T) {
	_, out := decodePayload(t, "old|session.updated,42,7,3,0,1764497045123456;profile.changed,0,0,0,9,0")
	want := []Event{
		{Kind: SessionUpdated, CustomerID: 42, SessionID: 7, NasID: 3, At: time.UnixMicro(1764497045123456).UTC(), Origin: "old"},
		{Kind: ProfileChanged, EntityID: 9, At: time.UnixMicro(0).UTC(), Origin: "old"},
	}
	if !reflect.DeepEqual(out, want) {
		t.Fatalf("got %+v, want %+v", out, want)
	}
}

// TestWireBoundsAnEvent: an event whose row would be too long crosses with its ids only.
func TestWireBoundsAnEvent(t *testing.T) {
	long := strings.Repeat(",", 1200) // each escaped to three bytes
	e := Event{Kind: SessionUpdated, CustomerID: 1, SessionID: 2, NasID: 3, At: time.UnixMicro(5).UTC(),
		Session: &Session{ID: 2, CustomerID: 1, NasID: 3, Username: long}, Customer: &Customer{Status: "ACTIVE"}}
	payload := encode("o", e)
	if len(payload) > maxEvent {
		t.Fatalf("payload of %d bytes, want at most %d", len(payload), maxEvent)
	}
	_, out := decodePayload(t, payload)
	want := e
	want.Session, want.Customer, want.Origin = nil, nil, "o"
	if !reflect.DeepEqual(out, []Event{want}) {
		t.Fatalf("got %+v, want %+v", out, want)
	}
}

func TestWireRejectsMalformedPayloads(t *testing.T) {
	for _, payload := range []string{
		"",
		"no-origin-separator",
		"|session.updated,1,2,3,4,5",
		"o|session.updated,1,2,3,4",       // a field short
		"o|session.updated,1,2,3,4,5,6",   // a field long (version 1)
		"o|session.updated,x,2,3,4,5",     // not a number
		"o|,1,2,3,4,5",                    // no kind
		"o|session.updated,1,2,3,4,5;",    // empty trailing event
		`o|[{"k":"session.updated"}]`,     // the old JSON form
		"o|2|session.updated,1,2,3,4,5,6", // an unknown section
		"o|2|session.updated,1,2,3,4,5,S,n,a,u,f,c,p,t,1,2,,3,4,5", // the session's row a field short
		"o|2|session.updated,1,2,3,4,5,C,ACTIVE,1,2",               // open neither 0 nor 1
		"o|2|customer.changed,1,0,0,0,5,C,ACT%4,1,1",               // a truncated escape
		"o|2|customer.changed,1,0,0,0,5,C,ACT%ZZ,1,1",              // a bad escape
		"o|2|customer.changed,1,0,0,0,5,C,ACTIVE,1,1,C,ACTIVE,1,1", // a section twice
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

// TestPayloadHoldsNoSecret: events cross instances in plain text, so what they carry is a
// reviewed list. A field added to a payload type must be added here, after checking it is
// no secret (a password, a router's secret, a token).
func TestPayloadHoldsNoSecret(t *testing.T) {
	reviewed := map[reflect.Type][]string{
		reflect.TypeOf(Event{}): {"Kind", "CustomerID", "SessionID", "NasID", "EntityID", "At", "Origin", "Session", "Customer"},
		reflect.TypeOf(Session{}): {"ID", "CustomerID", "NasID", "NasName", "AcctSessionID", "Username", "FramedIP",
			"CallingStationID", "NasPortID", "TerminateCause", "StartedAt", "UpdatedAt", "StoppedAt", "SessionTime",
			"BytesIn", "BytesOut", "Open"},
		reflect.TypeOf(Customer{}): {"Status", "ExpiresAt", "Online"},
	}
	for typ, want := range reviewed {
		var got []string
		for i := range typ.NumField() {
			got = append(got, typ.Field(i).Name)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s has fields %v; reviewed are %v", typ, got, want)
		}
	}
}
