// Package sim is a simulated MikroTik router for tests and for `linedesk demo --simulate N`.
// It speaks the same wire protocols as RouterOS's PPPoE server: it dials subscribers by
// sending real Access-Requests (PAP, CHAP or MS-CHAPv2, each with a Message-Authenticator)
// and accounting Start, Interim-Update and Stop (with the Class from the Accept, octets and
// gigawords, retransmitted until answered), it listens for RFC 5176 Disconnect and CoA
// requests and answers them as RouterOS does (drop the session and send a Stop; apply the new
// rate and ACK; NAK with Error-Cause 503 for an unknown session), and it serves the RouterOS
// API subset linedesk uses (/login, /ppp/active/print, /ppp/active/remove,
// /system/identity/print, and the configuration menus linedesk configures, config.go).
package sim

import (
	"context"
	"crypto/sha256"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sort"
	"sync"
	"time"

	"layeh.com/radius"
	"layeh.com/radius/rfc2865"
	"layeh.com/radius/rfc2866"
	"layeh.com/radius/rfc2869"
	"layeh.com/radius/vendors/mikrotik"

	"github.com/linedesk/linedesk/radius/client"
)

// Config describes the simulated router.
type Config struct {
	Secret   string // RADIUS secret shared with linedesk
	AuthAddr string // linedesk's RADIUS authentication address, e.g. 127.0.0.1:1812
	AcctAddr string // linedesk's accounting address

	CoAAddr string // where to listen for Disconnect/CoA (default 127.0.0.1:0)
	APIAddr string // where to serve the RouterOS API; empty for none
	// APIUser and APIPassword are the API login.
	APIUser, APIPassword string
	// APITLS, when set, serves API-SSL (as on port 8729) instead of the plain API.
	APITLS *tls.Config
	// NoEmptyReply makes the API behave like RouterOS before 7.18 (no !empty sentence).
	NoEmptyReply bool
	// RouterOSVersion is what /system/resource reports (default "7.16.2 (stable)").
	RouterOSVersion string

	NASIP      net.IP // NAS-IP-Address (default 127.0.0.1)
	Identity   string // NAS-Identifier and /system/identity (default "sim-router")
	Method     client.Method
	Retry      time.Duration // retransmission interval for RADIUS requests (default 1s)
	Timeout    time.Duration // give up on a request after this (default 10s; Stops keep trying 60s)
	Interim    time.Duration // interim interval overriding the Accept's; 0 keeps the Accept's
	MinInterim time.Duration // lower bound for interims (default 1s)
	Logger     *slog.Logger
}

// SessionInfo describes one active session.
type SessionInfo struct {
	Username       string
	AcctSessionID  string
	APIID          string
	IP             net.IP
	MAC            string
	Rate           string
	SessionTimeout time.Duration
	Class          []byte
	Started        time.Time
	BytesIn        uint64 // from the customer
	BytesOut       uint64 // to the customer
}

// RejectedError is an Access-Reject.
type RejectedError struct{ Message string }

func (e *RejectedError) Error() string {
	if e.Message == "" {
		return "access rejected"
	}
	return "access rejected: " + e.Message
}

type session struct {
	username, password string
	method             client.Method
	acctID             string
	apiID              int
	port               uint32
	mac                string
	ip                 net.IP
	rate               string
	timeout            time.Duration
	interim            time.Duration
	class              []byte
	started            time.Time
	lastInterim        time.Time
	in, out            uint64
}

// Router is a simulated MikroTik router.
type Router struct {
	cfg Config
	log *slog.Logger

	coaConn net.PacketConn
	apiLn   net.Listener

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu          sync.Mutex
	sessions    map[string]*session // by Acct-Session-Id
	nextAcct    uint32
	nextAPIID   int
	nextPort    uint32
	nextIP      uint32
	coaMode     CoAMode
	received    []Packet
	replies     map[string]cachedReply
	apiConns    map[net.Conn]struct{}
	apiLogins   int
	apiCommands []string
	cfgState    *routerConfig // the RouterOS configuration (config.go)
	acctSent    int
	acctAnswers int
	pendingAcct int
}

// New makes a router; Start opens its ports.
func New(cfg Config) *Router {
	if cfg.CoAAddr == "" {
		cfg.CoAAddr = "127.0.0.1:0"
	}
	if cfg.NASIP == nil {
		cfg.NASIP = net.IPv4(127, 0, 0, 1)
	}
	if cfg.Identity == "" {
		cfg.Identity = "sim-router"
	}
	if cfg.Method == "" {
		cfg.Method = client.MSCHAPv2
	}
	if cfg.Retry <= 0 {
		cfg.Retry = time.Second
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.MinInterim <= 0 {
		cfg.MinInterim = time.Second
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Router{cfg: cfg, log: log, sessions: map[string]*session{}, replies: map[string]cachedReply{}}
}

// Start opens the CoA port (and the API port when configured) and starts the interim loop.
func (r *Router) Start(ctx context.Context) error {
	conn, err := net.ListenPacket("udp", r.cfg.CoAAddr)
	if err != nil {
		return fmt.Errorf("sim: CoA port: %w", err)
	}
	r.coaConn = conn
	if r.cfg.APIAddr != "" {
		ln, err := net.Listen("tcp", r.cfg.APIAddr)
		if err != nil {
			conn.Close()
			return fmt.Errorf("sim: API port: %w", err)
		}
		if r.cfg.APITLS != nil {
			ln = tls.NewListener(ln, r.cfg.APITLS)
		}
		r.apiLn = ln
	}
	r.ctx, r.cancel = context.WithCancel(context.WithoutCancel(ctx))
	r.mu.Lock()
	r.nextAcct = bootBase()
	r.mu.Unlock()
	r.wg.Add(2)
	go r.serveCoA()
	go r.interimLoop()
	if r.apiLn != nil {
		r.wg.Add(1)
		go r.serveAPI(r.apiLn)
	}
	go func() {
		select {
		case <-ctx.Done():
			r.Stop()
		case <-r.ctx.Done():
		}
	}()
	return nil
}

// bootBase is the first Acct-Session-Id of a boot. RouterOS counts from a base that depends
// on the boot, and reuses ids across reboots; the sim always starts at the same base, which
// is the harder case for the server (the Class tells the sessions apart).
func bootBase() uint32 { return 0x81a00000 }

// Stop closes the ports; sessions are dropped without accounting (power off).
func (r *Router) Stop() {
	if r.cancel == nil {
		return
	}
	r.cancel()
	if r.coaConn != nil {
		r.coaConn.Close()
	}
	if r.apiLn != nil {
		r.apiLn.Close()
	}
	r.DropAPIConnections()
	r.wg.Wait()
}

// CoAAddr is the address the router listens on for Disconnect/CoA.
func (r *Router) CoAAddr() string { return r.coaConn.LocalAddr().String() }

// CoAPort is the UDP port of CoAAddr.
func (r *Router) CoAPort() int { return r.coaConn.LocalAddr().(*net.UDPAddr).Port }

// APIAddr is the address of the RouterOS API ("" when not served).
func (r *Router) APIAddr() string {
	if r.apiLn == nil {
		return ""
	}
	return r.apiLn.Addr().String()
}

// MAC is the simulated client MAC of a user (stable per user name).
func MAC(username string) string {
	h := sha256.Sum256([]byte(username))
	return fmt.Sprintf("02:%02X:%02X:%02X:%02X:%02X", h[0], h[1], h[2], h[3], h[4])
}

func (r *Router) baseAttrs(s *session) []*radius.AVP {
	nasIP := r.cfg.NASIP.To4()
	return []*radius.AVP{
		client.Integer(rfc2865.ServiceType_Type, uint32(rfc2865.ServiceType_Value_FramedUser)),
		client.Integer(rfc2865.FramedProtocol_Type, uint32(rfc2865.FramedProtocol_Value_PPP)),
		client.Integer(rfc2865.NASPortType_Type, uint32(rfc2865.NASPortType_Value_Ethernet)),
		client.Integer(rfc2865.NASPort_Type, s.port),
		client.String(rfc2869.NASPortID_Type, "ether2"),
		client.String(rfc2865.CallingStationID_Type, s.mac),
		client.String(rfc2865.CalledStationID_Type, "pppoe-service"),
		client.String(rfc2865.NASIdentifier_Type, r.cfg.Identity),
		{Type: rfc2865.NASIPAddress_Type, Attribute: radius.Attribute(nasIP)},
	}
}

// Dial connects a subscriber with the router's default method.
func (r *Router) Dial(ctx context.Context, username, password string) (SessionInfo, error) {
	return r.DialWith(ctx, username, password, r.cfg.Method)
}

// DialWith connects a subscriber: Access-Request, then on Accept an Accounting-Start (waited
// for, retransmitted until answered).
func (r *Router) DialWith(ctx context.Context, username, password string, method client.Method) (SessionInfo, error) {
	if r.ctx == nil || r.ctx.Err() != nil {
		return SessionInfo{}, errors.New("sim: router is not running")
	}
	r.mu.Lock()
	r.nextAcct++
	r.nextAPIID++
	r.nextPort++
	s := &session{
		username: username, password: password, method: method,
		acctID: fmt.Sprintf("%08x", r.nextAcct), apiID: r.nextAPIID, port: 15728640 + r.nextPort,
		mac: MAC(username),
	}
	r.mu.Unlock()

	attrs := append(r.baseAttrs(s), client.String(rfc2866.AcctSessionID_Type, s.acctID))
	p, verify, err := client.NewAccessRequest([]byte(r.cfg.Secret), method, username, password, attrs...)
	if err != nil {
		return SessionInfo{}, fmt.Errorf("sim: %w", err)
	}
	actx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	reply, err := client.Exchange(actx, r.cfg.AuthAddr, p, verify, r.cfg.Retry)
	cancel()
	if err != nil {
		return SessionInfo{}, fmt.Errorf("sim: Access-Request for %s: %w", username, err)
	}
	if reply.Code != radius.CodeAccessAccept {
		return SessionInfo{}, &RejectedError{Message: rfc2865.ReplyMessage_GetString(reply)}
	}
	s.rate = mikrotik.MikrotikRateLimit_GetString(reply)
	if st, err := rfc2865.SessionTimeout_Lookup(reply); err == nil {
		s.timeout = time.Duration(st) * time.Second
	}
	if ii, err := rfc2869.AcctInterimInterval_Lookup(reply); err == nil {
		s.interim = time.Duration(ii) * time.Second
	}
	if r.cfg.Interim > 0 {
		s.interim = r.cfg.Interim
	}
	if s.interim > 0 && s.interim < r.cfg.MinInterim {
		s.interim = r.cfg.MinInterim
	}
	s.class = rfc2865.Class_Get(reply)
	if ip := rfc2865.FramedIPAddress_Get(reply); ip != nil && !ip.Equal(net.IPv4(255, 255, 255, 254)) && !ip.Equal(net.IPv4(255, 255, 255, 255)) {
		s.ip = ip.To4()
	} else {
		r.mu.Lock()
		r.nextIP++
		n := r.nextIP
		r.mu.Unlock()
		s.ip = net.IPv4(10, 77, byte(n>>8), byte(n)).To4()
	}
	s.started = time.Now()
	s.lastInterim = s.started

	r.mu.Lock()
	r.sessions[s.acctID] = s
	r.mu.Unlock()
	if err := r.sendAcct(ctx, s, rfc2866.AcctStatusType_Value_Start, 0, r.cfg.Timeout); err != nil {
		// RouterOS keeps the session and keeps trying; so does the sim, in the background.
		r.log.Warn("sim: accounting start not answered", "user", username, "err", err)
	}
	return r.info(s), nil
}

func (r *Router) info(s *session) SessionInfo {
	r.mu.Lock()
	defer r.mu.Unlock()
	return SessionInfo{
		Username: s.username, AcctSessionID: s.acctID, APIID: fmt.Sprintf("*%X", s.apiID),
		IP: s.ip, MAC: s.mac, Rate: s.rate, SessionTimeout: s.timeout, Class: s.class,
		Started: s.started, BytesIn: s.in, BytesOut: s.out,
	}
}

// sendAcct sends one Accounting-Request and retransmits it until answered or limit passes.
func (r *Router) sendAcct(ctx context.Context, s *session, status rfc2866.AcctStatusType, cause rfc2866.AcctTerminateCause, limit time.Duration) error {
	r.mu.Lock()
	in, out := s.in, s.out
	r.acctSent++
	r.pendingAcct++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.pendingAcct--
		r.mu.Unlock()
	}()
	attrs := append(r.baseAttrs(s),
		client.Integer(rfc2866.AcctAuthentic_Type, uint32(rfc2866.AcctAuthentic_Value_RADIUS)),
		client.Integer(rfc2866.AcctDelayTime_Type, 0),
		&radius.AVP{Type: rfc2865.FramedIPAddress_Type, Attribute: radius.Attribute(s.ip.To4())},
	)
	if len(s.class) > 0 {
		attrs = append(attrs, &radius.AVP{Type: rfc2865.Class_Type, Attribute: radius.Attribute(s.class)})
	}
	p := client.NewAccountingRequest([]byte(r.cfg.Secret), status, s.username, s.acctID, attrs...)
	if status != rfc2866.AcctStatusType_Value_Start {
		client.SetCounters(p, in, out, uint32(time.Since(s.started)/time.Second))
	}
	if status == rfc2866.AcctStatusType_Value_Stop {
		_ = rfc2866.AcctTerminateCause_Set(p, cause)
	}
	actx, cancel := context.WithTimeout(ctx, limit)
	defer cancel()
	_, err := client.Exchange(actx, r.cfg.AcctAddr, p, client.VerifyAccounting(p), r.cfg.Retry)
	if err == nil {
		r.mu.Lock()
		r.acctAnswers++
		r.mu.Unlock()
	}
	return err
}

// stopAsync sends the Stop of a session already removed, in the background.
func (r *Router) stopAsync(s *session, cause string) {
	c := terminateCause(cause)
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		if err := r.sendAcct(r.ctx, s, rfc2866.AcctStatusType_Value_Stop, c, 6*r.cfg.Timeout); err != nil {
			r.log.Warn("sim: accounting stop not answered", "user", s.username, "err", err)
		}
	}()
}

func terminateCause(name string) rfc2866.AcctTerminateCause {
	switch name {
	case "User-Request":
		return rfc2866.AcctTerminateCause_Value_UserRequest
	case "Session-Timeout":
		return rfc2866.AcctTerminateCause_Value_SessionTimeout
	case "Lost-Carrier":
		return rfc2866.AcctTerminateCause_Value_LostCarrier
	case "NAS-Reboot":
		return rfc2866.AcctTerminateCause_Value_NASReboot
	default:
		return rfc2866.AcctTerminateCause_Value_AdminReset
	}
}

func (r *Router) byUser(username string) []*session {
	var out []*session
	for _, s := range r.sessions {
		if s.username == username {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].apiID < out[j].apiID })
	return out
}

// Hangup ends every session of username as the customer would (Stop, User-Request), and
// waits for the Stop to be answered.
func (r *Router) Hangup(ctx context.Context, username string) error {
	r.mu.Lock()
	list := r.byUser(username)
	for _, s := range list {
		delete(r.sessions, s.acctID)
	}
	r.mu.Unlock()
	if len(list) == 0 {
		return fmt.Errorf("sim: %s is not connected", username)
	}
	var errs []error
	for _, s := range list {
		errs = append(errs, r.sendAcct(ctx, s, rfc2866.AcctStatusType_Value_Stop, rfc2866.AcctTerminateCause_Value_UserRequest, r.cfg.Timeout))
	}
	return errors.Join(errs...)
}

// DropSilently removes username's sessions without any accounting, as a router that lost
// them (or whose Stop got lost) would.
func (r *Router) DropSilently(username string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.byUser(username)
	for _, s := range list {
		delete(r.sessions, s.acctID)
	}
	return len(list)
}

// Reboot drops every session without Stops, sends Accounting-On, and dials them all again.
// It returns the sessions that came back.
func (r *Router) Reboot(ctx context.Context) ([]SessionInfo, error) {
	r.mu.Lock()
	old := make([]*session, 0, len(r.sessions))
	for _, s := range r.sessions {
		old = append(old, s)
	}
	sort.Slice(old, func(i, j int) bool { return old[i].apiID < old[j].apiID })
	r.sessions = map[string]*session{}
	r.nextAcct = bootBase()
	r.nextAPIID = 0
	r.mu.Unlock()
	r.DropAPIConnections()

	on := client.NewAccountingRequest([]byte(r.cfg.Secret), rfc2866.AcctStatusType_Value_AccountingOn, "", "",
		client.String(rfc2865.NASIdentifier_Type, r.cfg.Identity),
		&radius.AVP{Type: rfc2865.NASIPAddress_Type, Attribute: radius.Attribute(r.cfg.NASIP.To4())},
		client.Integer(rfc2866.AcctDelayTime_Type, 0),
	)
	actx, cancel := context.WithTimeout(ctx, r.cfg.Timeout)
	_, err := client.Exchange(actx, r.cfg.AcctAddr, on, client.VerifyAccounting(on), r.cfg.Retry)
	cancel()
	if err != nil {
		return nil, fmt.Errorf("sim: Accounting-On: %w", err)
	}
	var back []SessionInfo
	var errs []error
	for _, s := range old {
		info, err := r.DialWith(ctx, s.username, s.password, s.method)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		back = append(back, info)
	}
	return back, errors.Join(errs...)
}

// Sessions lists the active sessions, oldest first.
func (r *Router) Sessions() []SessionInfo {
	r.mu.Lock()
	list := make([]*session, 0, len(r.sessions))
	for _, s := range r.sessions {
		list = append(list, s)
	}
	r.mu.Unlock()
	sort.Slice(list, func(i, j int) bool { return list[i].apiID < list[j].apiID })
	out := make([]SessionInfo, 0, len(list))
	for _, s := range list {
		out = append(out, r.info(s))
	}
	return out
}

// Connected reports whether username has an active session.
func (r *Router) Connected(username string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byUser(username)) > 0
}

// RateOf is the Mikrotik-Rate-Limit in force for username's newest session ("" when offline).
func (r *Router) RateOf(username string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := r.byUser(username)
	if len(list) == 0 {
		return ""
	}
	return list[len(list)-1].rate
}

// AddUsage adds traffic to username's sessions: in from the customer, out to the customer.
func (r *Router) AddUsage(username string, in, out uint64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, s := range r.byUser(username) {
		s.in += in
		s.out += out
	}
}

// Interim sends an Interim-Update for every session of username now.
func (r *Router) Interim(ctx context.Context, username string) error {
	r.mu.Lock()
	list := r.byUser(username)
	now := time.Now()
	for _, s := range list {
		s.lastInterim = now
	}
	r.mu.Unlock()
	var errs []error
	for _, s := range list {
		errs = append(errs, r.sendAcct(ctx, s, rfc2866.AcctStatusType_Value_InterimUpdate, 0, r.cfg.Timeout))
	}
	return errors.Join(errs...)
}

// Stats counts accounting requests sent and answered, and those still being retransmitted.
func (r *Router) Stats() (sent, answered, pending int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.acctSent, r.acctAnswers, r.pendingAcct
}

// interimLoop sends due Interim-Updates and ends sessions whose Session-Timeout passed.
func (r *Router) interimLoop() {
	defer r.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-r.ctx.Done():
			return
		case now := <-t.C:
			var due, expired []*session
			r.mu.Lock()
			for id, s := range r.sessions {
				if s.timeout > 0 && now.Sub(s.started) >= s.timeout {
					delete(r.sessions, id)
					expired = append(expired, s)
					continue
				}
				if s.interim > 0 && now.Sub(s.lastInterim) >= s.interim {
					s.lastInterim = now
					due = append(due, s)
				}
			}
			r.mu.Unlock()
			for _, s := range expired {
				r.stopAsync(s, "Session-Timeout")
			}
			for _, s := range due {
				r.wg.Add(1)
				go func() {
					defer r.wg.Done()
					_ = r.sendAcct(r.ctx, s, rfc2866.AcctStatusType_Value_InterimUpdate, 0, r.cfg.Timeout)
				}()
			}
		}
	}
}
