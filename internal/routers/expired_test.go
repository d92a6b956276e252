package routers

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var update = flag.Bool("update", false, "rewrite testdata/expired_*.rsc from the generated scripts (review the diff!)")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the generated script:\n%s", path, got)
	}
}

func TestExpiredRedirectScript(t *testing.T) {
	pools := map[string][]string{"expired": {"Basic", "Home"}, "expired-biz": {"Business"}}
	cases := []struct {
		file string
		in   ExpiredRedirect
	}{
		{"expired_https.rsc", ExpiredRedirect{Router: "core-1", PublicURL: "https://203.0.113.10", ListenAddr: "127.0.0.1:8080", Pools: pools}},
		{"expired_http_port.rsc", ExpiredRedirect{Router: "core-1", PublicURL: "http://10.1.0.5:8080/", ListenAddr: "0.0.0.0:8080", Pools: pools}},
		{"expired_hostname.rsc", ExpiredRedirect{Router: "tower \"east\"", PublicURL: "https://isp.example", Pools: pools}},
		{"expired_no_public_url.rsc", ExpiredRedirect{Router: "core-1", ListenAddr: "10.1.0.5:8080", Pools: pools}},
		{"expired_loopback.rsc", ExpiredRedirect{Router: "lab", ListenAddr: "127.0.0.1:8080"}},
		{"expired_odd_pool.rsc", ExpiredRedirect{Router: "r\n/system reset", PublicURL: "http://10.1.0.5", Pools: map[string][]string{"a\"b$c\\d\n": {"Odd"}}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			golden(t, tc.file, tc.in.Script())
		})
	}
}

// TestExpiredRedirectScriptInjection: names from the database (pools, the router) never end a
// RouterOS string or a comment line early.
func TestExpiredRedirectScriptInjection(t *testing.T) {
	s := ExpiredRedirect{Router: "r\n/system reset", PublicURL: "http://10.1.0.5", Pools: map[string][]string{"a\"b$c\n/x": {"P\n/y"}}}.Script()
	for _, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, "/system") || strings.HasPrefix(l, "/x") || strings.HasPrefix(l, "/y") {
			t.Fatalf("a name became a command line: %q", l)
		}
	}
	if !strings.Contains(s, `name="a\"b\$c/x"`) {
		t.Fatalf("pool name not escaped:\n%s", s)
	}
}

// TestExpiredRedirectScriptService: the service reads public_url and the profiles' expired
// pools (each pool once, with its plans; plans without one left out), on both databases.
func TestExpiredRedirectScriptService(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		c := st.Client
		for _, p := range []struct{ name, pool string }{{"Home", "expired"}, {"Basic", "expired"}, {"Business", "expired-biz"}, {"Free", ""}, {"Trial", "-"}} {
			cr := c.Profile.Create().SetName(p.name).SetDownloadKbps(1000).SetUploadKbps(1000).SetValidityDays(30).SetPrice(100)
			switch p.pool {
			case "":
			case "-":
				cr.SetExpiredPool("")
			default:
				cr.SetExpiredPool(p.pool)
			}
			cr.SaveX(ctx)
		}
		c.Setting.Create().SetKey(settings.PublicURL).SetValue("https://203.0.113.10").SaveX(ctx)
		n := c.Nas.Create().SetName("core-1").SetIPAddress("10.0.0.1").SetSecretEnc("x").SaveX(ctx)
		s := New(st, nil, nil, nil).WithListenAddr("127.0.0.1:8080")
		got, err := s.ExpiredRedirectScript(ctx, n)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "expired_https.rsc", got)
	})
}
