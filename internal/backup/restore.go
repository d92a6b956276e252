package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/linedesk/linedesk/internal/store"
)

// ErrNotEmpty means restore was pointed at a database that already holds tables.
var ErrNotEmpty = errors.New("the database is not empty: restore only into a new, empty database (create one, or point --db at a new SQLite file)")

// Restore loads the unpacked backup c into the empty database dsn; it refuses a database that
// has any table. The caller migrates afterwards (a backup of an older version is upgraded).
func Restore(ctx context.Context, dsn string, c *Contents) error {
	want := "sqlite"
	if isPostgres(dsn) {
		want = "postgres"
	}
	if c.Manifest.Dialect != want {
		return fmt.Errorf("this is a backup of a %s database; restore it into a %s one (--db)", c.Manifest.Dialect, c.Manifest.Dialect)
	}
	n, err := countTables(ctx, dsn)
	if err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("%w (%s has %d tables)", ErrNotEmpty, store.Redact(dsn), n)
	}
	if want == "postgres" {
		return runPG(ctx, "pg_restore", dsn, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", c.DataPath)
	}
	return placeSQLite(SQLitePath(dsn), c.DataPath)
}

// countTables counts the tables of the database (creating an empty SQLite file if none exists).
func countTables(ctx context.Context, dsn string) (int, error) {
	st, err := store.Open(ctx, dsn)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	q := `SELECT count(*) FROM sqlite_master WHERE type = 'table'`
	if st.IsPostgres() {
		q = `SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`
	}
	var n int
	if err := st.DB.QueryRowContext(ctx, q).Scan(&n); err != nil {
		return 0, fmt.Errorf("checking that the database is empty: %w", err)
	}
	return n, nil
}

// placeSQLite puts the database copy at path (which holds no table), replacing the empty file
// and its write-ahead log.
func placeSQLite(path, from string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	in, err := os.Open(from)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer in.Close()
	tmp := path + ".restoring"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	_, cerr := io.Copy(f, in)
	if err := errors.Join(cerr, f.Sync(), f.Close()); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: writing %s: %w", path, err)
	}
	for _, side := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + side); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("restore: %w", err)
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}
