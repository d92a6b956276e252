package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"

	"ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"
	atlaslite "ariga.io/atlas/sql/sqlite"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/linedesk/linedesk/ent/migrate"
)

// startingPoint tells the executor where a database without revisions starts: a fresh one
// (no linedesk table) from the first file; one made by the auto-migration of earlier
// versions after the first file, its baseline, once upgradeToBaseline has added what an
// older version's database lacks.
func (s *Store) startingPoint(ctx context.Context, tx *sql.Tx, dir migrate.Dir, revs *revisionTable, guard *dropGuard) (migrate.ExecutorOption, error) {
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
		return nil, errors.New("no migration files")
	}
	if err := s.upgradeToBaseline(ctx, tx, guard, files[0]); err != nil {
		return nil, fmt.Errorf("bringing a database made by an earlier linedesk to the baseline %s: %w", files[0].Name(), err)
	}
	return migrate.WithBaselineVersion(files[0].Version()), nil
}

// upgradeToBaseline adds to a database made by the auto-migration of an earlier version
// what the baseline has and it lacks (tables, columns, indexes, foreign keys), as that
// auto-migration would have: additions only, through the drop guard. A database made by the
// last of those versions lacks nothing.
func (s *Store) upgradeToBaseline(ctx context.Context, tx *sql.Tx, guard *dropGuard, baseline migrate.File) error {
	want, err := s.baselineSchema(ctx, tx, guard.Driver, baseline)
	if err != nil {
		return fmt.Errorf("replaying it: %w", err)
	}
	have, err := guard.InspectSchema(ctx, "", nil)
	if err != nil {
		return err
	}
	want.Name, want.Attrs = have.Name, have.Attrs
	changes, err := guard.SchemaDiff(have, want)
	if err != nil {
		return err
	}
	changes = additions(changes)
	if len(changes) == 0 {
		return nil
	}
	noQualifier := ""
	plan, err := guard.PlanChanges(ctx, "baseline", changes, func(o *migrate.PlanOptions) { o.SchemaQualifier = &noQualifier })
	if err != nil {
		return err
	}
	for _, c := range plan.Changes {
		if _, err := guard.ExecContext(ctx, c.Cmd, c.Args...); err != nil {
			return fmt.Errorf("%s: %w", c.Cmd, err)
		}
	}
	return nil
}

// additions keeps the changes that add a table, or a column, an index or a foreign key to
// a table.
func additions(changes []atlas.Change) []atlas.Change {
	var keep []atlas.Change
	for _, c := range changes {
		switch c := c.(type) {
		case *atlas.AddTable:
			keep = append(keep, c)
		case *atlas.ModifyTable:
			var add []atlas.Change
			for _, cc := range c.Changes {
				switch cc.(type) {
				case *atlas.AddColumn, *atlas.AddIndex, *atlas.AddForeignKey:
					add = append(add, cc)
				}
			}
			if len(add) > 0 {
				keep = append(keep, &atlas.ModifyTable{T: c.T, Changes: add})
			}
		}
	}
	return keep
}

// baselineSchema replays the baseline file where it touches nothing and inspects what it
// made: on PostgreSQL in a schema of its own inside a savepoint that is rolled back, on
// SQLite in a private in-memory database.
func (s *Store) baselineSchema(ctx context.Context, tx *sql.Tx, drv migrate.Driver, baseline migrate.File) (*atlas.Schema, error) {
	stmts, err := baseline.Stmts()
	if err != nil {
		return nil, err
	}
	if s.IsPostgres() {
		return replayInScratchSchema(ctx, tx, drv, stmts)
	}
	mem, err := sql.Open("sqlite", "file:linedesk_baseline?mode=memory&_pragma=foreign_keys(1)")
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
	memDrv, err := atlaslite.Open(mem)
	if err != nil {
		return nil, err
	}
	return memDrv.InspectSchema(ctx, "", nil)
}

// replayInScratchSchema runs stmts in a new schema inside a savepoint, inspects it, and
// rolls the savepoint back.
func replayInScratchSchema(ctx context.Context, tx *sql.Tx, drv migrate.Driver, stmts []string) (*atlas.Schema, error) {
	const scratch = "linedesk_baseline"
	if _, err := tx.ExecContext(ctx, "SAVEPOINT "+scratch); err != nil {
		return nil, err
	}
	s, err := func() (*atlas.Schema, error) {
		for _, q := range append([]string{"CREATE SCHEMA " + scratch, "SET LOCAL search_path TO " + scratch}, stmts...) {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return nil, err
			}
		}
		return drv.InspectSchema(ctx, scratch, nil)
	}()
	if _, errBack := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT "+scratch); errBack != nil && err == nil {
		err = errBack
	}
	return s, err
}
