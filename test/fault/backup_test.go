package fault

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

// TestBackupRoundTrip takes `linedesk backup` of a serving linedesk in the middle of a
// router's accounting load (encrypted, with the key) and again once the load is over, restores
// each into an empty database with `linedesk restore`, and compares every customer, ledger row
// and session: the final backup must equal the source exactly, the one taken under load must
// hold every customer and ledger row and only sessions the source has. Restoring into a
// non-empty database and with a wrong passphrase must be refused. SQLite and PostgreSQL.
func TestBackupRoundTrip(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) { backupRoundTrip(t, kind) })
	}
}

func backupRoundTrip(t *testing.T, kind string) {
	dsn := testutil.DSN(t, kind)
	srv := kit.Watch(t.Name(), testutil.StartServer(t, dsn))
	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	fx, err := kit.Setup(ctx, srv, "127.0.0.1", nasSecret, "bk", 20)
	if err != nil {
		t.Fatalf("setup: %v\n%s", err, tail(srv.Logs()))
	}
	for i, u := range fx.Usernames[:10] {
		if err := kit.GQL(ctx, srv, fx.Token, payQ, map[string]any{"c": fx.CustomerIDs[u], "a": 1000 + i, "r": fmt.Sprintf("BK%04d", i)}, nil); err != nil {
			t.Fatal(err)
		}
	}
	dir := t.TempDir()
	pass := filepath.Join(dir, "passphrase")
	if err := os.WriteFile(pass, []byte("correct horse battery staple\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	kit.Known.Add("backup passphrase", "correct horse battery staple")

	acct := &kit.AcctLoad{Addr: srv.Acct, Secret: []byte(nasSecret), Users: fx.Usernames, Prefix: "bk-" + kit.RandomPrefix(),
		Sessions: 2, Interims: 20, Pause: 200 * time.Millisecond}
	began := time.Now()
	done := make(chan error, 1)
	go func() { done <- acct.Run(ctx) }()
	time.Sleep(1500 * time.Millisecond)
	mid := filepath.Join(dir, "mid.backup")
	backupAt := time.Now()
	out := linedesk(t, srv.Env, "backup", "--out", mid, "--with-key", "--passphrase-file", pass)
	backupEnd := time.Now()
	t.Logf("backup under load in %v: %s", backupEnd.Sub(backupAt).Round(time.Millisecond), strings.TrimSpace(out))
	if err := <-done; err != nil {
		t.Fatalf("accounting load: %v", err)
	}
	before, during := acct.AckedBetween(began, backupAt), acct.AckedBetween(backupAt, backupEnd)
	if before == 0 || during == 0 {
		t.Fatalf("the backup was not taken under load: %d accounting answers before it, %d while it ran", before, during)
	}
	final := filepath.Join(dir, "final.backup")
	linedesk(t, srv.Env, "backup", "--out", final)

	source := tables(ctx, t, dsn)
	if len(source["sessions"]) < 2*len(fx.Usernames) || len(source["transactions"]) < 10 {
		t.Fatalf("source has %d sessions and %d ledger rows: the load did not arrive", len(source["sessions"]), len(source["transactions"]))
	}

	// The final backup restores into an empty database (key given as today) exactly.
	into := testutil.DSN(t, kind)
	linedesk(t, []string{"LINEDESK_DB=" + into, "LINEDESK_DATA_DIR=" + t.TempDir(), "LINEDESK_SECRET_KEY=" + testutil.TestKeyHex}, "restore", final)
	restored := tables(ctx, t, into)
	for _, table := range []string{"customers", "transactions", "sessions"} {
		if diff := compareRows(source[table], restored[table], false); diff != "" {
			t.Errorf("final backup, table %s: %s", table, diff)
		}
	}

	// The backup taken under load: encrypted, holds the key, a consistent earlier state.
	into2, data2 := testutil.DSN(t, kind), t.TempDir()
	env2 := []string{"LINEDESK_DB=" + into2, "LINEDESK_DATA_DIR=" + data2, "LINEDESK_SECRET_KEY="}
	if out, err := run(t, env2, "restore", mid); err == nil || !strings.Contains(out, "passphrase") {
		t.Errorf("restoring an encrypted backup without its passphrase: err %v, output %q", err, out)
	}
	bad := filepath.Join(dir, "wrong")
	_ = os.WriteFile(bad, []byte("not the right passphrase\n"), 0o600)
	if out, err := run(t, env2, "restore", mid, "--passphrase-file", bad); err == nil || !strings.Contains(out, "passphrase") {
		t.Errorf("restoring with a wrong passphrase: err %v, output %q", err, out)
	}
	linedesk(t, env2, "restore", mid, "--passphrase-file", pass)
	if b, err := os.ReadFile(filepath.Join(data2, "secret.key")); err != nil || strings.TrimSpace(string(b)) != testutil.TestKeyHex {
		t.Errorf("the key was not restored from the backup: %v", err)
	}
	midRows := tables(ctx, t, into2)
	// Customers' usage counters moved on after the backup under load: compare who, not what.
	if diff := compareRows(ids(source["customers"]), ids(midRows["customers"]), false); diff != "" {
		t.Errorf("backup under load, customers: %s", diff)
	}
	if diff := compareRows(source["transactions"], midRows["transactions"], false); diff != "" {
		t.Errorf("backup under load, ledger: %s", diff)
	}
	if diff := compareRows(source["sessions"], midRows["sessions"], true); diff != "" && !strings.HasPrefix(diff, "changed") {
		t.Errorf("backup under load, sessions: %s", diff)
	}
	t.Logf("%d customers, %d ledger rows, %d sessions restored equal; the backup under load held %d sessions",
		len(restored["customers"]), len(restored["transactions"]), len(restored["sessions"]), len(midRows["sessions"]))

	// A database that holds tables is never restored into.
	if out, err := run(t, srv.Env, "restore", final); err == nil || !strings.Contains(out, "not empty") {
		t.Errorf("restore into the serving database: err %v, output %q", err, out)
	}
}

// run runs the linedesk binary with env added and returns its combined output.
func run(t *testing.T, env []string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command(testutil.Binary(t), args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	kit.Record(string(out))
	return string(out), err
}

// linedesk runs the binary and fails the test when it fails.
func linedesk(t *testing.T, env []string, args ...string) string {
	t.Helper()
	out, err := run(t, env, args...)
	if err != nil {
		t.Fatalf("linedesk %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// tables reads every row of customers, transactions and sessions, each as text, by id.
func tables(ctx context.Context, t *testing.T, dsn string) map[string]map[string]string {
	t.Helper()
	st, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	out := map[string]map[string]string{}
	for _, table := range []string{"customers", "transactions", "sessions"} {
		rows, err := st.DB.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY id")
		if err != nil {
			t.Fatal(err)
		}
		out[table] = readRows(t, rows)
	}
	return out
}

func readRows(t *testing.T, rows *sql.Rows) map[string]string {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	m := map[string]string{}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		// By column name: a restored-and-migrated table may order its columns differently.
		byName := make([]string, len(cols))
		id := ""
		for i, c := range cols {
			if b, ok := vals[i].([]byte); ok {
				vals[i] = string(b)
			}
			byName[i] = fmt.Sprintf("%s=%v", c, vals[i])
			if c == "id" {
				id = fmt.Sprint(vals[i])
			}
		}
		sort.Strings(byName)
		m[id] = strings.Join(byName, " ")
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return m
}

// ids keeps the rows' ids only.
func ids(rows map[string]string) map[string]string {
	out := map[string]string{}
	for id := range rows {
		out[id] = id
	}
	return out
}

// compareRows says how got differs from want ("" when equal). subset: got may lack rows of
// want (a backup taken earlier), but must hold no other row.
func compareRows(want, got map[string]string, subset bool) string {
	var missing, extra, changed []string
	for id, w := range want {
		g, ok := got[id]
		switch {
		case !ok && !subset:
			missing = append(missing, id)
		case ok && g != w:
			changed = append(changed, id)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			extra = append(extra, id)
		}
	}
	switch {
	case len(missing)+len(extra) > 0:
		return fmt.Sprintf("%d rows missing, %d rows extra (want %d, got %d)", len(missing), len(extra), len(want), len(got))
	case len(changed) > 0:
		return fmt.Sprintf("changed: %d rows differ, e.g. id %s", len(changed), changed[0])
	}
	return ""
}
