package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius/client"
)

// runSim runs a simulated MikroTik router that dials one or more PPPoE logins against a
// running linedesk and keeps them up (interims, Disconnect/CoA answered) until interrupted.
func runSim(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 && args[0] == "gateways" {
		return runSimGateways(ctx, e, args)
	}
	var users, passwords multiFlag
	var secret, coa, method, authAddr, acctAddr, trafficSpec string
	var hold, interim time.Duration
	usage := "linedesk sim dial --secret S --user U --password P [--user U2 --password P2 …] [--coa 127.0.0.1:3799] [--method pap|chap|mschapv1|mschapv2] [--hold 1h] [--interim 10s] [--traffic 200k/2M]"
	if _, err := e.parseSubcommand("sim", "dial", usage, args, func(fs *flag.FlagSet) {
		fs.Var(&users, "user", "PPPoE user name (repeatable)")
		fs.Var(&passwords, "password", "PPPoE password (repeatable, one per --user)")
		fs.StringVar(&secret, "secret", "", "RADIUS secret of the router's NAS record")
		fs.StringVar(&coa, "coa", "127.0.0.1:3799", "address the simulated router listens on for Disconnect/CoA (the NAS record's CoA port)")
		fs.StringVar(&method, "method", "pap", "pap, chap, mschapv1 or mschapv2")
		fs.StringVar(&authAddr, "auth", "", "linedesk RADIUS auth address (default: --radius-auth on 127.0.0.1)")
		fs.StringVar(&acctAddr, "acct", "", "linedesk RADIUS accounting address (default: --radius-acct on 127.0.0.1)")
		fs.DurationVar(&hold, "hold", time.Hour, "how long to stay connected")
		fs.DurationVar(&interim, "interim", 0, "interim interval (default: what the Access-Accept says)")
		fs.StringVar(&trafficSpec, "traffic", "", "each user's traffic as UPLOAD/DOWNLOAD bytes a second, k/M/G = 10^3/10^6/10^9 (e.g. 200k/2M); reported in each Interim and the Stop")
	}); err != nil {
		return err
	}
	up, down, err := parseTraffic(trafficSpec)
	if err != nil {
		return err
	}
	if secret == "" || len(users) == 0 || len(users) != len(passwords) {
		return errors.New("--secret and one --password per --user are required")
	}
	m, err := client.ParseMethod(method)
	if err != nil {
		return err
	}
	if authAddr == "" {
		authAddr = loopback(e.cfg.RadiusAuth)
	}
	if acctAddr == "" {
		acctAddr = loopback(e.cfg.RadiusAcct)
	}
	r := sim.New(sim.Config{Secret: secret, AuthAddr: authAddr, AcctAddr: acctAddr, CoAAddr: coa, Method: m, Interim: interim, Logger: e.logger})
	if err := r.Start(ctx); err != nil {
		return fmt.Errorf("starting simulated router: %w", err)
	}
	defer r.Stop()
	for i, u := range users {
		info, err := r.Dial(ctx, u, passwords[i])
		if err != nil {
			return fmt.Errorf("dialling %s: %w", u, err)
		}
		fmt.Fprintf(e.stdout, "%s online: ip %s, session %s, rate %s\n", u, info.IP, info.AcctSessionID, info.Rate)
	}
	holdSessions(ctx, e, r, users, hold, up, down)
	return nil
}

// holdSessions keeps the users' sessions up for hold, adding up/down bytes a second of
// traffic to each, and hangs them up at the end. It returns early once linedesk has
// disconnected every one of them.
func holdSessions(ctx context.Context, e *env, r *sim.Router, users []string, hold time.Duration, up, down uint64) {
	hctx, cancel := context.WithTimeout(ctx, hold)
	defer cancel()
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-hctx.Done():
			for _, u := range users {
				if r.Connected(u) {
					_ = r.Hangup(context.Background(), u)
				}
			}
			return
		case <-tick.C:
			for _, u := range users {
				// Half a second of traffic each tick.
				r.AddUsage(u, up/2, down/2)
			}
			for _, u := range users {
				if !r.Connected(u) {
					fmt.Fprintf(e.stdout, "%s disconnected by linedesk\n", u)
					users = remove(users, u)
				}
			}
			if len(users) == 0 {
				return
			}
		}
	}
}

// parseTraffic reads "UPLOAD/DOWNLOAD" in bytes a second with optional k, M or G suffixes;
// "" is no traffic.
func parseTraffic(spec string) (up, down uint64, err error) {
	if spec == "" {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(spec, "/")
	if !ok {
		return 0, 0, fmt.Errorf("--traffic %q: want UPLOAD/DOWNLOAD bytes a second, e.g. 200k/2M", spec)
	}
	if up, err = parseRate(a); err == nil {
		down, err = parseRate(b)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("--traffic %q: %w", spec, err)
	}
	return up, down, nil
}

func parseRate(s string) (uint64, error) {
	mult := uint64(1)
	switch {
	case strings.HasSuffix(s, "k"):
		mult, s = 1e3, strings.TrimSuffix(s, "k")
	case strings.HasSuffix(s, "M"):
		mult, s = 1e6, strings.TrimSuffix(s, "M")
	case strings.HasSuffix(s, "G"):
		mult, s = 1e9, strings.TrimSuffix(s, "G")
	}
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil || n > 1e6 {
		return 0, fmt.Errorf("%q is not a rate from 0 to 1000000 (with k, M or G)", s)
	}
	return n * mult, nil
}

func remove(list []string, v string) []string {
	out := list[:0]
	for _, x := range list {
		if x != v {
			out = append(out, x)
		}
	}
	return out
}

// loopback turns ":1812" into "127.0.0.1:1812".
func loopback(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host == "" || host == "0.0.0.0" || host == "::" {
		return "127.0.0.1:" + port
	}
	return addr
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
