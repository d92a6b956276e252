package radius

import (
	"crypto/md5"
	"encoding/hex"
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/vendors/microsoft"

	"github.com/linedesk/linedesk/radius/client"
)

func mustHex(t *testing.T, s string) []byte {
	t.Helper()
	b, err := hex.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The server side of MS-CHAPv2 against RFC 2759 section 9.2: the NT-Response is accepted
// and MS-CHAP2-Success carries the RFC's authenticator response; MPPE keys are added.
func TestMSCHAPv2ServerRFC2759Vector(t *testing.T) {
	secret := []byte(testSecret)
	req := radius.New(radius.CodeAccessRequest, secret)
	rfc2865.UserName_SetString(req, "User")
	microsoft.MSCHAPChallenge_Add(req, mustHex(t, "5B5D7C7D7B3F2F3E3C2C602132262628"))
	resp := make([]byte, 50)
	resp[0] = 0x42
	copy(resp[2:18], mustHex(t, "21402324255E262A28295F2B3A337C7E"))
	copy(resp[26:], mustHex(t, "82309ECD8D708B5EA08FAA3981CD83544233114A3D85D6DF"))
	microsoft.MSCHAP2Response_Add(req, resp)

	accept := req.Response(radius.CodeAccessAccept)
	ok, detail := checkCredentials(req, accept, []byte("User"), "clientPass", credentialMethod(req))
	if !ok {
		t.Fatalf("RFC 2759 vector rejected: %s", detail)
	}
	want := append([]byte{0x42}, "S=407A5589115FD0D6209F510FE9C04566932CDA56"...)
	if got := microsoft.MSCHAP2Success_Get(accept); string(got) != string(want) {
		t.Fatalf("MS-CHAP2-Success = %q, want %q", got, want)
	}
	// MS-MPPE-Send-Key (server → client) is the RFC 3079 3.5.3 SendStartKey128.
	if got := microsoft.MSMPPESendKey_Get(accept, req); hex.EncodeToString(got) != "8b7cdc149b993a1ba118cb153f56dccb" {
		t.Errorf("MS-MPPE-Send-Key = %x", got)
	}
	if got := microsoft.MSMPPERecvKey_Get(accept, req); len(got) != 16 {
		t.Errorf("MS-MPPE-Recv-Key = %x", got)
	}
	// The same response with another password is refused.
	accept = req.Response(radius.CodeAccessAccept)
	if ok, _ := checkCredentials(req, accept, []byte("User"), "wrongPass", "mschapv2"); ok {
		t.Fatal("wrong password accepted")
	}
	if len(microsoft.MSCHAP2Success_Get(accept)) != 0 {
		t.Fatal("MS-CHAP2-Success on a failure")
	}
}

// MS-CHAPv1 against the RFC 2433 appendix B vector.
func TestMSCHAPv1ServerRFC2433Vector(t *testing.T) {
	req := radius.New(radius.CodeAccessRequest, []byte(testSecret))
	rfc2865.UserName_SetString(req, "User")
	microsoft.MSCHAPChallenge_Add(req, mustHex(t, "102DB5DF085D3041"))
	resp := make([]byte, 50)
	resp[0], resp[1] = 1, 1
	copy(resp[26:], mustHex(t, "4E9D3C8F9CFD385D5BF4D3246791956CA4C351AB409A3D61"))
	microsoft.MSCHAPResponse_Add(req, resp)
	accept := req.Response(radius.CodeAccessAccept)
	if ok, detail := checkCredentials(req, accept, []byte("User"), "MyPw", credentialMethod(req)); !ok {
		t.Fatalf("RFC 2433 vector rejected: %s", detail)
	}
	// layeh's reader stops at the first NUL (the zero LM key): decrypt by hand (RFC 2548 2.4.1).
	var enc []byte
	for _, avp := range accept.Attributes {
		if avp.Type == rfc2865.VendorSpecific_Type && len(avp.Attribute) > 6 &&
			string(avp.Attribute[:4]) == "\x00\x00\x01\x37" && avp.Attribute[4] == 12 {
			enc = avp.Attribute[6:]
		}
	}
	if len(enc) != 32 {
		t.Fatalf("MS-CHAP-MPPE-Keys: %d bytes, want 32", len(enc))
	}
	plain := make([]byte, 32)
	prev := req.Authenticator[:]
	for i := 0; i < 32; i += 16 {
		h := md5.Sum(append([]byte(testSecret), prev...))
		for j := 0; j < 16; j++ {
			plain[i+j] = enc[i+j] ^ h[j]
		}
		prev = enc[i : i+16]
	}
	hash, _ := client.NTPasswordHash("MyPw")
	if want := rfc2759.NTPasswordHash(hash); hex.EncodeToString(plain[8:24]) != hex.EncodeToString(want) {
		t.Errorf("NT key = %x, want %x", plain[8:24], want)
	}
}
