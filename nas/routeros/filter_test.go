package routeros

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"testing"
)

// sentence encodes words by hand (all shorter than 0x80 bytes here).
func sentence(words ...string) []byte {
	var b []byte
	for _, w := range words {
		b = append(b, byte(len(w)))
		b = append(b, w...)
	}
	return append(b, 0)
}

func TestFilterDropsEmpty(t *testing.T) {
	long := string(bytes.Repeat([]byte("x"), 200)) // two-byte length prefix
	stream := bytes.Join([][]byte{
		sentence("!re", "=name=alice"),
		sentence("!empty"),
		sentence("!done"),
	}, nil)
	// A sentence whose 200-byte word needs a two-byte length.
	stream = append(stream, 0x80, 200)
	stream = append(stream, "=a="+long[3:]...)
	stream = append(stream, 0)
	stream = append(stream, sentence("!empty", ".tag=7")...)
	stream = append(stream, sentence("!done", ".tag=7")...)

	want := bytes.Join([][]byte{
		sentence("!re", "=name=alice"),
		sentence("!done"),
		append(append([]byte{0x80, 200}, "=a="+long[3:]...), 0),
		sentence("!done", ".tag=7"),
	}, nil)

	client, server := net.Pipe()
	go func() {
		// Dribble the bytes to exercise partial reads.
		for i := 0; i < len(stream); i += 3 {
			_, _ = server.Write(stream[i:min(i+3, len(stream))])
		}
		server.Close()
	}()
	f := newFilterConn(client)
	got, err := io.ReadAll(f)
	if err != nil && err != io.EOF {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("filtered stream\n got % x\nwant % x", got, want)
	}
	if f.dropped != 2 {
		t.Fatalf("dropped %d sentences, want 2", f.dropped)
	}
}

func TestReadLengthForms(t *testing.T) {
	for _, tc := range []struct {
		in   []byte
		want int
	}{
		{[]byte{0x05}, 5},
		{[]byte{0x80, 0x80}, 0x80},
		{[]byte{0xC0, 0x40, 0x00}, 0x4000},
		{[]byte{0xE0, 0x20, 0x00, 0x00}, 0x200000},
		{[]byte{0xF0, 0x10, 0x00, 0x00, 0x00}, 0x10000000},
	} {
		n, hdr, err := readLength(bufioReader(tc.in))
		if err != nil || n != tc.want || !bytes.Equal(hdr, tc.in) {
			t.Errorf("% x: %#x % x %v", tc.in, n, hdr, err)
		}
	}
	if _, _, err := readLength(bufioReader([]byte{0xF8})); err == nil {
		t.Error("control byte accepted")
	}
}

func bufioReader(b []byte) *bufio.Reader { return bufio.NewReader(bytes.NewReader(b)) }
