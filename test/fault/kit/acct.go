package kit

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/radius/client"
)

// Gate holds back new requests (not retransmissions) while closed.
type Gate struct {
	mu   sync.Mutex
	open chan struct{} // closed while the gate is open
}

// NewGate returns an open gate.
func NewGate() *Gate {
	ch := make(chan struct{})
	close(ch)
	return &Gate{open: ch}
}

// Close holds back new requests.
func (g *Gate) Close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
		g.open = make(chan struct{})
	default:
	}
}

// Open lets requests through again.
func (g *Gate) Open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	select {
	case <-g.open:
	default:
		close(g.open)
	}
}

// Wait returns when the gate is open or ctx ends.
func (g *Gate) Wait(ctx context.Context) error {
	if g == nil {
		return nil
	}
	g.mu.Lock()
	ch := g.open
	g.mu.Unlock()
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// AcctLoad is a simulated router's accounting: each customer dials Sessions sessions one
// after another; each session sends Start, Interims Interim-Updates with growing cumulative
// counters and (unless LeaveOpen) a Stop. Every request is retransmitted (same bytes) every
// Retry until answered or Timeout passes, as RouterOS does.
type AcctLoad struct {
	Addr      string        // linedesk's accounting address
	Secret    []byte        // the NAS secret
	Source    string        // local address to send from (default 127.0.0.1)
	Users     []string      // one customer per entry
	Prefix    string        // Acct-Session-Id prefix (unique per run)
	Sessions  int           // sessions per customer (default 1)
	Interims  int           // Interim-Updates per session
	Pause     time.Duration // between a session's updates
	Retry     time.Duration // retransmission interval (default 500 ms)
	Timeout   time.Duration // give up on one request after this (default 60 s)
	LeaveOpen bool          // send no Stop for the last session of each customer
	Gate      *Gate         // optional: holds back new requests

	sent, transmissions, answered, gaveUp atomic.Int64
	mu                                    sync.Mutex
	sessions                              map[string]*SessionState
	ackTimes                              []time.Time
}

// AckedBetween counts Accounting-Responses received within [from, to).
func (l *AcctLoad) AckedBetween(from, to time.Time) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, at := range l.ackTimes {
		if !at.Before(from) && at.Before(to) {
			n++
		}
	}
	return n
}

// SessionState is what the router sent and what linedesk acknowledged for one session.
type SessionState struct {
	User, ID          string
	LastIn, LastOut   uint64 // counters of the newest request sent
	AckedIn, AckedOut uint64 // counters of the newest request acknowledged
	Acked             int    // requests acknowledged
	InFlight          bool   // a request is waiting for its answer
	StopSent, Stopped bool   // Stop sent / acknowledged
	Failed            bool   // a request was never answered
	SessionTime       uint32
}

// Counters returns how many distinct requests were sent, how many datagrams went out
// (with retransmissions), how many were answered and how many were given up.
func (l *AcctLoad) Counters() (sent, transmissions, answered, gaveUp int64) {
	return l.sent.Load(), l.transmissions.Load(), l.answered.Load(), l.gaveUp.Load()
}

// Sessions returns a copy of every session's state.
func (l *AcctLoad) States() []SessionState {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]SessionState, 0, len(l.sessions))
	for _, s := range l.sessions {
		out = append(out, *s)
	}
	return out
}

// counters is the plan of cumulative counters: step 0 is the Start. Some sessions start
// just under 4 GiB so that gigawords are exercised.
func counters(session, step int) (in, out uint64) {
	var base uint64
	if session%3 == 0 {
		base = 1<<32 - 5_000_000
	}
	in = uint64(step) * uint64(100_003+session)
	out = base + uint64(step)*uint64(1_000_033+7*session)
	if step == 0 {
		return 0, 0
	}
	return in, out
}

// Run sends the whole load and returns when every customer is done or ctx ends. It returns
// an error when a request was never answered.
func (l *AcctLoad) Run(ctx context.Context) error {
	if l.Sessions <= 0 {
		l.Sessions = 1
	}
	if l.Retry <= 0 {
		l.Retry = 500 * time.Millisecond
	}
	if l.Timeout <= 0 {
		l.Timeout = 60 * time.Second
	}
	l.mu.Lock()
	if l.sessions == nil {
		l.sessions = map[string]*SessionState{}
	}
	l.mu.Unlock()
	var wg sync.WaitGroup
	errs := make(chan error, len(l.Users))
	for i, user := range l.Users {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Stagger the customers over one pause so the load is even.
			if l.Pause > 0 && len(l.Users) > 0 {
				select {
				case <-time.After(l.Pause * time.Duration(i) / time.Duration(len(l.Users))):
				case <-ctx.Done():
					return
				}
			}
			if err := l.customer(ctx, i, user); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// customer dials the customer's sessions one after another from its own router socket.
func (l *AcctLoad) customer(ctx context.Context, idx int, user string) error {
	var laddr *net.UDPAddr
	if l.Source != "" {
		laddr = &net.UDPAddr{IP: net.ParseIP(l.Source)}
	}
	raddr, err := net.ResolveUDPAddr("udp", l.Addr)
	if err != nil {
		return err
	}
	conn, err := net.DialUDP("udp", laddr, raddr)
	if err != nil {
		return fmt.Errorf("router socket: %w", err)
	}
	defer conn.Close()
	var ident byte
	for s := 0; s < l.Sessions; s++ {
		stop := !(l.LeaveOpen && s == l.Sessions-1)
		if err := l.session(ctx, conn, &ident, user, idx*l.Sessions+s, stop); err != nil {
			return err
		}
	}
	return nil
}

// session sends session number sn's Start, its Interims and, when stop, its Stop, each
// after a pause and through the gate.
func (l *AcctLoad) session(ctx context.Context, conn *net.UDPConn, ident *byte, user string, sn int, stop bool) error {
	id := fmt.Sprintf("%s%05d", l.Prefix, sn)
	st := &SessionState{User: user, ID: id}
	l.mu.Lock()
	l.sessions[id] = st
	l.mu.Unlock()
	last := l.Interims + 1
	for step := 0; step <= last; step++ {
		if step == last && !stop {
			break
		}
		if step > 0 && l.Pause > 0 {
			select {
			case <-time.After(l.Pause):
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		if err := l.Gate.Wait(ctx); err != nil {
			return err
		}
		*ident++
		if err := l.send(ctx, conn, st, sn, step, last, *ident); err != nil {
			return fmt.Errorf("session %s step %d: %w", id, step, err)
		}
	}
	return nil
}

// send sends one request of session st (step 0 the Start, step last the Stop, Interim-Updates
// between), waits for its answer and notes both in st.
func (l *AcctLoad) send(ctx context.Context, conn *net.UDPConn, st *SessionState, sn, step, last int, ident byte) error {
	status := rfc2866.AcctStatusType_Value_InterimUpdate
	switch step {
	case 0:
		status = rfc2866.AcctStatusType_Value_Start
	case last:
		status = rfc2866.AcctStatusType_Value_Stop
	}
	in, out := counters(sn, step)
	stime := uint32(step * 60)
	p := client.NewAccountingRequest(l.Secret, status, st.User, st.ID,
		client.String(rfc2865.CallingStationID_Type, mac(sn)),
		client.String(rfc2865.NASIdentifier_Type, "fault-router"),
		client.Integer(rfc2865.NASPortType_Type, 15))
	if step > 0 {
		client.SetCounters(p, in, out, stime)
	}
	if status == rfc2866.AcctStatusType_Value_Stop {
		_ = rfc2866.AcctTerminateCause_Set(p, rfc2866.AcctTerminateCause_Value_UserRequest)
	}
	p.Identifier = ident
	l.mu.Lock()
	st.LastIn, st.LastOut, st.SessionTime, st.InFlight = in, out, stime, true
	st.StopSent = st.StopSent || status == rfc2866.AcctStatusType_Value_Stop
	l.mu.Unlock()
	l.sent.Add(1)
	err := l.exchange(ctx, conn, p)
	l.mu.Lock()
	st.InFlight = false
	if err != nil {
		st.Failed = true
		l.mu.Unlock()
		l.gaveUp.Add(1)
		return err
	}
	st.AckedIn, st.AckedOut = in, out
	st.Acked++
	l.ackTimes = append(l.ackTimes, time.Now())
	st.Stopped = st.Stopped || status == rfc2866.AcctStatusType_Value_Stop
	l.mu.Unlock()
	l.answered.Add(1)
	return nil
}

// exchange sends p and retransmits it until an Accounting-Response for it arrives.
func (l *AcctLoad) exchange(ctx context.Context, conn *net.UDPConn, p *radius.Packet) error {
	raw, err := client.Encode(p)
	if err != nil {
		return err
	}
	// The reply is checked against the Request Authenticator that was sent, which Encode
	// computed (radius/client's VerifyAccounting reads p.Authenticator; see ClientBugs).
	copy(p.Authenticator[:], raw[4:20])
	verify := client.VerifyAccounting(p)
	ctx, cancel := context.WithTimeout(ctx, l.Timeout)
	defer cancel()
	buf := make([]byte, 4096)
	for {
		l.transmissions.Add(1)
		_, _ = conn.Write(raw) // errors (ICMP unreachable while linedesk restarts) mean: resend later
		deadline := time.Now().Add(l.Retry)
		for {
			if ctx.Err() != nil {
				return fmt.Errorf("no Accounting-Response: %w", ctx.Err())
			}
			_ = conn.SetReadDeadline(deadline)
			n, err := conn.Read(buf)
			if err != nil {
				var ne net.Error
				if !(errors.As(err, &ne) && ne.Timeout()) {
					time.Sleep(time.Until(deadline))
				}
				break
			}
			if _, err := verify(buf[:n]); err == nil {
				return nil
			}
		}
	}
}

func mac(n int) string {
	return fmt.Sprintf("02:fa:%02x:%02x:%02x:%02x", byte(n>>24), byte(n>>16), byte(n>>8), byte(n))
}

// RandomPrefix is a short random Acct-Session-Id prefix.
func RandomPrefix() string {
	b := make([]byte, 3)
	_, _ = rand.Read(b)
	return fmt.Sprintf("%x-", b)
}
