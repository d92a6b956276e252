package secret

import (
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func testKey(b byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = b
	}
	return k
}

func TestRoundTrip(t *testing.T) {
	box, err := New(testKey(1))
	if err != nil {
		t.Fatal(err)
	}
	for _, plain := range []string{"", "s3cret", "pässwörd with spaces", strings.Repeat("x", 4096)} {
		sealed, err := box.Encrypt(plain)
		if err != nil {
			t.Fatal(err)
		}
		if plain != "" && strings.Contains(sealed, plain) {
			t.Fatalf("sealed value contains the plain text")
		}
		got, err := box.Decrypt(sealed)
		if err != nil || got != plain {
			t.Fatalf("Decrypt = %q, %v; want %q", got, err, plain)
		}
	}
	a, _ := box.Encrypt("same")
	b, _ := box.Encrypt("same")
	if a == b {
		t.Fatal("two encryptions of one value are identical: nonce reused")
	}
}

func TestWrongKeyRefused(t *testing.T) {
	box1, _ := New(testKey(1))
	box2, _ := New(testKey(2))
	sealed, _ := box1.Encrypt("secret")
	if _, err := box2.Decrypt(sealed); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("decrypt with wrong key: err = %v, want ErrWrongKey", err)
	}
	// Same key id but tampered ciphertext.
	tampered := sealed[:len(sealed)-2] + "AA"
	if _, err := box1.Decrypt(tampered); err == nil {
		t.Fatal("tampered value decrypted")
	}
}

func TestParseKey(t *testing.T) {
	tests := []struct {
		in      string
		wantErr bool
	}{
		{hex.EncodeToString(testKey(7)), false},
		{"abc", true},
		{strings.Repeat("zz", 32), true},
		{hex.EncodeToString(testKey(7)) + "\n", false},
	}
	for _, tt := range tests {
		_, err := ParseKey(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseKey(%q) err = %v, wantErr %v", tt.in, err, tt.wantErr)
		}
	}
}

func TestLoadOrCreate(t *testing.T) {
	dir := t.TempDir()
	k1, created, err := LoadOrCreate("", dir)
	if err != nil || !created {
		t.Fatalf("first LoadOrCreate: created=%v err=%v", created, err)
	}
	st, err := os.Stat(filepath.Join(dir, KeyFileName))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode = %v, want 0600", st.Mode().Perm())
	}
	k2, created, err := LoadOrCreate("", dir)
	if err != nil || created || hex.EncodeToString(k1) != hex.EncodeToString(k2) {
		t.Fatalf("second LoadOrCreate must read the same key: created=%v err=%v", created, err)
	}
	if _, _, err := LoadOrCreate("nothex", dir); err == nil {
		t.Fatal("a malformed given key was accepted")
	}
}
