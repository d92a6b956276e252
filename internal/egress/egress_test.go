package egress

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync/atomic"
	"testing"
)

func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		ip   string
		want Class
	}{
		{"8.8.8.8", Public},
		{"2001:4860:4860::8888", Public},
		{"127.0.0.1", Loopback},
		{"127.255.0.9", Loopback},
		{"::1", Loopback},
		{"::ffff:127.0.0.1", Loopback},
		{"64:ff9b::7f00:1", Loopback},  // NAT64 of 127.0.0.1
		{"2002:7f00:1::1", Loopback},   // 6to4 of 127.0.0.1
		{"169.254.169.254", LinkLocal}, // cloud metadata
		{"fe80::1", LinkLocal},
		{"fe80::1%eth0", LinkLocal},
		{"10.1.2.3", Private},
		{"172.16.0.1", Private},
		{"172.31.255.255", Private},
		{"172.32.0.1", Public},
		{"192.168.1.1", Private},
		{"100.64.0.1", Private},
		{"100.127.255.255", Private},
		{"100.128.0.1", Public},
		{"198.18.0.1", Private},
		{"fc00::1", Private},
		{"fd12:3456::1", Private},
		{"::ffff:10.0.0.1", Private},
		{"0.0.0.0", Unspecified},
		{"0.1.2.3", Unspecified},
		{"::", Unspecified},
		{"224.0.0.1", Multicast},
		{"239.255.255.250", Multicast},
		{"ff02::1", Multicast},
		{"255.255.255.255", Reserved},
		{"240.0.0.1", Reserved},
		{"::7f00:1", Reserved}, // IPv4-compatible
	} {
		if got := Classify(netip.MustParseAddr(tc.ip)); got != tc.want {
			t.Errorf("Classify(%s) = %s, want %s", tc.ip, got, tc.want)
		}
	}
}

func TestPolicyCheck(t *testing.T) {
	strict, open, mta := Policy{}, Policy{AllowPrivate: true}, Policy{LoopbackPorts: SMTPPorts}
	for _, tc := range []struct {
		addr   string
		p      Policy
		refuse bool
	}{
		{"93.184.216.34:443", strict, false},
		{"127.0.0.1:5432", strict, true},
		{"127.0.0.1:5432", open, false},
		{"[::1]:25", mta, false},
		{"127.0.0.1:587", mta, false},
		{"127.0.0.1:2525", mta, true},
		{"10.0.0.1:25", mta, true}, // the SMTP exception is for loopback only
		{"169.254.169.254:80", strict, true},
		{"169.254.169.254:80", open, false},
		{"0.0.0.0:80", open, true}, // never a target
		{"[ff02::1]:80", open, true},
		{"255.255.255.255:80", open, true},
	} {
		err := tc.p.Check(netip.MustParseAddrPort(tc.addr))
		if (err != nil) != tc.refuse {
			t.Errorf("%+v.Check(%s) = %v, want refused %v", tc.p, tc.addr, err, tc.refuse)
		}
	}
}

type fakeResolver map[string][]netip.Addr

func (f fakeResolver) LookupNetIP(_ context.Context, _, host string) ([]netip.Addr, error) {
	if ips, ok := f[host]; ok {
		return ips, nil
	}
	return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
}

func TestCheckHost(t *testing.T) {
	r := fakeResolver{
		"gw.example":     {netip.MustParseAddr("93.184.216.34")},
		"inside.example": {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.7")},
	}
	ctx := context.Background()
	for _, tc := range []struct {
		host   string
		refuse bool
	}{
		{"gw.example", false},
		{"inside.example", true}, // one private answer is enough
		{"localhost", true},
		{"LOCALHOST.", true},
		{"mail.localhost", true},
		{"[::1]", true},
		{"unresolvable.example", false}, // checked when dialling
	} {
		err := Policy{}.CheckHost(ctx, r, tc.host, 443)
		if (err != nil) != tc.refuse {
			t.Errorf("CheckHost(%s) = %v, want refused %v", tc.host, err, tc.refuse)
		}
	}
}

// TestControlChecksTheDialledAddress: the name "localhost" is resolved by the dialer and the
// resolved loopback address is refused before any connection is made.
func TestControlChecksTheDialledAddress(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	resp, err := Policy{}.HTTPClient(0).Get("http://localhost:" + port + "/")
	if err == nil {
		resp.Body.Close()
	}
	var refused *RefusedError
	if !errors.As(err, &refused) || refused.Class != Loopback || hits.Load() != 0 {
		t.Fatalf("GET localhost: %v (hits %d), want refused loopback", err, hits.Load())
	}
	resp, err = Policy{AllowPrivate: true}.HTTPClient(0).Get("http://localhost:" + port + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if hits.Load() != 1 {
		t.Fatalf("%d hits with private targets allowed, want 1", hits.Load())
	}
}
