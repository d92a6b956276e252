package radius

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/radius/msgauth"
)

var (
	nasAddr   = netip.MustParseAddrPort("127.0.0.1:40000")
	strangers = netip.MustParseAddrPort("192.0.2.7:40000")
)

// newOfflineServer is a server without database or sockets: a NAS at 127.0.0.1 and a
// customer "alice" in the snapshot; accounting "commits" succeed at once.
func newOfflineServer(tb testing.TB) *Server {
	s := &Server{
		log: slog.New(slog.NewTextHandler(io.Discard, nil)), m: newMetrics(nil), snap: newSnapshot(),
		cache: newReplyCache(5 * time.Second), stats: newNasStats(), logSeen: map[string]*limitedLog{},
	}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	tb.Cleanup(s.cancel)
	s.policy = policy{snap: s.snap}
	s.authLog = newAuthLog(s)
	s.authLog.maxPending = 1000
	s.tally = newTallies(func(context.Context, []radiusdb.Tally) error { return nil }, nil)
	s.acct = newAcctWriter(s, 1)
	go func() {
		for r := range s.acct.shards[0].in {
			r.done(true)
		}
	}()
	tb.Cleanup(s.acct.close)
	n := &nasInfo{id: 1, name: "core-1", ip: nasAddr.Addr(), secret: []byte(testSecret), requireMA: true}
	s.snap.nasByIP[n.ip], s.snap.nasByID[1] = n, n
	pool := "pool"
	s.snap.profiles[1] = &planInfo{p: &ent.Profile{ID: 1, Name: "p", UploadKbps: 1000, DownloadKbps: 2000, Pool: &pool}, rateLimit: "1M/2M"}
	sub := &subscriber{id: 1, username: "alice", password: "pw", status: "ACTIVE", profileID: 1,
		expiresAt: time.Now().Add(time.Hour), maxSessions: 1}
	s.snap.byName["alice"], s.snap.byID[1] = sub, sub
	return s
}

// signedAccess is a well-formed PAP Access-Request for alice.
func signedAccess(tb testing.TB) []byte {
	p, _, err := client.NewAccessRequest([]byte(testSecret), client.PAP, "alice", "pw")
	if err != nil {
		tb.Fatal(err)
	}
	raw, err := client.Encode(p)
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

func signedAcct(tb testing.TB, attrs ...*radius.AVP) []byte {
	p := radius.New(radius.CodeAccountingRequest, []byte(testSecret))
	p.Attributes = append(p.Attributes, attrs...)
	raw, err := p.Encode()
	if err != nil {
		tb.Fatal(err)
	}
	return raw
}

// resignAccess recomputes the Message-Authenticator at offset 22 of raw (when there is one).
func resignAccess(raw []byte) []byte {
	if len(raw) < 38 || raw[20] != byte(msgauth.Type) || raw[21] != 18 {
		return raw
	}
	clear(raw[22:38])
	m := hmac.New(md5.New, []byte(testSecret))
	m.Write(raw)
	copy(raw[22:38], m.Sum(nil))
	return raw
}

func setLen(raw []byte, n int) []byte {
	binary.BigEndian.PutUint16(raw[2:4], uint16(n))
	return raw
}

func TestMalformedPacketsGetNoReply(t *testing.T) {
	s := newOfflineServer(t)
	good := signedAccess(t)
	if s.handleAuth(append([]byte(nil), good...), nasAddr, time.Now()) == nil {
		t.Fatal("the well-formed request got no reply: the table below would prove nothing")
	}
	mut := func(f func(b []byte) []byte) []byte { return f(append([]byte(nil), signedAccess(t)...)) }
	manyAttrs := func() []byte {
		b := make([]byte, 20, 4096)
		b[0] = byte(radius.CodeAccessRequest)
		for len(b)+2 <= 4096 {
			b = append(b, byte(rfc2865.ReplyMessage_Type), 2)
		}
		return setLen(b, len(b))
	}
	tests := []struct {
		name   string
		acct   bool
		src    netip.AddrPort
		raw    []byte
		reason string
	}{
		{"empty", false, nasAddr, nil, dropMalformed},
		{"shorter than a header", false, nasAddr, good[:19], dropMalformed},
		{"length below 20", false, nasAddr, mut(func(b []byte) []byte { return setLen(b, 12) }), dropMalformed},
		{"length beyond the datagram", false, nasAddr, mut(func(b []byte) []byte { return setLen(b, len(b)+10) }), dropMalformed},
		{"length above 4096", false, nasAddr, mut(func(b []byte) []byte { return setLen(b, 5000) }), dropMalformed},
		{"truncated datagram", false, nasAddr, good[:len(good)-3], dropMalformed},
		{"attribute length 0", false, nasAddr, mut(func(b []byte) []byte { b[38+1] = 0; return b }), dropMalformed},
		{"attribute length 1", false, nasAddr, mut(func(b []byte) []byte { b[38+1] = 1; return b }), dropMalformed},
		{"attribute overruns the packet", false, nasAddr, mut(func(b []byte) []byte { b[38+1] = 250; return b }), dropMalformed},
		{"lone attribute type byte", false, nasAddr, mut(func(b []byte) []byte { return setLen(append(b, 1), len(b)+1) }), dropMalformed},
		{"huge attribute count, no Message-Authenticator", false, nasAddr, manyAttrs(), dropMissingMA},
		{"Message-Authenticator wrong", false, nasAddr, mut(func(b []byte) []byte { b[30] ^= 1; return b }), dropBadMA},
		{"Message-Authenticator short", false, nasAddr, mut(func(b []byte) []byte { b[21] = 10; return b }), dropMalformed},
		{"Message-Authenticator twice", false, nasAddr, mut(func(b []byte) []byte {
			b = append(b, b[20:38]...)
			return resignAccess(setLen(b, len(b)))
		}), dropBadMA},
		{"Message-Authenticator missing", false, nasAddr, mut(func(b []byte) []byte {
			b = append(b[:20], b[38:]...)
			return setLen(b, len(b))
		}), dropMissingMA},
		{"attribute changed after signing", false, nasAddr, mut(func(b []byte) []byte { b[len(b)-1] ^= 0x55; return b }), dropBadMA},
		{"wrong secret", false, nasAddr, func() []byte {
			p, _, _ := client.NewAccessRequest([]byte("not-the-secret"), client.PAP, "alice", "pw")
			raw, _ := client.Encode(p)
			return raw
		}(), dropBadMA},
		{"unknown source", false, strangers, good, dropUnknownClient},
		{"Access-Accept sent to the server", false, nasAddr, mut(func(b []byte) []byte {
			b[0] = byte(radius.CodeAccessAccept)
			return b
		}), dropWrongCode},
		{"Accounting-Request on the auth port", false, nasAddr, signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 3)), dropWrongCode},
		{"acct: bad Request Authenticator", true, nasAddr, func() []byte {
			b := signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 3), client.String(rfc2866.AcctSessionID_Type, "x"))
			b[5] ^= 1
			return b
		}(), dropBadAuth},
		{"acct: no status type", true, nasAddr, signedAcct(t, client.String(rfc2866.AcctSessionID_Type, "x")), dropNoStatus},
		{"acct: no session id", true, nasAddr, signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 3)), dropNoSessionID},
		{"acct: Access-Request on the acct port", true, nasAddr, good, dropWrongCode},
		{"acct: truncated", true, nasAddr, signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 3))[:21], dropMalformed},
		{"acct: unknown source", true, strangers, signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 7)), dropUnknownClient},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := counterValue(s.m.drops.WithLabelValues(tt.reason))
			var reply []byte
			raw := append([]byte(nil), tt.raw...)
			if len(raw) < 20 || len(raw) > radius.MaxPacketLength {
				// The read loop drops these before any handler; check that path's rule here.
				reply = nil
				s.drop(dropMalformed, s.snap.nasByAddr(tt.src.Addr()), tt.src, "access")
			} else if tt.acct {
				reply = s.handleAcct(raw, tt.src, time.Now(), func([]byte) { t.Error("accounting reply sent") })
			} else {
				reply = s.handleAuth(raw, tt.src, time.Now())
			}
			if reply != nil {
				t.Fatalf("got a reply (%d bytes)", len(reply))
			}
			if after := counterValue(s.m.drops.WithLabelValues(tt.reason)); after != before+1 {
				t.Errorf("drops{reason=%s} went from %v to %v", tt.reason, before, after)
			}
		})
	}
}

// A retransmit (same source, identifier and authenticator) gets the very same bytes, and
// the handler runs once.
func TestRetransmitGetsSameReply(t *testing.T) {
	s := newOfflineServer(t)
	raw := signedAccess(t)
	first := s.handleAuth(append([]byte(nil), raw...), nasAddr, time.Now())
	second := s.handleAuth(append([]byte(nil), raw...), nasAddr, time.Now())
	if first == nil || string(first) != string(second) {
		t.Fatal("retransmit got a different reply")
	}
	if n := s.authLog.queued(); n != 1 {
		t.Fatalf("%d auth events for one request and its retransmit", n)
	}
	// The same identifier with a new authenticator is a new request.
	other := signedAccess(t)
	other[1] = raw[1]
	if r := s.handleAuth(resignAccess(other), nasAddr, time.Now()); r == nil || string(r) == string(first) {
		t.Fatal("a new request reusing the identifier was not handled afresh")
	}
}

// FuzzAuth feeds arbitrary datagrams to the authentication handler.
func FuzzAuth(f *testing.F) {
	f.Add(signedAccess(f))
	f.Add([]byte{1, 0, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0})
	s := newOfflineServer(f)
	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) < 20 || len(raw) > radius.MaxPacketLength {
			return // dropped by the read loop
		}
		s.handleAuth(raw, nasAddr, time.Now())
	})
}

// FuzzAuthAttributes builds correctly signed Access-Requests around arbitrary attribute
// bytes, so the fuzzer gets past the Message-Authenticator into the methods and the policy.
func FuzzAuthAttributes(f *testing.F) {
	for _, m := range []client.Method{client.PAP, client.CHAP, client.CHAPChallenge, client.MSCHAPv1, client.MSCHAPv2} {
		p, _, _ := client.NewAccessRequest([]byte(testSecret), m, "alice", "pw")
		raw, _ := client.Encode(p)
		f.Add(raw[38:]) // the attributes after the Message-Authenticator
	}
	s := newOfflineServer(f)
	f.Fuzz(func(t *testing.T, attrs []byte) {
		if len(attrs) > radius.MaxPacketLength-38 {
			return
		}
		raw := make([]byte, 38, 38+len(attrs))
		raw[0] = byte(radius.CodeAccessRequest)
		raw[1] = byte(len(attrs))
		copy(raw[4:20], "0123456789abcdef")
		raw[20], raw[21] = byte(msgauth.Type), 18
		raw = append(raw, attrs...)
		setLen(raw, len(raw))
		s.cache = newReplyCache(time.Millisecond) // every input is a new request
		s.handleAuth(resignAccess(raw), nasAddr, time.Now())
	})
}

// FuzzAcct feeds arbitrary datagrams, and correctly authenticated accounting requests
// around arbitrary attributes, to the accounting handler.
func FuzzAcct(f *testing.F) {
	f.Add(signedAcct(f, client.Integer(rfc2866.AcctStatusType_Type, 1), client.String(rfc2866.AcctSessionID_Type, "s")), false)
	f.Add([]byte{byte(rfc2866.AcctStatusType_Type), 6, 0, 0, 0, 3, byte(rfc2866.AcctSessionID_Type), 3, 'x'}, true)
	s := newOfflineServer(f)
	f.Fuzz(func(t *testing.T, data []byte, sign bool) {
		raw := data
		if sign {
			if len(data) > radius.MaxPacketLength-20 {
				return
			}
			raw = make([]byte, 20, 20+len(data))
			raw[0] = byte(radius.CodeAccountingRequest)
			raw = append(raw, data...)
			setLen(raw, len(raw))
			h := md5.New()
			h.Write(raw)
			h.Write([]byte(testSecret))
			copy(raw[4:20], h.Sum(nil))
		}
		if len(raw) < 20 || len(raw) > radius.MaxPacketLength {
			return
		}
		// The cache stays: the offline writer answers from another goroutine.
		s.handleAcct(raw, nasAddr, time.Now(), func([]byte) {})
	})
}

func counterValue(c prometheus.Counter) float64 {
	var m dto.Metric
	if err := c.Write(&m); err != nil {
		return -1
	}
	return m.GetCounter().GetValue()
}

// TestWriteFuzzSeeds regenerates testdata/fuzz from the cases above when
// LINEDESK_WRITE_FUZZ_SEEDS=1; CI runs the committed files as part of the fuzz targets.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("LINEDESK_WRITE_FUZZ_SEEDS") == "" {
		t.Skip("set LINEDESK_WRITE_FUZZ_SEEDS=1 to regenerate testdata/fuzz")
	}
	write := func(target, name string, args ...any) {
		dir := filepath.Join("testdata", "fuzz", target)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		b.WriteString("go test fuzz v1\n")
		for _, a := range args {
			switch v := a.(type) {
			case []byte:
				fmt.Fprintf(&b, "[]byte(%q)\n", v)
			case bool:
				fmt.Fprintf(&b, "bool(%v)\n", v)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good := signedAccess(t)
	write("FuzzAuth", "valid-pap", good)
	write("FuzzAuth", "truncated", good[:len(good)-3])
	bad := append([]byte(nil), good...)
	bad[39] = 0
	write("FuzzAuth", "attribute-length-zero", bad)
	bad = append([]byte(nil), good...)
	bad[39] = 250
	write("FuzzAuth", "attribute-overrun", bad)
	write("FuzzAuth", "length-beyond-datagram", setLen(append([]byte(nil), good...), len(good)+10))
	for _, m := range []client.Method{client.CHAP, client.MSCHAPv1, client.MSCHAPv2} {
		p, _, _ := client.NewAccessRequest([]byte(testSecret), m, "alice", "pw")
		raw, _ := client.Encode(p)
		write("FuzzAuthAttributes", "valid-"+string(m), raw[38:])
	}
	write("FuzzAuthAttributes", "many-empty-attributes", bytes.Repeat([]byte{18, 2}, 1500))
	write("FuzzAuthAttributes", "ms-chap2-response-short", []byte{1, 7, 'a', 'l', 'i', 'c', 'e', 26, 12, 0, 0, 1, 55, 25, 6, 1, 2, 3, 4})
	start := signedAcct(t, client.Integer(rfc2866.AcctStatusType_Type, 1), client.String(rfc2866.AcctSessionID_Type, "s1"),
		client.String(rfc2865.UserName_Type, "alice"))
	write("FuzzAcct", "valid-start", start, false)
	write("FuzzAcct", "stop-gigawords", []byte{40, 6, 0, 0, 0, 2, 44, 4, 's', '1', 1, 7, 'a', 'l', 'i', 'c', 'e',
		42, 6, 0, 0, 0, 9, 52, 6, 0xff, 0xff, 0xff, 0xff, 53, 6, 0xff, 0xff, 0xff, 0xff}, true)
	write("FuzzAcct", "accounting-on", []byte{40, 6, 0, 0, 0, 7}, true)
	write("FuzzAcct", "bad-status-length", []byte{40, 5, 0, 0, 7}, true)
}

// RFC 5997 Status-Server is answered on both ports when signed, dropped when not.
func TestStatusServer(t *testing.T) {
	s := newOfflineServer(t)
	for _, acct := range []bool{false, true} {
		p := radius.New(radius.CodeStatusServer, []byte(testSecret))
		raw, err := client.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		handle := func(b []byte) []byte {
			if acct {
				return s.handleAcct(b, nasAddr, time.Now(), func([]byte) {})
			}
			return s.handleAuth(b, nasAddr, time.Now())
		}
		reply := handle(raw)
		want := radius.CodeAccessAccept
		if acct {
			want = radius.CodeAccountingResponse
		}
		if reply == nil || radius.Code(reply[0]) != want || !radius.IsAuthenticResponse(reply, raw, []byte(testSecret)) {
			t.Fatalf("acct=%v: reply %v", acct, reply)
		}
		if err := msgauth.VerifyResponse(reply, []byte(testSecret), raw[4:20], true); err != nil {
			t.Fatalf("acct=%v: %v", acct, err)
		}
		unsigned, _ := radius.New(radius.CodeStatusServer, []byte(testSecret)).Encode()
		if handle(unsigned) != nil {
			t.Fatalf("acct=%v: unsigned Status-Server answered", acct)
		}
	}
}
