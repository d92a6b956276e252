package client

import (
	"bytes"
	"encoding/hex"
	"strings"
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc3079"
	"layeh.com/radius/vendors/microsoft"

	"github.com/linedesk/linedesk/radius/msgauth"
)

func unhex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(strings.ReplaceAll(s, " ", ""))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 2759 section 9.2 and RFC 3079 section 3.5.3 test vectors.
func TestMSCHAPv2Vectors(t *testing.T) {
	authChallenge := unhex(t, "5B5D7C7D7B3F2F3E3C2C602132262628")
	peerChallenge := unhex(t, "21402324255E262A28295F2B3A337C7E")
	resp, err := MSCHAPv2Response(7, authChallenge, peerChallenge, "User", "clientPass")
	if err != nil {
		t.Fatal(err)
	}
	wantNT := unhex(t, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF")
	if !bytes.Equal(resp[26:50], wantNT) || resp[0] != 7 || !bytes.Equal(resp[2:18], peerChallenge) {
		t.Fatalf("NT-Response = %X, want %X", resp[26:50], wantNT)
	}
	hash, _ := NTPasswordHash("clientPass")
	if want := unhex(t, "44EBBA8D5312B8D611474411F56989AE"); !bytes.Equal(hash, want) {
		t.Fatalf("PasswordHash = %X", hash)
	}
	ar, _ := rfc2759.GenerateAuthenticatorResponse(authChallenge, peerChallenge, wantNT, []byte("User"), []byte("clientPass"))
	if ar != "S=407A5589115FD0D6209F510FE9C04566932CDA56" {
		t.Fatalf("AuthenticatorResponse = %s", ar)
	}
	master := rfc3079.GetMasterKey(rfc2759.NTPasswordHash(hash), wantNT)
	if want := unhex(t, "FDECE3717A8C838CB388E527AE3CDD31"); !bytes.Equal(master, want) {
		t.Fatalf("MasterKey = %X", master)
	}
	send, _ := rfc3079.MakeKey(wantNT, []byte("clientPass"), true)
	if want := unhex(t, "8B7CDC149B993A1BA118CB153F56DCCB"); !bytes.Equal(send, want) {
		t.Fatalf("SendStartKey128 = %X", send)
	}
}

// RFC 2433 appendix B test vector for the MS-CHAPv1 NT response.
func TestMSCHAPv1Vector(t *testing.T) {
	resp, err := MSCHAPv1Response(1, unhex(t, "102DB5DF085D3041"), "MyPw")
	if err != nil {
		t.Fatal(err)
	}
	if want := unhex(t, "4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61"); !bytes.Equal(resp[26:], want) {
		t.Fatalf("NT response = %X, want %X", resp[26:], want)
	}
	if resp[1] != 1 {
		t.Fatal("flags must say: use NT response")
	}
}

func TestAccessRequestShapes(t *testing.T) {
	secret := []byte("s3")
	for _, m := range []Method{PAP, CHAP, CHAPChallenge, MSCHAPv1, MSCHAPv2} {
		t.Run(string(m), func(t *testing.T) {
			p, verify, err := NewAccessRequest(secret, m, "alice", "pw", String(rfc2865.CallingStationID_Type, "aa:bb"))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			if raw[20] != byte(msgauth.Type) {
				t.Fatal("Message-Authenticator is not first")
			}
			if err := msgauth.VerifyRequest(raw, secret, true); err != nil {
				t.Fatal(err)
			}
			q, _ := radius.Parse(raw, secret)
			switch m {
			case PAP:
				pw, _ := rfc2865.UserPassword_LookupString(q)
				if pw != "pw" {
					t.Fatalf("password %q", pw)
				}
			case CHAP:
				c := rfc2865.CHAPPassword_Get(q)
				if !bytes.Equal(c, CHAPResponse(c[0], "pw", q.Authenticator[:])) {
					t.Fatal("bad CHAP")
				}
			case CHAPChallenge:
				c := rfc2865.CHAPPassword_Get(q)
				if !bytes.Equal(c, CHAPResponse(c[0], "pw", rfc2865.CHAPChallenge_Get(q))) {
					t.Fatal("bad CHAP")
				}
			case MSCHAPv2:
				if len(microsoft.MSCHAP2Response_Get(q)) != 50 || len(microsoft.MSCHAPChallenge_Get(q)) != 16 {
					t.Fatal("bad MS-CHAPv2 attributes")
				}
			}
			// A reply signed with another secret is refused; a correct one passes.
			for _, sec := range [][]byte{[]byte("other"), secret} {
				r := q.Response(radius.CodeAccessReject)
				r.Secret = sec
				rraw, _ := msgauth.Sign(r)
				_, err := verify(rraw)
				if (err == nil) != bytes.Equal(sec, secret) {
					t.Fatalf("secret %s: verify err = %v", sec, err)
				}
			}
		})
	}
}
