// Package security proves that linedesk refuses hostile input: RADIUS floods from unknown
// addresses, wrong secrets, missing Message-Authenticators, replays and malformed packets;
// GraphQL calls without the right token or role, oversized and multiplying queries, password
// guessing, bad CSV; and that the web answers carry the browser protections, origins are
// checked and no secret reaches a log or a response. Each test prints what it counted.
package security

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

func TestMain(m *testing.M) { kit.Main(m) }

const nasSecret = "security-nas-secret-91c2"

type env struct {
	srv *testutil.Server
	db  *sql.DB
	fx  *kit.Fixture
}

func start(t *testing.T, prefix string, n int, extraEnv ...string) *env {
	t.Helper()
	dsn := testutil.PostgresDSN(t)
	began := time.Now()
	e := &env{srv: kit.Watch(t.Name(), testutil.StartServer(t, dsn, extraEnv...))}
	started := time.Now()
	db, err := kit.OpenDB(dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e.db = db
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if e.fx, err = kit.Setup(ctx, e.srv, "127.0.0.1", nasSecret, prefix, n); err != nil {
		t.Fatalf("setup: %v\n%s", err, tail(e.srv.Logs()))
	}
	t.Logf("linedesk serve started in %v; set up in %v", started.Sub(began).Round(time.Millisecond), time.Since(started).Round(time.Millisecond))
	return e
}

func tail(logs string) string {
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return "--- server log (tail) ---\n" + strings.Join(lines, "\n")
}

func jsonUnmarshal(b string, v any) error { return json.Unmarshal([]byte(b), v) }
