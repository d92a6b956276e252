package cli

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/linedesk/linedesk/internal/testutil"
)

func run(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBadSettingsEndWithOneClearLine(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "afile")
	if err := os.WriteFile(file, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	db := "sqlite://" + filepath.Join(dir, "db", "l.db")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"port in use", []string{"serve", "--db", db, "--data-dir", dir, "--http", busy.Addr().String()}, "cannot listen on --http"},
		{"bad http address", []string{"serve", "--db", db, "--data-dir", dir, "--http", "nonsense"}, "not a host:port"},
		{"bad database URL", []string{"migrate", "--db", "mysql://x", "--data-dir", dir}, "bad database URL"},
		{"unreachable database", []string{"migrate", "--db", "postgres://postgres@127.0.0.1:1/x?sslmode=disable&connect_timeout=2", "--data-dir", dir}, "not reachable"},
		{"malformed key", []string{"migrate", "--db", db, "--data-dir", dir, "--secret-key", "abc"}, "64 hexadecimal"},
		{"data dir is a file", []string{"migrate", "--db", db, "--data-dir", file}, "is a file"},
		{"unknown command", []string{"frobnicate"}, "unknown command"},
		{"admin without role", []string{"admin", "create", "--db", db, "--data-dir", dir, "--username", "x", "--password", "longenoughpw", "--role", "king"}, "--role must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := run(t, tt.args...)
			if code == 0 {
				t.Fatalf("exit code 0, want non-zero")
			}
			if !strings.Contains(stderr, tt.want) {
				t.Fatalf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
			if n := strings.Count(strings.TrimSpace(stderr), "\n"); n > 0 && tt.name != "unknown command" {
				t.Fatalf("stderr has %d lines, want one: %q", n+1, stderr)
			}
		})
	}
}

func TestWrongKeyRefused(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite://" + filepath.Join(dir, "l.db")
	keyA := strings.Repeat("a", 64)
	keyB := strings.Repeat("b", 64)
	if code, _, stderr := run(t, "migrate", "--db", db, "--data-dir", dir, "--secret-key", keyA); code != 0 {
		t.Fatalf("migrate with key A: %s", stderr)
	}
	code, _, stderr := run(t, "migrate", "--db", db, "--data-dir", dir, "--secret-key", keyB)
	if code == 0 || !strings.Contains(stderr, "does not match") {
		t.Fatalf("migrate with key B: code %d, stderr %q", code, stderr)
	}
}

func TestAdminCreateAndMigrateOnBothDatabases(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			dir := t.TempDir()
			db := testutil.DSN(t, kind)
			if code, out, stderr := run(t, "migrate", "--db", db, "--data-dir", dir); code != 0 || !strings.Contains(out, "up to date") {
				t.Fatalf("migrate: code %d out %q err %q", code, out, stderr)
			}
			st, err := os.Stat(filepath.Join(dir, "secret.key"))
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("key file not created with 0600: %v", err)
			}
			args := []string{"admin", "create", "--db", db, "--data-dir", dir, "--username", "Ops1", "--password", "a-long-password", "--role", "operator"}
			if code, out, stderr := run(t, args...); code != 0 || !strings.Contains(out, "created operator ops1") {
				t.Fatalf("admin create: code %d out %q err %q", code, out, stderr)
			}
			if code, _, stderr := run(t, args...); code == 0 || !strings.Contains(stderr, "already exists") {
				t.Fatalf("duplicate admin create: code %d err %q", code, stderr)
			}
		})
	}
}
