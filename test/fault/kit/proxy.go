// Package kit is the harness of the fault and security tests: a TCP proxy that cuts the
// database off, a simulated router's accounting and authentication load with exact
// bookkeeping, direct database checks, /metrics scraping and a log scanner for secrets.
package kit

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Proxy forwards TCP connections from a local address to a target (PostgreSQL). It can
// drop every connection and refuse new ones for a while, as a database outage looks to a
// client.
type Proxy struct {
	target string
	ln     net.Listener

	mu      sync.Mutex
	conns   map[net.Conn]struct{}
	refuse  bool
	closed  bool
	wg      sync.WaitGroup
	Accepts atomic.Int64 // connections forwarded
	Refused atomic.Int64 // connections refused during an outage
	Dropped atomic.Int64 // live connections cut
	Cuts    atomic.Int64 // outages started

	dropCommitAcks atomic.Int64 // armed: COMMITs whose answer will be lost
	CommitAcksLost atomic.Int64 // COMMITs executed by PostgreSQL whose answer was never relayed
}

// LoseCommitAcks makes the next n COMMITs (on any connection) reach PostgreSQL and commit,
// and then drops their connections instead of relaying the answer: the client cannot know
// whether its transaction committed. Retrying such a write must not apply it twice.
func (p *Proxy) LoseCommitAcks(n int) { p.dropCommitAcks.Add(int64(n)) }

// clientToServer copies PostgreSQL protocol messages from the client, arming swallow before
// forwarding a COMMIT when a lost acknowledgement is wanted.
func (p *Proxy) clientToServer(up, c net.Conn, swallow *atomic.Bool) {
	r := bufio.NewReaderSize(c, 32<<10)
	// Startup phase: untyped messages (an SSLRequest may precede the startup message).
	for {
		var hdr [8]byte
		if _, err := io.ReadFull(r, hdr[:4]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(hdr[:4]))
		if n < 8 || n > 1<<20 {
			// Not PostgreSQL: forward the bytes as they come.
			if _, err := up.Write(hdr[:4]); err == nil {
				_, _ = io.Copy(up, r)
			}
			return
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		if _, err := up.Write(append(hdr[:4], body...)); err != nil {
			return
		}
		code := binary.BigEndian.Uint32(body[:4])
		if code != 80877103 && code != 80877104 { // SSLRequest, GSSENCRequest
			break
		}
	}
	for {
		var hdr [5]byte
		if _, err := io.ReadFull(r, hdr[:]); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(hdr[1:]))
		if n < 4 || n > 1<<30 {
			return
		}
		body := make([]byte, n-4)
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		if hdr[0] == 'Q' && isCommit(body) && p.takeCommitDrop() {
			swallow.Store(true)
		}
		if _, err := up.Write(append(hdr[:], body...)); err != nil {
			return
		}
	}
}

func (p *Proxy) takeCommitDrop() bool {
	for {
		v := p.dropCommitAcks.Load()
		if v <= 0 {
			return false
		}
		if p.dropCommitAcks.CompareAndSwap(v, v-1) {
			return true
		}
	}
}

func isCommit(query []byte) bool {
	q := strings.ToUpper(strings.TrimSpace(strings.TrimRight(string(query), "\x00")))
	return q == "COMMIT" || q == "END" || strings.HasPrefix(q, "COMMIT ") || strings.HasPrefix(q, "COMMIT;")
}

// NewProxy listens on 127.0.0.1:0 and forwards to target (host:port).
func NewProxy(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("proxy: listening: %w", err)
	}
	p := &Proxy{target: target, ln: ln, conns: map[net.Conn]struct{}{}}
	p.wg.Add(1)
	go p.accept()
	return p, nil
}

// Addr is the proxy's listening address.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// RewriteDSN returns dsn (a postgres:// URL) with its host:port replaced by the proxy's,
// and the proxy's target taken from it: use it with NewProxy(TargetOf(dsn)).
func (p *Proxy) RewriteDSN(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("proxy: DSN: %w", err)
	}
	u.Host = p.Addr()
	q := u.Query()
	// Fail fast while the database is cut off instead of hanging on connect.
	if q.Get("connect_timeout") == "" {
		q.Set("connect_timeout", "3")
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// TargetOf is the host:port of a postgres:// DSN.
func TargetOf(dsn string) (string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", fmt.Errorf("DSN: %w", err)
	}
	host := u.Host
	if _, _, err := net.SplitHostPort(host); err != nil {
		host = net.JoinHostPort(host, "5432")
	}
	return host, nil
}

func (p *Proxy) accept() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if p.refuse || p.closed {
			p.mu.Unlock()
			p.Refused.Add(1)
			// Reset rather than FIN, as a refused or unreachable server looks.
			if tc, ok := c.(*net.TCPConn); ok {
				_ = tc.SetLinger(0)
			}
			c.Close()
			continue
		}
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		p.Accepts.Add(1)
		p.wg.Add(1)
		go p.forward(c)
	}
}

func (p *Proxy) forward(c net.Conn) {
	defer p.wg.Done()
	up, err := net.DialTimeout("tcp", p.target, 5*time.Second)
	if err != nil {
		p.forget(c)
		c.Close()
		return
	}
	p.mu.Lock()
	if p.refuse || p.closed {
		p.mu.Unlock()
		up.Close()
		p.forget(c)
		c.Close()
		return
	}
	p.conns[up] = struct{}{}
	p.mu.Unlock()
	done := make(chan struct{}, 2)
	var swallow atomic.Bool // the server's next answer (to a COMMIT) is dropped with the connection
	go func() {
		p.clientToServer(up, c, &swallow)
		done <- struct{}{}
	}()
	go func() {
		buf := make([]byte, 32<<10)
		for {
			n, err := up.Read(buf)
			if n > 0 && swallow.Load() {
				// The commit happened; its acknowledgement is lost with the connection.
				p.CommitAcksLost.Add(1)
				if tc, ok := c.(*net.TCPConn); ok {
					_ = tc.SetLinger(0)
				}
				break
			}
			if n > 0 {
				if _, werr := c.Write(buf[:n]); werr != nil {
					break
				}
			}
			if err != nil {
				break
			}
		}
		done <- struct{}{}
	}()
	<-done
	c.Close()
	up.Close()
	<-done
	p.forget(c)
	p.forget(up)
}

func (p *Proxy) forget(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
}

// Cut drops every live connection and refuses new ones until Restore.
func (p *Proxy) Cut() int {
	p.mu.Lock()
	p.refuse = true
	n := 0
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		c.Close()
		n++
	}
	p.mu.Unlock()
	p.Cuts.Add(1)
	p.Dropped.Add(int64(n))
	return n
}

// Restore accepts connections again.
func (p *Proxy) Restore() {
	p.mu.Lock()
	p.refuse = false
	p.mu.Unlock()
}

// Live is the number of open connections (both sides counted).
func (p *Proxy) Live() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.conns)
}

// Close stops the proxy and drops every connection.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	for c := range p.conns {
		c.Close()
	}
	p.mu.Unlock()
	err := p.ln.Close()
	p.wg.Wait()
	if errors.Is(err, net.ErrClosed) {
		err = nil
	}
	return err
}
