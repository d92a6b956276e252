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
	"github.com/linedesk/linedesk/ent/customer"
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
	// MeanSession is how long a simulated subscriber stays online on average before it
	// hangs up by itself (default 8h): a home line that stays up, as a real one does.
	MeanSession time.Duration
	// CoAPort and APIPort are the simulated router's Disconnect/CoA and RouterOS API ports
	// on 127.0.0.1 (0: the ports the router's record names, 3799 and 8728 at first, or free
	// ones when those are taken). A port given here must be free.
	CoAPort, APIPort int
	Logger           *slog.Logger
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
	if o.MeanSession <= 0 {
		o.MeanSession = 8 * time.Hour
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
	total, expired, err := countCustomers(ctx, st.Client)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d plans, router %q at %s, %d customers in the database (%d new, %d expired); %d demo customers in this run\n",
		len(seeded.Profiles), seeded.NAS.Name, seeded.NAS.IPAddress, total, seeded.CreatedCustomers, expired, len(seeded.Customers))
	fmt.Fprintf(out, "demo: the router %q uses RADIUS secret %q; try: radtest -t pap <user> <password> 127.0.0.1 0 %s\n", seeded.NAS.Name, NASSecret, NASSecret)
	if o.Simulate <= 0 {
		return nil
	}
	return simulate(ctx, st, box, seeded, o, out)
}

// countCustomers counts every customer in the database and the expired ones among them.
func countCustomers(ctx context.Context, c *ent.Client) (total, expired int, err error) {
	if total, err = c.Customer.Query().Count(ctx); err != nil {
		return 0, 0, fmt.Errorf("demo: counting customers: %w", err)
	}
	if expired, err = c.Customer.Query().Where(customer.ExpiresAtLTE(time.Now())).Count(ctx); err != nil {
		return 0, 0, fmt.Errorf("demo: counting expired customers: %w", err)
	}
	return total, expired, nil
}

type subscriber struct {
	c        *ent.Customer
	password string
	method   client.Method
	online   bool
	rejected int
	rate     float64 // bytes per second while online (download)
}

// simulate runs the simulated router with the seeded customers as its subscribers until ctx
// ends, then hangs every subscriber up.
func simulate(ctx context.Context, st *store.Store, box *secret.Box, seeded *Seeded, o Options, out io.Writer) error {
	r, err := startDemoRouter(ctx, st, box, seeded.NAS, o)
	if err != nil {
		return err
	}
	defer r.Stop()
	fmt.Fprintf(out, "demo: simulated router: CoA %s, RouterOS API %s; RADIUS %s / %s; %d subscribers\n",
		r.CoAAddr(), r.APIAddr(), o.AuthAddr, o.AcctAddr, o.Simulate)

	rng := mrand.New(mrand.NewPCG(uint64(time.Now().UnixNano()), 7))
	cr := &crowd{r: r, o: o, rng: rng, subs: subscribersOf(box, seeded.Customers, rng), sem: make(chan struct{}, 16)}
	tick := time.NewTicker(o.Tick)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			cr.hangUpAll()
			fmt.Fprintln(out, "demo: simulated subscribers hung up")
			return nil
		case <-tick.C:
		}
		cr.step(ctx)
		if cr.ticks%15 == 1 {
			sent, answered, pending := r.Stats()
			fmt.Fprintf(out, "demo: %d online on the simulated router; accounting sent %d, answered %d, pending %d\n",
				len(r.Sessions()), sent, answered, pending)
		}
	}
}

// startDemoRouter starts the simulated router with the demo router's secret and records in
// its NAS record where it listens, so linedesk's Disconnect/CoA, reconciliation and health
// checks reach it.
func startDemoRouter(ctx context.Context, st *store.Store, box *secret.Box, n *ent.Nas, o Options) (*sim.Router, error) {
	sec, err := box.Decrypt(n.SecretEnc)
	if err != nil {
		return nil, fmt.Errorf("demo: the router's secret cannot be read with this key: %w", err)
	}
	apiPass := ""
	if n.APIPasswordEnc != nil {
		apiPass, _ = box.Decrypt(*n.APIPasswordEnc)
	}
	if apiPass == "" {
		apiPass = randomSecret(8)
	}
	coaAddr, apiAddr := demoAddrs(n, o)
	r, err := startRouter(ctx, o, sec, coaAddr, apiAddr, apiPass)
	if err != nil && (o.CoAPort > 0 || o.APIPort > 0) {
		return nil, fmt.Errorf("demo: the simulated router cannot listen on CoA %s and API %s: %w", coaAddr, apiAddr, err)
	}
	if err != nil {
		r, err = startRouter(ctx, o, sec, "127.0.0.1:0", "127.0.0.1:0", apiPass)
		if err != nil {
			return nil, err
		}
	}
	if err := st.Client.Nas.UpdateOneID(n.ID).SetCoaPort(r.CoAPort()).SetAPIAddress(r.APIAddr()).
		SetAPIUser("linedesk").SetAPIPasswordEnc(box.MustEncrypt(apiPass)).SetAPITLS(false).
		SetDisconnectMethod(entnas.DisconnectMethodRADIUS_THEN_API).Exec(ctx); err != nil {
		r.Stop()
		return nil, fmt.Errorf("demo: recording the router's ports: %w", err)
	}
	return r, nil
}

// demoAddrs is where the simulated router listens: the ports of o when given, else the ones
// the router's record names (so a running serve's view of the router stays right across demo
// runs), else 3799 and 8728.
func demoAddrs(n *ent.Nas, o Options) (coaAddr, apiAddr string) {
	coaPort := n.CoaPort
	if o.CoAPort > 0 {
		coaPort = o.CoAPort
	}
	apiAddr = "127.0.0.1:8728"
	if n.APIAddress != nil {
		if host, _, err := net.SplitHostPort(*n.APIAddress); err == nil && host == "127.0.0.1" {
			apiAddr = *n.APIAddress
		}
	}
	if o.APIPort > 0 {
		apiAddr = net.JoinHostPort("127.0.0.1", strconv.Itoa(o.APIPort))
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(coaPort)), apiAddr
}

// subscribersOf makes a subscriber of each customer whose password can be read, with an
// authentication method in turn and a random download rate.
func subscribersOf(box *secret.Box, customers []*ent.Customer, rng *mrand.Rand) []*subscriber {
	methods := []client.Method{client.PAP, client.CHAP, client.MSCHAPv2, client.MSCHAPv2}
	var subs []*subscriber
	for i, c := range customers {
		pw, err := box.Decrypt(c.PasswordEnc)
		if err != nil {
			continue
		}
		subs = append(subs, &subscriber{c: c, password: pw, method: methods[i%len(methods)],
			rate: float64(20_000 + rng.IntN(400_000))})
	}
	return subs
}

// crowd is the simulated subscribers: each tick the online ones use the line and now and
// then leave, the offline ones dial in.
type crowd struct {
	r     *sim.Router
	o     Options
	rng   *mrand.Rand // used by the ticking goroutine only
	subs  []*subscriber
	ticks int

	mu  sync.Mutex // guards each subscriber's online and rejected
	sem chan struct{}
	wg  sync.WaitGroup
}

// step is one tick.
func (cr *crowd) step(ctx context.Context) {
	cr.ticks++
	online := len(cr.r.Sessions())
	for _, s := range cr.subs {
		cr.mu.Lock()
		if s.online && !cr.r.Connected(s.c.Username) {
			s.online = false // linedesk disconnected it, or its Session-Timeout passed
		}
		isOnline, rejected := s.online, s.rejected
		cr.mu.Unlock()
		if isOnline {
			cr.use(ctx, s)
			continue
		}
		if online >= cr.o.Simulate || cr.rng.Float64() >= cr.dialChance(rejected) {
			continue
		}
		online++
		cr.wg.Add(1)
		cr.sem <- struct{}{}
		go func() {
			defer cr.wg.Done()
			defer func() { <-cr.sem }()
			cr.dial(ctx, s)
		}()
	}
}

// use adds a tick of traffic to an online subscriber, which now and then goes offline.
func (cr *crowd) use(ctx context.Context, s *subscriber) {
	down := uint64(s.rate * cr.o.Tick.Seconds() * (0.3 + cr.rng.Float64()*1.4))
	cr.r.AddUsage(s.c.Username, down/8+uint64(cr.rng.IntN(20_000)), down)
	if cr.rng.Float64() < cr.o.Tick.Seconds()/cr.o.MeanSession.Seconds() { // hangs up now and then
		cr.mu.Lock()
		s.online = false
		cr.mu.Unlock()
		_ = cr.r.Hangup(ctx, s.c.Username)
	}
}

// dialChance is how likely an offline subscriber dials this tick: high at the start, then
// now and then; rejected ones (expired, suspended) try again rarely, as real routers'
// clients do.
func (cr *crowd) dialChance(rejected int) float64 {
	p := 0.12
	if cr.ticks <= 5 {
		p = 0.5
	}
	if rejected > 0 {
		p = 0.02
	}
	return p
}

// dial connects s and notes whether linedesk accepted it.
func (cr *crowd) dial(ctx context.Context, s *subscriber) {
	_, err := cr.r.DialWith(ctx, s.c.Username, s.password, s.method)
	cr.mu.Lock()
	defer cr.mu.Unlock()
	var rej *sim.RejectedError
	switch {
	case err == nil:
		s.online, s.rejected = true, 0
	case errors.As(err, &rej):
		s.rejected++
	default:
		cr.o.Logger.Warn("demo: dial failed", "user", s.c.Username, "err", err)
	}
}

// hangUpAll waits for the dials under way and hangs up every connected subscriber.
func (cr *crowd) hangUpAll() {
	cr.wg.Wait()
	hctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for _, s := range cr.subs {
		if cr.r.Connected(s.c.Username) {
			_ = cr.r.Hangup(hctx, s.c.Username)
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
