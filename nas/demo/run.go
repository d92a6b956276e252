package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	mrand "math/rand/v2"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/linedesk/linedesk/ent"
	entnas "github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/nas/sim"
	"github.com/linedesk/linedesk/radius/client"
)

// Options configure Run.
type Options struct {
	// Simulate is how many subscribers the simulated router keeps online; 0 only seeds.
	Simulate int
	// Customers is how many demo customers to seed (default: enough that Simulate of them
	// can be online at once, about one in ten being expired and one in 25 suspended; at
	// least 60).
	Customers int
	// AuthAddr and AcctAddr are linedesk's RADIUS ports (default 127.0.0.1:1812 and :1813).
	AuthAddr, AcctAddr string
	// Tick paces the simulation (default 2s): usage grows, subscribers come and go.
	Tick time.Duration
	// Interim is the interim-update interval of the simulated sessions (default 20s).
	Interim time.Duration
	Logger  *slog.Logger
}

func (o *Options) defaults() {
	if o.Customers <= 0 {
		o.Customers = max(60, o.Simulate*5/4+5)
	}
	if o.AuthAddr == "" {
		o.AuthAddr = "127.0.0.1:1812"
	}
	if o.AcctAddr == "" {
		o.AcctAddr = "127.0.0.1:1813"
	}
	if o.Tick <= 0 {
		o.Tick = 2 * time.Second
	}
	if o.Interim <= 0 {
		o.Interim = 20 * time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Run seeds the demo data set and, with o.Simulate > 0, runs the simulated router until ctx
// ends, then hangs every subscriber up.
func Run(ctx context.Context, st *store.Store, box *secret.Box, o Options, out io.Writer) error {
	o.defaults()
	seeded, err := Seed(ctx, st, box, o.Customers)
	if err != nil {
		return err
	}
	expired := 0
	now := time.Now()
	for _, c := range seeded.Customers {
		if !c.ExpiresAt.After(now) {
			expired++
		}
	}
	fmt.Fprintf(out, "demo: %d plans, router %q at %s, %d customers (%d new, %d expired)\n",
		len(seeded.Profiles), seeded.NAS.Name, seeded.NAS.IPAddress, len(seeded.Customers), seeded.CreatedCustomers, expired)
	fmt.Fprintf(out, "demo: the router %q uses RADIUS secret %q; try: radtest -t pap <user> <password> 127.0.0.1 0 %s\n", seeded.NAS.Name, NASSecret, NASSecret)
	if o.Simulate <= 0 {
		return nil
	}
	return simulate(ctx, st, box, seeded, o, out)
}

type subscriber struct {
	c        *ent.Customer
	password string
	method   client.Method
	online   bool
	rejected int
	rate     float64 // bytes per second while online (download)
}

func simulate(ctx context.Context, st *store.Store, box *secret.Box, seeded *Seeded, o Options, out io.Writer) error {
	n := seeded.NAS
	sec, err := box.Decrypt(n.SecretEnc)
	if err != nil {
		return fmt.Errorf("demo: the router's secret cannot be read with this key: %w", err)
	}
	apiPass := ""
	if n.APIPasswordEnc != nil {
		apiPass, _ = box.Decrypt(*n.APIPasswordEnc)
	}
	if apiPass == "" {
		apiPass = randomSecret(8)
	}
	// Keep the recorded ports when they are free, so a running serve's view of the router stays
	// right across demo runs; otherwise listen elsewhere and record where.
	coaAddr := net.JoinHostPort("127.0.0.1", strconv.Itoa(n.CoaPort))
	apiAddr := "127.0.0.1:8728"
	if n.APIAddress != nil {
		if host, _, err := net.SplitHostPort(*n.APIAddress); err == nil && host == "127.0.0.1" {
			apiAddr = *n.APIAddress
		}
	}
	r, err := startRouter(ctx, o, sec, coaAddr, apiAddr, apiPass)
	if err != nil {
		r, err = startRouter(ctx, o, sec, "127.0.0.1:0", "127.0.0.1:0", apiPass)
		if err != nil {
			return err
		}
	}
	defer r.Stop()
	// Record where the simulated router listens, so linedesk's Disconnect/CoA, reconciliation
	// and health checks reach it.
	if err := st.Client.Nas.UpdateOneID(n.ID).SetCoaPort(r.CoAPort()).SetAPIAddress(r.APIAddr()).
		SetAPIUser("linedesk").SetAPIPasswordEnc(box.MustEncrypt(apiPass)).SetAPITLS(false).
		SetDisconnectMethod(entnas.DisconnectMethodRADIUS_THEN_API).Exec(ctx); err != nil {
		return fmt.Errorf("demo: recording the router's ports: %w", err)
	}
	fmt.Fprintf(out, "demo: simulated router: CoA %s, RouterOS API %s; RADIUS %s / %s; %d subscribers\n",
		r.CoAAddr(), r.APIAddr(), o.AuthAddr, o.AcctAddr, o.Simulate)

	rng := mrand.New(mrand.NewPCG(uint64(time.Now().UnixNano()), 7))
	methods := []client.Method{client.PAP, client.CHAP, client.MSCHAPv2, client.MSCHAPv2}
	var subs []*subscriber
	for i, c := range seeded.Customers {
		pw, err := box.Decrypt(c.PasswordEnc)
		if err != nil {
			continue
		}
		subs = append(subs, &subscriber{c: c, password: pw, method: methods[i%len(methods)],
			rate: float64(20_000 + rng.IntN(400_000))})
	}

	var mu sync.Mutex
	dial := func(s *subscriber) {
		_, err := r.DialWith(ctx, s.c.Username, s.password, s.method)
		mu.Lock()
		defer mu.Unlock()
		var rej *sim.RejectedError
		switch {
		case err == nil:
			s.online, s.rejected = true, 0
		case errors.As(err, &rej):
			s.rejected++
		default:
			o.Logger.Warn("demo: dial failed", "user", s.c.Username, "err", err)
		}
	}
	tick := time.NewTicker(o.Tick)
	defer tick.Stop()
	ticks := 0
	sem := make(chan struct{}, 16)
	var wg sync.WaitGroup
	for {
		select {
		case <-ctx.Done():
			wg.Wait()
			hctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			for _, s := range subs {
				if r.Connected(s.c.Username) {
					_ = r.Hangup(hctx, s.c.Username)
				}
			}
			fmt.Fprintln(out, "demo: simulated subscribers hung up")
			return nil
		case <-tick.C:
		}
		ticks++
		online := len(r.Sessions())
		secs := o.Tick.Seconds()
		for _, s := range subs {
			mu.Lock()
			if s.online && !r.Connected(s.c.Username) {
				s.online = false // linedesk disconnected it, or its Session-Timeout passed
			}
			isOnline, rejected := s.online, s.rejected
			mu.Unlock()
			if isOnline {
				down := uint64(s.rate * secs * (0.3 + rng.Float64()*1.4))
				r.AddUsage(s.c.Username, down/8+uint64(rng.IntN(20_000)), down)
				if rng.Float64() < 0.004 { // goes offline now and then
					mu.Lock()
					s.online = false
					mu.Unlock()
					_ = r.Hangup(ctx, s.c.Username)
				}
				continue
			}
			// Offline: ramp up quickly at start, then come back now and then; rejected ones
			// (expired, suspended) try again rarely, as real routers' clients do.
			p := 0.12
			if ticks <= 5 {
				p = 0.5
			}
			if rejected > 0 {
				p = 0.02
			}
			if online >= o.Simulate || rng.Float64() >= p {
				continue
			}
			online++
			wg.Add(1)
			sem <- struct{}{}
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				dial(s)
			}()
		}
		if ticks%15 == 1 {
			sent, answered, pending := r.Stats()
			fmt.Fprintf(out, "demo: %d online on the simulated router; accounting sent %d, answered %d, pending %d\n",
				len(r.Sessions()), sent, answered, pending)
		}
	}
}

func startRouter(ctx context.Context, o Options, sec, coaAddr, apiAddr, apiPass string) (*sim.Router, error) {
	r := sim.New(sim.Config{
		Secret: sec, AuthAddr: o.AuthAddr, AcctAddr: o.AcctAddr, CoAAddr: coaAddr,
		APIAddr: apiAddr, APIUser: "linedesk", APIPassword: apiPass,
		Identity: NASName, Interim: o.Interim, Logger: o.Logger, Timeout: 10 * time.Second,
	})
	if err := r.Start(ctx); err != nil {
		return nil, err
	}
	return r, nil
}
