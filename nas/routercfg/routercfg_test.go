package routercfg_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/nas/internal/fakeradius"
	"github.com/linedesk/linedesk/nas/routercfg"
	"github.com/linedesk/linedesk/nas/routeros"
	"github.com/linedesk/linedesk/nas/sim"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func spec(version int) routercfg.Spec {
	return routercfg.Spec{
		Router: "tower-1", Version: version, Addresses: []string{"192.0.2.10", "192.0.2.11"},
		Secret: "s3cret \"$x\"", CoAPort: 3799, Interim: 5 * time.Minute, RequireMessageAuth: true,
		PPPoEInterface: "bridge-customers",
		ExpiredPools:   []routercfg.Pool{{Name: "expired", Ranges: []string{"10.99.0.2-10.99.0.254"}}},
		ExpiredHost:    "192.0.2.10", ExpiredPort: "8080",
		ExpiredScript: "# the portal's expired lines\n/ip firewall nat\n",
	}
}

func TestScriptGolden(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version int
	}{{"routeros6.rsc", 6}, {"routeros7.rsc", 7}} {
		t.Run(tc.name, func(t *testing.T) {
			got := routercfg.Script(spec(tc.version))
			path := filepath.Join("testdata", tc.name)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("script differs from %s (go test -update to accept):\n%s", path, got)
			}
		})
	}
}

const apiPW = "api-pass"

func startRouter(t *testing.T, version string) (*sim.Router, *routeros.Client) {
	t.Helper()
	fr := fakeradius.Start(t, "x-secret-1", map[string]string{"alice": "a"})
	r := sim.New(sim.Config{Secret: "x-secret-1", AuthAddr: fr.AuthAddr, AcctAddr: fr.AcctAddr, APIAddr: "127.0.0.1:0",
		APIUser: "linedesk", APIPassword: apiPW, RouterOSVersion: version})
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	c := routeros.New(routeros.Config{Address: r.APIAddr(), User: "linedesk", Password: apiPW})
	t.Cleanup(func() { _ = c.Close() })
	return r, c
}

// TestApplyThenCheck applies the configuration to the simulator over the API; the check then
// finds nothing, and finds each difference an engineer introduces at the console.
func TestApplyThenCheck(t *testing.T) {
	ctx := context.Background()
	for _, ver := range []string{"6.49.17 (long-term)", "7.16.2 (stable)"} {
		t.Run(ver, func(t *testing.T) {
			r, c := startRouter(t, ver)
			v, err := routercfg.Version(ctx, c)
			if err != nil || v != int(ver[0]-'0') {
				t.Fatalf("version %d, %v", v, err)
			}
			s := spec(v)
			plan, err := routercfg.Plan(ctx, c, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(plan) < 8 {
				t.Fatalf("dry run lists %d changes on an empty router", len(plan))
			}
			for _, ch := range plan {
				if strings.Contains(ch.Describe(), "s3cret") {
					t.Fatalf("dry run shows the secret: %s", ch.Describe())
				}
			}
			if n, err := routercfg.Apply(ctx, c, plan); err != nil || n != len(plan) {
				t.Fatalf("applied %d of %d: %v", n, len(plan), err)
			}
			if d, err := routercfg.Check(ctx, c, s); err != nil || len(d) != 0 {
				t.Fatalf("check after apply: %v %v", d, err)
			}
			// Applying again changes nothing.
			if again, _ := routercfg.Plan(ctx, c, s); len(again) != 0 {
				t.Fatalf("second dry run: %v", again)
			}
			checkDifferences(t, r, c, s)
		})
	}
}

func checkDifferences(t *testing.T, r *sim.Router, c *routeros.Client, s routercfg.Spec) {
	ctx := context.Background()
	for _, tc := range []struct {
		name, menu, key, value string
		attrs                  map[string]string
		want                   string
	}{
		{"wrong secret", "/radius", "address", "192.0.2.11", map[string]string{"secret": "other"}, "wrong secret on RADIUS server 192.0.2.11"},
		{"accounting off", "/ppp/aaa", "", "", map[string]string{"accounting": "no"}, "accounting is off"},
		{"interim", "/ppp/aaa", "", "", map[string]string{"interim-update": "00:10:00"}, "interim interval is 00:10:00, linedesk expects 5m"},
		{"coa closed", "/radius/incoming", "", "", map[string]string{"accept": "no"}, "CoA port closed"},
		{"coa port", "/radius/incoming", "", "", map[string]string{"port": "1700"}, "CoA port is 1700, linedesk sends to 3799"},
		{"api open", "/ip/service", "name", "api", map[string]string{"address": ""}, "RouterOS api only from linedesk: allowed from anywhere"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := r.ConfigEntries(tc.menu)
			var old map[string]string
			for _, e := range before {
				if tc.key == "" || e[tc.key] == tc.value {
					old = e
					break
				}
			}
			if !r.SetConfig(tc.menu, tc.key, tc.value, tc.attrs) {
				t.Fatal("no such entry")
			}
			d, err := routercfg.Check(ctx, c, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(d) != 1 || !strings.Contains(d[0].Message, tc.want) {
				t.Fatalf("differences %+v, want one saying %q", d, tc.want)
			}
			if strings.Contains(d[0].Message, "other") {
				t.Fatalf("the secret is shown: %s", d[0].Message)
			}
			restore := map[string]string{}
			for k := range tc.attrs {
				restore[k] = old[k]
			}
			r.SetConfig(tc.menu, tc.key, tc.value, restore)
		})
	}
	// A removed entry is reported missing.
	rad := r.ConfigEntries("/radius")
	r.SetConfig("/radius", "address", "192.0.2.10", map[string]string{"address": "198.51.100.1"})
	d, _ := routercfg.Check(ctx, c, s)
	if len(d) != 1 || d[0].Message != "missing: RADIUS server 192.0.2.10" || len(rad) != 2 {
		t.Fatalf("differences %+v", d)
	}
}

func TestSimRefusesUnknownParameter(t *testing.T) {
	_, c := startRouter(t, "")
	_, err := c.Run(context.Background(), "/ppp/aaa/set", "=no-such=1")
	if err == nil || !strings.Contains(err.Error(), "unknown parameter") {
		t.Fatalf("got %v", err)
	}
}

// TestValidateNamesSettingsAsShown: the error a staff member reads when linedesk's address is
// missing names the setting as the Settings page labels it, not its raw key.
func TestValidateNamesSettingsAsShown(t *testing.T) {
	err := routercfg.Spec{}.Validate()
	if err == nil || !strings.Contains(err.Error(), `"Instance addresses"`) || strings.Contains(err.Error(), "instance_addresses") {
		t.Fatalf("Validate() = %v, want the setting named \"Instance addresses\"", err)
	}
}
