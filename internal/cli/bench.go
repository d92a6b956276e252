package cli

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"time"

	"github.com/linedesk/linedesk/internal/benchtool"
	"github.com/linedesk/linedesk/internal/gqlclient"
	"github.com/linedesk/linedesk/internal/store"
)

// runBench dispatches the load and scale tools.
func runBench(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, `usage:
  linedesk bench radius --addr HOST:PORT --secret S --mode pap|chap|mschapv2|acct --users N --requests N --concurrency N
  linedesk bench seed --customers 100000 --open-sessions 50000 --storm-nas 10000   (PostgreSQL --db)
  linedesk bench storm --subscribers 10000 --secret S [--source 127.0.0.2]
  linedesk bench graphql --url http://127.0.0.1:8080/graphql --user admin --password P [--rounds 100]`)
		return errUsage
	}
	switch args[0] {
	case "radius":
		return runBenchRadius(ctx, e, args[1:])
	case "seed":
		return runBenchSeed(ctx, e, args[1:])
	case "storm":
		return runBenchStorm(ctx, e, args[1:])
	case "graphql":
		return runBenchGraphQL(ctx, e, args[1:])
	}
	return fmt.Errorf("unknown bench %q: radius, seed, storm or graphql", args[0])
}

func runBenchSeed(ctx context.Context, e *env, args []string) error {
	var o benchtool.SeedOptions
	if _, err := e.parse("bench seed", args, func(fs *flag.FlagSet) {
		fs.IntVar(&o.Customers, "customers", 100000, "customers to create")
		fs.IntVar(&o.OpenSessions, "open-sessions", 50000, "of them, how many are online")
		fs.IntVar(&o.StormNAS, "storm-nas", 10000, "of the online ones, how many are on the storm NAS (127.0.0.2)")
		fs.StringVar(&o.Prefix, "prefix", "bench", "user name prefix")
		fs.StringVar(&o.Password, "pppoe-password", "bench-password", "every customer's PPPoE password")
		fs.StringVar(&o.Secret, "nas-secret", "bench-secret", "RADIUS secret of the bench NAS records")
	}); err != nil {
		return err
	}
	st, box, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	took, err := benchtool.Seed(ctx, st, box, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "seeded %d customers and %d open sessions in %v\n", o.Customers, min(o.OpenSessions, o.Customers), took.Round(time.Millisecond))
	return nil
}

func runBenchStorm(ctx context.Context, e *env, args []string) error {
	o := benchtool.StormOptions{}
	var expect int
	if _, err := e.parse("bench storm", args, func(fs *flag.FlagSet) {
		fs.IntVar(&o.Subscribers, "subscribers", 10000, "subscribers re-dialling after the reboot")
		fs.StringVar(&o.Secret, "secret", "bench-secret", "RADIUS secret of the rebooting NAS")
		fs.StringVar(&o.SourceIP, "source", "127.0.0.2", "the rebooting router's address")
		fs.StringVar(&o.Prefix, "prefix", "bench", "user name prefix")
		fs.StringVar(&o.Password, "pppoe-password", "bench-password", "PPPoE password")
		fs.IntVar(&o.Concurrency, "concurrency", 256, "requests in flight")
		fs.DurationVar(&o.Retry, "retry", 2*time.Second, "the router's RADIUS timeout: an unanswered request is sent again, unchanged, after it")
		fs.IntVar(&o.Tries, "tries", 5, "how many times the router sends an Access-Request before giving up (1 + retransmissions)")
		fs.IntVar(&o.AcctTries, "acct-tries", 0, "the same for Accounting-Requests, which routers queue and keep retrying (default: --tries)")
		fs.IntVar(&expect, "expect-online", 0, "when set (and --db given), wait until this many sessions are open and report the time")
	}); err != nil {
		return err
	}
	o.Auth, o.Acct = loopback(e.cfg.RadiusAuth), loopback(e.cfg.RadiusAcct)
	res, err := benchtool.Storm(ctx, o)
	if err != nil {
		return err
	}
	reasons := make([]string, 0, len(res.RejectReasons))
	for r, n := range res.RejectReasons {
		reasons = append(reasons, fmt.Sprintf("%q×%d", r, n))
	}
	sort.Strings(reasons)
	fmt.Fprintf(e.stdout, "storm: %d subscribers in %v: %d accepted, %d rejected %v, %d starts acknowledged, %d unanswered, %d retransmissions, Accounting-On acknowledged %v, auth p50 %v p99 %v\n",
		o.Subscribers, res.Duration.Round(time.Millisecond), res.Accepted, res.Rejected, reasons, res.Started, res.Unanswered,
		res.Retransmissions, res.AccountingOnAck, res.AuthP50.Round(time.Microsecond), res.AuthP99.Round(time.Microsecond))
	if expect > 0 {
		st, err := store.Open(ctx, e.cfg.DB)
		if err != nil {
			return err
		}
		defer st.Close()
		t0 := time.Now()
		var open int
		for time.Since(t0) < 60*time.Second {
			if err := st.DB.QueryRowContext(ctx, "SELECT count(*) FROM sessions WHERE open").Scan(&open); err != nil {
				return err
			}
			if open == expect {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
		fmt.Fprintf(e.stdout, "storm: open sessions %d (expected %d), settled %v after the storm\n", open, expect, time.Since(t0).Round(time.Millisecond))
		if open != expect {
			return fmt.Errorf("online count did not settle: %d open, expected %d", open, expect)
		}
	}
	if res.Rejected > 0 || res.Unanswered > 0 {
		return fmt.Errorf("storm had %d rejections and %d unanswered requests", res.Rejected, res.Unanswered)
	}
	return nil
}

func runBenchGraphQL(ctx context.Context, e *env, args []string) error {
	var url, user, password, prefix string
	var rounds int
	if _, err := e.parse("bench graphql", args, func(fs *flag.FlagSet) {
		fs.StringVar(&url, "url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
		fs.StringVar(&user, "user", "admin", "staff user")
		fs.StringVar(&password, "password", "", "staff password")
		fs.StringVar(&prefix, "prefix", "bench", "seeded user name prefix")
		fs.IntVar(&rounds, "rounds", 100, "requests per query")
	}); err != nil {
		return err
	}
	token, err := gqlclient.Login(ctx, url, user, password)
	if err != nil {
		return err
	}
	res, err := benchtool.TimeQueries(ctx, url, token, benchtool.ScaleQueries(prefix), rounds)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%-30s %10s %10s %10s %7s\n", "query", "p50", "p95", "max", "errors")
	for _, l := range res {
		fmt.Fprintf(e.stdout, "%-30s %10v %10v %10v %7d\n", l.Name, l.P50.Round(10*time.Microsecond), l.P95.Round(10*time.Microsecond), l.Max.Round(10*time.Microsecond), l.Errors)
	}
	return nil
}
