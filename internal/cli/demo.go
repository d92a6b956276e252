package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/linedesk/linedesk/nas/demo"
)

// runDemo loads demo data and optionally runs a simulated router against a running serve.
func runDemo(ctx context.Context, e *env, args []string) error {
	var o demo.Options
	if _, err := e.parse("demo", args, func(fs *flag.FlagSet) {
		fs.IntVar(&o.Simulate, "simulate", 0, "keep this many subscribers online through a simulated MikroTik until interrupted")
		fs.IntVar(&o.Customers, "customers", 0, "demo customers to create (default: enough for --simulate, at least 60)")
		fs.IntVar(&o.CoAPort, "coa-port", 0, "UDP port on 127.0.0.1 of the simulated router's Disconnect/CoA listener (default: the router record's, else 3799)")
		fs.IntVar(&o.APIPort, "api-port", 0, "TCP port on 127.0.0.1 of the simulated router's RouterOS API (default: the router record's, else 8728)")
	}); err != nil {
		return err
	}
	for _, p := range []int{o.CoAPort, o.APIPort} {
		if p < 0 || p > 65535 {
			return fmt.Errorf("demo: port %d is not a port (1 to 65535)", p)
		}
	}
	st, box, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	o.AuthAddr, o.AcctAddr, o.Logger = loopback(e.cfg.RadiusAuth), loopback(e.cfg.RadiusAcct), e.logger
	return demo.Run(ctx, st, box, o, e.stdout)
}
