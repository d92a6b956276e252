// Package fakeradius is a minimal RADIUS server for the nas tests that must not depend on
// linedesk's real server: it accepts known users (PAP, CHAP, MS-CHAPv2) with a fixed rate and
// Class, answers every Accounting-Request, and records what it received.
package fakeradius

import (
	"bytes"
	"crypto/md5"
	"net"
	"sync"
	"testing"

	"layeh.com/radius"
	"layeh.com/radius/rfc2759"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/vendors/microsoft"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/radius/msgauth"
)

// Server is a running fake.
type Server struct {
	AuthAddr, AcctAddr string
	Secret             string

	mu       sync.Mutex
	users    map[string]string
	Rate     string
	acct     []*radius.Packet
	accessRq int
	badMA    int
}

// Start runs a fake on two random UDP ports until the test ends.
func Start(t testing.TB, secret string, users map[string]string) *Server {
	t.Helper()
	s := &Server{Secret: secret, users: users, Rate: "2M/10M"}
	auth, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	acct, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.AuthAddr, s.AcctAddr = auth.LocalAddr().String(), acct.LocalAddr().String()
	sc := radius.StaticSecretSource([]byte(secret))
	as := &radius.PacketServer{Handler: radius.HandlerFunc(s.auth), SecretSource: sc}
	cs := &radius.PacketServer{Handler: radius.HandlerFunc(s.account), SecretSource: sc}
	// layeh's Shutdown closes a channel twice when it runs between Serve registering its
	// listener and counting itself active (a test that ends at once hits it under -race), so
	// the fake stops by closing its sockets and waiting for both Serve loops to return.
	var served sync.WaitGroup
	served.Add(2)
	go func() { defer served.Done(); _ = as.Serve(auth) }()
	go func() { defer served.Done(); _ = cs.Serve(acct) }()
	t.Cleanup(func() {
		_ = auth.Close()
		_ = acct.Close()
		served.Wait()
	})
	return s
}

// SetUser adds or changes a user.
func (s *Server) SetUser(name, password string) {
	s.mu.Lock()
	s.users[name] = password
	s.mu.Unlock()
}

// Accounting returns the Accounting-Requests received.
func (s *Server) Accounting() []*radius.Packet {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]*radius.Packet(nil), s.acct...)
}

func (s *Server) auth(w radius.ResponseWriter, r *radius.Request) {
	raw, err := r.Packet.MarshalBinary() // the bytes received: attributes keep their order
	if err != nil || msgauth.VerifyRequest(raw, []byte(s.Secret), true) != nil {
		s.mu.Lock()
		s.badMA++
		s.mu.Unlock()
		return
	}
	s.mu.Lock()
	s.accessRq++
	user := rfc2865.UserName_GetString(r.Packet)
	pw, known := s.users[user]
	rate := s.Rate
	s.mu.Unlock()
	reject := func() {
		resp := r.Response(radius.CodeAccessReject)
		rfc2865.ReplyMessage_SetString(resp, "rejected")
		if _, err := msgauth.Sign(resp); err == nil {
			_ = w.Write(resp) // Sign left the signed attribute in resp; Write encodes the same bytes
		}
	}
	if !known {
		reject()
		return
	}
	resp := r.Response(radius.CodeAccessAccept)
	switch {
	case rfc2865.UserPassword_GetString(r.Packet) != "":
		if rfc2865.UserPassword_GetString(r.Packet) != pw {
			reject()
			return
		}
	case rfc2865.CHAPPassword_Get(r.Packet) != nil:
		cp := rfc2865.CHAPPassword_Get(r.Packet)
		ch := rfc2865.CHAPChallenge_Get(r.Packet)
		if ch == nil {
			ch = r.Authenticator[:]
		}
		h := md5.New()
		h.Write(cp[:1])
		h.Write([]byte(pw))
		h.Write(ch)
		if !bytes.Equal(h.Sum(nil), cp[1:]) {
			reject()
			return
		}
	case microsoft.MSCHAP2Response_Get(r.Packet) != nil:
		rsp := microsoft.MSCHAP2Response_Get(r.Packet)
		ch := microsoft.MSCHAPChallenge_Get(r.Packet)
		if len(rsp) != 50 || len(ch) != 16 {
			reject()
			return
		}
		nt, _ := rfc2759.GenerateNTResponse(ch, rsp[2:18], []byte(user), []byte(pw))
		if !bytes.Equal(nt, rsp[26:50]) {
			reject()
			return
		}
		ar, _ := rfc2759.GenerateAuthenticatorResponse(ch, rsp[2:18], rsp[26:50], []byte(user), []byte(pw))
		_ = microsoft.MSCHAP2Success_Add(resp, append([]byte{rsp[0]}, ar...))
	default:
		reject()
		return
	}
	_ = mikrotik.MikrotikRateLimit_SetString(resp, rate)
	_ = rfc2865.Class_Set(resp, []byte("login-"+user))
	if _, err := msgauth.Sign(resp); err == nil {
		_ = w.Write(resp)
	}
}

func (s *Server) account(w radius.ResponseWriter, r *radius.Request) {
	s.mu.Lock()
	s.acct = append(s.acct, r.Packet)
	s.mu.Unlock()
	_ = rfc2866.AcctStatusType_Get(r.Packet)
	_ = w.Write(r.Response(radius.CodeAccountingResponse))
}

// Counts returns the Access-Requests accepted for processing and those dropped for a missing
// or bad Message-Authenticator.
func (s *Server) Counts() (access, badMA int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.accessRq, s.badMA
}
