package coa_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/md5"
	"encoding/binary"
	"fmt"
	"net"
	"sync"
	"testing"
	"time"

	"layeh.com/radius/rfc3576"

	"github.com/linedesk/linedesk/nas/coa"
)

// The receiver below is written apart from the sending code: it parses the wire format and
// checks the Request Authenticator (RFC 5176 §3, MD5 over the packet with a zeroed
// authenticator, then the secret) and the Message-Authenticator (RFC 3579, HMAC-MD5 over the
// packet with a zeroed authenticator and zeroed attribute value) by hand, and builds its
// answers by hand too.

type attr struct {
	typ   byte
	value []byte
}

type received struct {
	code  byte
	id    byte
	auth  []byte
	attrs []attr
	raw   []byte
}

func (r received) get(typ byte) []byte {
	for _, a := range r.attrs {
		if a.typ == typ {
			return a.value
		}
	}
	return nil
}

// vsa returns the value of vendor attribute (vendor, typ) from attribute 26.
func (r received) vsa(vendor uint32, typ byte) []byte {
	for _, a := range r.attrs {
		if a.typ != 26 || len(a.value) < 6 || binary.BigEndian.Uint32(a.value) != vendor {
			continue
		}
		rest := a.value[4:]
		for len(rest) >= 2 {
			l := int(rest[1])
			if l < 2 || l > len(rest) {
				break
			}
			if rest[0] == typ {
				return rest[2:l]
			}
			rest = rest[l:]
		}
	}
	return nil
}

func parse(t *testing.T, raw []byte) received {
	t.Helper()
	if len(raw) < 20 {
		t.Fatalf("short packet")
	}
	length := int(binary.BigEndian.Uint16(raw[2:4]))
	if length != len(raw) {
		t.Fatalf("length field %d, datagram %d", length, len(raw))
	}
	r := received{code: raw[0], id: raw[1], auth: append([]byte(nil), raw[4:20]...), raw: append([]byte(nil), raw...)}
	for i := 20; i < length; {
		l := int(raw[i+1])
		if l < 2 || i+l > length {
			t.Fatalf("bad attribute at %d", i)
		}
		r.attrs = append(r.attrs, attr{raw[i], append([]byte(nil), raw[i+2:i+l]...)})
		i += l
	}
	return r
}

// verifyRequest checks both authenticators of a Disconnect/CoA request.
func verifyRequest(raw, secret []byte) error {
	buf := append([]byte(nil), raw...)
	clear(buf[4:20])
	sum := md5.Sum(append(buf, secret...))
	if !bytes.Equal(sum[:], raw[4:20]) {
		return fmt.Errorf("Request Authenticator does not verify")
	}
	found := false
	for i := 20; i < len(raw); {
		l := int(raw[i+1])
		if raw[i] == 80 {
			if l != 18 {
				return fmt.Errorf("Message-Authenticator length %d", l)
			}
			found = true
			got := raw[i+2 : i+18]
			clear(buf[i+2 : i+18]) // buf already has a zeroed authenticator
			mac := hmac.New(md5.New, secret)
			mac.Write(buf)
			if !hmac.Equal(mac.Sum(nil), got) {
				return fmt.Errorf("Message-Authenticator does not verify")
			}
		}
		i += l
	}
	if !found {
		return fmt.Errorf("no Message-Authenticator")
	}
	return nil
}

// answer builds a reply by hand: Message-Authenticator first (when withMA), then extra
// attributes, Response Authenticator = MD5(code id length requestAuth attrs secret).
func answer(code, id byte, reqAuth, secret []byte, withMA bool, extra ...attr) []byte {
	var attrs []byte
	maAt := -1
	if withMA {
		maAt = 20 + 2
		attrs = append(attrs, 80, 18)
		attrs = append(attrs, make([]byte, 16)...)
	}
	for _, a := range extra {
		attrs = append(attrs, a.typ, byte(len(a.value)+2))
		attrs = append(attrs, a.value...)
	}
	pkt := make([]byte, 20+len(attrs))
	pkt[0], pkt[1] = code, id
	binary.BigEndian.PutUint16(pkt[2:4], uint16(len(pkt)))
	copy(pkt[4:20], reqAuth)
	copy(pkt[20:], attrs)
	if maAt >= 0 {
		mac := hmac.New(md5.New, secret)
		mac.Write(pkt)
		copy(pkt[maAt:maAt+16], mac.Sum(nil))
	}
	sum := md5.Sum(append(append([]byte(nil), pkt...), secret...))
	copy(pkt[4:20], sum[:])
	return pkt
}

type behaviour int

const (
	ackIt behaviour = iota
	nak503
	silent
	wrongSecret
	ackWithoutMA
	ackSecondTry
)

type receiver struct {
	t      *testing.T
	conn   net.PacketConn
	secret []byte
	mode   behaviour
	mu     sync.Mutex
	got    []received
	errs   []error
}

func newReceiver(t *testing.T, secret string, mode behaviour) *receiver {
	t.Helper()
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	r := &receiver{t: t, conn: conn, secret: []byte(secret), mode: mode}
	t.Cleanup(func() { conn.Close() })
	go r.loop()
	return r
}

func (r *receiver) addr() string { return r.conn.LocalAddr().String() }

func (r *receiver) loop() {
	buf := make([]byte, 4096)
	for {
		n, from, err := r.conn.ReadFrom(buf)
		if err != nil {
			return
		}
		raw := append([]byte(nil), buf[:n]...)
		p := parse(r.t, raw)
		verr := verifyRequest(raw, r.secret)
		r.mu.Lock()
		r.got = append(r.got, p)
		if verr != nil {
			r.errs = append(r.errs, verr)
		}
		count := len(r.got)
		r.mu.Unlock()
		if verr != nil {
			continue // a real router drops unauthentic requests
		}
		ack, nak := byte(41), byte(42)
		if p.code == 43 {
			ack, nak = 44, 45
		}
		var out []byte
		switch r.mode {
		case ackIt:
			out = answer(ack, p.id, p.auth, r.secret, true)
		case nak503:
			out = answer(nak, p.id, p.auth, r.secret, true, attr{101, []byte{0, 0, 1, 0xf7}})
		case silent:
			continue
		case wrongSecret:
			out = answer(ack, p.id, p.auth, []byte("not-the-secret"), true)
		case ackWithoutMA:
			out = answer(ack, p.id, p.auth, r.secret, false)
		case ackSecondTry:
			if count < 2 {
				continue
			}
			out = answer(ack, p.id, p.auth, r.secret, true)
		}
		_, _ = r.conn.WriteTo(out, from)
	}
}

func (r *receiver) packets() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func (r *receiver) verifyErrors() []error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]error(nil), r.errs...)
}

func TestDisconnectAndCoA(t *testing.T) {
	const secret = "s3cret-for-coa"
	tests := []struct {
		name       string
		coa        bool
		mode       behaviour
		requireMA  bool
		want       coa.Outcome
		wantCause  rfc3576.ErrorCause
		wantTries  int
		wantInText string
	}{
		{"disconnect ack", false, ackIt, true, coa.ACK, 0, 1, "acknowledged"},
		{"coa ack", true, ackIt, true, coa.ACK, 0, 1, "acknowledged"},
		{"disconnect nak 503", false, nak503, false, coa.NAK, 503, 1, "Session-Context-Not-Found (503)"},
		{"coa nak 503", true, nak503, false, coa.NAK, 503, 1, "503"},
		{"timeout after retries", true, silent, false, coa.Timeout, 0, 3, "did not answer"},
		{"answer with wrong secret", false, wrongSecret, false, coa.Error, 0, 3, "verification"},
		{"ack without MA accepted when not required", false, ackWithoutMA, false, coa.ACK, 0, 1, "acknowledged"},
		{"ack without MA refused when required", false, ackWithoutMA, true, coa.Error, 0, 3, "verification"},
		{"retransmission answered", true, ackSecondTry, true, coa.ACK, 0, 2, "acknowledged"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rcv := newReceiver(t, secret, tc.mode)
			c := &coa.Client{Timeout: 150 * time.Millisecond, Retries: 2, RequireMessageAuthenticator: tc.requireMA}
			req := coa.Request{
				Addr: rcv.addr(), Secret: []byte(secret), UserName: "alice", AcctSessionID: "81a0000b",
				FramedIP: net.ParseIP("10.0.0.7"), NASIP: net.ParseIP("192.0.2.1"),
				RateLimit: "5M/20M", SessionTimeout: 3600,
			}
			var res coa.Result
			if tc.coa {
				res = c.CoA(context.Background(), req)
			} else {
				res = c.Disconnect(context.Background(), req)
			}
			if res.Outcome != tc.want || res.ErrorCause != tc.wantCause {
				t.Fatalf("outcome %s cause %d (%v), want %s cause %d", res.Outcome, res.ErrorCause, res.Err, tc.want, tc.wantCause)
			}
			if res.Attempts != tc.wantTries {
				t.Errorf("attempts %d, want %d", res.Attempts, tc.wantTries)
			}
			if !bytes.Contains([]byte(res.Message()), []byte(tc.wantInText)) {
				t.Errorf("message %q lacks %q", res.Message(), tc.wantInText)
			}
			if bytes.Contains([]byte(res.Message()), []byte(secret)) {
				t.Errorf("message leaks the secret")
			}
			if errs := rcv.verifyErrors(); len(errs) > 0 {
				t.Fatalf("receiver could not verify the request: %v", errs)
			}
			pkts := rcv.packets()
			if len(pkts) != tc.wantTries {
				t.Fatalf("receiver got %d packets, want %d", len(pkts), tc.wantTries)
			}
			for _, p := range pkts[1:] {
				if !bytes.Equal(p.raw, pkts[0].raw) {
					t.Errorf("retransmission differs from the first packet")
				}
			}
			p := pkts[0]
			wantCode := byte(40)
			if tc.coa {
				wantCode = 43
			}
			if p.code != wantCode {
				t.Errorf("code %d, want %d", p.code, wantCode)
			}
			if p.attrs[0].typ != 80 {
				t.Errorf("Message-Authenticator is not the first attribute")
			}
			checks := map[string][2][]byte{
				"User-Name":         {p.get(1), []byte("alice")},
				"Acct-Session-Id":   {p.get(44), []byte("81a0000b")},
				"Framed-IP-Address": {p.get(8), {10, 0, 0, 7}},
				"NAS-IP-Address":    {p.get(4), {192, 0, 2, 1}},
			}
			if tc.coa {
				checks["Mikrotik-Rate-Limit"] = [2][]byte{p.vsa(14988, 8), []byte("5M/20M")}
				checks["Session-Timeout"] = [2][]byte{p.get(27), {0, 0, 0x0e, 0x10}}
			} else if p.vsa(14988, 8) != nil || p.get(27) != nil {
				t.Errorf("Disconnect-Request carries CoA attributes")
			}
			for name, c := range checks {
				if !bytes.Equal(c[0], c[1]) {
					t.Errorf("%s = %q, want %q", name, c[0], c[1])
				}
			}
		})
	}
}

func TestPortClosed(t *testing.T) {
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := conn.LocalAddr().String()
	conn.Close()
	c := &coa.Client{Timeout: 100 * time.Millisecond, Retries: 1}
	res := c.Disconnect(context.Background(), coa.Request{Addr: addr, Secret: []byte("x"), UserName: "bob"})
	if res.Outcome == coa.ACK || res.Outcome == coa.NAK {
		t.Fatalf("outcome %s from a closed port", res.Outcome)
	}
	t.Logf("closed port: %s: %s", res.Outcome, res.Message())
}

func TestNoSecret(t *testing.T) {
	res := (&coa.Client{}).Disconnect(context.Background(), coa.Request{Addr: "127.0.0.1:3799", UserName: "bob"})
	if res.Outcome != coa.Error {
		t.Fatalf("outcome %s without a secret", res.Outcome)
	}
}

func TestContextCancelled(t *testing.T) {
	rcv := newReceiver(t, "s", silent)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	start := time.Now()
	res := (&coa.Client{Timeout: 5 * time.Second, Retries: 3}).CoA(ctx, coa.Request{Addr: rcv.addr(), Secret: []byte("s"), UserName: "bob"})
	if time.Since(start) > 2*time.Second {
		t.Fatalf("cancellation ignored")
	}
	if res.Outcome == coa.ACK {
		t.Fatalf("outcome %s", res.Outcome)
	}
}
