package backup

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Source is the database a backup is taken from: its linedesk DSN and an open handle.
type Source struct {
	DSN string
	DB  *sql.DB
}

// Create writes a backup of src to out (mode 0600, through a temporary file renamed into
// place, so out is either the whole backup or untouched). It runs beside a serving linedesk:
// SQLite's VACUUM INTO and pg_dump both read one consistent snapshot.
func Create(ctx context.Context, src Source, out string, opt Options) (Manifest, error) {
	m := Manifest{Version: opt.Version, Created: time.Now().UTC()}
	tmpDir, err := os.MkdirTemp(filepath.Dir(out), ".linedesk-backup-")
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	dataPath := filepath.Join(tmpDir, "data")
	switch {
	case isPostgres(src.DSN):
		m.Dialect = "postgres"
		err = pgDump(ctx, src.DSN, dataPath)
	case isSQLite(src.DSN):
		m.Dialect = "sqlite"
		_, err = src.DB.ExecContext(ctx, "VACUUM INTO ?", dataPath)
		if err != nil {
			err = fmt.Errorf("copying the SQLite database (VACUUM INTO): %w", err)
		}
	default:
		err = errors.New("unknown database kind")
	}
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	partial := filepath.Join(tmpDir, "backup")
	f, err := os.OpenFile(partial, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return m, fmt.Errorf("backup: %w", err)
	}
	werr := writeArchive(f, m, dataPath, opt)
	if err := errors.Join(werr, f.Sync(), f.Close()); err != nil {
		return m, err
	}
	if err := os.Rename(partial, out); err != nil {
		return m, fmt.Errorf("backup: putting %s in place: %w", out, err)
	}
	m.WithKey, m.Encrypted = opt.Key != nil, opt.Passphrase != ""
	return m, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func isSQLite(dsn string) bool { return strings.HasPrefix(dsn, "sqlite:") }

// SQLitePath is the file of a sqlite:// DSN.
func SQLitePath(dsn string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite://"), "sqlite:")
	p, _, _ = strings.Cut(p, "?")
	return p
}

// pgTool finds pg_dump or pg_restore, with a clear error when PostgreSQL's client tools are
// not installed.
func pgTool(name string) (string, error) {
	p, err := exec.LookPath(name)
	if err != nil {
		return "", fmt.Errorf("%s is not installed: backups of a PostgreSQL database need PostgreSQL's client tools "+
			"(Debian/Ubuntu: apt install postgresql-client, the same major version as the server or newer)", name)
	}
	return p, nil
}

// pgConn splits a DSN into a libpq URL without the password and the environment carrying it
// (PGPASSWORD), so the password never appears in a process list.
func pgConn(dsn string) (string, []string, error) {
	u, err := url.Parse(dsn)
	if err != nil {
		return "", nil, fmt.Errorf("bad database URL: %w", err)
	}
	env := os.Environ()
	if u.User != nil {
		if pw, ok := u.User.Password(); ok {
			env = append(env, "PGPASSWORD="+pw)
			u.User = url.User(u.User.Username())
		}
	}
	q := u.Query()
	if q.Get("sslmode") == "" {
		q.Set("sslmode", "prefer")
		u.RawQuery = q.Encode()
	}
	return u.String(), env, nil
}

func runPG(ctx context.Context, tool, dsn string, args ...string) error {
	path, err := pgTool(tool)
	if err != nil {
		return err
	}
	conn, env, err := pgConn(dsn)
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, path, append(args, "--dbname="+conn)...)
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(stderr.String())
		if len(msg) > 2000 {
			msg = msg[:2000] + "…"
		}
		return fmt.Errorf("%s failed: %w: %s", tool, err, msg)
	}
	return nil
}

// pgDump writes a custom-format logical dump (one snapshot) of the database to path.
func pgDump(ctx context.Context, dsn, path string) error {
	return runPG(ctx, "pg_dump", dsn, "--format=custom", "--no-owner", "--no-privileges", "--file="+path)
}
