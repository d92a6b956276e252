// Package auth holds staff authentication: password hashing (argon2id), bearer tokens
// (random, stored hashed, expiring, revocable), roles and login throttling.
package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/alexedwards/argon2id"
	"golang.org/x/sync/semaphore"
)

// passwordParams are argon2id's RFC 9106 second recommendation, scaled for a small server.
var passwordParams = &argon2id.Params{Memory: 64 * 1024, Iterations: 2, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// MaxStaffPasswordLen is the longest staff password accepted.
const MaxStaffPasswordLen = 256

// MinStaffPasswordLen is the shortest staff password accepted.
const MinStaffPasswordLen = 10

// hashSlots bounds the argon2id computations of this process: each takes 64 MiB and a core
// for a while, so there is one slot per core and every hash (checks, new passwords, the
// dummy check of unknown usernames) runs inside one.
var hashSlots = semaphore.NewWeighted(int64(runtime.NumCPU()))

// hashCount counts the argon2id computations of this process (a metric, and tests count it).
var hashCount atomic.Uint64

// hashHook, when set, runs inside the slot before every hash (tests observe concurrency).
var hashHook atomic.Pointer[func()]

// errNoHashSlot: every hash slot stayed busy for the whole wait.
var errNoHashSlot = errors.New("no password hash slot free")

// withHashSlot runs fn inside a hash slot, waiting at most wait for one (no limit when wait
// is 0). It returns errNoHashSlot when the wait ran out, or ctx's error.
func withHashSlot(ctx context.Context, wait time.Duration, fn func()) error {
	acquireCtx := ctx
	if wait > 0 {
		var cancel context.CancelFunc
		acquireCtx, cancel = context.WithTimeout(ctx, wait)
		defer cancel()
	}
	if err := hashSlots.Acquire(acquireCtx, 1); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return errNoHashSlot
	}
	defer hashSlots.Release(1)
	hashCount.Add(1)
	if h := hashHook.Load(); h != nil {
		(*h)()
	}
	fn()
	return nil
}

// PasswordHashes is the number of argon2id computations this process has made.
func PasswordHashes() uint64 { return hashCount.Load() }

// HashPassword hashes a staff password with argon2id (inside a hash slot, waiting for one).
func HashPassword(password string) (string, error) {
	if len(password) < MinStaffPasswordLen {
		return "", fmt.Errorf("password must be at least %d characters", MinStaffPasswordLen)
	}
	if len(password) > MaxStaffPasswordLen {
		return "", fmt.Errorf("password must be at most %d characters", MaxStaffPasswordLen)
	}
	var h string
	var err error
	_ = withHashSlot(context.Background(), 0, func() { h, err = argon2id.CreateHash(password, passwordParams) })
	if err != nil {
		return "", fmt.Errorf("hashing password: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether password matches hash (inside a hash slot, waiting for one).
func CheckPassword(password, hash string) bool {
	ok, _ := checkPasswordWithin(context.Background(), 0, password, hash)
	return ok
}

// checkPasswordWithin compares password with hash inside a hash slot, waiting at most wait
// for one (errNoHashSlot when none came free).
func checkPasswordWithin(ctx context.Context, wait time.Duration, password, hash string) (bool, error) {
	var ok bool
	err := withHashSlot(ctx, wait, func() {
		match, err := argon2id.ComparePasswordAndHash(password, hash)
		ok = err == nil && match
	})
	return ok, err
}

// dummyHash is checked against when the username does not exist, so both cases take as long
// (the same parameters as passwordParams; the password is random and unknown). A constant,
// so no process computes a hash outside a slot to make one.
const dummyHash = "$argon2id$v=19$m=65536,t=2,p=2$tOBg2Kybq/enIHHea0X+XA$3J7dmaAiObmwjie2hfiy34LxD4DWEWdu5ByHuueEp2I"
