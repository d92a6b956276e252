package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/migrate/migrations"
)

// dropGuard is the Atlas driver the executor runs statements through: before each one it
// refuses what would drop a column, a table or rows (migrations.Drops), unless the file
// being applied carries migrations.AllowDrop. The one DROP TABLE it lets through is the end
// of an SQLite table rebuild that lost nothing: new_<table> holds every column and every row
// of the table it replaces (this is where an operator's own column would otherwise vanish).
type dropGuard struct {
	migrate.Driver
	q       queryer
	dialect string
	file    migrate.File // the file being applied
}

// ScanStmts splits a file as the wrapped driver does (dollar quotes, BEGIN … END blocks).
func (g *dropGuard) ScanStmts(input string) ([]*migrate.Stmt, error) {
	if s, ok := g.Driver.(migrate.StmtScanner); ok {
		return s.ScanStmts(input)
	}
	return migrate.Stmts(input)
}

// ExecContext checks the statement, then runs it.
func (g *dropGuard) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if g.file == nil || !migrations.AllowsDrops(g.file) {
		for _, d := range migrations.Drops(query) {
			if err := g.permit(ctx, d); err != nil {
				name := "a migration"
				if g.file != nil {
					name = g.file.Name()
				}
				return nil, fmt.Errorf("%s refused: %w; linedesk never drops a column or a row "+
					"(a file meant to do so carries the line %q)", name, err, migrations.AllowDrop+" <why>")
			}
		}
	}
	return g.Driver.ExecContext(ctx, query, args...)
}

// permit allows a drop only when it is the lossless end of a table rebuild, or drops a
// table that is not there.
func (g *dropGuard) permit(ctx context.Context, d migrations.Drop) error {
	if d.Kind != "table" {
		if d.Table != "" {
			return fmt.Errorf("it would drop %s of %s", plural(d.Kind), d.Table)
		}
		return fmt.Errorf("it would drop %s", plural(d.Kind))
	}
	old, err := tableColumns(ctx, g.q, g.dialect, d.Table)
	if err != nil || len(old) == 0 {
		return err // not there: DROP TABLE IF EXISTS loses nothing
	}
	copied, err := tableColumns(ctx, g.q, g.dialect, "new_"+d.Table)
	if err != nil {
		return err
	}
	if len(copied) == 0 {
		return fmt.Errorf("it would drop table %s", d.Table)
	}
	var lost []string
	for _, c := range old {
		if !slices.Contains(copied, c) {
			lost = append(lost, c)
		}
	}
	if len(lost) > 0 {
		return fmt.Errorf("rebuilding table %s would lose its column(s) %s", d.Table, strings.Join(lost, ", "))
	}
	var n, m int64
	if err := g.q.QueryRowContext(ctx, "SELECT (SELECT count(*) FROM "+quote(d.Table)+"), (SELECT count(*) FROM "+quote("new_"+d.Table)+")").Scan(&n, &m); err != nil {
		return err
	}
	if n != m {
		return fmt.Errorf("rebuilding table %s would keep %d of its %d rows", d.Table, m, n)
	}
	return nil
}

func plural(kind string) string {
	if kind == "rows" {
		return "rows"
	}
	return "a " + kind
}

// quote quotes an identifier (both dialects accept double quotes).
func quote(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// tableColumns lists the columns of a table in the current schema (none when it is absent).
func tableColumns(ctx context.Context, q queryer, dia, table string) ([]string, error) {
	cols, err := schemaColumns(ctx, q, dia, table)
	return cols[table], err
}

// schemaColumns lists the columns of every table of the current schema, or of one table.
func schemaColumns(ctx context.Context, q queryer, dia, table string) (map[string][]string, error) {
	query := `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`
	if dia == dialect.Postgres {
		query = `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()`
	}
	var args []any
	if table != "" {
		if dia == dialect.Postgres {
			query += " AND table_name = $1"
		} else {
			query += " AND m.name = ?"
		}
		args = append(args, table)
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("reading the columns of the schema: %w", err)
	}
	defer rows.Close()
	cols := make(map[string][]string)
	for rows.Next() {
		var t, c string
		if err := rows.Scan(&t, &c); err != nil {
			return nil, err
		}
		cols[t] = append(cols[t], c)
	}
	return cols, rows.Err()
}

// foreignKeyViolations lists the rows of an SQLite database whose foreign key points
// nowhere (none on PostgreSQL, which enforces keys during the migration).
func (s *Store) foreignKeyViolations(ctx context.Context, q queryer) (map[string]bool, error) {
	if s.IsPostgres() {
		return nil, nil
	}
	rows, err := q.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return nil, fmt.Errorf("checking foreign keys: %w", err)
	}
	defer rows.Close()
	found := make(map[string]bool)
	for rows.Next() {
		var (
			table, parent string
			rowid         sql.NullInt64
			fk            int64
		)
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return nil, fmt.Errorf("checking foreign keys: %w", err)
		}
		found[fmt.Sprintf("%s row %d → %s", table, rowid.Int64, parent)] = true
	}
	return found, rows.Err()
}

// checkForeignKeys refuses the migration when it left a row whose foreign key points
// nowhere that was not so before (SQLite applies migrations with enforcement off).
func (s *Store) checkForeignKeys(ctx context.Context, q queryer, before map[string]bool) error {
	after, err := s.foreignKeyViolations(ctx, q)
	if err != nil {
		return err
	}
	var added []string
	for v := range after {
		if !before[v] {
			added = append(added, v)
		}
	}
	if len(added) > 0 {
		slices.Sort(added)
		return fmt.Errorf("the migration broke foreign keys: %s", strings.Join(added, "; "))
	}
	return nil
}
