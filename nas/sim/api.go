package sim

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The RouterOS API wire format, as the protocol documentation describes it
// (https://help.mikrotik.com/docs/display/ROS/API): a sentence is a sequence of words ended by
// a zero-length word; each word is its length, encoded in 1 to 5 bytes, then its bytes.
//
//	length < 0x80        1 byte:  len
//	length < 0x4000      2 bytes: len | 0x8000
//	length < 0x200000    3 bytes: len | 0xC00000
//	length < 0x10000000  4 bytes: len | 0xE0000000
//	otherwise            5 bytes: 0xF0, then len in 4 bytes
//
// Replies start with !re (one per item), !done (last), !trap (error, followed by !done) or
// !fatal (the connection is closed after it). RouterOS 7.18+ also sends !empty before !done
// when a print matches nothing.

func encodeLength(n int) []byte {
	switch {
	case n < 0x80:
		return []byte{byte(n)}
	case n < 0x4000:
		v := n | 0x8000
		return []byte{byte(v >> 8), byte(v)}
	case n < 0x200000:
		v := n | 0xC00000
		return []byte{byte(v >> 16), byte(v >> 8), byte(v)}
	case n < 0x10000000:
		v := uint32(n) | 0xE0000000
		return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
	default:
		return []byte{0xF0, byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}
	}
}

func decodeLength(r *bufio.Reader) (int, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, err
	}
	var n, more int
	switch {
	case b < 0x80:
		return int(b), nil
	case b < 0xC0:
		n, more = int(b&^0xC0), 1
	case b < 0xE0:
		n, more = int(b&^0xE0), 2
	case b < 0xF0:
		n, more = int(b&^0xF0), 3
	case b == 0xF0:
		n, more = 0, 4
	default:
		return 0, fmt.Errorf("control byte %#x", b)
	}
	for ; more > 0; more-- {
		c, err := r.ReadByte()
		if err != nil {
			return 0, err
		}
		n = n<<8 | int(c)
	}
	return n, nil
}

// writeSentence encodes words into one sentence.
func writeSentence(w io.Writer, words ...string) error {
	var buf []byte
	for _, word := range words {
		buf = append(buf, encodeLength(len(word))...)
		buf = append(buf, word...)
	}
	buf = append(buf, 0)
	_, err := w.Write(buf)
	return err
}

// readSentence decodes one sentence; empty sentences are skipped, as the documentation says.
func readSentence(r *bufio.Reader) ([]string, error) {
	for {
		var words []string
		for {
			n, err := decodeLength(r)
			if err != nil {
				return nil, err
			}
			if n == 0 {
				break
			}
			if n > 1<<20 {
				return nil, fmt.Errorf("word of %d bytes", n)
			}
			b := make([]byte, n)
			if _, err := io.ReadFull(r, b); err != nil {
				return nil, err
			}
			words = append(words, string(b))
		}
		if len(words) > 0 {
			return words, nil
		}
	}
}

// apiServer serves the RouterOS API subset linedesk uses.
func (r *Router) serveAPI(ln net.Listener) {
	defer r.wg.Done()
	for {
		conn, err := ln.Accept()
		if err != nil {
			return
		}
		r.mu.Lock()
		if r.apiConns == nil {
			r.apiConns = map[net.Conn]struct{}{}
		}
		r.apiConns[conn] = struct{}{}
		r.mu.Unlock()
		r.wg.Add(1)
		go func() {
			defer r.wg.Done()
			r.apiSession(conn)
			r.mu.Lock()
			delete(r.apiConns, conn)
			r.mu.Unlock()
			conn.Close()
		}()
	}
}

// DropAPIConnections closes every open API connection, as a router reboot or a firewall
// timeout would.
func (r *Router) DropAPIConnections() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for c := range r.apiConns {
		c.Close()
	}
}

// APILogins is how many successful API logins the router saw.
func (r *Router) APILogins() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.apiLogins
}

// APICommands returns the API commands received (their first word), in order.
func (r *Router) APICommands() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.apiCommands...)
}

// apiSession answers the commands of one API connection until it closes, fails or ends the
// session (/quit, or a command before /login).
func (r *Router) apiSession(conn net.Conn) {
	br := bufio.NewReader(conn)
	bw := bufio.NewWriter(conn)
	loggedIn := false
	for {
		_ = conn.SetReadDeadline(time.Now().Add(10 * time.Minute))
		words, err := readSentence(br)
		if err != nil {
			return
		}
		cmd := parseCommand(words)
		r.mu.Lock()
		r.apiCommands = append(r.apiCommands, cmd.name)
		r.mu.Unlock()
		if !r.runCommand(cmd, apiReply{w: bw, tag: cmd.tag}, &loggedIn) {
			_ = bw.Flush()
			return
		}
		if err := bw.Flush(); err != nil {
			return
		}
	}
}

// apiCommand is one sentence received: the command word, its =attributes, its ?queries and
// its .tag.
type apiCommand struct {
	name    string
	attrs   map[string]string
	queries [][2]string
	tag     string
}

func parseCommand(words []string) apiCommand {
	cmd := apiCommand{name: words[0], attrs: map[string]string{}}
	for _, w := range words[1:] {
		switch {
		case strings.HasPrefix(w, ".tag="):
			cmd.tag = w[5:]
		case strings.HasPrefix(w, "="):
			k, v, _ := strings.Cut(w[1:], "=")
			cmd.attrs[k] = v
		case strings.HasPrefix(w, "?"):
			k, v, _ := strings.Cut(w[1:], "=")
			cmd.queries = append(cmd.queries, [2]string{k, v})
		}
	}
	return cmd
}

// apiReply writes the sentences answering one command, each tagged as the command was.
type apiReply struct {
	w   *bufio.Writer
	tag string
}

func (a apiReply) send(words ...string) {
	if a.tag != "" {
		words = append(words, ".tag="+a.tag)
	}
	_ = writeSentence(a.w, words...)
}

func (a apiReply) trap(msg string) {
	a.send("!trap", "=message="+msg)
	a.send("!done")
}

// runCommand answers cmd; it returns false when the connection is to be closed.
func (r *Router) runCommand(cmd apiCommand, out apiReply, loggedIn *bool) bool {
	switch {
	case cmd.name == "/login":
		if cmd.attrs["name"] == r.cfg.APIUser && cmd.attrs["password"] == r.cfg.APIPassword && r.cfg.APIUser != "" {
			*loggedIn = true
			r.mu.Lock()
			r.apiLogins++
			r.mu.Unlock()
			out.send("!done")
		} else {
			out.trap("invalid user name or password (6)")
		}
	case !*loggedIn:
		out.send("!fatal", "not logged in")
		return false
	case cmd.name == "/quit":
		out.send("!fatal", "session terminated on request")
		return false
	case cmd.name == "/system/identity/print":
		out.send("!re", "=name="+r.cfg.Identity)
		out.send("!done")
	case cmd.name == "/ppp/active/print":
		rows := r.activeRows(cmd.queries)
		for _, row := range rows {
			out.send(append([]string{"!re"}, row...)...)
		}
		if len(rows) == 0 && !r.cfg.NoEmptyReply {
			out.send("!empty")
		}
		out.send("!done")
	case cmd.name == "/ppp/active/remove":
		id := cmd.attrs[".id"]
		if id == "" {
			out.trap("missing .id")
			break
		}
		if err := r.removeByAPI(id); err != nil {
			out.trap(err.Error())
			break
		}
		out.send("!done")
	default:
		r.mu.Lock()
		known := r.config().run(cmd, out)
		r.mu.Unlock()
		if !known {
			out.trap("no such command prefix")
		}
	}
	return true
}

// activeRows lists /ppp/active as API words, filtered by ?key=value queries (all must match).
func (r *Router) activeRows(queries [][2]string) [][]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	list := make([]*session, 0, len(r.sessions))
	for _, s := range r.sessions {
		list = append(list, s)
	}
	sort.Slice(list, func(i, j int) bool { return list[i].apiID < list[j].apiID })
	var out [][]string
	for _, s := range list {
		fields := map[string]string{
			".id":        "*" + strings.ToUpper(strconv.FormatInt(int64(s.apiID), 16)),
			"name":       s.username,
			"service":    "pppoe",
			"caller-id":  s.mac,
			"address":    s.ip.String(),
			"uptime":     routerDuration(time.Since(s.started)),
			"encoding":   "",
			"session-id": "0x" + strings.ToUpper(s.acctID),
			"radius":     "true",
		}
		ok := true
		for _, q := range queries {
			if fields[q[0]] != q[1] {
				ok = false
			}
		}
		if !ok {
			continue
		}
		row := []string{}
		for _, k := range []string{".id", "name", "service", "caller-id", "address", "uptime", "encoding", "session-id", "radius"} {
			row = append(row, "="+k+"="+fields[k])
		}
		out = append(out, row)
	}
	return out
}

// routerDuration writes a duration the way RouterOS does, e.g. "1h2m3s".
func routerDuration(d time.Duration) string {
	d = d.Truncate(time.Second)
	var b strings.Builder
	if w := d / (7 * 24 * time.Hour); w > 0 {
		fmt.Fprintf(&b, "%dw", w)
		d -= w * 7 * 24 * time.Hour
	}
	if dd := d / (24 * time.Hour); dd > 0 {
		fmt.Fprintf(&b, "%dd", dd)
		d -= dd * 24 * time.Hour
	}
	if h := d / time.Hour; h > 0 {
		fmt.Fprintf(&b, "%dh", h)
		d -= h * time.Hour
	}
	if m := d / time.Minute; m > 0 {
		fmt.Fprintf(&b, "%dm", m)
		d -= m * time.Minute
	}
	fmt.Fprintf(&b, "%ds", d/time.Second)
	return b.String()
}

var errNoSuchItem = errors.New("no such item")

func (r *Router) removeByAPI(id string) error {
	n, err := strconv.ParseInt(strings.TrimPrefix(id, "*"), 16, 64)
	if err != nil {
		return errNoSuchItem
	}
	r.mu.Lock()
	var found *session
	for _, s := range r.sessions {
		if int64(s.apiID) == n {
			found = s
		}
	}
	if found != nil {
		delete(r.sessions, found.acctID)
	}
	r.mu.Unlock()
	if found == nil {
		return errNoSuchItem
	}
	r.stopAsync(found, "Admin-Reset")
	return nil
}
