package msgauth

import (
	"bytes"
	"crypto/hmac"
	"crypto/md5"
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
)

var secret = []byte("testing123")

// independentMAC recomputes the HMAC the way RFC 3579 describes, without Sign's code path.
func independentMAC(raw []byte, auth []byte) []byte {
	buf := append([]byte(nil), raw...)
	copy(buf[4:20], auth)
	for i := 20; i < len(buf); i += int(buf[i+1]) {
		if buf[i] == 80 {
			clear(buf[i+2 : i+18])
		}
	}
	m := hmac.New(md5.New, secret)
	m.Write(buf)
	return m.Sum(nil)
}

func TestSignAndVerify(t *testing.T) {
	req := radius.New(radius.CodeAccessRequest, secret)
	rfc2865.UserName_SetString(req, "alice")
	raw, err := Sign(req)
	if err != nil {
		t.Fatal(err)
	}
	if raw[20] != 80 {
		t.Fatalf("Message-Authenticator is not the first attribute")
	}
	if got := independentMAC(raw, raw[4:20]); !hmac.Equal(got, raw[22:38]) {
		t.Fatal("request MAC differs from an independent computation")
	}
	if err := VerifyRequest(raw, secret, true); err != nil {
		t.Fatalf("VerifyRequest: %v", err)
	}
	if err := VerifyRequest(raw, []byte("wrong"), true); err != ErrInvalid {
		t.Fatalf("wrong secret: err = %v", err)
	}

	parsed, _ := radius.Parse(raw, secret)
	resp := parsed.Response(radius.CodeAccessAccept)
	rraw, err := Sign(resp)
	if err != nil {
		t.Fatal(err)
	}
	if !radius.IsAuthenticResponse(rraw, raw, secret) {
		t.Fatal("response authenticator invalid")
	}
	if got := independentMAC(rraw, raw[4:20]); !hmac.Equal(got, rraw[22:38]) {
		t.Fatal("response MAC differs from an independent computation")
	}
	if err := VerifyResponse(rraw, secret, raw[4:20], true); err != nil {
		t.Fatalf("VerifyResponse: %v", err)
	}

	coa := radius.New(radius.CodeDisconnectRequest, secret)
	rfc2865.UserName_SetString(coa, "alice")
	craw, err := Sign(coa)
	if err != nil {
		t.Fatal(err)
	}
	if !radius.IsAuthenticRequest(craw, secret) {
		t.Fatal("disconnect request authenticator invalid")
	}
	if got := independentMAC(craw, make([]byte, 16)); !hmac.Equal(got, craw[22:38]) {
		t.Fatal("disconnect MAC differs from an independent computation")
	}
	if err := VerifyRequest(craw, secret, true); err != nil {
		t.Fatalf("VerifyRequest(disconnect): %v", err)
	}
}

func TestVerifyMissingAndMalformed(t *testing.T) {
	req := radius.New(radius.CodeAccessRequest, secret)
	rfc2865.UserName_SetString(req, "bob")
	raw, _ := req.Encode()
	if err := VerifyRequest(raw, secret, true); err != ErrMissing {
		t.Fatalf("missing required: err = %v", err)
	}
	if err := VerifyRequest(raw, secret, false); err != nil {
		t.Fatalf("missing optional: err = %v", err)
	}
	tests := [][]byte{nil, raw[:10], append(append([]byte(nil), raw[:20]...), 1, 0), append(append([]byte(nil), raw...), 80, 3, 0)}
	for i, b := range tests {
		if len(b) >= 4 {
			b[2], b[3] = byte(len(b)>>8), byte(len(b))
		}
		if err := VerifyRequest(b, secret, true); err == nil {
			t.Errorf("case %d: malformed packet verified", i)
		}
	}
}

func TestHMACMatchesCryptoHMAC(t *testing.T) {
	for _, keyLen := range []int{0, 1, 10, 63, 64, 65, 200} {
		key := make([]byte, keyLen)
		for i := range key {
			key[i] = byte(i*7 + 3)
		}
		for _, msgLen := range []int{0, 20, 4096} {
			msg := make([]byte, msgLen)
			for i := range msg {
				msg[i] = byte(i)
			}
			m := hmac.New(md5.New, key)
			m.Write(msg)
			got := hmacMD5(key, msg)
			if !hmac.Equal(got[:], m.Sum(nil)) {
				t.Errorf("key %d bytes, message %d bytes: HMAC differs from crypto/hmac", keyLen, msgLen)
			}
		}
	}
}

// Sign's bytes are what layeh's Encode writes for the signed packet, for every code: the
// authenticator computed as layeh computes it, the attribute Sign leaves in p.
func TestSignMatchesEncode(t *testing.T) {
	for _, code := range []radius.Code{radius.CodeAccessRequest, radius.CodeStatusServer, radius.CodeAccessAccept,
		radius.CodeAccessReject, radius.CodeAccessChallenge, radius.CodeAccountingRequest, radius.CodeAccountingResponse,
		radius.CodeDisconnectRequest, radius.CodeDisconnectACK, radius.CodeDisconnectNAK, radius.CodeCoARequest,
		radius.CodeCoAACK, radius.CodeCoANAK} {
		p := radius.New(code, secret)
		rfc2865.UserName_SetString(p, "alice")
		raw, err := Sign(p)
		if err != nil {
			t.Fatalf("%v: %v", code, err)
		}
		want, err := p.Encode()
		if err != nil {
			t.Fatalf("%v: %v", code, err)
		}
		if !bytes.Equal(raw, want) {
			t.Errorf("%v: Sign wrote\n%x\nlayeh's Encode of the signed packet writes\n%x", code, raw, want)
		}
	}
	if _, err := Sign(radius.New(radius.Code(99), secret)); err == nil {
		t.Error("Sign accepted an unknown code")
	}
}
