package routeros

import (
	"bufio"
	"fmt"
	"io"
	"net"
)

// filterConn hides the `!empty` reply sentence that RouterOS 7.18 and later send before
// `!done` when a print matches nothing. go-routeros v3.0.0 does not know that word: it fails
// the command with UnknownReplyError and leaves the `!done` unread, which then answers the
// next command. The wrapper reads whole sentences from the router and passes every other
// sentence through byte for byte.
type filterConn struct {
	net.Conn
	r       *bufio.Reader
	pending []byte
	dropped int
}

func newFilterConn(c net.Conn) *filterConn {
	return &filterConn{Conn: c, r: bufio.NewReader(c)}
}

func (f *filterConn) Read(p []byte) (int, error) {
	for len(f.pending) == 0 {
		sentence, first, err := readSentence(f.r)
		if err != nil {
			return 0, err
		}
		if first == "!empty" {
			f.dropped++
			continue
		}
		f.pending = sentence
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	return n, nil
}

// maxWord bounds one word, so a garbled stream cannot make us allocate gigabytes.
const maxWord = 16 << 20

// readSentence reads the raw bytes of one sentence (words up to the empty word) and returns
// them with its first word.
func readSentence(r *bufio.Reader) (raw []byte, first string, err error) {
	for i := 0; ; i++ {
		start := len(raw)
		n, hdr, err := readLength(r)
		if err != nil {
			return nil, "", err
		}
		raw = append(raw, hdr...)
		if n == 0 {
			return raw, first, nil
		}
		if n > maxWord {
			return nil, "", fmt.Errorf("routeros: word of %d bytes", n)
		}
		raw = append(raw, make([]byte, n)...)
		if _, err := io.ReadFull(r, raw[start+len(hdr):]); err != nil {
			return nil, "", err
		}
		if i == 0 {
			first = string(raw[start+len(hdr):])
		}
	}
}

// readLength decodes a RouterOS word length and returns it with its encoded bytes.
func readLength(r *bufio.Reader) (int, []byte, error) {
	b, err := r.ReadByte()
	if err != nil {
		return 0, nil, err
	}
	var extra int
	var n int
	switch {
	case b&0x80 == 0:
		return int(b), []byte{b}, nil
	case b&0xC0 == 0x80:
		extra, n = 1, int(b&0x3F)
	case b&0xE0 == 0xC0:
		extra, n = 2, int(b&0x1F)
	case b&0xF0 == 0xE0:
		extra, n = 3, int(b&0x0F)
	case b == 0xF0:
		extra, n = 4, 0
	default:
		return 0, nil, fmt.Errorf("routeros: reserved control byte %#x", b)
	}
	hdr := []byte{b}
	for range extra {
		c, err := r.ReadByte()
		if err != nil {
			return 0, nil, err
		}
		hdr = append(hdr, c)
		n = n<<8 | int(c)
	}
	return n, hdr, nil
}
