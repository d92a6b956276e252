package bench

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius"
)

// A short smoke run of every mode against a real server on seeded users.
func TestSeedAndRun(t *testing.T) {
	for _, kind := range []string{testutil.Postgres, testutil.SQLite} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := testutil.OpenStore(t, kind)
			box := testutil.Box(t)
			if err := Seed(ctx, st, box, "127.0.0.1", "benchsecret", 50); err != nil {
				t.Fatal(err)
			}
			if err := Seed(ctx, st, box, "127.0.0.1", "benchsecret", 60); err != nil { // idempotent, adds 10
				t.Fatal(err)
			}
			if n := st.Client.Customer.Query().Where(customer.UsernameHasPrefix("bench")).CountX(ctx); n != 60 {
				t.Fatalf("%d bench customers, want 60", n)
			}
			reg := prometheus.NewRegistry()
			srv, err := radius.New(radius.Config{AuthAddr: "127.0.0.1:0", AcctAddr: "127.0.0.1:0", Registerer: reg,
				Logger: slog.New(slog.NewTextHandler(io.Discard, nil))}, st, box, events.NewBus())
			if err != nil {
				t.Fatal(err)
			}
			if err := srv.Start(ctx); err != nil {
				t.Fatal(err)
			}
			defer srv.Shutdown(ctx)
			for _, mode := range []string{"pap", "chap", "mschapv2", "acct"} {
				addr := srv.AuthAddr().String()
				if mode == "acct" {
					addr = srv.AcctAddr().String()
				}
				var out bytes.Buffer
				o := Options{Addr: addr, Secret: "benchsecret", Mode: mode, Users: 60, Requests: 600, Concurrency: 8, Timeout: 3 * time.Second}
				if err := Run(ctx, o, &out); err != nil {
					t.Fatalf("%s: %v\n%s", mode, err, out.String())
				}
				if !strings.Contains(out.String(), "ok=600 rejects=0 timeouts=0") {
					t.Fatalf("%s: %s", mode, out.String())
				}
				t.Logf("%s: %s", mode, strings.ReplaceAll(out.String(), "\n", " "))
			}
			if n := st.Client.Session.Query().Where(session.Open(true)).CountX(ctx); n != 60 {
				t.Fatalf("%d open sessions after the acct run, want 60", n)
			}
			// The bench's counters are ones a session can carry: the server clamps none.
			fams, _ := reg.Gather()
			for _, f := range fams {
				if f.GetName() == "linedesk_radius_acct_counters_clamped_total" {
					for _, m := range f.GetMetric() {
						if v := m.GetCounter().GetValue(); v != 0 {
							t.Errorf("the server clamped %v of the bench's counters (%v)", v, m.GetLabel())
						}
					}
				}
			}
		})
	}
}
