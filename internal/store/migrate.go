package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"ariga.io/atlas/sql/migrate"
	atlaspg "ariga.io/atlas/sql/postgres"
	atlaslite "ariga.io/atlas/sql/sqlite"

	"github.com/linedesk/linedesk/ent/migrate/migrations"
)

// migrateLockID is the PostgreSQL advisory lock that serialises migrations of instances
// starting together (the same lock the auto-migration of earlier versions took).
const migrateLockID = 0x6c6e646b_0001

// Migrate brings the schema up to date: it applies, in version order and once each, the
// files of ent/migrate/migrations (the dialect's directory) that the database has not
// applied, and records each in the revision table. It refuses to start when a file does not
// match atlas.sum or an applied file was changed, and refuses a file that would drop a
// column, a table or rows. Then it repairs out-of-bound byte counters.
func (s *Store) Migrate(ctx context.Context) error {
	dir, err := migrations.Dir(s.Dialect)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return s.MigrateDir(ctx, dir)
}

// MigrateDir is Migrate with the files of dir (the migration generator's check and tests
// use it). The first file of dir is its baseline: a database made by the auto-migration of
// earlier versions (tables, no revision table) gets what the baseline has and it lacks, added
// as that auto-migration would have, and is marked as having applied it.
func (s *Store) MigrateDir(ctx context.Context, dir migrate.Dir) error {
	if err := migrate.Validate(dir); err != nil {
		return fmt.Errorf("migrate: the migration files do not match their atlas.sum (changed or damaged; "+
			"after editing a hand-written file run go run ./ent/migrate/gen -hash): %w", err)
	}
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if s.IsPostgres() {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrateLockID); err != nil {
			return fmt.Errorf("migrate: taking lock: %w", err)
		}
		defer conn.ExecContext(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock($1)", migrateLockID)
		err = s.applyPending(ctx, conn, dir)
	} else {
		err = s.withoutForeignKeys(ctx, conn, func() error { return s.applyPending(ctx, conn, dir) })
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	// Counters an overflow of an older version left out of bounds would fail every read.
	if _, err := s.repairCounters(ctx, conn); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}

// withoutForeignKeys runs f on an SQLite connection with foreign key enforcement off, as an
// SQLite table rebuild needs (the PRAGMA does nothing inside a transaction, so it is set
// before f begins one; applyPending checks the keys itself before committing). The
// connection is discarded if enforcement cannot be turned back on.
func (s *Store) withoutForeignKeys(ctx context.Context, conn *sql.Conn, f func() error) error {
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = off"); err != nil {
		return fmt.Errorf("turning foreign keys off: %w", err)
	}
	err := f()
	var on bool
	_, errOn := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = on")
	if errOn == nil {
		errOn = conn.QueryRowContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys").Scan(&on)
	}
	if errOn != nil || !on {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return errors.Join(err, fmt.Errorf("turning foreign keys back on: %v", errOn))
	}
	return err
}

// applyPending applies, in one transaction on conn, the files of dir the database has not
// applied.
func (s *Store) applyPending(ctx context.Context, conn *sql.Conn, dir migrate.Dir) (err error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	revs := &revisionTable{q: tx, dialect: s.Dialect}
	if err := revs.create(ctx); err != nil {
		return err
	}
	ex, guard, err := s.executor(ctx, tx, dir, revs)
	if err != nil {
		return err
	}
	before, err := s.foreignKeyViolations(ctx, tx)
	if err != nil {
		return err
	}
	pending, err := ex.Pending(ctx)
	switch {
	case errors.Is(err, migrate.ErrNoPendingFiles):
	case err != nil:
		return err
	default:
		for _, f := range pending {
			guard.file = f
			if err := ex.Execute(ctx, f); err != nil {
				return err
			}
		}
	}
	if err := s.checkForeignKeys(ctx, tx, before); err != nil {
		return err
	}
	return tx.Commit()
}

// executor prepares Atlas's executor over tx: dir's files, the revision table, the drop
// guard, and the starting point (a fresh database from the first file, one made by the
// auto-migration of earlier versions after its baseline, brought up to it first).
func (s *Store) executor(ctx context.Context, tx *sql.Tx, dir migrate.Dir, revs *revisionTable) (*migrate.Executor, *dropGuard, error) {
	var (
		drv migrate.Driver
		err error
	)
	if s.IsPostgres() {
		drv, err = atlaspg.Open(tx)
	} else {
		drv, err = atlaslite.Open(tx)
	}
	if err != nil {
		return nil, nil, err
	}
	if err := revs.checkApplied(ctx, dir); err != nil {
		return nil, nil, err
	}
	guard := &dropGuard{Driver: drv, q: tx, dialect: s.Dialect}
	start, err := s.startingPoint(ctx, tx, dir, revs, guard)
	if err != nil {
		return nil, nil, err
	}
	ex, err := migrate.NewExecutor(guard, dir, revs, start)
	return ex, guard, err
}

// ignoreDone hides the error of rolling back a transaction that already ended.
func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}
