package security

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// TestFirstAdminPasswordNotInLogs starts `linedesk serve` on an empty database without
// LINEDESK_ADMIN_PASSWORD and with stdout to a pipe (as under systemd or docker, where stdout
// is a captured log): the generated password is not in the output, it is in
// <data-dir>/admin-password (mode 0600, the password alone), the output names only that file,
// and the password logs in.
func TestFirstAdminPasswordNotInLogs(t *testing.T) {
	srv := kit.Watch(t.Name(), testutil.StartServer(t, testutil.PostgresDSN(t), "LINEDESK_ADMIN_PASSWORD="))
	file := filepath.Join(srv.DataDir, "admin-password")
	info, err := os.Stat(file)
	if err != nil {
		t.Fatalf("no password file: %v\n%s", err, tail(srv.Logs()))
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("%s has mode %v, want 0600", file, info.Mode().Perm())
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	password := string(raw)
	kit.Known.Add("generated first admin password", password)
	if len(password) < 12 || strings.ContainsAny(password, " \r\n") {
		t.Fatalf("the password file holds %d bytes, not a password alone", len(raw))
	}
	logs := srv.Logs()
	if strings.Contains(logs, password) {
		t.Fatal("the generated password is in the output")
	}
	if !strings.Contains(logs, file) {
		t.Fatalf("the output does not name %s:\n%s", file, tail(logs))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := srv.Login(ctx, "admin", password); err != nil {
		t.Fatalf("logging in with the password from the file: %v", err)
	}
	srv.Stop()
	// A second start (the admin exists) leaves the file alone and prints no password either.
	srv.Restart()
	if after, _ := os.ReadFile(file); string(after) != password {
		t.Fatal("the password file changed on the second start")
	}
}
