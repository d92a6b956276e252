package security

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// passwordHashesMetric counts the argon2id computations of a linedesk process.
const passwordHashesMetric = "linedesk_staff_password_hashes_total"

// loginFrom posts a login mutation to the server at httpAddr from the source address ip
// (any 127.0.0.0/8 address: the whole block is loopback on Linux), with extra headers.
// It returns the error code of the answer ("" with the token when it signed in).
func loginFrom(ctx context.Context, httpAddr, ip, user, pass string, hdr map[string]string) (code, token string, err error) {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: 10 * time.Second}
	c := &http.Client{Transport: &http.Transport{DialContext: d.DialContext, DisableKeepAlives: true}}
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($u:String!,$p:String!){login(username:$u,password:$p){token}}`,
		"variables": map[string]any{"u": user, "p": pass},
	})
	req, err := http.NewRequestWithContext(ctx, "POST", "http://"+httpAddr+"/graphql", bytes.NewReader(body))
	if err != nil {
		return "", "", err
	}
	req.Header.Set("Content-Type", "application/json")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := c.Do(req)
	if err != nil {
		return "", "", err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	var env struct {
		Data struct {
			Login *struct{ Token string }
		}
		Errors []testutil.GraphQLError
	}
	if err := json.Unmarshal(raw, &env); err != nil {
		return "", "", fmt.Errorf("HTTP %d %q: %w", resp.StatusCode, raw, err)
	}
	if len(env.Errors) > 0 {
		kit.Record(env.Errors[0].Message)
		return env.Errors[0].Code(), "", nil
	}
	if env.Data.Login == nil || env.Data.Login.Token == "" {
		return "", "", fmt.Errorf("no token and no error: %s", raw)
	}
	kit.Known.Add("login token", env.Data.Login.Token)
	return "", env.Data.Login.Token, nil
}

// procStatusKiB reads a "VmXXX:" line of /proc/PID/status in KiB.
func procStatusKiB(t *testing.T, pid int, field string) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, field+":"); ok {
			if f := strings.Fields(v); len(f) > 0 {
				n, err := strconv.Atoi(f[0])
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
		}
	}
	t.Fatalf("no %s in /proc/%d/status", field, pid)
	return 0
}

// hashesOf scrapes a server's count of argon2id computations (-1 when it has no such metric).
func hashesOf(ctx context.Context, t *testing.T, s *testutil.Server) int {
	t.Helper()
	m, err := kit.Scrape(ctx, s.HTTP)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := m[passwordHashesMetric]; !ok {
		return -1
	}
	return int(m.Sum(passwordHashesMetric))
}

// TestLoginBurstIsBounded sends 40 concurrent wrong passwords for one staff user from 40
// source addresses, to one linedesk process and then to two processes sharing one
// PostgreSQL database (20 to each). At most 5 passwords are hashed in all (the per-username
// reservations live in the database), the rest are answered TOO_MANY_REQUESTS without a
// hash, each process's resident memory grows by less than 400 MB (each hash takes 64 MiB),
// and the owner signs in from an address without failures within 30 s.
func TestLoginBurstIsBounded(t *testing.T) {
	for _, instances := range []int{1, 2} {
		t.Run(fmt.Sprintf("%d instances", instances), func(t *testing.T) {
			e := start(t, "lb", 0)
			servers := []*testutil.Server{e.srv}
			if instances == 2 {
				servers = append(servers, kit.Watch(t.Name()+" #2", testutil.StartServer(t, e.srv.DSN)))
			}
			ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
			defer cancel()
			user, pass := "burst-owner", "Owner-Pass-"+testutil.RandomHex(4)
			kit.Known.Add("staff password", pass)
			if err := kit.GQL(ctx, e.srv, e.fx.Token, `mutation($u:String!,$p:String!){createStaff(input:{username:$u,password:$p,role:OPERATOR}){id}}`,
				map[string]any{"u": user, "p": pass}, nil); err != nil {
				t.Fatal(err)
			}
			hashes0, rss0 := make([]int, len(servers)), make([]int, len(servers))
			for i, s := range servers {
				hashes0[i], rss0[i] = hashesOf(ctx, t, s), procStatusKiB(t, s.PID(), "VmRSS")
			}

			codes := burst(ctx, t, servers, user, 40)

			var hashed int
			for i, s := range servers {
				h := hashesOf(ctx, t, s)
				if h < 0 || hashes0[i] < 0 {
					t.Errorf("instance %d: /metrics has no %s", i+1, passwordHashesMetric)
				}
				hashed += h - hashes0[i]
				growth := (procStatusKiB(t, s.PID(), "VmHWM") - rss0[i]) / 1024
				fmt.Printf("login burst, %d instance(s): instance %d resident memory %d MB before, peak growth %d MB\n",
					instances, i+1, rss0[i]/1024, growth)
				if growth >= 400 {
					t.Errorf("instance %d: resident memory grew by %d MB during the burst (limit 400 MB)", i+1, growth)
				}
			}
			fmt.Printf("login burst, %d instance(s): 40 concurrent wrong passwords from 40 addresses: %v, %d passwords hashed\n",
				instances, codes, hashed)
			if codes["UNAUTHENTICATED"] > 5 || hashed > 5 {
				t.Errorf("%d wrong passwords checked (%d hashes); the limit is 5 in flight per username across instances",
					codes["UNAUTHENTICATED"], hashed)
			}
			if codes["UNAUTHENTICATED"]+codes["TOO_MANY_REQUESTS"] != 40 {
				t.Errorf("answers %v: want only UNAUTHENTICATED and TOO_MANY_REQUESTS", codes)
			}
			ownerSignsIn(ctx, t, servers[len(servers)-1], "127.0.2.1", user, pass)
		})
	}
}

// burst sends n concurrent wrong logins for user from n source addresses, spread over the
// servers, and counts the answers' codes.
func burst(ctx context.Context, t *testing.T, servers []*testutil.Server, user string, n int) map[string]int {
	t.Helper()
	var mu sync.Mutex
	codes := map[string]int{}
	var wg sync.WaitGroup
	gate := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-gate
			s := servers[i%len(servers)]
			code, _, err := loginFrom(ctx, s.HTTP, fmt.Sprintf("127.0.1.%d", 10+i), user, fmt.Sprintf("wrong-guess-%02d", i), nil)
			if err != nil {
				code = "error: " + err.Error()
			}
			mu.Lock()
			codes[code]++
			mu.Unlock()
		}()
	}
	close(gate)
	wg.Wait()
	return codes
}

// ownerSignsIn retries the owner's login from ip (an address without failures) while it is
// answered TOO_MANY_REQUESTS, and fails the test unless it gets in within 30 s.
func ownerSignsIn(ctx context.Context, t *testing.T, s *testutil.Server, ip, user, pass string) {
	t.Helper()
	began := time.Now()
	tries := 0
	for {
		tries++
		code, token, err := loginFrom(ctx, s.HTTP, ip, user, pass, nil)
		if err != nil {
			t.Fatal(err)
		}
		if token != "" {
			fmt.Printf("the owner signed in from %s after %v (%d tries)\n", ip, time.Since(began).Round(time.Millisecond), tries)
			return
		}
		if code != "TOO_MANY_REQUESTS" || time.Since(began) > 30*time.Second {
			t.Fatalf("the owner could not sign in from %s: %s after %v (%d tries); a username must not be lockable by others",
				ip, code, time.Since(began).Round(time.Millisecond), tries)
		}
		time.Sleep(500 * time.Millisecond)
	}
}
