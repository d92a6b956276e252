// Command linedesk runs the PPPoE side of an internet service provider: the staff dashboard
// and GraphQL API, the RADIUS server for MikroTik routers, billing and router control.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/linedesk/linedesk/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
