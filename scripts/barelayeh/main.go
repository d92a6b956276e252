// Command barelayeh is the ceiling of the RADIUS stack for scripts/bench-vs-freeradius.sh: a
// layeh.com/radius server that touches no store. It accepts every Access-Request whose
// PAP password or CHAP response matches one fixed password (signing its reply with a
// Message-Authenticator; the request's is not checked), and acknowledges every
// Accounting-Request. It measures what the library, the sockets and the load generator
// cost, so linedesk's rate can be stated as a share of it.
//
//	go run ./scripts/barelayeh --auth 127.0.0.1:18121 --acct 127.0.0.1:18131 --secret bench-secret
package main

import (
	"bytes"
	"crypto/md5"
	"flag"
	"log"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"github.com/linedesk/linedesk/radius/msgauth"
)

func main() {
	auth := flag.String("auth", "127.0.0.1:18121", "authentication address")
	acct := flag.String("acct", "127.0.0.1:18131", "accounting address")
	secret := flag.String("secret", "bench-secret", "shared secret of every client")
	password := flag.String("password", "bench-password", "the password of every user")
	flag.Parse()
	sec := radius.StaticSecretSource([]byte(*secret))
	pw := []byte(*password)
	go func() {
		srv := radius.PacketServer{Addr: *acct, SecretSource: sec, Handler: radius.HandlerFunc(func(w radius.ResponseWriter, r *radius.Request) {
			_ = w.Write(r.Response(radius.CodeAccountingResponse))
		})}
		log.Fatal(srv.ListenAndServe())
	}()
	srv := radius.PacketServer{Addr: *auth, SecretSource: sec, Handler: radius.HandlerFunc(func(w radius.ResponseWriter, r *radius.Request) {
		code := radius.CodeAccessReject
		if matches(r.Packet, pw) {
			code = radius.CodeAccessAccept
		}
		reply := r.Response(code)
		if _, err := msgauth.Sign(reply); err != nil { // sets the attribute; Write encodes again
			return
		}
		_ = w.Write(reply)
	})}
	log.Fatal(srv.ListenAndServe())
}

// matches reports whether the request's PAP password or CHAP response is pw's.
func matches(p *radius.Packet, pw []byte) bool {
	if got := rfc2865.UserPassword_Get(p); got != nil {
		return bytes.Equal(got, pw)
	}
	chap := rfc2865.CHAPPassword_Get(p)
	if len(chap) != 17 {
		return false
	}
	challenge := rfc2865.CHAPChallenge_Get(p)
	if challenge == nil {
		challenge = p.Authenticator[:]
	}
	h := md5.New()
	h.Write(chap[:1])
	h.Write(pw)
	h.Write(challenge)
	return bytes.Equal(h.Sum(nil), chap[1:])
}
