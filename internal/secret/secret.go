// Package secret encrypts the secrets linedesk must be able to read back (PPPoE passwords,
// NAS secrets, RouterOS API passwords) with AES-256-GCM under the installation's key.
package secret

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KeyFileName is the file in the data dir that holds the key when none is given.
const KeyFileName = "secret.key"

// ErrWrongKey means a value was encrypted under another key (or was tampered with).
var ErrWrongKey = errors.New("secret: value cannot be decrypted with this key (wrong --secret-key?)")

// Box encrypts and decrypts values under one key.
type Box struct {
	aead   cipher.AEAD
	keyID  string
	macKey []byte // derived from the key, for MAC (never the encryption key itself)
}

// New makes a Box from a 32-byte key.
func New(key []byte) (*Box, error) {
	if len(key) != 32 {
		return nil, fmt.Errorf("secret: key must be 32 bytes, got %d", len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secret: %w", err)
	}
	sum := sha256.Sum256(append([]byte("linedesk-key-id:"), key...))
	mk := hmac.New(sha256.New, key)
	mk.Write([]byte("linedesk-mac-key"))
	return &Box{aead: aead, keyID: hex.EncodeToString(sum[:4]), macKey: mk.Sum(nil)}, nil
}

// ParseKey reads a key given as 64 hexadecimal characters.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if len(s) != 64 {
		return nil, fmt.Errorf("secret key must be 64 hexadecimal characters (32 bytes), got %d characters", len(s))
	}
	key, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("secret key is not hexadecimal: %w", err)
	}
	return key, nil
}

// LoadOrCreate returns the key given (hex), or the one stored in dataDir, creating it with
// mode 0600 when neither exists. created reports whether a new key was written.
func LoadOrCreate(given, dataDir string) (key []byte, created bool, err error) {
	if given != "" {
		key, err = ParseKey(given)
		return key, false, err
	}
	path := filepath.Join(dataDir, KeyFileName)
	b, err := os.ReadFile(path)
	if err == nil {
		key, err = ParseKey(string(b))
		if err != nil {
			return nil, false, fmt.Errorf("key file %s: %w", path, err)
		}
		return key, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, fmt.Errorf("reading key file: %w", err)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, false, fmt.Errorf("creating data dir %s: %w", dataDir, err)
	}
	key = make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, false, fmt.Errorf("generating key: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, false, fmt.Errorf("creating key file: %w", err)
	}
	defer f.Close()
	if _, err := f.WriteString(hex.EncodeToString(key) + "\n"); err != nil {
		return nil, false, fmt.Errorf("writing key file: %w", err)
	}
	return key, true, nil
}

// KeyID is a short fingerprint of the key, safe to log.
func (b *Box) KeyID() string { return b.keyID }

// Encrypt seals plain text; the result is "v1:<keyid>:<base64(nonce|ciphertext)>".
func (b *Box) Encrypt(plain string) (string, error) {
	nonce := make([]byte, b.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("secret: nonce: %w", err)
	}
	sealed := b.aead.Seal(nonce, nonce, []byte(plain), []byte(b.keyID))
	return "v1:" + b.keyID + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// MustEncrypt is Encrypt for values whose encryption cannot fail except on a broken
// random source; it panics then.
func (b *Box) MustEncrypt(plain string) string {
	s, err := b.Encrypt(plain)
	if err != nil {
		panic(err)
	}
	return s
}

// MAC is a keyed hash (HMAC-SHA256, hex) of msg for purpose under a key derived from the
// Box's: what stores short secrets (one-time codes) so that a copy of the database alone
// cannot try every value.
func (b *Box) MAC(purpose, msg string) string {
	h := hmac.New(sha256.New, b.macKey)
	h.Write([]byte(purpose))
	h.Write([]byte{0})
	h.Write([]byte(msg))
	return hex.EncodeToString(h.Sum(nil))
}

// Decrypt opens a value made by Encrypt.
func (b *Box) Decrypt(sealed string) (string, error) {
	parts := strings.SplitN(sealed, ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return "", errors.New("secret: not an encrypted value")
	}
	if parts[1] != b.keyID {
		return "", ErrWrongKey
	}
	raw, err := base64.RawStdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) < b.aead.NonceSize() {
		return "", errors.New("secret: malformed encrypted value")
	}
	nonce, ct := raw[:b.aead.NonceSize()], raw[b.aead.NonceSize():]
	plain, err := b.aead.Open(nil, nonce, ct, []byte(b.keyID))
	if err != nil {
		return "", ErrWrongKey
	}
	return string(plain), nil
}
