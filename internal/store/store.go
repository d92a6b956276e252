// Package store opens linedesk's database (PostgreSQL through lib/pq, or the embedded SQLite
// through modernc.org/sqlite), migrates it with the versioned migrations of
// ent/migrate/migrations (additively: never a column or a row dropped), and records the
// change feed that keeps every process's RADIUS snapshot fresh.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	_ "github.com/lib/pq"  // PostgreSQL driver
	_ "modernc.org/sqlite" // SQLite driver, pure Go

	"github.com/linedesk/linedesk/ent"
)

// Store is an open database with its ent client.
type Store struct {
	Client  *ent.Client
	DB      *sql.DB
	Dialect string // dialect.Postgres or dialect.SQLite
	source  string // the database/sql data source name
}

// Source is the driver's data source name (for lib/pq's LISTEN connection).
func (s *Store) Source() string { return s.source }

// IsPostgres reports whether the store is PostgreSQL.
func (s *Store) IsPostgres() bool { return s.Dialect == dialect.Postgres }

// DefaultDSN is the embedded database used when --db is not given.
const DefaultDSN = "sqlite://./data/linedesk.db"

// Open connects to the database named by dsn ("postgres://…" or "sqlite://path") and checks
// that it answers. It does not migrate.
func Open(ctx context.Context, dsn string) (*Store, error) {
	driver, source, dia, err := parseDSN(dsn)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		return nil, fmt.Errorf("opening database: %w", err)
	}
	if dia == dialect.SQLite {
		// One writer at a time; WAL lets readers proceed.
		db.SetMaxOpenConns(8)
	} else {
		db.SetMaxOpenConns(40)
		db.SetMaxIdleConns(20)
		db.SetConnMaxIdleTime(5 * time.Minute)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pingCtx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database %s is not reachable: %w", Redact(dsn), err)
	}
	drv := txDriver{entsql.OpenDB(dia, db)}
	client := ent.NewClient(ent.Driver(drv))
	s := &Store{Client: client, DB: db, Dialect: dia, source: source}
	client.Use(utcHook)
	client.Intercept(counterReads())
	registerChangeHooks(client)
	return s, nil
}

// parseDSN turns a linedesk DSN into a database/sql driver name and source.
func parseDSN(dsn string) (driver, source, dia string, err error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		u, err := url.Parse(dsn)
		if err != nil {
			return "", "", "", fmt.Errorf("bad database URL: %w", err)
		}
		q := u.Query()
		if q.Get("sslmode") == "" {
			host := u.Hostname()
			if host == "" || host == "localhost" || strings.HasPrefix(host, "127.") || host == "::1" || strings.HasPrefix(host, "/") {
				q.Set("sslmode", "disable")
				u.RawQuery = q.Encode()
			}
		}
		return "postgres", u.String(), dialect.Postgres, nil
	case strings.HasPrefix(dsn, "sqlite://"), strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
		query := ""
		if i := strings.IndexByte(path, '?'); i >= 0 {
			path, query = path[:i], path[i+1:]
		}
		if path == "" {
			return "", "", "", errors.New("bad database URL: sqlite:// needs a file path, e.g. sqlite://./data/linedesk.db")
		}
		if path != ":memory:" {
			dir := filepath.Dir(path)
			if st, err := os.Stat(dir); err == nil && !st.IsDir() {
				return "", "", "", fmt.Errorf("database directory %s is not a directory", dir)
			}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return "", "", "", fmt.Errorf("creating database directory: %w", err)
			}
		}
		params := "_pragma=foreign_keys(1)&_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)&_pragma=synchronous(NORMAL)&_txlock=immediate&_time_format=sqlite"
		if query != "" {
			params += "&" + query
		}
		return "sqlite", "file:" + path + "?" + params, dialect.SQLite, nil
	default:
		return "", "", "", fmt.Errorf("bad database URL %q: use postgres://… or sqlite://PATH", Redact(dsn))
	}
}

// Redact hides the password in a database URL for logs and errors.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Close closes the database.
func (s *Store) Close() error { return s.Client.Close() }
