// Package fault proves that linedesk holds under faults: the database cut off or its
// connections terminated in the middle of a router's accounting and authentication load,
// `linedesk serve` killed with SIGKILL and restarted, and SIGTERM draining in-flight
// accounting. Each test prints what it did and counted.
package fault

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/linedesk/linedesk/internal/testutil"
	"github.com/linedesk/linedesk/test/fault/kit"
)

func TestMain(m *testing.M) { kit.Main(m) }

// env is one test's server, direct database handle and fixture.
type env struct {
	srv   *testutil.Server
	db    *sql.DB
	fx    *kit.Fixture
	proxy *kit.Proxy
}

const nasSecret = "fault-nas-secret-7f3a"

// start runs linedesk serve on a fresh PostgreSQL database, through a TCP proxy when
// withProxy, and creates n customers.
func start(t *testing.T, withProxy bool, prefix string, n int, extraEnv ...string) *env {
	t.Helper()
	dsn := testutil.PostgresDSN(t)
	e := &env{}
	serveDSN := dsn
	if withProxy {
		target, err := kit.TargetOf(dsn)
		if err != nil {
			t.Fatal(err)
		}
		if e.proxy, err = kit.NewProxy(target); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { e.proxy.Close() })
		if serveDSN, err = e.proxy.RewriteDSN(dsn); err != nil {
			t.Fatal(err)
		}
	}
	began := time.Now()
	e.srv = kit.Watch(t.Name(), testutil.StartServer(t, serveDSN, extraEnv...))
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
	t.Logf("linedesk serve started in %v; %d customers created in %v", started.Sub(began).Round(time.Millisecond), n, time.Since(started).Round(time.Millisecond))
	return e
}

// tail is the end of a server's logs for failure messages.
func tail(logs string) string {
	lines := strings.Split(strings.TrimSpace(logs), "\n")
	if len(lines) > 30 {
		lines = lines[len(lines)-30:]
	}
	return "--- server log (tail) ---\n" + strings.Join(lines, "\n")
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// gqlCode runs a query and returns the first error's extensions.code ("" when none) and
// the transport error.
func gqlCode(ctx context.Context, s *testutil.Server, token, q string) (string, string, error) {
	errs, err := s.GraphQL(ctx, token, q, nil, nil)
	if err != nil {
		return "", "", err
	}
	if len(errs) == 0 {
		return "", "", nil
	}
	code, _ := errs[0].Extensions["code"].(string)
	kit.Record(errs[0].Message)
	return code, errs[0].Message, nil
}
