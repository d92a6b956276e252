package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"
	"entgo.io/ent/schema/field"
	"github.com/lib/pq"

	entmigrate "github.com/linedesk/linedesk/ent/migrate"
	"github.com/linedesk/linedesk/ent/migrate/migrations"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// Ways to make a database as the versions before versioned migrations did.
const (
	// byAutoMigration runs what store.Migrate ran then: ent's auto-migration of today's
	// schema, then the hand list of SQL. It makes the baseline only while ent's schema has
	// not moved past it.
	byAutoMigration = "auto-migration"
	// byBaseline runs the baseline file's statements (what that auto-migration created; the
	// test above proves them equal while it runs), then the same hand list, with no
	// revision table.
	byBaseline = "baseline"
)

// legacyMigrate makes a database as the versions before versioned migrations did.
func legacyMigrate(ctx context.Context, st *store.Store, how string) error {
	if how == byAutoMigration {
		if err := st.Client.Schema.Create(ctx,
			entmigrate.WithDropColumn(false), entmigrate.WithDropIndex(false), entmigrate.WithForeignKeys(true),
		); err != nil {
			return err
		}
	} else {
		dir, err := migrations.Dir(st.Dialect)
		if err != nil {
			return err
		}
		files, _ := dir.Files()
		stmts, err := files[0].Stmts()
		if err != nil {
			return err
		}
		for _, q := range stmts {
			if _, err := st.DB.ExecContext(ctx, q); err != nil {
				return fmt.Errorf("%s: %w", q, err)
			}
		}
	}
	if !st.IsPostgres() {
		return nil
	}
	for _, q := range legacyHandSQL {
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", q, err)
		}
	}
	if _, err := st.DB.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm`); err == nil {
		_, err = st.DB.ExecContext(ctx, `CREATE INDEX IF NOT EXISTS customers_name_search_trgm ON customers USING gin (name_search gin_trgm_ops)`)
		return err
	}
	return nil
}

// legacyHandSQL is the hand list of SQL store.Migrate and customers.EnsureSearchIndexes ran
// on PostgreSQL before versioned migrations.
var legacyHandSQL = []string{
	`CREATE INDEX IF NOT EXISTS sessions_open_customer ON sessions (customer_id) WHERE open`,
	`DROP INDEX IF EXISTS session_open_updated_at`,
	`ALTER TABLE sessions SET (fillfactor = 80)`,
	`ALTER TABLE customers SET (fillfactor = 85)`,
	`ALTER TABLE usage_dailies SET (fillfactor = 80)`,
	`CREATE OR REPLACE FUNCTION linedesk_expect_rows(got bigint, want bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	IF got <> want THEN
		RAISE EXCEPTION 'linedesk: % of % rows were as expected; another writer changed the rest', got, want
			USING ERRCODE = 'LD409';
	END IF;
END $$`,
	`CREATE INDEX IF NOT EXISTS customers_username_pattern ON customers (username text_pattern_ops)`,
	`CREATE INDEX IF NOT EXISTS customers_account_no_pattern ON customers (account_no text_pattern_ops)`,
}

// entSchemaIsBaseline reports whether ent's schema is still the baseline's (no generated
// migration after it yet), when a database made by ent's auto-migration is one of the
// baseline.
func entSchemaIsBaseline(t *testing.T, kind string) bool {
	t.Helper()
	st := openRaw(t, kind)
	if err := legacyMigrate(context.Background(), st, byBaseline); err != nil {
		t.Fatal(err)
	}
	changes, _ := schemaDiff(t, st, nil)
	return slices.Equal(changes, expectedDiff(st))
}

// openRaw opens a fresh, unmigrated database of the kind.
func openRaw(t *testing.T, kind string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), testutil.DSN(t, kind))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// handWrittenIndexes are the PostgreSQL indexes the hand-written migrations add and ent
// does not know.
var handWrittenIndexes = []string{
	"customers: drop index customers_account_no_pattern",
	"customers: drop index customers_live_expiry",
	"customers: drop index customers_name_search_pattern",
	"customers: drop index customers_name_search_trgm",
	"customers: drop index customers_phone_pattern",
	"customers: drop index customers_phone_trgm",
	"customers: drop index customers_username_pattern",
	"sessions: drop index sessions_open_customer",
}

// schemaDiff returns what ent's Atlas integration would change to bring the database to
// tables (ent's schema when nil), dropping columns and indexes it does not know too, and the
// migration file it would write.
func schemaDiff(t *testing.T, st *store.Store, tables []*schema.Table) (changes []string, file string) {
	t.Helper()
	if tables == nil {
		tables = entmigrate.Tables
	}
	dir := &migrate.MemDir{}
	capture := func(next schema.Differ) schema.Differ {
		return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
			cs, err := next.Diff(current, desired)
			for _, c := range cs {
				changes = append(changes, describe(c)...)
			}
			return cs, err
		})
	}
	m, err := schema.NewMigrate(entsql.OpenDB(st.Dialect, st.DB),
		schema.WithDir(dir), schema.WithMigrationMode(schema.ModeInspect), schema.WithDialect(st.Dialect),
		schema.WithFormatter(migrate.DefaultFormatter), schema.WithForeignKeys(true),
		schema.WithDropColumn(true), schema.WithDropIndex(true), schema.WithDiffHook(capture))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.NamedDiff(context.Background(), "check", tables...); err != nil {
		t.Fatalf("diffing the database against ent's schema: %v", err)
	}
	files, _ := dir.Files()
	for _, f := range files {
		file += string(f.Bytes())
	}
	sort.Strings(changes)
	return changes, file
}

// describe names a schema change in a line ("customers: drop index x").
func describe(c atlas.Change) []string {
	switch c := c.(type) {
	case *atlas.AddTable:
		return []string{"add table " + c.T.Name}
	case *atlas.DropTable:
		return []string{"drop table " + c.T.Name}
	case *atlas.ModifyTable:
		var out []string
		for _, cc := range c.Changes {
			out = append(out, c.T.Name+": "+describeTableChange(cc))
		}
		return out
	}
	return []string{fmt.Sprintf("%T", c)}
}

func describeTableChange(c atlas.Change) string {
	switch c := c.(type) {
	case *atlas.AddColumn:
		return "add column " + c.C.Name
	case *atlas.DropColumn:
		return "drop column " + c.C.Name
	case *atlas.ModifyColumn:
		return fmt.Sprintf("modify column %s (%b)", c.To.Name, c.Change)
	case *atlas.AddIndex:
		return "add index " + c.I.Name
	case *atlas.DropIndex:
		return "drop index " + c.I.Name
	case *atlas.ModifyIndex:
		return "modify index " + c.To.Name
	case *atlas.AddForeignKey:
		return "add foreign key " + c.F.Symbol
	case *atlas.DropForeignKey:
		return "drop foreign key " + c.F.Symbol
	case *atlas.ModifyForeignKey:
		return "modify foreign key " + c.To.Symbol
	}
	return fmt.Sprintf("%T", c)
}

// expectedDiff is what schemaDiff reports on a fully migrated database: nothing on SQLite,
// the hand-written indexes on PostgreSQL.
func expectedDiff(st *store.Store) []string {
	if st.IsPostgres() {
		return handWrittenIndexes
	}
	return nil
}

// dirWith is the embedded migration directory of the store's dialect plus extra files
// (name → content), with atlas.sum rewritten.
func dirWith(t *testing.T, st *store.Store, extra map[string]string) *migrate.MemDir {
	t.Helper()
	dir, err := migrations.Dir(st.Dialect)
	if err != nil {
		t.Fatal(err)
	}
	for name, content := range extra {
		if err := dir.WriteFile(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
	}
	sum, err := dir.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.WriteSumFile(dir, sum); err != nil {
		t.Fatal(err)
	}
	return dir
}

// seedEveryTable inserts two rows into every table of ent's schema, whatever it holds:
// values by column type, foreign keys pointing at the rows of the referenced table.
func seedEveryTable(t *testing.T, st *store.Store) {
	t.Helper()
	ctx := context.Background()
	ids := make(map[string][]int64)
	pending := presentTables(t, st.DB)
	for len(pending) > 0 {
		var later []*schema.Table
		for _, tbl := range pending {
			if !slices.ContainsFunc(tbl.ForeignKeys, func(fk *schema.ForeignKey) bool {
				return fk.RefTable.Name != tbl.Name && ids[fk.RefTable.Name] == nil
			}) {
				for n := range 2 {
					ids[tbl.Name] = append(ids[tbl.Name], insertRow(ctx, t, st, tbl, n, ids))
				}
				continue
			}
			later = append(later, tbl)
		}
		if len(later) == len(pending) {
			t.Fatalf("cannot order the tables by their foreign keys: %d left", len(later))
		}
		pending = later
	}
}

// insertRow inserts row n of tbl and returns its id.
func insertRow(ctx context.Context, t *testing.T, st *store.Store, tbl *schema.Table, n int, ids map[string][]int64) int64 {
	t.Helper()
	var (
		cols, params []string
		args         []any
	)
	for _, c := range tbl.Columns {
		if c.Increment {
			continue
		}
		v := columnValue(c, n)
		for _, fk := range tbl.ForeignKeys {
			if fk.Columns[0].Name == c.Name {
				v = nil
				if refs := ids[fk.RefTable.Name]; len(refs) > 0 {
					v = refs[min(n, len(refs)-1)] // row n points at row n (a unique foreign key too)
				}
			}
		}
		cols, args = append(cols, `"`+c.Name+`"`), append(args, v)
		params = append(params, "?")
		if st.IsPostgres() {
			params[len(params)-1] = "$" + strconv.Itoa(len(params))
		}
	}
	q := fmt.Sprintf(`INSERT INTO "%s" (%s) VALUES (%s) RETURNING id`, tbl.Name, strings.Join(cols, ", "), strings.Join(params, ", "))
	var id int64
	if err := st.DB.QueryRowContext(ctx, q, args...).Scan(&id); err != nil {
		t.Fatalf("seeding %s: %v", tbl.Name, err)
	}
	return id
}

// columnValue is a value of the column's type for row n.
func columnValue(c *schema.Column, n int) any {
	switch c.Type {
	case field.TypeBool:
		return n == 0
	case field.TypeEnum:
		return c.Enums[n%len(c.Enums)]
	case field.TypeTime:
		return time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC).Add(time.Duration(n) * time.Hour)
	case field.TypeString:
		return fmt.Sprintf("r%d-%s-ünï", n, c.Name)
	case field.TypeFloat32, field.TypeFloat64:
		return 1.5 + float64(n)
	case field.TypeJSON:
		return fmt.Sprintf(`{"n":%d}`, n)
	case field.TypeBytes:
		return []byte{byte(n), 0xff}
	}
	return 1_000_000_007 + n // integers
}

// presentTables returns the tables of ent's schema that the database has, each with only the
// columns (and foreign keys) it has: a database made by an older version lacks what later
// migrations add.
func presentTables(t *testing.T, db *sql.DB) []*schema.Table {
	t.Helper()
	var out []*schema.Table
	for _, tbl := range entmigrate.Tables {
		rows, err := db.Query(`SELECT * FROM "` + tbl.Name + `" WHERE 1 = 0`)
		if err != nil {
			continue // not made yet in this database
		}
		cols, err := rows.Columns()
		rows.Close()
		if err != nil {
			t.Fatal(err)
		}
		c := *tbl
		c.Columns, c.ForeignKeys = nil, nil
		for _, col := range tbl.Columns {
			if slices.Contains(cols, col.Name) {
				c.Columns = append(c.Columns, col)
			}
		}
		for _, fk := range tbl.ForeignKeys {
			if slices.Contains(cols, fk.Columns[0].Name) {
				c.ForeignKeys = append(c.ForeignKeys, fk)
			}
		}
		out = append(out, &c)
	}
	return out
}

// dumpTables returns every row of every table of ent's schema that the database has but skip,
// as text.
func dumpTables(t *testing.T, db *sql.DB, skip ...string) map[string][]string {
	t.Helper()
	return dumpShape(t, db, presentTables(t, db), skip...)
}

// dumpShape returns every row of the given tables but skip, as text, with only the columns
// the tables list.
func dumpShape(t *testing.T, db *sql.DB, tables []*schema.Table, skip ...string) map[string][]string {
	t.Helper()
	out := make(map[string][]string)
	for _, tbl := range tables {
		if slices.Contains(skip, tbl.Name) {
			continue
		}
		var names []string
		for _, c := range tbl.Columns {
			names = append(names, `"`+c.Name+`"`)
		}
		rows, err := db.Query(`SELECT ` + strings.Join(names, ", ") + ` FROM "` + tbl.Name + `" ORDER BY id`)
		if err != nil {
			t.Fatalf("reading %s: %v", tbl.Name, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.RawBytes, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			var line []string
			for i, c := range cols {
				line = append(line, c+"="+string(vals[i]))
			}
			out[tbl.Name] = append(out[tbl.Name], strings.Join(line, " | "))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return out
}

// revisions reads the revision table: version → "type hash applied_at".
func revisions(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	rows, err := st.DB.Query("SELECT version, type, hash, applied_at FROM " + store.RevisionTable)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := make(map[string]string)
	for rows.Next() {
		var (
			v, h string
			typ  int
			at   time.Time
		)
		if err := rows.Scan(&v, &typ, &h, &at); err != nil {
			t.Fatal(err)
		}
		out[v] = fmt.Sprintf("%d %s %s", typ, h, at.Format(time.RFC3339Nano))
	}
	return out
}

// fileVersions are the versions of the dialect's embedded migration files.
func fileVersions(t *testing.T, dia string) []string {
	t.Helper()
	dir, err := migrations.Dir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := dir.Files()
	var vs []string
	for _, f := range files {
		vs = append(vs, f.Version())
	}
	return vs
}

// checkHandWritten checks what the hand-written PostgreSQL migrations make and ent's diff
// cannot see: the fillfactors and linedesk_expect_rows with its LD409 contract.
func checkHandWritten(t *testing.T, st *store.Store) {
	t.Helper()
	if !st.IsPostgres() {
		return
	}
	for table, want := range map[string]string{"sessions": "fillfactor=80", "customers": "fillfactor=85", "usage_dailies": "fillfactor=80"} {
		var opts sql.NullString
		if err := st.DB.QueryRow("SELECT array_to_string(reloptions, ',') FROM pg_class WHERE relname = $1", table).Scan(&opts); err != nil || opts.String != want {
			t.Errorf("%s options = %q (%v), want %s", table, opts.String, err, want)
		}
	}
	if _, err := st.DB.Exec("SELECT linedesk_expect_rows(2, 2)"); err != nil {
		t.Errorf("linedesk_expect_rows(2, 2): %v", err)
	}
	var pqErr *pq.Error
	if _, err := st.DB.Exec("SELECT linedesk_expect_rows(1, 2)"); !errors.As(err, &pqErr) || pqErr.Code != "LD409" {
		t.Errorf("linedesk_expect_rows(1, 2): err = %v, want SQLSTATE LD409", err)
	}
}
