package testutil

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/gqlclient"
)

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// ModuleRoot is the repository root (the directory of go.mod).
func ModuleRoot(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

// Binary builds bin/linedesk for this test process once (without the dashboard) and
// returns its path.
func Binary(t testing.TB) string {
	t.Helper()
	root := ModuleRoot(t)
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "linedesk-bin-")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, "linedesk")
		cmd := exec.Command("go", "build", "-o", buildPath, "./cmd/linedesk")
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// FreePort returns a free TCP (and, in practice, UDP) port on 127.0.0.1.
func FreePort(t testing.TB) int {
	t.Helper()
	for i := 0; i < 20; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		u, err := net.ListenPacket("udp", fmt.Sprintf("127.0.0.1:%d", port))
		if err != nil {
			continue
		}
		u.Close()
		return port
	}
	t.Fatal("no free port")
	return 0
}

// syncBuffer is a goroutine-safe log buffer.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Server is a running `linedesk serve` process.
type Server struct {
	t                testing.TB
	cmd              *exec.Cmd
	HTTP, Auth, Acct string // addresses
	DSN, DataDir     string
	Env              []string
	out, err         *syncBuffer
	exited           chan struct{}
}

// AdminPassword is the first admin's password in servers started by StartServer.
const AdminPassword = "admin-test-password"

// StartServer starts `linedesk serve` on dsn with free ports and waits until /healthz answers.
// extraEnv entries ("K=V") are added to its environment.
func StartServer(t testing.TB, dsn string, extraEnv ...string) *Server {
	t.Helper()
	s := &Server{t: t, DSN: dsn, DataDir: t.TempDir()}
	s.HTTP = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	s.Auth = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	s.Acct = fmt.Sprintf("127.0.0.1:%d", FreePort(t))
	s.Env = append([]string{
		"LINEDESK_DB=" + dsn, "LINEDESK_HTTP=" + s.HTTP, "LINEDESK_RADIUS_AUTH=" + s.Auth,
		"LINEDESK_RADIUS_ACCT=" + s.Acct, "LINEDESK_DATA_DIR=" + s.DataDir,
		"LINEDESK_SECRET_KEY=" + TestKeyHex, "LINEDESK_ADMIN_PASSWORD=" + AdminPassword,
	}, extraEnv...)
	s.start()
	t.Cleanup(func() { s.Stop() })
	return s
}

func (s *Server) start() {
	s.t.Helper()
	s.out, s.err = &syncBuffer{}, &syncBuffer{}
	s.cmd = exec.Command(Binary(s.t), "serve")
	s.cmd.Env = append(os.Environ(), s.Env...)
	s.cmd.Stdout, s.cmd.Stderr = s.out, s.err
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("starting linedesk serve: %v", err)
	}
	s.exited = make(chan struct{})
	go func() { _ = s.cmd.Wait(); close(s.exited) }()
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-s.exited:
			s.t.Fatalf("linedesk serve exited early:\n%s\n%s", s.out.String(), s.err.String())
		default:
		}
		resp, err := http.Get("http://" + s.HTTP + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("linedesk serve did not become healthy:\n%s", s.err.String())
}

// Restart starts the process again with the same settings (after Stop or Kill).
func (s *Server) Restart() { s.start() }

// Logs returns what the process wrote to stdout and stderr.
func (s *Server) Logs() string { return s.out.String() + s.err.String() }

// Signal sends sig and waits (up to 30 s) for the process to exit.
func (s *Server) Signal(sig syscall.Signal) {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.exited:
		return
	default:
	}
	_ = s.cmd.Process.Signal(sig)
	select {
	case <-s.exited:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.exited
	}
}

// Stop ends the process gracefully (SIGTERM).
func (s *Server) Stop() { s.Signal(syscall.SIGTERM) }

// Kill ends the process with SIGKILL.
func (s *Server) Kill() { s.Signal(syscall.SIGKILL) }

// GraphQLError is one error of a GraphQL response.
type GraphQLError = gqlclient.Error

// GraphQL posts a query with an optional bearer token and decodes data into out (may be nil).
func (s *Server) GraphQL(ctx context.Context, token, query string, vars map[string]any, out any) ([]GraphQLError, error) {
	return gqlclient.Post(ctx, "http://"+s.HTTP+"/graphql", token, query, vars, out)
}

// Login logs in as user and returns the token.
func (s *Server) Login(ctx context.Context, user, password string) (string, error) {
	return gqlclient.Login(ctx, "http://"+s.HTTP+"/graphql", user, password)
}
