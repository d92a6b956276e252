package kit

import (
	"context"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"

	"github.com/linedesk/linedesk/radius/client"
)

// Outcome of one Access-Request.
type Outcome int

// Outcomes.
const (
	Accept Outcome = iota
	Reject
	NoAnswer
)

func (o Outcome) String() string {
	return [...]string{"accept", "reject", "no answer"}[o]
}

// AuthResult is one Access-Request's outcome and when it was sent.
type AuthResult struct {
	User    string
	At      time.Time
	Outcome Outcome
}

// AuthLoad sends Access-Requests (PAP, CHAP, MS-CHAPv2 in turn) for known customers in a loop
// from Workers goroutines, each request retransmitted every Retry until Timeout.
type AuthLoad struct {
	Addr    string
	Secret  []byte
	Source  string            // local address (default 127.0.0.1)
	Users   map[string]string // username → password
	Workers int               // default 2
	Pause   time.Duration     // between one worker's requests (default 10 ms)
	Retry   time.Duration     // default 300 ms
	Timeout time.Duration     // default 3 s
	Max     int               // stop after this many requests (0: until ctx ends)

	mu      sync.Mutex
	results []AuthResult
}

// Run sends requests until ctx ends or Max is reached.
func (l *AuthLoad) Run(ctx context.Context) {
	if l.Workers <= 0 {
		l.Workers = 2
	}
	if l.Pause <= 0 {
		l.Pause = 10 * time.Millisecond
	}
	if l.Retry <= 0 {
		l.Retry = 300 * time.Millisecond
	}
	if l.Timeout <= 0 {
		l.Timeout = 3 * time.Second
	}
	users := make([]string, 0, len(l.Users))
	for u := range l.Users {
		users = append(users, u)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for w := 0; w < l.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			methods := []client.Method{client.PAP, client.CHAP, client.MSCHAPv2}
			for i := w; ctx.Err() == nil; i += l.Workers {
				mu.Lock()
				if l.Max > 0 && n >= l.Max {
					mu.Unlock()
					return
				}
				n++
				mu.Unlock()
				user := users[i%len(users)]
				at := time.Now()
				// A request once sent is seen through even when ctx ends, so that every
				// request linedesk may have logged is counted.
				reply, err := l.Once(context.WithoutCancel(ctx), user, l.Users[user], methods[i%len(methods)])
				o := NoAnswer
				switch {
				case err != nil:
				case reply.Code == radius.CodeAccessAccept:
					o = Accept
				default:
					o = Reject
				}
				l.mu.Lock()
				l.results = append(l.results, AuthResult{User: user, At: at, Outcome: o})
				l.mu.Unlock()
				select {
				case <-time.After(l.Pause):
				case <-ctx.Done():
				}
			}
		}()
	}
	wg.Wait()
}

// Once sends one Access-Request and waits for its verified answer.
func (l *AuthLoad) Once(ctx context.Context, user, password string, m client.Method) (*radius.Packet, error) {
	p, verify, err := client.NewAccessRequest(l.Secret, m, user, password,
		client.String(rfc2865.CallingStationID_Type, "02:aa:00:00:00:01"),
		client.String(rfc2865.NASIdentifier_Type, "fault-router"),
		client.Integer(rfc2865.ServiceType_Type, uint32(rfc2865.ServiceType_Value_FramedUser)),
		client.Integer(rfc2865.FramedProtocol_Type, uint32(rfc2865.FramedProtocol_Value_PPP)))
	if err != nil {
		return nil, err
	}
	return SendFrom(ctx, l.Source, l.Addr, p, verify, l.Retry, l.Timeout)
}

// SendFrom is client.Exchange from a chosen local address (e.g. 127.0.0.2).
func SendFrom(ctx context.Context, source, addr string, p *radius.Packet, verify client.VerifyFunc, retry, timeout time.Duration) (*radius.Packet, error) {
	raw, err := client.Encode(p)
	if err != nil {
		return nil, err
	}
	var laddr *net.UDPAddr
	if source != "" {
		laddr = &net.UDPAddr{IP: net.ParseIP(source)}
	}
	raddr, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, err
	}
	conn, err := net.DialUDP("udp", laddr, raddr)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	buf := make([]byte, 4096)
	for {
		_, _ = conn.Write(raw)
		deadline := time.Now().Add(retry)
		for {
			if ctx.Err() != nil {
				return nil, fmt.Errorf("no answer from %s: %w", addr, ctx.Err())
			}
			_ = conn.SetReadDeadline(minTime(deadline, ctxDeadline(ctx)))
			n, err := conn.Read(buf)
			if err != nil {
				var ne net.Error
				if !(errors.As(err, &ne) && ne.Timeout()) {
					time.Sleep(time.Until(deadline))
				}
				break
			}
			if reply, err := verify(buf[:n]); err == nil {
				return reply, nil
			}
		}
	}
}

func ctxDeadline(ctx context.Context) time.Time {
	d, ok := ctx.Deadline()
	if !ok {
		return time.Now().Add(time.Hour)
	}
	return d
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// Results returns every outcome so far.
func (l *AuthLoad) Results() []AuthResult {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]AuthResult(nil), l.results...)
}

// Tally counts outcomes of requests sent within [from, to) (zero times: unbounded).
func Tally(rs []AuthResult, from, to time.Time) map[Outcome]int {
	out := map[Outcome]int{}
	for _, r := range rs {
		if (!from.IsZero() && r.At.Before(from)) || (!to.IsZero() && !r.At.Before(to)) {
			continue
		}
		out[r.Outcome]++
	}
	return out
}
