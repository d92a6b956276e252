package vouchers

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"math/big"
	"strings"
)

// Alphabet is what codes are made of: capital letters and digits without the ones read
// for one another on a printed card (0/O, 1/I/L).
const Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

// CodeLength is the number of characters of a code (16 of 31: about 79 bits), printed in
// groups of four separated by dashes.
const CodeLength = 16

// newCode returns a random code in its normalised form.
func newCode() string {
	var b strings.Builder
	n := big.NewInt(int64(len(Alphabet)))
	for range CodeLength {
		i, err := rand.Int(rand.Reader, n)
		if err != nil {
			panic("crypto/rand failed: " + err.Error())
		}
		b.WriteByte(Alphabet[i.Int64()])
	}
	return b.String()
}

// Format prints a normalised code in groups of four: ABCD-EFGH-JKMN-PQRS.
func Format(code string) string {
	var parts []string
	for i := 0; i < len(code); i += 4 {
		parts = append(parts, code[i:min(i+4, len(code))])
	}
	return strings.Join(parts, "-")
}

// Normalize reads a code as a person typed it: case, spaces and dashes are forgiven. It
// reports false when what remains cannot be a code (wrong length or a character outside
// Alphabet).
func Normalize(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range strings.ToUpper(typed) {
		switch {
		case r == ' ' || r == '-' || r == '\t':
			continue
		case r < 128 && strings.ContainsRune(Alphabet, r):
			b.WriteRune(r)
		default:
			return "", false
		}
	}
	if b.Len() != CodeLength {
		return "", false
	}
	return b.String(), true
}

// hashCode is the SHA-256 (hex) under which a normalised code is stored. The code carries
// about 79 random bits, so a plain hash cannot be reversed by trying codes.
func hashCode(code string) string {
	sum := sha256.Sum256([]byte("linedesk voucher\x00" + code))
	return hex.EncodeToString(sum[:])
}

// hint is the part of a code kept in clear for staff to recognise a card: its last four.
func hint(code string) string { return code[len(code)-4:] }
