package bench

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius"
)

// TestLoad is the in-process benchmark: PostgreSQL, 10,000 customers, 64 clients, PAP,
// CHAP and accounting Interim-Update against a real server on loopback. It only runs with
// LINEDESK_BENCH=1 (LINEDESK_BENCH_REQUESTS sets the requests per mode, default 200000):
//
//	LINEDESK_BENCH=1 go test ./radius/bench -run TestLoad -v -timeout 30m
func TestLoad(t *testing.T) {
	if os.Getenv("LINEDESK_BENCH") == "" {
		t.Skip("set LINEDESK_BENCH=1 to run the load benchmark (needs an idle machine)")
	}
	requests := 200000
	if v, err := strconv.Atoi(os.Getenv("LINEDESK_BENCH_REQUESTS")); err == nil && v > 0 {
		requests = v
	}
	ctx := context.Background()
	st := testutil.OpenStore(t, testutil.Postgres)
	box := testutil.Box(t)
	began := time.Now()
	if err := Seed(ctx, st, box, "127.0.0.1", "bench-secret", 10000); err != nil {
		t.Fatal(err)
	}
	t.Logf("seeded 10000 customers in %v", time.Since(began).Round(time.Millisecond))
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
	for _, mode := range modes() {
		addr := srv.AuthAddr().String()
		if mode == "acct" {
			addr = srv.AcctAddr().String()
		}
		var out bytes.Buffer
		o := Options{Addr: addr, Secret: "bench-secret", Mode: mode, Users: 10000, Requests: requests, Concurrency: 64}
		if err := Run(ctx, o, &out); err != nil {
			t.Errorf("%s: %v", mode, err)
		}
		t.Logf("%s", out.String())
	}
	fams, _ := reg.Gather()
	for _, f := range fams {
		switch f.GetName() {
		case "linedesk_radius_acct_batch_size", "linedesk_radius_acct_commit_seconds", "linedesk_radius_rollup_seconds":
			h := f.GetMetric()[0].GetHistogram()
			if n := h.GetSampleCount(); n > 0 {
				t.Logf("%s: %d commits, mean %.4g", f.GetName(), n, h.GetSampleSum()/float64(n))
			}
		}
	}
}

// modes are the bench modes to run: LINEDESK_BENCH_MODES (comma separated) or all.
func modes() []string {
	if v := os.Getenv("LINEDESK_BENCH_MODES"); v != "" {
		return strings.Split(v, ",")
	}
	return []string{"pap", "chap", "mschapv2", "acct"}
}
