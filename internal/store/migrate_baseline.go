package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/linedesk/linedesk/ent/migrate"
)

// startingPoint tells the executor where a database without revisions starts: a fresh one
// (no linedesk table) from the first file; one made by the auto-migration of earlier
// versions after the first file, its baseline, once it is shown to hold every table and
// column the baseline creates.
func (s *Store) startingPoint(ctx context.Context, tx *sql.Tx, dir migrate.Dir, revs *revisionTable) (migrate.ExecutorOption, error) {
	applied, err := revs.ReadRevisions(ctx)
	if err != nil {
		return nil, err
	}
	if len(applied) > 0 {
		return func(*migrate.Executor) error { return nil }, nil
	}
	live, err := schemaColumns(ctx, tx, s.Dialect, "")
	if err != nil {
		return nil, err
	}
	if !slices.ContainsFunc(entmigrate.Tables, func(t *schema.Table) bool { return live[t.Name] != nil }) {
		// Other tables may share the schema: they are left alone.
		return migrate.WithAllowDirty(true), nil
	}
	files, err := dir.Files()
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no migration files")
	}
	want, err := s.baselineColumns(ctx, tx, files[0])
	if err != nil {
		return nil, fmt.Errorf("replaying the baseline %s: %w", files[0].Name(), err)
	}
	var missing []string
	for table, cols := range want {
		for _, c := range cols {
			if !slices.Contains(live[table], c) {
				missing = append(missing, table+"."+c)
			}
		}
	}
	if len(missing) > 0 {
		slices.Sort(missing)
		return nil, fmt.Errorf("this database was made by a linedesk older than the migrations' baseline %s "+
			"(it lacks %s): start the last linedesk without versioned migrations on it once, then this one",
			files[0].Name(), strings.Join(missing, ", "))
	}
	return migrate.WithBaselineVersion(files[0].Version()), nil
}

// baselineColumns replays the baseline file where it touches nothing and returns the
// columns of every table it creates: on PostgreSQL in a schema of its own inside a
// savepoint that is rolled back, on SQLite in a private in-memory database.
func (s *Store) baselineColumns(ctx context.Context, tx *sql.Tx, baseline migrate.File) (map[string][]string, error) {
	stmts, err := baseline.Stmts()
	if err != nil {
		return nil, err
	}
	if s.IsPostgres() {
		return replayInScratchSchema(ctx, tx, stmts)
	}
	mem, err := sql.Open("sqlite", "file:linedesk_baseline?mode=memory")
	if err != nil {
		return nil, err
	}
	defer mem.Close()
	mem.SetMaxOpenConns(1) // one connection: one in-memory database
	for _, q := range stmts {
		if _, err := mem.ExecContext(ctx, q); err != nil {
			return nil, err
		}
	}
	return schemaColumns(ctx, mem, s.Dialect, "")
}

// replayInScratchSchema runs stmts in a new schema inside a savepoint, reads the columns
// they created, and rolls the savepoint back.
func replayInScratchSchema(ctx context.Context, tx *sql.Tx, stmts []string) (map[string][]string, error) {
	if _, err := tx.ExecContext(ctx, "SAVEPOINT linedesk_baseline"); err != nil {
		return nil, err
	}
	cols, err := func() (map[string][]string, error) {
		for _, q := range []string{"CREATE SCHEMA linedesk_baseline", "SET LOCAL search_path TO linedesk_baseline"} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return nil, err
			}
		}
		for _, q := range stmts {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return nil, err
			}
		}
		return schemaColumns(ctx, tx, "postgres", "")
	}()
	if _, errBack := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT linedesk_baseline"); errBack != nil && err == nil {
		err = errBack
	}
	return cols, err
}
