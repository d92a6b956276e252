// Package testutil gives tests their own fresh databases (PostgreSQL and SQLite), and
// skips or fails loudly when a system part they need is missing.
package testutil

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver

	"github.com/linedesk/linedesk/internal/secret"
	"github.com/linedesk/linedesk/internal/store"
)

// DefaultPostgres is the server tests use when TEST_DATABASE_URL is not set.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Missing skips the test with a loud message, or fails it when CI is set.
func Missing(t testing.TB, what string) {
	t.Helper()
	msg := fmt.Sprintf("!!! SKIPPED: %s is not available here (set up by .ci/run); this test did not run", what)
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " — failing because CI is set")
	}
	t.Skip(msg)
}

// PostgresDSN creates a fresh PostgreSQL database for this test and drops it afterwards.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	server := os.Getenv("TEST_DATABASE_URL")
	if server == "" {
		server = DefaultPostgres
	}
	admin, err := sql.Open("postgres", server)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := admin.PingContext(ctx); err != nil {
		admin.Close()
		Missing(t, "PostgreSQL at "+store.Redact(server)+" ("+err.Error()+")")
	}
	name := "linedesk_test_" + RandomHex(6)
	// CREATE DATABASE copies the template and waits for a checkpoint: on a loaded machine
	// (many test packages in parallel) that takes seconds, so it gets its own, longer bound.
	createCtx, cancelCreate := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancelCreate()
	if _, err := admin.ExecContext(createCtx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

// SQLiteDSN gives a fresh SQLite database file in the test's temporary directory.
func SQLiteDSN(t testing.TB) string {
	t.Helper()
	return "sqlite://" + filepath.Join(t.TempDir(), "linedesk.db")
}

// Kinds of test database.
const (
	Postgres = "postgres"
	SQLite   = "sqlite"
)

// DSN returns a fresh database of the given kind.
func DSN(t testing.TB, kind string) string {
	if kind == Postgres {
		return PostgresDSN(t)
	}
	return SQLiteDSN(t)
}

// OpenStore opens and migrates a fresh database of the given kind, closed after the test.
func OpenStore(t testing.TB, kind string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), DSN(t, kind))
	if err != nil {
		t.Fatalf("opening %s store: %v", kind, err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Migrate(context.Background()); err != nil {
		t.Fatalf("migrating %s store: %v", kind, err)
	}
	return st
}

// EachDB runs fn as a subtest on a fresh SQLite store and a fresh PostgreSQL store.
func EachDB(t *testing.T, fn func(t *testing.T, st *store.Store)) {
	t.Helper()
	for _, kind := range []string{SQLite, Postgres} {
		t.Run(kind, func(t *testing.T) { fn(t, OpenStore(t, kind)) })
	}
}

// Box is a secret box with a fixed test key.
func Box(t testing.TB) *secret.Box {
	t.Helper()
	box, err := secret.New([]byte(strings.Repeat("k", 32)))
	if err != nil {
		t.Fatal(err)
	}
	return box
}

// TestKeyHex is Box's key as a --secret-key value.
var TestKeyHex = hex.EncodeToString([]byte(strings.Repeat("k", 32)))

// RandomHex returns n random bytes as hex.
func RandomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
