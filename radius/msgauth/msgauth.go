// Package msgauth signs and verifies the RADIUS Message-Authenticator attribute (RFC 3579,
// RFC 5176), which layeh.com/radius neither checks nor writes.
package msgauth

import (
	"crypto/hmac"
	"crypto/md5"
	"errors"
	"sync"

	"layeh.com/radius"
	"layeh.com/radius/rfc2869"
)

// Type is the Message-Authenticator attribute type.
const Type = radius.Type(rfc2869.MessageAuthenticator_Type)

// Errors returned by Verify.
var (
	ErrMissing   = errors.New("Message-Authenticator missing")
	ErrInvalid   = errors.New("Message-Authenticator invalid")
	ErrMalformed = errors.New("malformed packet")
)

// Sign puts a Message-Authenticator first in p's attributes and returns the encoded packet
// (with its Response or Request Authenticator computed by layeh's Encode).
//
// For replies (Access-Accept/Reject/Challenge, CoA/Disconnect ACK/NAK), p.Authenticator must
// hold the request's authenticator, as radius.Packet.Response leaves it. For Access-Request it
// is the random request authenticator. For Accounting, CoA and Disconnect requests the HMAC is
// taken over a zeroed authenticator.
func Sign(p *radius.Packet) ([]byte, error) {
	p.Attributes.Del(Type)
	p.Attributes = append(radius.Attributes{{Type: Type, Attribute: make([]byte, 16)}}, p.Attributes...)
	raw, err := p.MarshalBinary() // the authenticator as p holds it, the attribute zeroed
	if err != nil {
		return nil, err
	}
	zeroAuth := false
	switch p.Code {
	case radius.CodeAccessRequest, radius.CodeStatusServer:
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest:
		zeroAuth = true
	case radius.CodeAccessAccept, radius.CodeAccessReject, radius.CodeAccessChallenge, radius.CodeAccountingResponse,
		radius.CodeDisconnectACK, radius.CodeDisconnectNAK, radius.CodeCoAACK, radius.CodeCoANAK:
	default:
		return nil, errors.New("radius: unknown Packet Code")
	}
	if zeroAuth {
		clear(raw[4:20])
	}
	// The attribute is first: its value starts at byte 22.
	mac := hmacMD5(p.Secret, raw)
	copy(raw[22:38], mac[:])
	p.Attributes[0].Attribute = mac[:]
	if p.Code != radius.CodeAccessRequest && p.Code != radius.CodeStatusServer {
		// The Request or Response Authenticator (RFC 2865 §3, RFC 2866 §3, RFC 5176 §3.5),
		// as layeh's Encode computes it, over the signed bytes.
		sum := md5Of(raw, p.Secret)
		copy(raw[4:20], sum[:])
	}
	return raw, nil
}

// scratch buffers for the digests: a packet (at most 4,096 bytes) plus a key or a secret.
var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 2*radius.MaxPacketLength); return &b }}

// md5Of returns MD5(a || b) without allocating.
func md5Of(a, b []byte) [md5.Size]byte {
	bp := scratch.Get().(*[]byte)
	buf := append(append((*bp)[:0], a...), b...)
	sum := md5.Sum(buf)
	*bp = buf[:0]
	scratch.Put(bp)
	return sum
}

// hmacMD5 returns HMAC-MD5(key, msg) (RFC 2104) without allocating, as crypto/hmac computes
// it (tested against it).
func hmacMD5(key, msg []byte) [md5.Size]byte {
	const block = 64
	if len(key) > block {
		k := md5.Sum(key)
		key = k[:]
	}
	var ipad, opad [block]byte
	copy(ipad[:], key)
	copy(opad[:], key)
	for i := range ipad {
		ipad[i] ^= 0x36
		opad[i] ^= 0x5c
	}
	inner := md5Of(ipad[:], msg)
	var outer [block + md5.Size]byte
	copy(outer[:], opad[:])
	copy(outer[block:], inner[:])
	return md5.Sum(outer[:])
}

// find returns the offset of the Message-Authenticator value in raw, or -1; it also checks
// that the attribute list is well formed.
func find(raw []byte) (int, error) {
	if len(raw) < 20 {
		return -1, ErrMalformed
	}
	length := int(raw[2])<<8 | int(raw[3])
	if length < 20 || length > len(raw) {
		return -1, ErrMalformed
	}
	at := -1
	for i := 20; i < length; {
		if i+2 > length {
			return -1, ErrMalformed
		}
		l := int(raw[i+1])
		if l < 2 || i+l > length {
			return -1, ErrMalformed
		}
		if raw[i] == byte(Type) {
			if l != 18 || at >= 0 {
				return -1, ErrInvalid
			}
			at = i + 2
		}
		i += l
	}
	return at, nil
}

// Present reports whether raw carries a Message-Authenticator.
func Present(raw []byte) bool {
	at, err := find(raw)
	return err == nil && at >= 0
}

// VerifyRequest checks the Message-Authenticator of a request packet (Access-Request,
// Accounting-Request, CoA or Disconnect request). With required false, a packet without one
// passes.
func VerifyRequest(raw, secret []byte, required bool) error {
	return verify(raw, secret, nil, required)
}

// VerifyResponse checks the Message-Authenticator of a reply to a request whose authenticator
// was requestAuth.
func VerifyResponse(raw, secret, requestAuth []byte, required bool) error {
	if len(requestAuth) != 16 {
		return ErrMalformed
	}
	return verify(raw, secret, requestAuth, required)
}

func verify(raw, secret, requestAuth []byte, required bool) error {
	at, err := find(raw)
	if err != nil {
		return err
	}
	if at < 0 {
		if required {
			return ErrMissing
		}
		return nil
	}
	length := int(raw[2])<<8 | int(raw[3])
	bp := scratch.Get().(*[]byte)
	defer scratch.Put(bp)
	buf := append((*bp)[:0], raw[:length]...)
	*bp = buf[:0]
	var got [16]byte
	copy(got[:], buf[at:at+16])
	clear(buf[at : at+16])
	switch {
	case requestAuth != nil:
		copy(buf[4:20], requestAuth)
	case radius.Code(buf[0]) == radius.CodeAccountingRequest || radius.Code(buf[0]) == radius.CodeDisconnectRequest || radius.Code(buf[0]) == radius.CodeCoARequest:
		clear(buf[4:20])
	}
	mac := hmacMD5(secret, buf)
	if !hmac.Equal(mac[:], got[:]) {
		return ErrInvalid
	}
	return nil
}
