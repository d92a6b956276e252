package auth

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alexedwards/argon2id"

	"github.com/linedesk/linedesk/ent/loginfailure"
	"github.com/linedesk/linedesk/ent/loginlease"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

const ownerPassword = "owner-password-1"

// attempt logs in and returns the outcome ("OK", "UNAUTHENTICATED", "TOO_MANY_REQUESTS" or
// the error) and how many password hashes it took.
func attempt(th *Throttle, user, pass, addr string, now time.Time) (string, uint64) {
	before := PasswordHashes()
	_, _, _, err := Login(context.Background(), th.st.Client, th, Attempt{Username: user, Password: pass, Address: addr}, now)
	hashes := PasswordHashes() - before
	switch {
	case err == nil:
		return "OK", hashes
	case errors.Is(err, ErrBadCredentials):
		return "UNAUTHENTICATED", hashes
	case errors.Is(err, ErrThrottled):
		return "TOO_MANY_REQUESTS", hashes
	default:
		return err.Error(), hashes
	}
}

// openInstances opens n stores on one fresh database of the given kind (n processes sharing
// a database) and creates the staff user "owner".
func openInstances(t *testing.T, kind string, n int) []*Throttle {
	t.Helper()
	dsn := testutil.DSN(t, kind)
	var ths []*Throttle
	for i := 0; i < n; i++ {
		st, err := store.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		if i == 0 {
			if err := st.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			if _, err := CreateStaff(context.Background(), st.Client, "owner", ownerPassword, Operator); err != nil {
				t.Fatal(err)
			}
		}
		ths = append(ths, NewThrottle(st))
	}
	return ths
}

// TestLoginBurstHashesAtMostFive: 40 concurrent wrong passwords for one user from 40
// addresses, through one throttle and through two on one database (two instances): at most 5
// are hashed, never more at once than there are cores, the rest are refused unhashed, and the
// owner then signs in from an address without failures within 30 s.
func TestLoginBurstHashesAtMostFive(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		for _, instances := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/%d instances", kind, instances), func(t *testing.T) {
				ths := openInstances(t, kind, instances)
				var inHash, maxInHash atomic.Int32
				hook := func() {
					n := inHash.Add(1)
					for m := maxInHash.Load(); n > m && !maxInHash.CompareAndSwap(m, n); m = maxInHash.Load() {
					}
					time.Sleep(20 * time.Millisecond) // let overlapping hashes show
					inHash.Add(-1)
				}
				hashHook.Store(&hook)
				defer hashHook.Store(nil)

				before := PasswordHashes()
				var mu sync.Mutex
				codes := map[string]int{}
				var wg sync.WaitGroup
				gate := make(chan struct{})
				for i := 0; i < 40; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						<-gate
						code, _ := attempt(ths[i%instances], "owner", fmt.Sprintf("wrong-guess-%02d", i), fmt.Sprintf("10.1.0.%d", i), time.Now())
						mu.Lock()
						codes[code]++
						mu.Unlock()
					}()
				}
				close(gate)
				wg.Wait()
				hashed := PasswordHashes() - before
				t.Logf("40 concurrent wrong logins: %v, %d hashed, at most %d at once", codes, hashed, maxInHash.Load())
				if hashed > 5 || codes["UNAUTHENTICATED"] > 5 {
					t.Errorf("%d hashed, %d UNAUTHENTICATED: want at most 5 per username in flight", hashed, codes["UNAUTHENTICATED"])
				}
				if uint64(codes["UNAUTHENTICATED"]) != hashed || codes["UNAUTHENTICATED"]+codes["TOO_MANY_REQUESTS"] != 40 {
					t.Errorf("answers %v for %d hashes: every refusal is TOO_MANY_REQUESTS and unhashed", codes, hashed)
				}
				if int(maxInHash.Load()) > runtime.NumCPU() {
					t.Errorf("%d hashes at once, more than the %d cores", maxInHash.Load(), runtime.NumCPU())
				}
				ownerSignsIn(t, ths[instances-1], "10.2.0.1")
			})
		}
	}
}

// ownerSignsIn retries the owner's login from addr while it is refused and fails the test
// unless it succeeds within 30 s.
func ownerSignsIn(t *testing.T, th *Throttle, addr string) {
	t.Helper()
	began := time.Now()
	for {
		code, _ := attempt(th, "owner", ownerPassword, addr, time.Now())
		if code == "OK" {
			t.Logf("the owner signed in from %s after %v", addr, time.Since(began).Round(time.Millisecond))
			return
		}
		if code != "TOO_MANY_REQUESTS" || time.Since(began) > 30*time.Second {
			t.Fatalf("the owner from %s: %s after %v", addr, code, time.Since(began).Round(time.Millisecond))
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// throttleStep is one login of TestLoginThrottleRules, at t0+at, and its expected outcome.
type throttleStep struct {
	name, user, pass, addr string
	at                     time.Duration
	want                   string
}

// TestLoginThrottleRules walks the throttle's rules on a fixed clock: 5 failures lock the
// username for that address only, other addresses wait out a short back-off, the window
// expires, and one address spraying usernames is stopped at 20 failures.
func TestLoginThrottleRules(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		if _, err := CreateStaff(context.Background(), st.Client, "owner", ownerPassword, Operator); err != nil {
			t.Fatal(err)
		}
		th := NewThrottle(st)
		t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		steps := []throttleStep{
			{"1st wrong from A", "owner", "wrong-1", "10.0.0.1", 0, "UNAUTHENTICATED"},
			{"2nd wrong from A", "owner", "wrong-2", "10.0.0.1", 0, "UNAUTHENTICATED"},
			{"3rd wrong from A", "owner", "wrong-3", "10.0.0.1", 0, "UNAUTHENTICATED"},
			{"4th wrong from A", "owner", "wrong-4", "10.0.0.1", 0, "UNAUTHENTICATED"},
			{"5th wrong from A", "owner", "wrong-5", "10.0.0.1", 0, "UNAUTHENTICATED"},
			{"right password from A, locked", "owner", ownerPassword, "10.0.0.1", time.Second, "TOO_MANY_REQUESTS"},
			{"from B inside the back-off", "owner", ownerPassword, "10.0.0.2", time.Second, "TOO_MANY_REQUESTS"},
			{"from B after the back-off", "owner", ownerPassword, "10.0.0.2", 20 * time.Second, "OK"},
			{"A stays locked", "owner", ownerPassword, "10.0.0.1", 21 * time.Second, "TOO_MANY_REQUESTS"},
			{"A after the window", "owner", ownerPassword, "10.0.0.1", 16 * time.Minute, "OK"},
		}
		for i := 0; i < 20; i++ {
			steps = append(steps, throttleStep{fmt.Sprintf("C sprays user %d", i), fmt.Sprintf("nobody%02d", i), "wrong-password", "10.0.0.3", 17 * time.Minute, "UNAUTHENTICATED"})
		}
		steps = append(steps,
			throttleStep{"C's 21st username", "owner", ownerPassword, "10.0.0.3", 17 * time.Minute, "TOO_MANY_REQUESTS"},
			throttleStep{"D is not C", "owner", ownerPassword, "10.0.0.4", 17 * time.Minute, "OK"},
		)
		for _, s := range steps {
			got, hashes := attempt(th, s.user, s.pass, s.addr, t0.Add(s.at))
			if got != s.want {
				t.Fatalf("%s: %s, want %s", s.name, got, s.want)
			}
			if wantHashes := map[bool]uint64{true: 0, false: 1}[got == "TOO_MANY_REQUESTS"]; hashes != wantHashes {
				t.Errorf("%s: %s after %d hashes, want %d", s.name, got, hashes, wantHashes)
			}
		}
		n, err := st.Client.LoginFailure.Query().Where(loginfailure.Address("10.0.0.3")).Count(context.Background())
		if err != nil || n != 20 {
			t.Errorf("failures kept for C: %d %v, want 20 (username, address and time of each)", n, err)
		}
	})
}

// TestLoginLeasesExpireAndArePruned: reservations left by a process that died mid-hash
// count for a minute only, and expired leases and failures older than the window are deleted.
func TestLoginLeasesExpireAndArePruned(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := CreateStaff(ctx, st.Client, "owner", ownerPassword, Operator); err != nil {
			t.Fatal(err)
		}
		th := NewThrottle(st)
		t0 := time.Date(2030, 1, 1, 12, 0, 0, 0, time.UTC)
		for i := 0; i < 5; i++ { // a process reserved these, then died
			if _, err := th.reserve(ctx, "owner", fmt.Sprintf("10.0.1.%d", i), t0); err != nil {
				t.Fatal(err)
			}
		}
		if got, hashes := attempt(th, "owner", ownerPassword, "10.0.2.1", t0.Add(30*time.Second)); got != "TOO_MANY_REQUESTS" || hashes != 0 {
			t.Fatalf("with 5 attempts in flight: %s after %d hashes", got, hashes)
		}
		if got, _ := attempt(th, "owner", "wrong-password", "10.0.2.1", t0.Add(61*time.Second)); got != "UNAUTHENTICATED" {
			t.Fatalf("after the leases expired: %s", got)
		}
		if got, _ := attempt(th, "owner", ownerPassword, "10.0.2.1", t0.Add(3*time.Minute)); got != "OK" {
			t.Fatalf("owner: %s", got)
		}
		if n := st.Client.LoginLease.Query().CountX(ctx); n != 0 {
			t.Errorf("%d leases left after pruning, want 0", n)
		}
		if got, _ := attempt(th, "owner", ownerPassword, "10.0.2.1", t0.Add(20*time.Minute)); got != "OK" {
			t.Fatalf("owner: %s", got)
		}
		if n := st.Client.LoginFailure.Query().Where(loginfailure.CreatedAtLT(t0.Add(5 * time.Minute))).CountX(ctx); n != 0 {
			t.Errorf("%d failures older than the window left after pruning, want 0", n)
		}
	})
}

// TestLoginWaitsBrieflyForAHashSlot: with every hash slot busy, a login (of a known or an
// unknown username) waits HashWait, then is refused unhashed and its reservation released.
func TestLoginWaitsBrieflyForAHashSlot(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		if _, err := CreateStaff(ctx, st.Client, "owner", ownerPassword, Operator); err != nil {
			t.Fatal(err)
		}
		th := NewThrottle(st)
		th.HashWait = 200 * time.Millisecond
		if err := hashSlots.Acquire(ctx, int64(runtime.NumCPU())); err != nil {
			t.Fatal(err)
		}
		for _, user := range []string{"owner", "nobody"} {
			began := time.Now()
			got, hashes := attempt(th, user, ownerPassword, "10.0.3.1", time.Now())
			if got != "TOO_MANY_REQUESTS" || hashes != 0 || time.Since(began) < th.HashWait {
				t.Errorf("%s with no hash slot free: %s after %d hashes and %v", user, got, hashes, time.Since(began))
			}
		}
		hashSlots.Release(int64(runtime.NumCPU()))
		if n := st.Client.LoginLease.Query().Where(loginlease.Username("owner")).CountX(ctx); n != 0 {
			t.Errorf("%d leases left by refused logins", n)
		}
		if got, _ := attempt(th, "owner", ownerPassword, "10.0.3.1", time.Now()); got != "OK" {
			t.Errorf("with the slots free again: %s", got)
		}
	})
}

func TestThrottleAddress(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"10.0.0.1", "10.0.0.1"},
		{"::ffff:10.0.0.1", "10.0.0.1"},
		{"2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"},
		{"2001:db8:1:2::9", "2001:db8:1:2::/64"},
		{"", ""},
		{"not an address", "not an address"},
	} {
		if got := throttleAddress(tc.in); got != tc.want {
			t.Errorf("throttleAddress(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDummyHashMatchesPasswordParams(t *testing.T) {
	p, _, _, err := argon2id.DecodeHash(dummyHash)
	if err != nil {
		t.Fatal(err)
	}
	if *p != *passwordParams {
		t.Errorf("dummy hash parameters %+v, want %+v (unknown usernames must take as long)", *p, *passwordParams)
	}
}

func TestLoginRefusesControlCharacters(t *testing.T) {
	st := testutil.OpenStore(t, testutil.SQLite)
	_, _, _, err := Login(context.Background(), st.Client, NewThrottle(st), Attempt{Username: "ad\x00min", Password: "password-1", Address: "10.0.0.1"}, time.Now())
	var se *StaffInputError
	if !errors.As(err, &se) {
		t.Errorf("username with NUL: %v, want a StaffInputError", err)
	}
}
