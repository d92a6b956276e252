package routerconfig_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/routerconfig"
	"github.com/linedesk/linedesk/internal/routers"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/nas"
	"github.com/linedesk/linedesk/nas/sim"
)

func ptr[T any](v T) *T { return &v }

// TestRouterThroughTheService: a router record with an API login on the simulator: the dry run
// lists the changes, apply makes them (audited), the check then finds nothing, and a wrong
// secret at the console is found.
func TestRouterThroughTheService(t *testing.T) {
	ctx := context.Background()
	st := testutil.OpenStore(t, testutil.SQLite)
	box := testutil.Box(t)
	r := sim.New(sim.Config{Secret: "s3cret-s3cret", AuthAddr: "127.0.0.1:1", AcctAddr: "127.0.0.1:1", APIAddr: "127.0.0.1:0",
		APIUser: "linedesk", APIPassword: "api-pass", RouterOSVersion: "6.49.17 (long-term)"})
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(r.Stop)
	rs := routers.New(st, box, nil, nil).WithListenAddr("192.0.2.10:8080")
	n, err := rs.Create(ctx, routers.CreateInput{Name: "tower", IPAddress: "127.0.0.1", Secret: "s3cret-s3cret",
		APIAddress: ptr(r.APIAddr()), APIUser: ptr("linedesk"), APIPassword: ptr("api-pass"), APITLS: ptr(false)})
	if err != nil {
		t.Fatal(err)
	}
	api := nas.NewService(st, box, nil, slog.New(slog.DiscardHandler))
	t.Cleanup(api.Close)
	svc := routerconfig.New(st, box, rs, api)
	if _, err := svc.Script(ctx, n.ID, nil); err == nil || !strings.Contains(err.Error(), "Instance addresses") {
		t.Fatalf("without instance_addresses: %v", err)
	}
	if err := settings.Set(ctx, st.Client, settings.InstanceAddresses, "192.0.2.10, 192.0.2.11"); err != nil {
		t.Fatal(err)
	}
	s, err := svc.Script(ctx, n.ID, nil)
	if err != nil || s.Version != 6 || !s.Detected || !strings.Contains(s.Text, "/ppp aaa") {
		t.Fatalf("script %+v %v", s, err)
	}
	plan, err := svc.DryRun(ctx, n.ID)
	if err != nil || len(plan) == 0 {
		t.Fatalf("dry run %v %v", plan, err)
	}
	done, err := svc.Apply(ctx, n.ID)
	if err != nil || len(done) != len(plan) {
		t.Fatalf("applied %d of %d: %v", len(done), len(plan), err)
	}
	if d, err := svc.Check(ctx, n.ID); err != nil || len(d) != 0 {
		t.Fatalf("check %v %v", d, err)
	}
	r.SetConfig("/radius", "address", "192.0.2.10", map[string]string{"secret": "not-it"})
	d, err := svc.Check(ctx, n.ID)
	if err != nil || len(d) != 1 || !strings.Contains(d[0].Message, "wrong secret") {
		t.Fatalf("check %v %v", d, err)
	}
}
