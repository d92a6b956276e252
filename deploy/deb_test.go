package deploy

import (
	"bufio"
	"context"
	"crypto/sha256"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/gqlclient"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestDebianPackage builds two versions of the package, installs the first with dpkg -i, runs
// the unit's ExecStart as the linedesk user (systemd may not run here), checks /healthz and
// signs in, upgrades to the second and checks the data survived (the admin's password still
// works, the key is unchanged), then removes (data kept) and purges (data, user and settings
// gone). It needs root and dpkg; it changes the machine, so it refuses to run where a linedesk
// package or user already exists.
func TestDebianPackage(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("!!! SKIPPED: the Debian package test installs with dpkg -i and needs root")
	}
	for _, tool := range []string{"dpkg", "setpriv"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("!!! SKIPPED: the Debian package test needs %s", tool)
		}
	}
	if out, err := exec.Command("dpkg", "-s", "linedesk").CombinedOutput(); err == nil && strings.Contains(string(out), "Status: install ok installed") {
		t.Fatal("a linedesk package is installed on this machine: the test will not touch it")
	}
	if _, err := user.Lookup("linedesk"); err == nil {
		t.Fatal("a linedesk user exists on this machine: the test will not touch it")
	}
	root := testutil.ModuleRoot(t)
	bin := testutil.Binary(t)
	out := t.TempDir()
	v1, v2 := buildDeb(t, root, bin, out, "0.0.1"), buildDeb(t, root, bin, out, "0.0.2")
	t.Cleanup(func() { _ = exec.Command("dpkg", "--purge", "linedesk").Run() })

	dpkg(t, "-i", v1)
	checkMode(t, "/var/lib/linedesk", 0o700, "linedesk")
	checkMode(t, "/etc/linedesk/linedesk.env", 0o640, "root")
	const password = "deb-test-admin-password"
	url := serveAsUnit(t, "LINEDESK_ADMIN_PASSWORD="+password)
	if _, err := gqlclient.Login(context.Background(), url+"/graphql", "admin", password); err != nil {
		t.Fatalf("signing in after the first start: %v", err)
	}
	keyBefore := fileSum(t, "/var/lib/linedesk/secret.key")
	stopUnit(t)

	dpkg(t, "-i", v2)
	if b, _ := exec.Command("dpkg-query", "-W", "-f", "${Version}", "linedesk").Output(); string(b) != "0.0.2" {
		t.Fatalf("after the upgrade dpkg says version %q", b)
	}
	url = serveAsUnit(t) // no admin password: a lost database would get a new, generated one
	if _, err := gqlclient.Login(context.Background(), url+"/graphql", "admin", password); err != nil {
		t.Fatalf("the data did not survive the upgrade (admin cannot sign in): %v", err)
	}
	if fileSum(t, "/var/lib/linedesk/secret.key") != keyBefore {
		t.Fatal("the upgrade changed the secret key")
	}
	stopUnit(t)

	dpkg(t, "-r", "linedesk")
	if _, err := os.Stat("/var/lib/linedesk/linedesk.db"); err != nil {
		t.Fatalf("remove (not purge) deleted the database: %v", err)
	}
	if _, err := os.Stat("/usr/bin/linedesk"); err == nil {
		t.Fatal("remove left /usr/bin/linedesk")
	}
	dpkg(t, "--purge", "linedesk")
	for _, p := range []string{"/var/lib/linedesk", "/etc/linedesk"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("purge left %s", p)
		}
	}
	if _, err := user.Lookup("linedesk"); err == nil {
		t.Error("purge left the linedesk user")
	}
}

func buildDeb(t *testing.T, root, bin, out, version string) string {
	t.Helper()
	cmd := exec.Command("scripts/deb.sh")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "DEB_BIN="+bin, "DEB_VERSION="+version, "DEB_OUT="+out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("scripts/deb.sh: %v\n%s", err, b)
	}
	return filepath.Join(out, "linedesk_"+version+"_amd64.deb")
}

func dpkg(t *testing.T, args ...string) {
	t.Helper()
	if b, err := exec.Command("dpkg", args...).CombinedOutput(); err != nil {
		t.Fatalf("dpkg %s: %v\n%s", strings.Join(args, " "), err, b)
	}
}

func checkMode(t *testing.T, path string, mode os.FileMode, owner string) {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != mode {
		t.Errorf("%s has mode %o, want %o", path, st.Mode().Perm(), mode)
	}
	b, _ := exec.Command("stat", "-c", "%U", path).Output()
	if strings.TrimSpace(string(b)) != owner {
		t.Errorf("%s is owned by %s, want %s", path, b, owner)
	}
}

func fileSum(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

var running *exec.Cmd

// serveAsUnit runs the installed unit's ExecStart as its User= with its EnvironmentFile=
// (ports moved to free ones) and waits for /healthz; it returns the base URL.
func serveAsUnit(t *testing.T, extraEnv ...string) string {
	t.Helper()
	unit := readKV(t, "/lib/systemd/system/linedesk.service", "=")
	env := []string{"PATH=/usr/bin:/bin"}
	for k, v := range readKV(t, unit["EnvironmentFile"], "=") {
		env = append(env, k+"="+v)
	}
	addr := fmt.Sprintf("127.0.0.1:%d", testutil.FreePort(t))
	env = append(env, "LINEDESK_HTTP="+addr, fmt.Sprintf("LINEDESK_RADIUS_AUTH=127.0.0.1:%d", testutil.FreePort(t)),
		fmt.Sprintf("LINEDESK_RADIUS_ACCT=127.0.0.1:%d", testutil.FreePort(t)))
	env = append(env, extraEnv...)
	args := append([]string{"--reuid=" + unit["User"], "--regid=" + unit["Group"], "--init-groups", "--"}, strings.Fields(unit["ExecStart"])...)
	cmd := exec.Command("setpriv", args...)
	cmd.Env, cmd.Dir = env, "/"
	var logs strings.Builder
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	running = cmd
	t.Cleanup(func() { stopUnit(t) })
	for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if resp, err := http.Get("http://" + addr + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return "http://" + addr
			}
		}
	}
	stopUnit(t)
	t.Fatalf("the unit's ExecStart did not become healthy:\n%s", logs.String())
	return ""
}

func stopUnit(t *testing.T) {
	if running == nil || running.Process == nil {
		return
	}
	_ = running.Process.Signal(os.Interrupt)
	done := make(chan struct{})
	go func() { _ = running.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		_ = running.Process.Kill()
		<-done
	}
	running = nil
}

// readKV reads KEY<sep>VALUE lines (comments and sections skipped).
func readKV(t *testing.T, path, sep string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, "[") {
			continue
		}
		if k, v, ok := strings.Cut(line, sep); ok {
			m[k] = v
		}
	}
	return m
}
