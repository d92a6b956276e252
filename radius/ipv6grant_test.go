package radius

import (
	"strings"
	"testing"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestInteropIPv6Accept: FreeRADIUS's radclient reads the IPv6 of an Access-Accept: the
// plan's values, a customer's own value overriding the plan's field by field, and none for a
// customer accepted into the expired pool.
func TestInteropIPv6Accept(t *testing.T) {
	radclient := needTool(t, "radclient")
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			f.st.Client.Profile.UpdateOne(f.profile).SetExpiredPool("expired").ExecX(f.ctx)
			f.st.Client.IPv6Assignment.Create().SetProfileID(f.profile.ID).SetFramedPool("v6-wan").
				SetDelegatedPool("v6-pd").SetDelegatedPrefix("2001:db8:ff00::/56").ExecX(f.ctx)
			f.customer("plain")
			own := f.customer("own")
			f.st.Client.IPv6Assignment.Create().SetCustomerID(own.ID).SetFramedPrefix("2001:db8:1:2::/64").
				SetDelegatedPrefix("2001:db8:100:ff00::/56").ExecX(f.ctx)
			f.customer("late", func(c *ent.CustomerCreate) { c.SetExpiresAt(f.profile.CreatedAt.Add(-1)) })
			f.start()
			addr := f.srv.AuthAddr().String()
			for _, tt := range []struct {
				user       string
				want, none []string
			}{
				{"plain", []string{"Framed-IPv6-Pool = \"v6-wan\"", "Delegated-IPv6-Prefix = 2001:db8:ff00::/56",
					"Mikrotik-Delegated-IPv6-Pool = \"v6-pd\""}, []string{"Framed-IPv6-Prefix"}},
				{"own", []string{"Framed-IPv6-Prefix = 2001:db8:1:2::/64", "Delegated-IPv6-Prefix = 2001:db8:100:ff00::/56",
					"Framed-IPv6-Pool = \"v6-wan\"", "Mikrotik-Delegated-IPv6-Pool = \"v6-pd\""}, nil},
				{"late", []string{"Framed-Pool = \"expired\""}, []string{"IPv6"}},
			} {
				in := "User-Name = \"" + tt.user + "\"\nUser-Password = \"pw-" + tt.user + "\"\nMessage-Authenticator = 0x00\n"
				out, err := run(t, in, radclient, "-x", "-r", "3", "-t", "2", addr, "auth", testSecret)
				if err != nil || !strings.Contains(out, "Received Access-Accept") {
					t.Fatalf("%s: radclient: %v\n%s", tt.user, err, out)
				}
				reply := out[strings.Index(out, "Received Access-Accept"):]
				for _, w := range tt.want {
					if !strings.Contains(reply, w) {
						t.Errorf("%s: no %q in\n%s", tt.user, w, reply)
					}
				}
				for _, n := range tt.none {
					if strings.Contains(reply, n) {
						t.Errorf("%s: unexpected %q in\n%s", tt.user, n, reply)
					}
				}
			}
		})
	}
}

// TestInteropIPv6Accounting: radclient reports IPv6 in accounting, one prefix malformed
// (length 200, sent as raw bytes): the packet is answered, the session and its usage stored,
// the malformed attribute noted and the others kept; a later well-formed report fills it in.
func TestInteropIPv6Accounting(t *testing.T) {
	radclient := needTool(t, "radclient")
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			f := newFixture(t, kind)
			alice := f.customer("alice")
			f.start()
			addr := f.srv.AcctAddr().String()
			send := func(attrs string) {
				t.Helper()
				out, err := run(t, attrs, radclient, "-x", "-r", "3", "-t", "2", addr, "acct", testSecret)
				if err != nil || !strings.Contains(out, "Received Accounting-Response") {
					t.Fatalf("radclient: %v\n%s", err, out)
				}
			}
			common := "User-Name = \"alice\"\nAcct-Session-Id = \"v6-1\"\nNAS-IP-Address = 127.0.0.1\n"
			send(common + "Acct-Status-Type = Start\nAttr-97 = 0x00c820010db8\nDelegated-IPv6-Prefix = 2001:db8:100:ff00::/56\n" +
				"Framed-Interface-Id = 0211:22ff:fe33:4455\nAttr-168 = 0x2001\n")
			got := f.sessionIPv6("alice")
			if got.DelegatedPrefix == nil || *got.DelegatedPrefix != "2001:db8:100:ff00::/56" || got.FramedPrefix != nil ||
				got.InterfaceID == nil || *got.InterfaceID != "211:22ff:fe33:4455" || got.FramedAddress != nil {
				t.Fatalf("stored %+v", got)
			}
			if got.Malformed == nil || !strings.Contains(*got.Malformed, "Framed-IPv6-Prefix: prefix length 200") ||
				!strings.Contains(*got.Malformed, "Framed-IPv6-Address: 2 bytes") {
				t.Fatalf("malformed = %v", got.Malformed)
			}
			send(common + "Acct-Status-Type = Interim-Update\nAcct-Input-Octets = 100\nAcct-Output-Octets = 200\n" +
				"Framed-IPv6-Prefix = 2001:db8:1:2::/64\nFramed-IPv6-Address = 2001:db8:1:2::1\n")
			got = f.sessionIPv6("alice")
			if got.FramedPrefix == nil || *got.FramedPrefix != "2001:db8:1:2::/64" || got.Malformed != nil ||
				*got.DelegatedPrefix != "2001:db8:100:ff00::/56" || got.FramedAddress == nil || *got.FramedAddress != "2001:db8:1:2::1" {
				t.Fatalf("after the interim %+v", got)
			}
			if in, out := f.usage(alice); in != 100 || out != 200 {
				t.Fatalf("usage %d/%d", in, out)
			}
		})
	}
}

func (f *fixture) sessionIPv6(user string) *ent.SessionIPv6 {
	f.t.Helper()
	s := f.st.Client.Session.Query().Where(session.Username(user)).WithIpv6().OnlyX(f.ctx)
	if s.Edges.Ipv6 == nil {
		f.t.Fatalf("session of %s has no IPv6 row", user)
	}
	return s.Edges.Ipv6
}
