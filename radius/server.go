// Package radius is linedesk's RADIUS server for MikroTik PPPoE: authentication (PAP, CHAP,
// MS-CHAPv1, MS-CHAPv2) from an in-memory snapshot of customers, profiles, NAS records,
// settings and open-session counts, and accounting through a group-commit writer.
//
// Packets are read by its own UDP loops (not layeh's PacketServer, which hides per-reason
// drops and dedupes on the identifier alone). Every request is checked: known source IP
// (a Nas record, with its own secret), well-formed, Message-Authenticator (RFC 3579; required
// on Access-Request when the NAS record says so), Request Authenticator on accounting. A
// packet failing a check gets no reply, a log line naming the NAS and the reason (at most one
// per source and reason every 10 s) and a count in linedesk_radius_dropped_total. Every
// Access-Accept and Access-Reject carries a Message-Authenticator as its first attribute, and
// every reply the request's Proxy-State attributes, in order (RFC 2865 §5.33).
//
// The policy, in order: unknown user, wrong password, suspended or disabled, expired (or
// accepted into the profile's expired pool), data cap (reject, or accept at the after-cap
// profile's rate), too many open sessions (stale sessions, those of a NAS that sent
// Accounting-On since, and the session of the same device re-dialling on the same NAS do not
// count; an at-limit count is confirmed against the database), MAC lock. Every attempt is recorded as an AuthEvent, written in batches off the reply path.
//
// Accounting (Start, Interim-Update, Stop, Accounting-On/Off) is keyed on NAS, user,
// Acct-Session-Id and the Class issued at login; counters (gigawords·2³² + octets) only move
// forward, by no more than a session can carry (10 Gbit/s since its last update: counters.go).
// The reply path writes the session row only; the customer's period usage and daily usage
// grow by the difference through the roll-up (rollup.go), within RollUpBound, exactly once,
// every sum stopping at store.MaxCounter. The Accounting-Response leaves only after the
// commit; when the database is unavailable none is sent and the router retransmits.
//
// The snapshot is loaded at Start and kept fresh by polling the change feed every 500 ms
// (re-reading a trailing window, since transactions commit ids out of order) and by events.
// A retransmitted request (same source, identifier and authenticator) within a few seconds
// gets the same reply without being handled twice. A signed Status-Server (RFC 5997) is
// answered on both ports.
package radius

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"layeh.com/radius"

	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/pools"
	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// Config configures a Server.
type Config struct {
	AuthAddr, AcctAddr string // e.g. ":1812", "127.0.0.1:0" in tests
	Logger             *slog.Logger
	Registerer         prometheus.Registerer // nil: metrics are kept but not registered
}

// Server is the RADIUS authentication and accounting server.
type Server struct {
	cfg     Config
	st      *store.Store
	db      *radiusdb.DB // what the server writes
	box     *secret.Box
	bus     *events.Bus
	log     *slog.Logger
	m       *metrics
	snap    *snapshot
	cache   *replyCache
	stats   *nasStats
	policy  policy
	authLog *authLog
	tally   *tallies
	acct    *acctWriter
	rollup  *roller
	addrs   *pools.Allocator // pool mode's addresses (pooladdr.go)
	// releases queues the keys of stopped sessions whose pool addresses are to be freed.
	releases chan []string

	authConn, acctConn *net.UDPConn
	ctx                context.Context
	cancel             context.CancelFunc
	readers            sync.WaitGroup
	background         sync.WaitGroup
	started, stopped   atomic.Bool
	stopping           atomic.Bool

	// Intervals, shortened by tests.
	pollEvery, reapEvery, seenEvery time.Duration

	logMu   sync.Mutex
	logSeen map[string]*limitedLog
}

type limitedLog struct {
	last       time.Time
	suppressed int
}

// New makes a server; Start loads the snapshot and binds the sockets.
func New(cfg Config, st *store.Store, box *secret.Box, bus *events.Bus) (*Server, error) {
	if st == nil || box == nil {
		return nil, errors.New("radius: store and secret box are required")
	}
	if bus == nil {
		bus = events.NewBus()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AuthAddr == "" {
		cfg.AuthAddr = ":1812"
	}
	if cfg.AcctAddr == "" {
		cfg.AcctAddr = ":1813"
	}
	s := &Server{
		cfg: cfg, st: st, db: radiusdb.New(st.DB, st.Dialect), box: box, bus: bus, log: cfg.Logger,
		m: newMetrics(cfg.Registerer), snap: newSnapshot(), cache: newReplyCache(5 * time.Second),
		stats: newNasStats(), logSeen: map[string]*limitedLog{},
		addrs: pools.NewAllocator(st.DB, st.Dialect), releases: make(chan []string, 1024),
		pollEvery: 500 * time.Millisecond, reapEvery: 30 * time.Second, seenEvery: 5 * time.Second,
	}
	s.snap.skip = s.skipRow
	s.policy = policy{snap: s.snap, recount: s.confirmOpenSessions}
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.authLog = newAuthLog(s)
	s.tally = newTallies(s.db.AddTallies, func(err error) {
		s.logLimited("tallies", "radius: writing the RADIUS log counts failed; kept for retry", "err", err)
	})
	writers := 1 // SQLite has one writer
	if st.IsPostgres() {
		// One shard per core, at least two so one builds its batch while another waits
		// for its commit (on two cores, three measured slower than two).
		writers = min(max(2, runtime.GOMAXPROCS(0)), 8)
	}
	s.acct = newAcctWriter(s, writers)
	s.rollup = newRoller(s)
	return s, nil
}

// Start loads the snapshot, binds both UDP sockets and starts the read loops, the
// accounting writer, the change poller, the auth-event writer and the reaper.
func (s *Server) Start(ctx context.Context) error {
	if !s.started.CompareAndSwap(false, true) {
		return errors.New("radius: already started")
	}
	poller, err := newChangePoller(ctx, s.st)
	if err != nil {
		return fmt.Errorf("radius: %w", err)
	}
	loadStart := time.Now()
	if err := s.snap.loadAll(ctx, s.st, s.box); err != nil {
		var nle *nasLoadError
		if !errors.As(err, &nle) {
			return fmt.Errorf("radius: loading snapshot: %w", err)
		}
		s.log.Error("radius: some NAS records are ignored", "err", err)
	}
	if n := s.snap.decodeErr; n > 0 {
		s.log.Error("radius: customer passwords cannot be decrypted with this key; those customers are rejected", "customers", n)
	}
	authConn, err := listen(s.cfg.AuthAddr)
	if err != nil {
		return fmt.Errorf("radius: authentication address %s: %w", s.cfg.AuthAddr, err)
	}
	acctConn, err := listen(s.cfg.AcctAddr)
	if err != nil {
		authConn.Close()
		return fmt.Errorf("radius: accounting address %s: %w", s.cfg.AcctAddr, err)
	}
	s.authConn, s.acctConn = authConn, acctConn
	s.snap.mu.RLock()
	customers, nases := len(s.snap.byID), len(s.snap.nasByID)
	s.snap.mu.RUnlock()
	s.log.Info("radius: listening", "auth", authConn.LocalAddr().String(), "acct", acctConn.LocalAddr().String(),
		"customers", customers, "nas", nases, "snapshot_loaded_in", time.Since(loadStart).Round(time.Millisecond).String())

	// Subscribe before the first poll so nothing published from now on is missed.
	evs := s.bus.Subscribe(s.ctx)
	s.acct.start()
	go s.authLog.run()
	go s.tally.run()
	// Authentication is CPU work except on the rare at-limit path, which asks the database
	// (up to a second): enough readers that a few of those never stall the socket.
	workers := max(16, 4*runtime.GOMAXPROCS(0))
	for i := 0; i < workers; i++ {
		s.readers.Add(1)
		go s.readLoop(authConn, true)
	}
	for i := 0; i < max(2, runtime.GOMAXPROCS(0)); i++ {
		s.readers.Add(1)
		go s.readLoop(acctConn, false)
	}
	s.background.Add(6)
	go s.rollup.run()
	go s.releaseLoop()
	go s.pollLoop(poller)
	go s.eventLoop(evs)
	go s.reapLoop()
	go s.seenLoop()
	return nil
}

func listen(addr string) (*net.UDPConn, error) {
	ua, err := net.ResolveUDPAddr("udp", addr)
	if err != nil {
		return nil, err
	}
	c, err := net.ListenUDP("udp", ua)
	if err != nil {
		return nil, err
	}
	_ = c.SetReadBuffer(4 << 20)
	_ = c.SetWriteBuffer(4 << 20)
	return c, nil
}

// AuthAddr is the bound authentication address (after Start).
func (s *Server) AuthAddr() net.Addr {
	if s.authConn == nil {
		return nil
	}
	return s.authConn.LocalAddr()
}

// AcctAddr is the bound accounting address (after Start).
func (s *Server) AcctAddr() net.Addr {
	if s.acctConn == nil {
		return nil
	}
	return s.acctConn.LocalAddr()
}

// NasStats returns the requests and Access-Rejects seen from a NAS in the last hour.
func (s *Server) NasStats(nasID int) (requests1h, rejects1h int) {
	return s.stats.get(nasID, time.Now())
}

func (s *Server) readLoop(conn *net.UDPConn, auth bool) {
	defer s.readers.Done()
	buf := make([]byte, radius.MaxPacketLength+1)
	send := func(src netip.AddrPort) func([]byte) {
		return func(b []byte) { _, _ = conn.WriteToUDPAddrPort(b, src) }
	}
	for {
		n, src, err := conn.ReadFromUDPAddrPort(buf)
		if err != nil {
			if s.stopping.Load() || errors.Is(err, net.ErrClosed) {
				return
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			s.logLimited("read", "radius: reading", "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if s.stopping.Load() {
			return
		}
		src = netip.AddrPortFrom(src.Addr().Unmap(), src.Port())
		now := time.Now()
		var reply []byte
		if n > radius.MaxPacketLength || n < 20 {
			kind := "access"
			if !auth {
				kind = "accounting"
			}
			s.drop(dropMalformed, s.snap.nasByAddr(src.Addr()), src, kind)
			continue
		}
		if auth {
			reply = s.handleAuth(buf[:n], src, now)
		} else {
			reply = s.handleAcct(buf[:n], src, now, send(src))
		}
		if reply != nil {
			_, _ = conn.WriteToUDPAddrPort(reply, src)
		}
	}
}

// Shutdown stops reading, commits and answers the accounting already read, flushes the
// AuthEvents and closes the sockets.
func (s *Server) Shutdown(ctx context.Context) error {
	if !s.started.Load() || !s.stopped.CompareAndSwap(false, true) {
		return nil
	}
	s.stopping.Store(true)
	// Wake the readers without closing the sockets: the writer still answers on them.
	_ = s.authConn.SetReadDeadline(time.Now())
	_ = s.acctConn.SetReadDeadline(time.Now())
	done := make(chan struct{})
	go func() {
		s.readers.Wait()
		s.acct.close()
		s.authLog.close()
		s.tally.close()
		// Roll up what was acknowledged (a failure is recovered by the sweep at the next start).
		if err := s.rollup.flush(ctx); err != nil {
			s.log.Warn("radius: rolling up usage at shutdown failed; the next start does it", "err", err)
		}
		s.cancel()
		s.background.Wait()
		close(done)
	}()
	var err error
	select {
	case <-done:
	case <-ctx.Done():
		err = fmt.Errorf("radius: shutdown: %w", ctx.Err())
		s.cancel()
	}
	s.authConn.Close()
	s.acctConn.Close()
	return err
}

// drop counts and logs a packet that gets no reply.
func (s *Server) drop(reason string, n *nasInfo, src netip.AddrPort, kind string) {
	s.m.drops.WithLabelValues(reason).Inc()
	s.m.requests.WithLabelValues(kind, "dropped").Inc()
	name, nasID, now := "unknown", 0, time.Now()
	if n != nil {
		name, nasID = n.name, n.id
		s.stats.add(n.id, now, false)
	}
	s.tally.add(now, nasID, src.Addr(), radiustally.KindDROP, reason)
	s.logLimitedKey(src.Addr().String()+"/"+reason, "radius: packet dropped",
		"nas", name, "source", src.String(), "reason", reason, "port", kind)
}

func (s *Server) logLimited(key, msg string, args ...any) {
	s.logLimitedKey(key, msg, args...)
}

// logLimitedKey logs at most once per key every 10 s, saying how many were suppressed.
func (s *Server) logLimitedKey(key, msg string, args ...any) {
	now := time.Now()
	s.logMu.Lock()
	e := s.logSeen[key]
	if e == nil {
		if len(s.logSeen) > 10000 {
			clear(s.logSeen)
		}
		e = &limitedLog{}
		s.logSeen[key] = e
	}
	if now.Sub(e.last) < 10*time.Second {
		e.suppressed++
		s.logMu.Unlock()
		return
	}
	suppressed := e.suppressed
	e.last, e.suppressed = now, 0
	s.logMu.Unlock()
	if suppressed > 0 {
		args = append(args, "suppressed", suppressed)
	}
	s.log.Warn(msg, args...)
}
