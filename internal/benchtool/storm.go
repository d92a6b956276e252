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
	Tries       int
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

// Storm replays a reboot: Accounting-On together with every subscriber's Access-Request and
// Accounting Start, from SourceIP.
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
	res := StormResult{RejectReasons: map[string]int64{}}
	var mu sync.Mutex
	var retrans atomic.Int64
	var latencies []time.Duration
	secret := []byte(o.Secret)
	start := time.Now()

	on := make(chan error, 1)
	go func() {
		x, err := newExchanger(o.SourceIP, o.Acct, o.Retry, o.Tries)
		if err != nil {
			on <- err
			return
		}
		defer x.conn.Close()
		p := client.NewAccountingRequest(secret, rfc2866.AcctStatusType_Value_AccountingOn, "", "")
		reply, err := x.do(p, client.VerifyAccounting(p), &retrans)
		res.AccountingOnAck = reply != nil
		on <- err
	}()

	jobs := make(chan int)
	var wg sync.WaitGroup
	errc := make(chan error, o.Concurrency)
	for w := 0; w < o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ax, err := newExchanger(o.SourceIP, o.Auth, o.Retry, o.Tries)
			if err != nil {
				errc <- err
				return
			}
			defer ax.conn.Close()
			cx, err := newExchanger(o.SourceIP, o.Acct, o.Retry, o.Tries)
			if err != nil {
				errc <- err
				return
			}
			defer cx.conn.Close()
			for n := range jobs {
				user := Username(o.Prefix, n)
				sid := fmt.Sprintf("storm%08x", n)
				req, verify, err := client.NewAccessRequest(secret, client.PAP, user, o.Password,
					client.String(rfc2865.CallingStationID_Type, MAC(n)), client.String(rfc2866.AcctSessionID_Type, sid))
				if err != nil {
					errc <- err
					return
				}
				t0 := time.Now()
				reply, err := ax.do(req, verify, &retrans)
				if err != nil {
					errc <- err
					return
				}
				lat := time.Since(t0)
				mu.Lock()
				latencies = append(latencies, lat)
				mu.Unlock()
				switch {
				case reply == nil:
					atomic.AddInt64(&res.Unanswered, 1)
					continue
				case reply.Code != radius.CodeAccessAccept:
					atomic.AddInt64(&res.Rejected, 1)
					mu.Lock()
					res.RejectReasons[rfc2865.ReplyMessage_GetString(reply)]++
					mu.Unlock()
					continue
				}
				atomic.AddInt64(&res.Accepted, 1)
				acct := client.NewAccountingRequest(secret, rfc2866.AcctStatusType_Value_Start, user, sid,
					client.String(rfc2865.CallingStationID_Type, MAC(n)))
				if class := rfc2865.Class_Get(reply); class != nil {
					_ = rfc2865.Class_Add(acct, class)
				}
				ack, err := cx.do(acct, client.VerifyAccounting(acct), &retrans)
				if err != nil {
					errc <- err
					return
				}
				if ack == nil {
					atomic.AddInt64(&res.Unanswered, 1)
				} else {
					atomic.AddInt64(&res.Started, 1)
				}
			}
		}()
	}
feed:
	for n := 1; n <= o.Subscribers; n++ {
		select {
		case jobs <- n:
		case err := <-errc:
			close(jobs)
			wg.Wait()
			return res, err
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if err := <-on; err != nil {
		return res, err
	}
	select {
	case err := <-errc:
		return res, err
	default:
	}
	res.Duration = time.Since(start)
	res.Retransmissions = retrans.Load()
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	if len(latencies) > 0 {
		res.AuthP50 = latencies[len(latencies)/2]
		res.AuthP99 = latencies[len(latencies)*99/100]
	}
	return res, nil
}
