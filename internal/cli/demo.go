package cli

import (
	"context"
	"flag"

	"github.com/linedesk/linedesk/nas/demo"
)

// runDemo loads demo data and optionally runs a simulated router against a running serve.
func runDemo(ctx context.Context, e *env, args []string) error {
	var o demo.Options
	if _, err := e.parse("demo", args, func(fs *flag.FlagSet) {
		fs.IntVar(&o.Simulate, "simulate", 0, "keep this many subscribers online through a simulated MikroTik until interrupted")
		fs.IntVar(&o.Customers, "customers", 0, "demo customers to create (default: enough for --simulate, at least 60)")
	}); err != nil {
		return err
	}
	st, box, err := e.openAll(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	o.AuthAddr, o.AcctAddr, o.Logger = loopback(e.cfg.RadiusAuth), loopback(e.cfg.RadiusAcct), e.logger
	return demo.Run(ctx, st, box, o, e.stdout)
}
