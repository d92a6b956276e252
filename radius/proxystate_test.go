package radius

import (
	"bytes"
	"testing"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/radius/msgauth"
)

// proxyStates are two Proxy-State values (RFC 2865 §5.33) of proxies in front of linedesk.
var proxyStates = [][]byte{[]byte("\x00proxy-one\xff"), []byte("second proxy state")}

func withProxyStates(p *radius.Packet) {
	for _, v := range proxyStates {
		p.Add(rfc2865.ProxyState_Type, v)
	}
}

// checkProxyStates checks that reply carries exactly proxyStates, in order, and, for
// Access replies, the Message-Authenticator first.
func checkProxyStates(t *testing.T, what string, reply *radius.Packet) {
	t.Helper()
	var got [][]byte
	for _, a := range reply.Attributes {
		if a.Type == rfc2865.ProxyState_Type {
			got = append(got, a.Attribute)
		}
	}
	if len(got) != len(proxyStates) {
		t.Fatalf("%s carries %d Proxy-State attributes, want %d", what, len(got), len(proxyStates))
	}
	for i := range got {
		if !bytes.Equal(got[i], proxyStates[i]) {
			t.Errorf("%s Proxy-State %d = %q, want %q", what, i, got[i], proxyStates[i])
		}
	}
	if reply.Code != radius.CodeAccountingResponse && (len(reply.Attributes) == 0 || reply.Attributes[0].Type != msgauth.Type) {
		t.Errorf("%s: Message-Authenticator is not the first attribute", what)
	}
}

// TestProxyStateEchoed sends Access-Requests (accepted and rejected) and an
// Accounting-Request, each with two Proxy-State attributes: every reply carries both, in
// order, is correctly signed (Message-Authenticator first on Access replies), and a
// retransmission gets the very same bytes.
func TestProxyStateEchoed(t *testing.T) {
	s := newOfflineServer(t)
	for _, tt := range []struct {
		name, password string
		want           radius.Code
	}{
		{"Access-Accept", "pw", radius.CodeAccessAccept},
		{"Access-Reject", "wrong", radius.CodeAccessReject},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, verify, err := client.NewAccessRequest([]byte(testSecret), client.PAP, "alice", tt.password)
			if err != nil {
				t.Fatal(err)
			}
			withProxyStates(p)
			raw, err := client.Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			out := s.handleAuth(append([]byte(nil), raw...), nasAddr, time.Now())
			reply, err := verify(out)
			if err != nil {
				t.Fatalf("reply does not verify: %v", err)
			}
			if reply.Code != tt.want {
				t.Fatalf("got %v, want %v", reply.Code, tt.want)
			}
			checkProxyStates(t, tt.name, reply)
			if again := s.handleAuth(append([]byte(nil), raw...), nasAddr, time.Now()); !bytes.Equal(again, out) {
				t.Error("the retransmission got different bytes")
			}
		})
	}
	t.Run("Accounting-Response", func(t *testing.T) {
		p := client.NewAccountingRequest([]byte(testSecret), rfc2866.AcctStatusType_Value_InterimUpdate, "alice", "ps-1")
		client.SetCounters(p, 100, 200, 10)
		withProxyStates(p)
		raw, err := client.Encode(p)
		if err != nil {
			t.Fatal(err)
		}
		sent := make(chan []byte, 1)
		if out := s.handleAcct(append([]byte(nil), raw...), nasAddr, time.Now(), func(b []byte) { sent <- b }); out != nil {
			t.Fatal("an Accounting-Response before the commit")
		}
		var out []byte
		select {
		case out = <-sent:
		case <-time.After(3 * time.Second):
			t.Fatal("no Accounting-Response")
		}
		reply, err := client.VerifyAccounting(p)(out)
		if err != nil {
			t.Fatalf("reply does not verify: %v", err)
		}
		checkProxyStates(t, "Accounting-Response", reply)
		if again := s.handleAcct(append([]byte(nil), raw...), nasAddr, time.Now(), func([]byte) {}); !bytes.Equal(again, out) {
			t.Error("the retransmission got different bytes")
		}
	})
}

// TestCHAPChallengeLength refuses a CHAP-Challenge shorter than RFC 2865 §5.40 allows (an
// attribute Length of at least 7: five octets of challenge), even with a correct
// CHAP-Password, with an Access-Reject counted as WRONG_PASSWORD and saying why.
func TestCHAPChallengeLength(t *testing.T) {
	for _, tt := range []struct {
		name   string
		length int
		accept bool
	}{
		{"empty", 0, false},
		{"1 octet", 1, false},
		{"4 octets", 4, false},
		{"5 octets", 5, true},
		{"16 octets", 16, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := newOfflineServer(t)
			p := radius.New(radius.CodeAccessRequest, []byte(testSecret))
			_ = rfc2865.UserName_SetString(p, "alice")
			challenge := bytes.Repeat([]byte{0x5a}, tt.length)
			p.Add(rfc2865.CHAPChallenge_Type, challenge)
			p.Add(rfc2865.CHAPPassword_Type, client.CHAPResponse(7, "pw", challenge))
			raw, err := client.Encode(p)
			if err != nil {
				t.Fatal(err)
			}
			out := s.handleAuth(raw, nasAddr, time.Now())
			if out == nil {
				t.Fatal("no reply")
			}
			reply, err := radius.Parse(out, []byte(testSecret))
			if err != nil {
				t.Fatal(err)
			}
			if got := reply.Code == radius.CodeAccessAccept; got != tt.accept {
				t.Fatalf("CHAP-Challenge of %d octets: %v, want accept=%v", tt.length, reply.Code, tt.accept)
			}
			if tt.accept {
				return
			}
			s.authLog.mu.Lock()
			ev := s.authLog.pending[len(s.authLog.pending)-1]
			s.authLog.mu.Unlock()
			if ev.Reason != "WRONG_PASSWORD" || ev.Detail == "" {
				t.Errorf("AuthEvent reason %q detail %q, want WRONG_PASSWORD with a detail", ev.Reason, ev.Detail)
			}
		})
	}
}
