package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/linedesk/linedesk/radius/bench"
)

// runBenchRadius sends real RADIUS load (like radperf) and prints rate, p50, p99 and failures.
func runBenchRadius(ctx context.Context, e *env, args []string) error {
	var o bench.Options
	var seed bool
	var nasIP string
	if _, err := e.parse("bench radius", args, func(fs *flag.FlagSet) {
		fs.StringVar(&o.Addr, "addr", "127.0.0.1:1812", "server address: the auth port, or the accounting port with --mode acct")
		fs.StringVar(&o.Secret, "secret", "bench-secret", "shared secret of this machine's NAS record")
		fs.StringVar(&o.Mode, "mode", "pap", "pap, chap, mschapv2 or acct")
		fs.IntVar(&o.Users, "users", 1000, "distinct users cycled through (bench000001 …)")
		fs.IntVar(&o.Requests, "requests", 10000, "requests to send in all (0 with --seed: only seed)")
		fs.IntVar(&o.Concurrency, "concurrency", 64, "clients with one request in flight each")
		fs.BoolVar(&seed, "seed", false, "first create the NAS record and the users in --db (idempotent)")
		fs.StringVar(&nasIP, "nas-ip", "127.0.0.1", "with --seed: the NAS record's address")
	}); err != nil {
		return err
	}
	if seed {
		st, box, err := e.openAll(ctx)
		if err != nil {
			return err
		}
		err = bench.Seed(ctx, st, box, nasIP, o.Secret, o.Users)
		st.Close()
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "seeded %d bench users and NAS %s\n", o.Users, nasIP)
		if o.Requests == 0 {
			return nil
		}
	}
	return bench.Run(ctx, o, e.stdout)
}
