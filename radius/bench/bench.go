// Package bench is the RADIUS load tool behind `linedesk bench radius`: like radperf, it
// sends real packets (Access-Requests with Message-Authenticator, or Accounting
// Interim-Updates) from Concurrency clients, each waiting for its reply before sending the
// next, and prints the rate, the median and 99th-percentile latency and the failures.
//
// Users are named Username(prefix, i) for i = 1..Users: the prefix (default "bench")
// followed by the number in at least six digits ("bench000001"), all with the same password
// (default "bench-password"), the naming of `linedesk bench seed` (internal/benchtool).
// Seed creates a NAS record and that many customers on a "bench" profile, allowed 100
// sessions each, so the authentication runs still pass after an accounting run has opened
// one session per user.
//
// In "acct" mode each user has one session (Acct-Session-Id "bench-" and the user number)
// whose counters grow with every Interim-Update; the first Interim creates the session.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/radius/client"
	"github.com/linedesk/linedesk/radius/msgauth"
)

// Defaults for Options.
const (
	DefaultPrefix   = "bench"
	DefaultPassword = "bench-password" // the same as `linedesk bench seed`
)

// Options configures a run.
type Options struct {
	Addr        string        // server address: the authentication port, or the accounting port in acct mode
	Secret      string        // shared secret of the NAS record for this machine's address
	Mode        string        // pap, chap, mschapv2 or acct
	Users       int           // distinct users cycled through (default 1000)
	Requests    int           // requests to send in all (default 10000)
	Concurrency int           // clients with one request in flight each (default 64)
	UserPrefix  string        // default "bench"
	Password    string        // default "bench-password"
	Timeout     time.Duration // wait for one reply before counting a failure (default 2 s)
}

// Result is what a run measured.
type Result struct {
	Mode              string
	Requests, OK      int
	Rejects, Timeouts int
	Elapsed           time.Duration
	Rate              float64 // replies per second
	P50, P99, Max     time.Duration
	FirstError        string
	UnsignedReplies   int // Access replies without Message-Authenticator (accepted, but counted)
}

// Username is the name of bench user i (1-based).
func Username(prefix string, i int) string {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return fmt.Sprintf("%s%06d", prefix, i)
}

func (o *Options) defaults() error {
	if o.Addr == "" {
		return errors.New("bench: --addr is required")
	}
	if o.Secret == "" {
		return errors.New("bench: --secret is required")
	}
	if o.Users <= 0 {
		o.Users = 1000
	}
	if o.Requests <= 0 {
		o.Requests = 10000
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 64
	}
	if o.UserPrefix == "" {
		o.UserPrefix = DefaultPrefix
	}
	if o.Password == "" {
		o.Password = DefaultPassword
	}
	if o.Timeout <= 0 {
		o.Timeout = 2 * time.Second
	}
	switch o.Mode {
	case "pap", "chap", "mschapv2", "mschapv1", "acct":
	case "":
		o.Mode = "pap"
	default:
		return fmt.Errorf("bench: unknown mode %q (pap, chap, mschapv2, acct)", o.Mode)
	}
	return nil
}

// Run sends the load and prints a summary to out.
func Run(ctx context.Context, o Options, out io.Writer) error {
	res, err := Measure(ctx, o)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "mode=%s requests=%d ok=%d rejects=%d timeouts=%d concurrency=%d users=%d\n",
		res.Mode, res.Requests, res.OK, res.Rejects, res.Timeouts, o.Concurrency, o.Users)
	fmt.Fprintf(out, "elapsed=%s rate=%.0f/s p50=%s p99=%s max=%s\n",
		res.Elapsed.Round(time.Millisecond), res.Rate, res.P50.Round(time.Microsecond), res.P99.Round(time.Microsecond), res.Max.Round(time.Microsecond))
	if res.UnsignedReplies > 0 {
		fmt.Fprintf(out, "warning: %d replies carried no Message-Authenticator\n", res.UnsignedReplies)
	}
	if res.FirstError != "" {
		fmt.Fprintf(out, "first failure: %s\n", res.FirstError)
	}
	if res.OK == 0 {
		return fmt.Errorf("bench: no request succeeded (%s)", res.FirstError)
	}
	return nil
}

// Measure runs the load and returns the measurements.
func Measure(ctx context.Context, o Options) (*Result, error) {
	if err := o.defaults(); err != nil {
		return nil, err
	}
	r := &run{o: o, secret: []byte(o.Secret)}
	if o.Mode != "acct" {
		m, err := client.ParseMethod(o.Mode)
		if err != nil {
			return nil, err
		}
		r.method = m
	}
	conns, err := dial(o.Addr, o.Concurrency)
	if err != nil {
		return nil, err
	}
	r.base, r.clock = counterBase(time.Now()), benchClock(time.Now())
	begin := time.Now()
	var wg sync.WaitGroup
	for w, conn := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.client(ctx, conn, w)
		}()
	}
	wg.Wait()
	res := r.result(time.Since(begin))
	if ctx.Err() != nil {
		return res, fmt.Errorf("bench: %w", ctx.Err())
	}
	return res, nil
}

// run is one load run shared by its clients.
type run struct {
	o           Options
	method      client.Method // "" in acct mode
	secret      []byte
	base        uint64 // accounting counters start here (counterBase)
	clock       uint32 // Acct-Session-Time base (benchClock)
	next        atomic.Int64
	ok, rejects atomic.Int64
	timeouts    atomic.Int64
	noMA        atomic.Int64
	mu          sync.Mutex
	lat         []time.Duration
	firstErr    string
}

func (r *run) fail(msg string) {
	r.mu.Lock()
	if r.firstErr == "" {
		r.firstErr = msg
	}
	r.mu.Unlock()
}

// dial opens n UDP sockets to addr.
func dial(addr string, n int) ([]*net.UDPConn, error) {
	conns := make([]*net.UDPConn, n)
	for i := range conns {
		ua, err := net.ResolveUDPAddr("udp", addr)
		if err != nil {
			return nil, fmt.Errorf("bench: %w", err)
		}
		c, err := net.DialUDP("udp", nil, ua)
		if err != nil {
			for _, c := range conns[:i] {
				c.Close()
			}
			return nil, fmt.Errorf("bench: %w", err)
		}
		conns[i] = c
	}
	return conns, nil
}

// client sends requests one at a time on conn until the run has sent them all.
func (r *run) client(ctx context.Context, conn *net.UDPConn, w int) {
	defer conn.Close()
	buf := make([]byte, radius.MaxPacketLength)
	mine := make([]time.Duration, 0, r.o.Requests/r.o.Concurrency+1)
	defer func() {
		r.mu.Lock()
		r.lat = append(r.lat, mine...)
		r.mu.Unlock()
	}()
	id := byte(w)
	for ctx.Err() == nil {
		n := int(r.next.Add(1))
		if n > r.o.Requests {
			return
		}
		u := (n-1)%r.o.Users + 1
		p, verify, err := r.request(n, u)
		if err != nil {
			r.fail(err.Error())
			return
		}
		id++
		p.Identifier = id
		raw, err := client.Encode(p)
		if err != nil {
			r.fail(err.Error())
			return
		}
		if d, ok := r.exchange(conn, buf, raw, p, verify); ok {
			mine = append(mine, d)
		}
	}
}

// request is the n-th request of the run, for user u.
func (r *run) request(n, u int) (*radius.Packet, client.VerifyFunc, error) {
	user := Username(r.o.UserPrefix, u)
	if r.o.Mode != "acct" {
		return client.NewAccessRequest(r.secret, r.method, user, r.o.Password,
			client.Integer(rfc2865.ServiceType_Type, 2), client.Integer(rfc2865.FramedProtocol_Type, 1),
			client.Integer(rfc2865.NASPortType_Type, 15), client.String(rfc2865.CallingStationID_Type, macOf(u)))
	}
	p := client.NewAccountingRequest(r.secret, rfc2866.AcctStatusType_Value_InterimUpdate, user, fmt.Sprintf("bench-%d", u),
		client.Integer(rfc2865.NASPortType_Type, 15), client.String(rfc2865.CallingStationID_Type, macOf(u)))
	// Counters grow with n from a base that grows with the clock, so every Interim moves
	// them forward, in this run and the runs after it.
	client.SetCounters(p, r.base+uint64(n)*1500, r.base+uint64(n)*9000, r.clock+uint32(n/r.o.Users))
	return p, client.VerifyAccounting(p), nil
}

// exchange sends raw and waits for its reply; it returns the latency and whether a reply
// came (Accept, Reject or Accounting-Response).
func (r *run) exchange(conn *net.UDPConn, buf, raw []byte, p *radius.Packet, verify client.VerifyFunc) (time.Duration, bool) {
	start := time.Now()
	if _, err := conn.Write(raw); err != nil {
		r.fail(err.Error())
		r.timeouts.Add(1)
		time.Sleep(10 * time.Millisecond)
		return 0, false
	}
	_ = conn.SetReadDeadline(start.Add(r.o.Timeout))
	for {
		k, err := conn.Read(buf)
		if err != nil {
			r.timeouts.Add(1)
			r.fail("no reply within " + r.o.Timeout.String())
			return 0, false
		}
		reply, err := verify(buf[:k])
		if errors.Is(err, msgauth.ErrMissing) {
			// A server that does not sign its replies (FreeRADIUS before its BlastRADIUS
			// fix): count it, but measure it like the others.
			if reply, err = client.CheckReply(p, buf[:k], false); err == nil {
				r.noMA.Add(1)
			}
		}
		if err != nil {
			continue // a late reply to an earlier request
		}
		d := time.Since(start)
		if reply.Code == radius.CodeAccessReject {
			r.rejects.Add(1)
			r.fail("Access-Reject for " + rfc2865.UserName_GetString(p) + ": " + rfc2865.ReplyMessage_GetString(reply))
		} else {
			r.ok.Add(1)
		}
		return d, true
	}
}

// result summarises the run.
func (r *run) result(elapsed time.Duration) *Result {
	lat := r.lat
	slices.Sort(lat)
	res := &Result{
		Mode: r.o.Mode, Requests: int(min(r.next.Load(), int64(r.o.Requests))), OK: int(r.ok.Load()),
		Rejects: int(r.rejects.Load()), Timeouts: int(r.timeouts.Load()), Elapsed: elapsed, FirstError: r.firstErr,
		UnsignedReplies: int(r.noMA.Load()),
	}
	if elapsed > 0 {
		res.Rate = float64(len(lat)) / elapsed.Seconds()
	}
	if len(lat) > 0 {
		res.P50 = lat[len(lat)/2]
		res.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		res.Max = lat[len(lat)-1]
	}
	return res
}

// macOf gives user u a stable MAC address.
func macOf(u int) string {
	return fmt.Sprintf("02:00:%02x:%02x:%02x:%02x", byte(u>>24), byte(u>>16), byte(u>>8), byte(u))
}

// counterBase is where a run's accounting counters start: 2^24 bytes for every second since
// 2026 (134 Mbit/s, which a session can carry: the server clamps counters that grow faster
// than 10 Gbit/s), so a later run's Interims carry new traffic, as a router's would, instead
// of repeating counters the server has already counted, when the runs start at least
// requests/1,800 seconds apart (9,000 bytes a request). The Interims report the seconds
// since 2026 as their Acct-Session-Time (benchClock), so even a session's first Interim
// carries no more than it could have moved.
func counterBase(now time.Time) uint64 {
	return uint64(benchClock(now)) << 24
}

// benchClock is the seconds since 2026 (0 before).
func benchClock(now time.Time) uint32 {
	secs := now.Unix() - time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	return uint32(min(max(secs, 0), math.MaxUint32))
}
