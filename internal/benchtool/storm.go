package benchtool

import (
	"context"
	"fmt"
	"net"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/radius/client"
)

// StormOptions describes a router reboot storm.
type StormOptions struct {
	Auth, Acct  string // linedesk's RADIUS addresses
	Secret      string
	SourceIP    string // the rebooting router's address (its NAS record), e.g. 127.0.0.2
	Subscribers int    // customers 1..Subscribers of Prefix re-dial
	Prefix      string
	Password    string
	Concurrency int
	Retry       time.Duration // retransmission interval (a router's RADIUS timeout)
	Tries       int           // sends of an Access-Request before the router gives up
	AcctTries   int           // sends of an Accounting-Request: routers queue accounting and keep retrying it
}

// StormResult counts what happened.
type StormResult struct {
	Duration         time.Duration
	Accepted         int64
	Rejected         int64
	RejectReasons    map[string]int64
	Started          int64 // accounting Starts acknowledged
	Unanswered       int64 // requests never answered after every retry
	Retransmissions  int64
	AuthP50, AuthP99 time.Duration
	AccountingOnAck  bool
}

// exchanger sends a request from a fixed source address and retransmits until answered.
type exchanger struct {
	conn  *net.UDPConn
	buf   []byte
	retry time.Duration
	tries int
	sent  func() // when set, called once the request is first on the wire
}

func newExchanger(source, dest string, retry time.Duration, tries int) (*exchanger, error) {
	raddr, err := net.ResolveUDPAddr("udp", dest)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", &net.UDPAddr{IP: net.ParseIP(source)}, raddr)
	if err != nil {
		return nil, fmt.Errorf("binding %s: %w", source, err)
	}
	return &exchanger{conn: conn, buf: make([]byte, 4096), retry: retry, tries: tries}, nil
}

// do returns the verified reply, or nil when none came; retransmits counts resends.
func (x *exchanger) do(p *radius.Packet, verify client.VerifyFunc, retransmits *atomic.Int64) (*radius.Packet, error) {
	raw, err := client.Encode(p)
	if err != nil {
		return nil, err
	}
	for try := 0; try < x.tries; try++ {
		if try > 0 {
			retransmits.Add(1)
		}
		if _, err := x.conn.Write(raw); err != nil {
			return nil, err
		}
		if try == 0 && x.sent != nil {
			x.sent()
		}
		deadline := time.Now().Add(x.retry)
		for {
			_ = x.conn.SetReadDeadline(deadline)
			n, err := x.conn.Read(x.buf)
			if err != nil {
				break // timeout: retransmit
			}
			if n < 20 || x.buf[1] != p.Identifier {
				continue // a late answer to an earlier request
			}
			reply, err := verify(append([]byte(nil), x.buf[:n]...))
			if err != nil {
				continue
			}
			return reply, nil
		}
	}
	return nil, nil
}

// Storm replays a reboot as a router makes it: its Accounting-On first (not waiting for the
// answer), then every subscriber's Access-Request and Accounting Start, from SourceIP, each
// request sent again unchanged (same Identifier and authenticator) every Retry until
// answered, Tries times at most.
func Storm(ctx context.Context, o StormOptions) (StormResult, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = 256
	}
	if o.Retry <= 0 {
		o.Retry = 2 * time.Second
	}
	if o.Tries <= 0 {
		o.Tries = 5
	}
	if o.AcctTries <= 0 {
		o.AcctTries = o.Tries
	}
	s := &storm{o: o, secret: []byte(o.Secret), res: StormResult{RejectReasons: map[string]int64{}}}
	start := time.Now()

	on := make(chan error, 1)
	onSent := make(chan struct{})
	go func() { on <- s.accountingOn(func() { close(onSent) }) }()
	select {
	case <-onSent:
	case err := <-on: // it failed before sending
		return s.res, err
	}

	jobs := make(chan int)
	var wg sync.WaitGroup
	errc := make(chan error, o.Concurrency)
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.redial(jobs); err != nil {
				errc <- err
			}
		}()
	}
	if err := feedSubscribers(ctx, o.Subscribers, jobs, errc); err != nil {
		wg.Wait()
		return s.res, err
	}
	wg.Wait()
	if err := <-on; err != nil {
		return s.res, err
	}
	select {
	case err := <-errc:
		return s.res, err
	default:
	}
	return s.result(time.Since(start)), nil
}

// storm is one replay in progress: what the workers share.
type storm struct {
	o         StormOptions
	secret    []byte
	res       StormResult
	mu        sync.Mutex // guards latencies and res.RejectReasons
	latencies []time.Duration
	retrans   atomic.Int64
}

// accountingOn sends the router's Accounting-On and notes whether it was acknowledged.
func (s *storm) accountingOn(sent func()) error {
	x, err := newExchanger(s.o.SourceIP, s.o.Acct, s.o.Retry, s.o.AcctTries)
	if err != nil {
		return err
	}
	x.sent = sent
	defer x.conn.Close()
	p := client.NewAccountingRequest(s.secret, rfc2866.AcctStatusType_Value_AccountingOn, "", "")
	reply, err := x.do(p, client.VerifyAccounting(p), &s.retrans)
	s.res.AccountingOnAck = reply != nil
	return err
}

// redial is one worker: it dials every subscriber number it takes from jobs until jobs closes
// or an exchange fails.
func (s *storm) redial(jobs <-chan int) error {
	ax, err := newExchanger(s.o.SourceIP, s.o.Auth, s.o.Retry, s.o.Tries)
	if err != nil {
		return err
	}
	defer ax.conn.Close()
	cx, err := newExchanger(s.o.SourceIP, s.o.Acct, s.o.Retry, s.o.AcctTries)
	if err != nil {
		return err
	}
	defer cx.conn.Close()
	for n := range jobs {
		if err := s.dial(ax, cx, n); err != nil {
			return err
		}
	}
	return nil
}

// dial authenticates subscriber n and, when accepted, starts its accounting session.
func (s *storm) dial(ax, cx *exchanger, n int) error {
	user := Username(s.o.Prefix, n)
	sid := fmt.Sprintf("storm%08x", n)
	req, verify, err := client.NewAccessRequest(s.secret, client.PAP, user, s.o.Password,
		client.String(rfc2865.CallingStationID_Type, MAC(n)), client.String(rfc2866.AcctSessionID_Type, sid))
	if err != nil {
		return err
	}
	t0 := time.Now()
	reply, err := ax.do(req, verify, &s.retrans)
	if err != nil {
		return err
	}
	lat := time.Since(t0)
	s.mu.Lock()
	s.latencies = append(s.latencies, lat)
	s.mu.Unlock()
	switch {
	case reply == nil:
		atomic.AddInt64(&s.res.Unanswered, 1)
		return nil
	case reply.Code != radius.CodeAccessAccept:
		atomic.AddInt64(&s.res.Rejected, 1)
		s.mu.Lock()
		s.res.RejectReasons[rfc2865.ReplyMessage_GetString(reply)]++
		s.mu.Unlock()
		return nil
	}
	atomic.AddInt64(&s.res.Accepted, 1)
	acct := client.NewAccountingRequest(s.secret, rfc2866.AcctStatusType_Value_Start, user, sid,
		client.String(rfc2865.CallingStationID_Type, MAC(n)))
	if class := rfc2865.Class_Get(reply); class != nil {
		_ = rfc2865.Class_Add(acct, class)
	}
	ack, err := cx.do(acct, client.VerifyAccounting(acct), &s.retrans)
	if err != nil {
		return err
	}
	if ack == nil {
		atomic.AddInt64(&s.res.Unanswered, 1)
	} else {
		atomic.AddInt64(&s.res.Started, 1)
	}
	return nil
}

// feedSubscribers hands the numbers 1..count to the workers and closes jobs. It stops early,
// returning the error, when a worker fails, and stops quietly when ctx is done.
func feedSubscribers(ctx context.Context, count int, jobs chan<- int, errc <-chan error) error {
	defer close(jobs)
	for n := 1; n <= count; n++ {
		select {
		case jobs <- n:
		case err := <-errc:
			return err
		case <-ctx.Done():
			return nil
		}
	}
	return nil
}

// result completes the counts once every worker has finished.
func (s *storm) result(took time.Duration) StormResult {
	res := s.res
	res.Duration = took
	res.Retransmissions = s.retrans.Load()
	latencies := s.latencies
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	if len(latencies) > 0 {
		res.AuthP50 = latencies[len(latencies)/2]
		res.AuthP99 = latencies[len(latencies)*99/100]
	}
	return res
}
