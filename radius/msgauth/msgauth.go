// Package msgauth signs and verifies the RADIUS Message-Authenticator attribute (RFC 3579,
// RFC 5176), which layeh.com/radius neither checks nor writes.
package msgauth

import (
	"crypto/hmac"
	"crypto/md5"
	"errors"

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
	zero := make([]byte, 16)
	p.Attributes = append(radius.Attributes{{Type: Type, Attribute: zero}}, p.Attributes...)
	raw, err := p.MarshalBinary()
	if err != nil {
		return nil, err
	}
	switch p.Code {
	case radius.CodeAccountingRequest, radius.CodeDisconnectRequest, radius.CodeCoARequest:
		clear(raw[4:20])
	}
	mac := hmac.New(md5.New, p.Secret)
	mac.Write(raw)
	p.Attributes[0].Attribute = mac.Sum(nil)
	return p.Encode()
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
	buf := make([]byte, length)
	copy(buf, raw[:length])
	got := make([]byte, 16)
	copy(got, buf[at:at+16])
	clear(buf[at : at+16])
	switch {
	case requestAuth != nil:
		copy(buf[4:20], requestAuth)
	case radius.Code(buf[0]) == radius.CodeAccountingRequest || radius.Code(buf[0]) == radius.CodeDisconnectRequest || radius.Code(buf[0]) == radius.CodeCoARequest:
		clear(buf[4:20])
	}
	mac := hmac.New(md5.New, secret)
	mac.Write(buf)
	if !hmac.Equal(mac.Sum(nil), got) {
		return ErrInvalid
	}
	return nil
}
