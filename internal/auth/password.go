// Package auth holds staff authentication: password hashing (argon2id), bearer tokens
// (random, stored hashed, expiring, revocable), roles and login throttling.
package auth

import (
	"fmt"

	"github.com/alexedwards/argon2id"
)

// passwordParams are argon2id's RFC 9106 second recommendation, scaled for a small server.
var passwordParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 2, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// MaxStaffPasswordLen is the longest staff password accepted.
const MaxStaffPasswordLen = 256

// MinStaffPasswordLen is the shortest staff password accepted.
const MinStaffPasswordLen = 10

// HashPassword hashes a staff password with argon2id.
func HashPassword(password string) (string, error) {
	if len(password) < MinStaffPasswordLen {
		return "", fmt.Errorf("password must be at least %d characters", MinStaffPasswordLen)
	}
	if len(password) > MaxStaffPasswordLen {
		return "", fmt.Errorf("password must be at most %d characters", MaxStaffPasswordLen)
	}
	h, err := argon2id.CreateHash(password, passwordParams)
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether password matches hash.
func CheckPassword(password, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}
