package ipv6

import (
	"context"
	"net"
	"net/netip"
	"os/exec"
	"strings"
	"testing"
	"time"

	"layeh.com/radius"
)

// TestRadclientReadsTheAccept: FreeRADIUS's radclient, with its own dictionaries, reads the
// IPv6 attributes of an Access-Accept made by Set.
func TestRadclientReadsTheAccept(t *testing.T) {
	bin, err := exec.LookPath("radclient")
	if err != nil {
		t.Skip("radclient not installed")
	}
	const secret = "v6-test-secret"
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	g := Grant{Framed: netip.MustParsePrefix("2001:db8:1:2::/64"), Delegated: netip.MustParsePrefix("2001:db8:100:ff00::/56"),
		FramedPool: "v6-wan", DelegatedPool: "v6-pd"}
	srv := &radius.PacketServer{SecretSource: radius.StaticSecretSource([]byte(secret)),
		Handler: radius.HandlerFunc(func(w radius.ResponseWriter, r *radius.Request) {
			reply := r.Response(radius.CodeAccessAccept)
			if err := Set(reply, g); err != nil {
				t.Error(err)
			}
			_ = w.Write(reply)
		})}
	go func() { _ = srv.Serve(pc) }()
	t.Cleanup(func() { _ = srv.Shutdown(context.Background()) })
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-x", "-r", "2", "-t", "3", pc.LocalAddr().String(), "auth", secret)
	cmd.Stdin = strings.NewReader("User-Name = \"v6user\"\nUser-Password = \"pw\"\n")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("radclient: %v\n%s", err, out)
	}
	for _, want := range []string{"Access-Accept", "Framed-IPv6-Prefix = 2001:db8:1:2::/64", "Delegated-IPv6-Prefix = 2001:db8:100:ff00::/56",
		"Framed-IPv6-Pool = \"v6-wan\"", "Mikrotik-Delegated-IPv6-Pool = \"v6-pd\""} {
		if !strings.Contains(string(out), want) {
			t.Errorf("radclient did not print %q:\n%s", want, out)
		}
	}
}
