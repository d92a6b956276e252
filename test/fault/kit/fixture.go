package kit

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"layeh.com/radius"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/radius/client"
)

// Fixture is what Setup created through GraphQL.
type Fixture struct {
	Token       string // admin login token
	ProfileID   string
	NasID       string
	Passwords   map[string]string // username → PPPoE password
	CustomerIDs map[string]string // username → global ID
	Usernames   []string
}

// GQL runs a GraphQL operation and fails on transport or GraphQL errors.
func GQL(ctx context.Context, s *testutil.Server, token, query string, vars map[string]any, out any) error {
	errs, err := s.GraphQL(ctx, token, query, vars, out)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return fmt.Errorf("GraphQL: %s (%v)", errs[0].Message, errs[0].Extensions["code"])
	}
	return nil
}

// Setup logs in as admin and creates a profile, a NAS at nasIP with secret, and n customers
// named prefix0000.. with known passwords; then waits until RADIUS accepts the last one.
func Setup(ctx context.Context, s *testutil.Server, nasIP, secret, prefix string, n int) (*Fixture, error) {
	token, err := s.Login(ctx, "admin", testutil.AdminPassword)
	if err != nil {
		return nil, fmt.Errorf("admin login: %w", err)
	}
	f := &Fixture{Token: token, Passwords: map[string]string{}, CustomerIDs: map[string]string{}}
	Known.Add("admin password", testutil.AdminPassword)
	Known.Add("login token", token)
	Known.Add("NAS secret", secret)
	var prof struct{ CreateProfile struct{ ID string } }
	if err := GQL(ctx, s, token, `mutation($n:String!){createProfile(input:{name:$n,downloadKbps:20000,uploadKbps:5000,validityDays:30,price:150000}){id}}`,
		map[string]any{"n": "Fault " + prefix}, &prof); err != nil {
		return nil, fmt.Errorf("createProfile: %w", err)
	}
	f.ProfileID = prof.CreateProfile.ID
	var nas struct{ CreateNas struct{ ID string } }
	if err := GQL(ctx, s, token, `mutation($ip:String!,$s:String!,$n:String!){createNas(input:{name:$n,ipAddress:$ip,secret:$s,coaPort:3799}){id}}`,
		map[string]any{"ip": nasIP, "s": secret, "n": "router-" + prefix}, &nas); err != nil {
		return nil, fmt.Errorf("createNas: %w", err)
	}
	f.NasID = nas.CreateNas.ID
	var mu sync.Mutex
	var wg sync.WaitGroup
	errc := make(chan error, n)
	sem := make(chan struct{}, 4)
	for i := 0; i < n; i++ {
		user := fmt.Sprintf("%s%04d", prefix, i)
		pass := "Pw-" + prefix + "-" + strconv.Itoa(i) + "-" + testutil.RandomHex(4)
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			var out struct {
				CreateCustomer struct{ Customer struct{ ID string } }
			}
			phone := fmt.Sprintf("+2547%08d", 10000000+i+int(time.Now().UnixNano()%1000)*10000)
			if err := GQL(ctx, s, token, `mutation($u:String!,$pw:String!,$ph:String!,$p:ID!){createCustomer(input:{username:$u,password:$pw,phone:$ph,profileID:$p}){customer{id}}}`,
				map[string]any{"u": user, "pw": pass, "ph": phone, "p": f.ProfileID}, &out); err != nil {
				errc <- fmt.Errorf("createCustomer %s: %w", user, err)
				return
			}
			Known.Add("PPPoE password", pass)
			mu.Lock()
			f.Passwords[user] = pass
			f.CustomerIDs[user] = out.CreateCustomer.Customer.ID
			f.Usernames = append(f.Usernames, user)
			mu.Unlock()
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		return nil, err
	}
	// The RADIUS snapshot follows the change feed within a second or so.
	last := fmt.Sprintf("%s%04d", prefix, n-1)
	if n > 0 {
		if err := WaitAccept(ctx, s.Auth, "", []byte(secret), last, f.Passwords[last], 15*time.Second); err != nil {
			return nil, err
		}
		// The customers were created concurrently, so the snapshot poll that let the last one
		// in may have run before a sibling committed. Every poll that starts from now on sees
		// them all: wait out two poll intervals (0.5 s each) before the load begins.
		select {
		case <-time.After(1200 * time.Millisecond):
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return f, nil
}

// WaitAccept retries an Access-Request until it is accepted.
func WaitAccept(ctx context.Context, addr, source string, secret []byte, user, pass string, within time.Duration) error {
	deadline := time.Now().Add(within)
	var last string
	for time.Now().Before(deadline) {
		p, verify, err := client.NewAccessRequest(secret, client.PAP, user, pass)
		if err != nil {
			return err
		}
		reply, err := SendFrom(ctx, source, addr, p, verify, 300*time.Millisecond, time.Second)
		if err == nil && reply.Code == radius.CodeAccessAccept {
			return nil
		}
		if err != nil {
			last = err.Error()
		} else {
			last = reply.Code.String()
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("RADIUS never accepted %s within %v (last: %s)", user, within, last)
}

// Secrets collects the known test secrets and finds them in text.
type Secrets struct {
	mu   sync.Mutex
	vals map[string]string // value → description
}

// Add registers secret values under a description (e.g. "PPPoE password").
func (s *Secrets) Add(what string, vals ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.vals == nil {
		s.vals = map[string]string{}
	}
	for _, v := range vals {
		if len(v) >= 6 { // shorter strings match by accident
			s.vals[v] = what
		}
	}
}

// Len is how many secrets are known.
func (s *Secrets) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.vals)
}

// Find returns a description of each known secret that text contains (never the secret).
func (s *Secrets) Find(text string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for v, what := range s.vals {
		if strings.Contains(text, v) {
			out = append(out, fmt.Sprintf("%s (%d characters, starting %q)", what, len(v), v[:2]))
		}
	}
	return out
}

// RSS is the resident set size of a process in KiB, from /proc/PID/status.
func RSS(pid int) (int, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(v)
			if len(f) > 0 {
				return strconv.Atoi(f[0])
			}
		}
	}
	return 0, fmt.Errorf("no VmRSS in /proc/%d/status", pid)
}
