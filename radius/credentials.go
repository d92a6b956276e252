package radius

import (
	"bytes"
	"crypto/md5"
	"crypto/subtle"
	"strconv"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc3079"
	"layeh.com/radius/vendors/microsoft"
)

// minCHAPChallenge is the shortest CHAP-Challenge RFC 2865 §5.40 allows (an attribute Length
// of at least 7). A shorter one is refused: a challenge of one octet (or none) lets a
// captured CHAP-Password be replayed against its few possible values.
const minCHAPChallenge = 5

// credentialMethod names the method the request uses.
func credentialMethod(p *radius.Packet) string {
	switch {
	case p.Get(rfc2865.UserPassword_Type) != nil:
		return "pap"
	case p.Get(rfc2865.CHAPPassword_Type) != nil:
		return "chap"
	case len(microsoft.MSCHAP2Response_Get(p)) > 0:
		return "mschapv2"
	case len(microsoft.MSCHAPResponse_Get(p)) > 0:
		return "mschapv1"
	}
	return ""
}

// checkCredentials verifies the password proof; for MS-CHAP it adds the attributes an
// Access-Accept must carry (MS-CHAP2-Success, MPPE keys) to accept. The detail says why a
// proof could not be checked ("" for a plain mismatch).
func checkCredentials(p, accept *radius.Packet, rawName []byte, password, method string) (ok bool, detail string) {
	switch method {
	case "pap":
		return checkPAP(p, password)
	case "chap":
		return checkCHAP(p, password)
	case "mschapv1":
		return checkMSCHAPv1(p, accept, password)
	case "mschapv2":
		return checkMSCHAPv2(p, accept, rawName, password)
	}
	return false, "no supported credentials (PAP, CHAP, MS-CHAP)"
}

func checkPAP(p *radius.Packet, password string) (bool, string) {
	got, err := radius.UserPassword(p.Get(rfc2865.UserPassword_Type), p.Secret, p.Authenticator[:])
	if err != nil {
		return false, "malformed User-Password"
	}
	return subtle.ConstantTimeCompare(got, []byte(password)) == 1, ""
}

func checkCHAP(p *radius.Packet, password string) (bool, string) {
	c := p.Get(rfc2865.CHAPPassword_Type)
	if len(c) != 17 {
		return false, "malformed CHAP-Password"
	}
	challenge, ok := p.Lookup(rfc2865.CHAPChallenge_Type)
	switch {
	case !ok:
		challenge = p.Authenticator[:]
	case len(challenge) < minCHAPChallenge:
		return false, "malformed CHAP-Challenge: " + strconv.Itoa(len(challenge)) + " octets, at least " + strconv.Itoa(minCHAPChallenge) + " required"
	}
	// MD5(ident || password || challenge) over a buffer on the stack (RFC 1994 §4.1).
	var buf [512]byte
	sum := md5.Sum(append(append(append(buf[:0], c[0]), password...), challenge...))
	return subtle.ConstantTimeCompare(sum[:], c[1:]) == 1, ""
}

func checkMSCHAPv1(p, accept *radius.Packet, password string) (bool, string) {
	challenge := microsoft.MSCHAPChallenge_Get(p)
	resp := microsoft.MSCHAPResponse_Get(p)
	if len(challenge) != 8 || len(resp) != 50 {
		return false, "malformed MS-CHAP attributes"
	}
	if resp[1]&1 == 0 {
		return false, "MS-CHAP LM response not supported"
	}
	u, err := rfc2759.ToUTF16([]byte(password))
	if err != nil {
		return false, "password not encodable"
	}
	hash := rfc2759.NTPasswordHash(u)
	if subtle.ConstantTimeCompare(rfc2759.ChallengeResponse(challenge, hash), resp[26:50]) != 1 {
		return false, ""
	}
	// MS-CHAP-MPPE-Keys (RFC 2548 2.4.1): 8-byte LM key (unused: zero) and the 16-byte NT key
	// MD4(NTPasswordHash); layeh pads and hides it like User-Password.
	keys := make([]byte, 24)
	copy(keys[8:24], rfc2759.NTPasswordHash(hash))
	_ = microsoft.MSCHAPMPPEKeys_Add(accept, keys)
	addMPPEPolicy(accept)
	return true, ""
}

func checkMSCHAPv2(p, accept *radius.Packet, rawName []byte, password string) (bool, string) {
	challenge := microsoft.MSCHAPChallenge_Get(p)
	resp := microsoft.MSCHAP2Response_Get(p)
	if len(challenge) != 16 || len(resp) != 50 {
		return false, "malformed MS-CHAPv2 attributes"
	}
	peer, nt := resp[2:18], resp[26:50]
	// RFC 2759 hashes the user name without a Windows domain prefix (DOMAIN, backslash, user).
	if i := bytes.LastIndexByte(rawName, '\\'); i >= 0 {
		rawName = rawName[i+1:]
	}
	want, err := rfc2759.GenerateNTResponse(challenge, peer, rawName, []byte(password))
	if err != nil {
		return false, "password not encodable"
	}
	if subtle.ConstantTimeCompare(want, nt) != 1 {
		return false, ""
	}
	auth, err := rfc2759.GenerateAuthenticatorResponse(challenge, peer, nt, rawName, []byte(password))
	if err != nil {
		return false, "password not encodable"
	}
	_ = microsoft.MSCHAP2Success_Add(accept, append([]byte{resp[0]}, auth...))
	recv, err1 := rfc3079.MakeKey(nt, []byte(password), false)
	send, err2 := rfc3079.MakeKey(nt, []byte(password), true)
	if err1 == nil && err2 == nil {
		_ = microsoft.MSMPPERecvKey_Add(accept, recv)
		_ = microsoft.MSMPPESendKey_Add(accept, send)
	}
	addMPPEPolicy(accept)
	return true, ""
}

// addMPPEPolicy allows (does not require) 40- or 128-bit MPPE encryption.
func addMPPEPolicy(accept *radius.Packet) {
	_ = microsoft.MSMPPEEncryptionPolicy_Add(accept, microsoft.MSMPPEEncryptionPolicy_Value_EncryptionAllowed)
	_ = microsoft.MSMPPEEncryptionTypes_Add(accept, microsoft.MSMPPEEncryptionTypes_Value_RC440or128BitAllowed)
}
