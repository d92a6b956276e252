// Package client builds and checks the RADIUS requests a MikroTik router sends, for the
// simulated router in nas/, the `linedesk bench radius` load tool and the tests.
//
// Access-Request:
//
//	p, verify, err := client.NewAccessRequest(secret, client.MSCHAPv2, "alice", "s3cret",
//		client.String(rfc2865.CallingStationID_Type, "aa:bb:cc:dd:ee:ff"))
//	raw, err := client.Encode(p)          // adds Message-Authenticator (first attribute)
//	... send raw, read the reply into buf ...
//	reply, err := verify(buf)             // Response Authenticator, Message-Authenticator,
//	                                      // and for MS-CHAPv2 the MS-CHAP2-Success
//
// The caller may change p.Identifier (and add attributes) before Encode, but must not change
// p.Authenticator: PAP hides the password with it and CHAP without CHAP-Challenge uses it as
// the challenge. Methods: PAP, CHAP (the Request Authenticator as challenge), CHAPChallenge
// (a separate CHAP-Challenge attribute), MSCHAPv1 and MSCHAPv2.
//
// Accounting-Request: NewAccountingRequest and SetCounters (octets with gigawords), then
// Encode; VerifyAccounting checks the Accounting-Response. Exchange sends a request over UDP
// and retransmits the same bytes until a valid reply arrives or ctx ends.
package client

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"strings"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"
	"layeh.com/radius/vendors/microsoft"

	"github.com/linedesk/linedesk/radius/msgauth"
)

// Method is an authentication method.
type Method string

// Authentication methods.
const (
	PAP           Method = "pap"
	CHAP          Method = "chap"           // challenge = Request Authenticator
	CHAPChallenge Method = "chap-challenge" // challenge in a CHAP-Challenge attribute
	MSCHAPv1      Method = "mschapv1"
	MSCHAPv2      Method = "mschapv2"
)

// ParseMethod reads a method name ("pap", "chap", "chap-challenge", "mschap"/"mschapv1",
// "mschapv2").
func ParseMethod(s string) (Method, error) {
	switch strings.ToLower(s) {
	case "pap":
		return PAP, nil
	case "chap":
		return CHAP, nil
	case "chap-challenge":
		return CHAPChallenge, nil
	case "mschap", "mschapv1", "mschap1":
		return MSCHAPv1, nil
	case "mschapv2", "mschap2":
		return MSCHAPv2, nil
	}
	return "", fmt.Errorf("unknown authentication method %q (pap, chap, chap-challenge, mschapv1, mschapv2)", s)
}

// VerifyFunc checks a raw reply to the request it was made with and returns it parsed.
type VerifyFunc func(raw []byte) (*radius.Packet, error)

// Errors from VerifyFunc.
var (
	ErrBadReply          = errors.New("radius client: reply is not for this request or has a bad Response Authenticator")
	ErrBadMSCHAP2Success = errors.New("radius client: MS-CHAP2-Success does not prove the server knows the password")
)

// String is an attribute with a string value, for the attrs of the constructors.
func String(t radius.Type, s string) *radius.AVP {
	return &radius.AVP{Type: t, Attribute: radius.Attribute(s)}
}

// Integer is an attribute with a 32-bit integer value.
func Integer(t radius.Type, v uint32) *radius.AVP {
	return &radius.AVP{Type: t, Attribute: radius.NewInteger(v)}
}

// NewAccessRequest builds an Access-Request for username with password hidden or proven the
// way method says, plus attrs, and returns it with the function that checks its reply.
func NewAccessRequest(secret []byte, method Method, username, password string, attrs ...*radius.AVP) (*radius.Packet, VerifyFunc, error) {
	if len(secret) == 0 {
		return nil, nil, errors.New("radius client: empty secret")
	}
	p := radius.New(radius.CodeAccessRequest, secret)
	if err := rfc2865.UserName_SetString(p, username); err != nil {
		return nil, nil, fmt.Errorf("radius client: User-Name: %w", err)
	}
	var checkSuccess func(reply *radius.Packet) error
	switch method {
	case PAP:
		a, err := radius.NewUserPassword([]byte(password), secret, p.Authenticator[:])
		if err != nil {
			return nil, nil, fmt.Errorf("radius client: User-Password: %w", err)
		}
		p.Add(rfc2865.UserPassword_Type, a)
	case CHAP, CHAPChallenge:
		id := randBytes(1)[0]
		challenge := p.Authenticator[:]
		if method == CHAPChallenge {
			challenge = randBytes(16)
			p.Add(rfc2865.CHAPChallenge_Type, challenge)
		}
		p.Add(rfc2865.CHAPPassword_Type, CHAPResponse(id, password, challenge))
	case MSCHAPv1:
		challenge := randBytes(8)
		resp, err := MSCHAPv1Response(randBytes(1)[0], challenge, password)
		if err != nil {
			return nil, nil, err
		}
		if err := microsoft.MSCHAPChallenge_Add(p, challenge); err != nil {
			return nil, nil, err
		}
		if err := microsoft.MSCHAPResponse_Add(p, resp); err != nil {
			return nil, nil, err
		}
	case MSCHAPv2:
		check, err := addMSCHAPv2(p, username, password)
		if err != nil {
			return nil, nil, err
		}
		checkSuccess = check
	default:
		return nil, nil, fmt.Errorf("radius client: unknown method %q", method)
	}
	for _, a := range attrs {
		p.Attributes = append(p.Attributes, a)
	}
	verify := func(raw []byte) (*radius.Packet, error) {
		reply, err := checkReply(p, raw)
		if err != nil {
			return nil, err
		}
		if reply.Code == radius.CodeAccessAccept && checkSuccess != nil {
			if err := checkSuccess(reply); err != nil {
				return nil, err
			}
		}
		return reply, nil
	}
	return p, verify, nil
}

// addMSCHAPv2 adds an MS-CHAPv2 proof of password to p and returns the check of the
// MS-CHAP2-Success an Access-Accept must carry.
func addMSCHAPv2(p *radius.Packet, username, password string) (func(reply *radius.Packet) error, error) {
	authChallenge, peerChallenge := randBytes(16), randBytes(16)
	ident := randBytes(1)[0]
	resp, err := MSCHAPv2Response(ident, authChallenge, peerChallenge, username, password)
	if err != nil {
		return nil, err
	}
	if err := microsoft.MSCHAPChallenge_Add(p, authChallenge); err != nil {
		return nil, err
	}
	if err := microsoft.MSCHAP2Response_Add(p, resp); err != nil {
		return nil, err
	}
	ntResponse := resp[26:50]
	return func(reply *radius.Packet) error {
		want, err := rfc2759.GenerateAuthenticatorResponse(authChallenge, peerChallenge, ntResponse, []byte(username), []byte(password))
		if err != nil {
			return err
		}
		got := microsoft.MSCHAP2Success_Get(reply)
		if len(got) != 43 || got[0] != ident || string(got[1:]) != want {
			return ErrBadMSCHAP2Success
		}
		return nil
	}, nil
}

// checkReply checks raw as the reply to request p: identifier, Response Authenticator and
// (required on Access-Accept/Reject/Challenge) Message-Authenticator.
func checkReply(p *radius.Packet, raw []byte) (*radius.Packet, error) {
	return CheckReply(p, raw, true)
}

// CheckReply checks raw as the reply to request p (sent as encoded by Encode): identifier,
// Response Authenticator and, when present or when requireMA is set on an
// Access-Accept/Reject/Challenge, Message-Authenticator. Errors wrap msgauth.ErrMissing when
// only the Message-Authenticator is missing. The VerifyFuncs require it; requireMA false is
// for measuring servers that do not send one (pre-BlastRADIUS FreeRADIUS).
func CheckReply(p *radius.Packet, raw []byte, requireMA bool) (*radius.Packet, error) {
	if len(raw) < 20 || raw[1] != p.Identifier {
		return nil, ErrBadReply
	}
	length := int(raw[2])<<8 | int(raw[3])
	if length < 20 || length > len(raw) {
		return nil, ErrBadReply
	}
	raw = raw[:length]
	h := md5.New()
	h.Write(raw[:4])
	h.Write(p.Authenticator[:])
	h.Write(raw[20:])
	h.Write(p.Secret)
	if !bytes.Equal(h.Sum(nil), raw[4:20]) {
		return nil, ErrBadReply
	}
	code := radius.Code(raw[0])
	required := requireMA && (code == radius.CodeAccessAccept || code == radius.CodeAccessReject || code == radius.CodeAccessChallenge)
	if err := msgauth.VerifyResponse(raw, p.Secret, p.Authenticator[:], required); err != nil {
		return nil, fmt.Errorf("radius client: %w", err)
	}
	reply, err := radius.Parse(raw, p.Secret)
	if err != nil {
		return nil, fmt.Errorf("radius client: %w", err)
	}
	// Keep the request authenticator: attribute decryption (MPPE keys) needs it.
	copy(reply.Authenticator[:], p.Authenticator[:])
	return reply, nil
}

// Encode turns a request into bytes to send: an Access-Request gets a Message-Authenticator
// as its first attribute; an Accounting-Request gets its Request Authenticator (also stored
// in p.Authenticator, which its VerifyFunc checks the reply against).
func Encode(p *radius.Packet) ([]byte, error) {
	if p.Code == radius.CodeAccessRequest || p.Code == radius.CodeStatusServer {
		return msgauth.Sign(p)
	}
	raw, err := p.Encode()
	if err != nil {
		return nil, err
	}
	// The Request Authenticator is computed: keep it, the reply is checked against it.
	copy(p.Authenticator[:], raw[4:20])
	return raw, nil
}

// CHAPResponse is the CHAP-Password value: the CHAP identifier and MD5(id, password, challenge).
func CHAPResponse(id byte, password string, challenge []byte) []byte {
	h := md5.New()
	h.Write([]byte{id})
	h.Write([]byte(password))
	h.Write(challenge)
	return append([]byte{id}, h.Sum(nil)...)
}

// NTPasswordHash is MD4 of the password in UTF-16LE (RFC 2759 8.3).
func NTPasswordHash(password string) ([]byte, error) {
	u, err := rfc2759.ToUTF16([]byte(password))
	if err != nil {
		return nil, fmt.Errorf("radius client: encoding password: %w", err)
	}
	return rfc2759.NTPasswordHash(u), nil
}

// MSCHAPv1Response is the 50-byte MS-CHAP-Response for an 8-byte challenge (RFC 2433 /
// RFC 2548 2.1.3): ident, flags 1 (use the NT response), 24 zero bytes of LM response,
// the 24-byte NT response.
func MSCHAPv1Response(ident byte, challenge []byte, password string) ([]byte, error) {
	if len(challenge) != 8 {
		return nil, errors.New("radius client: MS-CHAPv1 challenge must be 8 bytes")
	}
	hash, err := NTPasswordHash(password)
	if err != nil {
		return nil, err
	}
	resp := make([]byte, 50)
	resp[0] = ident
	resp[1] = 1
	copy(resp[26:], rfc2759.ChallengeResponse(challenge, hash))
	return resp, nil
}

// MSCHAPv2Response is the 50-byte MS-CHAP2-Response (RFC 2548 2.3.2): ident, flags 0,
// the 16-byte peer challenge, 8 reserved zero bytes, the 24-byte NT response.
func MSCHAPv2Response(ident byte, authChallenge, peerChallenge []byte, username, password string) ([]byte, error) {
	if len(authChallenge) != 16 || len(peerChallenge) != 16 {
		return nil, errors.New("radius client: MS-CHAPv2 challenges must be 16 bytes")
	}
	nt, err := rfc2759.GenerateNTResponse(authChallenge, peerChallenge, []byte(username), []byte(password))
	if err != nil {
		return nil, fmt.Errorf("radius client: %w", err)
	}
	resp := make([]byte, 50)
	resp[0] = ident
	copy(resp[2:18], peerChallenge)
	copy(resp[26:50], nt)
	return resp, nil
}

// NewAccountingRequest builds an Accounting-Request of the given status for a session.
// Add counters with SetCounters; send the bytes of Encode.
func NewAccountingRequest(secret []byte, status rfc2866.AcctStatusType, username, acctSessionID string, attrs ...*radius.AVP) *radius.Packet {
	p := radius.New(radius.CodeAccountingRequest, secret)
	_ = rfc2866.AcctStatusType_Set(p, status)
	if username != "" {
		_ = rfc2865.UserName_SetString(p, username)
	}
	if acctSessionID != "" {
		_ = rfc2866.AcctSessionID_SetString(p, acctSessionID)
	}
	for _, a := range attrs {
		p.Attributes = append(p.Attributes, a)
	}
	return p
}

// SetCounters sets the cumulative byte counters (octets and gigawords) and session time.
// bytesIn is what the router received from the customer (Acct-Input).
func SetCounters(p *radius.Packet, bytesIn, bytesOut uint64, sessionTime uint32) {
	_ = rfc2866.AcctInputOctets_Set(p, rfc2866.AcctInputOctets(uint32(bytesIn)))
	_ = rfc2866.AcctOutputOctets_Set(p, rfc2866.AcctOutputOctets(uint32(bytesOut)))
	_ = rfc2869.AcctInputGigawords_Set(p, rfc2869.AcctInputGigawords(uint32(bytesIn>>32)))
	_ = rfc2869.AcctOutputGigawords_Set(p, rfc2869.AcctOutputGigawords(uint32(bytesOut>>32)))
	_ = rfc2866.AcctSessionTime_Set(p, rfc2866.AcctSessionTime(sessionTime))
}

// VerifyAccounting returns the function that checks the Accounting-Response to p.
func VerifyAccounting(p *radius.Packet) VerifyFunc {
	return func(raw []byte) (*radius.Packet, error) {
		reply, err := checkReply(p, raw)
		if err != nil {
			return nil, err
		}
		if reply.Code != radius.CodeAccountingResponse {
			return nil, fmt.Errorf("radius client: unexpected %v", reply.Code)
		}
		return reply, nil
	}
}

// Exchange sends p (encoded once, so retransmits are identical) to addr over UDP, resending
// every retry interval (1 s when zero), until verify accepts a reply or ctx ends.
func Exchange(ctx context.Context, addr string, p *radius.Packet, verify VerifyFunc, retry time.Duration) (*radius.Packet, error) {
	if retry <= 0 {
		retry = time.Second
	}
	raw, err := Encode(p)
	if err != nil {
		return nil, fmt.Errorf("radius client: encoding: %w", err)
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, "udp", addr)
	if err != nil {
		return nil, fmt.Errorf("radius client: %w", err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { _ = conn.SetReadDeadline(time.Now()) })
	defer stop()
	buf := make([]byte, radius.MaxPacketLength)
	for {
		if _, err := conn.Write(raw); err != nil {
			return nil, fmt.Errorf("radius client: sending to %s: %w", addr, err)
		}
		deadline := time.Now().Add(retry)
		for {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("radius client: no reply from %s: %w", addr, ctx.Err())
			}
			_ = conn.SetReadDeadline(deadline)
			n, err := conn.Read(buf)
			if ctx.Err() != nil {
				return nil, fmt.Errorf("radius client: no reply from %s: %w", addr, ctx.Err())
			}
			if err != nil {
				var ne net.Error
				if errors.As(err, &ne) && ne.Timeout() {
					break // resend
				}
				// ICMP port unreachable and the like: wait and resend.
				time.Sleep(min(retry, time.Until(deadline)))
				break
			}
			if reply, err := verify(buf[:n]); err == nil {
				return reply, nil
			}
		}
	}
}

func randBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		panic(err)
	}
	return b
}
