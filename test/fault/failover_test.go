package fault

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// cluster is a PostgreSQL cluster run from a temporary directory as the postgres user.
type cluster struct {
	t         *testing.T
	bin, dir  string
	port      int
	uid, gid  int
	asPostgre bool // the test runs as root and switches to postgres for the tools
}

// pgBin finds PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup), newest first.
func pgBin(t *testing.T) string {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "pg_basebackup")); err == nil {
			return d
		}
	}
	testutil.Missing(t, "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup)")
	return ""
}

func versionOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

// newCluster prepares a cluster directory owned by postgres.
func newCluster(t *testing.T, bin, base, name string) *cluster {
	c := &cluster{t: t, bin: bin, dir: filepath.Join(base, name), port: testutil.FreePort(t)}
	u, err := user.Lookup("postgres")
	if err != nil {
		testutil.Missing(t, "the postgres user")
	}
	c.uid, _ = strconv.Atoi(u.Uid)
	c.gid, _ = strconv.Atoi(u.Gid)
	switch os.Geteuid() {
	case 0:
		c.asPostgre = true
	case c.uid:
	default:
		t.Skip("!!! SKIPPED: the failover test runs PostgreSQL clusters as the postgres user: run it as root or postgres")
	}
	return c
}

// run runs a PostgreSQL tool as postgres.
func (c *cluster) run(tool string, args ...string) string {
	c.t.Helper()
	path := filepath.Join(c.bin, tool)
	if c.asPostgre {
		args = append([]string{"--reuid=postgres", "--regid=postgres", "--init-groups", "--", path}, args...)
		path = "setpriv"
	}
	cmd := exec.Command(path, args...)
	cmd.Dir = "/"
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("%s %s: %v\n%s", tool, strings.Join(args, " "), err, out)
	}
	return string(out)
}

// conf appends settings to the cluster's postgresql.auto.conf (later lines win).
func (c *cluster) conf(lines ...string) {
	c.t.Helper()
	f, err := os.OpenFile(filepath.Join(c.dir, "postgresql.auto.conf"), os.O_APPEND|os.O_WRONLY, 0o600)
	if err != nil {
		c.t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(strings.Join(lines, "\n") + "\n"); err != nil {
		c.t.Fatal(err)
	}
}

func (c *cluster) start() {
	c.run("pg_ctl", "-D", c.dir, "-l", c.dir+".log", "-w", "-t", "60", "start")
}

func (c *cluster) stop(mode string) { c.run("pg_ctl", "-D", c.dir, "-m", mode, "-w", "stop") }

// replicatedPair starts a primary and a streaming replica of it (synchronous: a commit is
// acknowledged once the replica has it, as a failover that must lose no acknowledged
// accounting needs) and returns them with a multi-host DSN that finds the writable one.
func replicatedPair(t *testing.T) (primary, replica *cluster, dsn string) {
	bin := pgBin(t)
	base, err := os.MkdirTemp("", "linedesk-failover-")
	if err != nil {
		t.Fatal(err)
	}
	primary = newCluster(t, bin, base, "primary")
	replica = newCluster(t, bin, base, "replica")
	if err := os.Chown(base, primary.uid, primary.gid); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, c := range []*cluster{replica, primary} {
			_ = exec.Command("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--",
				filepath.Join(bin, "pg_ctl"), "-D", c.dir, "-m", "immediate", "stop").Run()
		}
		os.RemoveAll(base)
	})
	primary.run("initdb", "-D", primary.dir, "-U", "postgres", "--auth=trust", "--no-sync", "-E", "UTF8")
	primary.conf(fmt.Sprintf("port = %d", primary.port), "listen_addresses = '127.0.0.1'", "unix_socket_directories = '"+base+"'",
		"wal_level = replica", "max_wal_senders = 5", "fsync = off")
	primary.start()
	primary.run("psql", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-qc", "CREATE DATABASE linedesk")
	primary.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-D", replica.dir, "-R", "-X", "stream", "-c", "fast")
	replica.conf(fmt.Sprintf("port = %d", replica.port), "synchronous_standby_names = ''")
	replica.start()
	// Synchronous from now on (before, a commit would wait for a replica that does not exist).
	primary.run("psql", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-qc",
		"ALTER SYSTEM SET synchronous_standby_names = '*'")
	primary.run("psql", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres", "-qc", "SELECT pg_reload_conf()")
	// lib/pq reads a multi-host URL's ports from the port parameter, one per host.
	dsn = fmt.Sprintf("postgres://postgres@127.0.0.1,127.0.0.1/linedesk?port=%d,%d&sslmode=disable&target_session_attrs=read-write",
		primary.port, replica.port)
	return primary, replica, dsn
}

// TestPostgresFailover runs two linedesk instances on a primary with a synchronous streaming
// replica, under a router's accounting load (instance 1) and authentication load (instance 2);
// then the primary dies (immediate stop), the replica is promoted two seconds later, and the
// instances find it through the multi-host address (target_session_attrs=read-write). Every
// accounting request must end stored once with the router's last counters, authentication must
// be answered from the snapshot throughout, and both instances must write again by themselves.
func TestPostgresFailover(t *testing.T) {
	primary, replica, dsn := replicatedPair(t)
	const acctCustomers, authCustomers = 30, 10
	s1 := kit.Watch(t.Name()+"/1", testutil.StartServer(t, dsn))
	s2 := kit.Watch(t.Name()+"/2", testutil.StartServer(t, dsn))
	ctx, cancel := context.WithTimeout(context.Background(), 180*time.Second)
	defer cancel()
	fx, err := kit.Setup(ctx, s1, "127.0.0.1", nasSecret, "fo", acctCustomers+authCustomers)
	if err != nil {
		t.Fatalf("setup: %v\n%s", err, tail(s1.Logs()))
	}
	users := sortedUsers(fx)
	authUsers := map[string]string{}
	for _, u := range users[acctCustomers : acctCustomers+authCustomers-1] {
		authUsers[u] = fx.Passwords[u]
	}
	acct := &kit.AcctLoad{Addr: s1.Acct, Secret: []byte(nasSecret), Users: users[:acctCustomers], Prefix: "fo-" + kit.RandomPrefix(),
		Sessions: 2, Interims: 25, Pause: 200 * time.Millisecond, Retry: 500 * time.Millisecond, Timeout: 90 * time.Second}
	auth := &kit.AuthLoad{Addr: s2.Auth, Secret: []byte(nasSecret), Users: authUsers, Workers: 2,
		Pause: 20 * time.Millisecond, Retry: 300 * time.Millisecond, Timeout: 3 * time.Second}
	authCtx, stopAuth := context.WithCancel(ctx)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); auth.Run(authCtx) }()
	acctDone := make(chan error, 1)
	go func() { acctDone <- acct.Run(ctx) }()

	time.Sleep(3 * time.Second)
	down := time.Now()
	primary.stop("immediate")
	time.Sleep(2 * time.Second)
	replica.run("pg_ctl", "-D", replica.dir, "-w", "promote")
	promoted := time.Now()
	t.Logf("primary stopped (immediate); replica promoted after %v", promoted.Sub(down).Round(time.Millisecond))

	if err := <-acctDone; err != nil {
		t.Errorf("accounting load: %v", err)
	}
	stopAuth()
	wg.Wait()

	db, err := kit.OpenDB(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := kit.SessionRows(ctx, db, acct.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	rep := kit.CheckAccounting(acct.States(), rows)
	sent, tx, answered, gaveUp := acct.Counters()
	usageChecked, usageProblems, err := kit.UsageMismatches(ctx, db, users[:acctCustomers])
	if err != nil {
		t.Fatal(err)
	}
	results := auth.Results()
	all := kit.Tally(results, time.Time{}, time.Time{})
	during := kit.Tally(results, down, promoted)
	fmt.Printf("postgres failover: accounting: %s sent, %s stored, %d duplicated, %d lost, %d wrong, %s retransmissions, %d unanswered; usage of %d customers checked, %d wrong\n",
		thousands(sent), thousands(int64(rep.Stored)), rep.Duplicated, rep.Lost, rep.Wrong, thousands(tx-sent), gaveUp, usageChecked, len(usageProblems))
	fmt.Printf("postgres failover: authentication: %d requests, %d accepted, %d rejected, %d unanswered; between the primary's death and the promotion %d accepted, %d rejected, %d unanswered\n",
		len(results), all[kit.Accept], all[kit.Reject], all[kit.NoAnswer], during[kit.Accept], during[kit.Reject], during[kit.NoAnswer])
	if !rep.OK() || answered != sent {
		t.Errorf("accounting after the failover: %s (sent %d, answered %d)", rep, sent, answered)
	}
	if len(usageProblems) > 0 {
		t.Errorf("period usage not counted exactly once:\n  %s", strings.Join(usageProblems, "\n  "))
	}
	if during[kit.Accept] == 0 || all[kit.Reject]+all[kit.NoAnswer] > 0 {
		t.Errorf("authentication was not answered from the snapshot throughout: %d accepted during the outage; overall %d rejected, %d unanswered",
			during[kit.Accept], all[kit.Reject], all[kit.NoAnswer])
	}
	// Both instances write again by themselves: a payment through each.
	for i, s := range []*testutil.Server{s1, s2} {
		token, err := s.Login(ctx, "admin", testutil.AdminPassword)
		if err == nil {
			err = kit.GQL(ctx, s, token, payQ, map[string]any{"c": fx.CustomerIDs[users[i]], "a": 500, "r": fmt.Sprintf("FO%d", i)}, nil)
		}
		if err != nil {
			t.Errorf("instance %d does not write after the failover: %v\n%s", i+1, err, tail(s.Logs()))
		}
	}
}
