package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"testing"

	entmigrate "github.com/linedesk/linedesk/ent/migrate"
	"github.com/linedesk/linedesk/ent/migrate/migrations"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// extraFile is the name of a migration a test adds after every real one.
const extraFile = "29990101000000_test.sql"

// TestMigrateRefusesTamperedFiles: a file that does not match atlas.sum refuses the start
// and applies nothing; so does a file changed (sum rewritten) after it was applied.
func TestMigrateRefusesTamperedFiles(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := openRaw(t, kind)
			dir := dirWith(t, st, nil)
			files, _ := dir.Files()
			baseline := files[0]
			if err := dir.WriteFile(baseline.Name(), append(baseline.Bytes(), "\nCREATE TABLE sneaky (id integer);\n"...)); err != nil {
				t.Fatal(err)
			}
			err := st.MigrateDir(ctx, dir)
			if err == nil || !strings.Contains(err.Error(), "do not match their atlas.sum") {
				t.Fatalf("tampered file: err = %v, want a refusal naming atlas.sum", err)
			}
			if _, err := st.DB.Exec("SELECT 1 FROM customers"); err == nil {
				t.Fatal("a refused directory created tables")
			}

			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			last := files[len(files)-1]
			changed := dirWith(t, st, map[string]string{last.Name(): string(last.Bytes()) + "\n-- edited\n"})
			err = st.MigrateDir(ctx, changed)
			if err == nil || !strings.Contains(err.Error(), "was changed after it was applied") {
				t.Fatalf("applied file changed: err = %v, want a refusal", err)
			}
		})
	}
}

// TestMigrateRefusesDrops: a migration that would drop a column, a table or rows is refused
// before it runs, and the database keeps everything; with the allow-drop line it runs.
func TestMigrateRefusesDrops(t *testing.T) {
	tests := []struct {
		name, sql, want string
	}{
		{"drop column", "ALTER TABLE customers DROP COLUMN full_name;", "would drop a column of customers"},
		{"drop column without the keyword", "ALTER TABLE IF EXISTS ONLY customers DROP full_name;", "would drop a column of customers"},
		{"drop table", "DROP TABLE settings;", "would drop table settings"},
		{"delete rows", "DELETE FROM settings WHERE id > 0;", "would drop rows of settings"},
		{"truncate", "TRUNCATE settings;", "would drop rows of settings"},
		{"rebuild that loses rows", "CREATE TABLE new_settings AS SELECT * FROM settings WHERE id < 0;\n" +
			"DROP TABLE settings;\nALTER TABLE new_settings RENAME TO settings;", "would keep 0 of its 2 rows"},
		{"rebuild that loses a column", "CREATE TABLE new_settings AS SELECT id, key, updated_at FROM settings;\n" +
			"DROP TABLE settings;\nALTER TABLE new_settings RENAME TO settings;", "would lose its column(s) value"},
	}
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := testutil.OpenStore(t, kind)
			seedEveryTable(t, st)
			before := dumpTables(t, st.DB)
			for _, tt := range tests {
				t.Run(tt.name, func(t *testing.T) {
					err := st.MigrateDir(ctx, dirWith(t, st, map[string]string{extraFile: tt.sql}))
					if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "refused") {
						t.Fatalf("err = %v, want a refusal saying %q", err, tt.want)
					}
					if after := dumpTables(t, st.DB); !maps.EqualFunc(before, after, slices.Equal) {
						t.Fatalf("a refused migration changed rows")
					}
					if _, ok := revisions(t, st)["29990101000000"]; ok {
						t.Fatal("a refused migration was recorded")
					}
				})
			}
			t.Run("allowed", func(t *testing.T) {
				allowed := migrations.AllowDrop + " the column was only ever a test\n" +
					"ALTER TABLE customers ADD COLUMN scratch integer;\nALTER TABLE customers DROP COLUMN scratch;\n"
				if err := st.MigrateDir(ctx, dirWith(t, st, map[string]string{extraFile: allowed})); err != nil {
					t.Fatalf("a file marked %q: %v", migrations.AllowDrop, err)
				}
			})
		})
	}
}

// rebuildCustomers is the migration ent's Atlas integration generates on SQLite when a
// column of customers changes in a way SQLite cannot ALTER (phone becomes nullable): a
// rebuild of the table, which DROP TABLE customers ends.
func rebuildCustomers(t *testing.T, st *store.Store) string {
	t.Helper()
	tables := slices.Clone(entmigrate.Tables)
	for i, tbl := range tables {
		if tbl.Name != "customers" {
			continue
		}
		c := *tbl
		c.Columns = slices.Clone(tbl.Columns)
		for j, col := range c.Columns {
			if col.Name == "phone" {
				nullable := *col
				nullable.Nullable = true
				c.Columns[j] = &nullable
			}
		}
		tables[i] = &c
	}
	changes, file := schemaDiff(t, st, tables)
	if !slices.ContainsFunc(changes, func(c string) bool { return strings.HasPrefix(c, "customers: modify column phone") }) || !strings.Contains(file, "DROP TABLE `customers`") {
		t.Fatalf("expected a rebuild of customers, got %v:\n%s", changes, file)
	}
	return file
}

// TestSQLiteTableRebuildKeepsRowsAndForeignKeys applies a generated SQLite table rebuild of
// customers (which sessions, transactions and notifications reference) to a database with
// foreign keys on: the PRAGMA foreign_keys = off of the file does nothing inside the
// migration's transaction, so Migrate must turn enforcement off around it, or DROP TABLE
// would cascade (SET NULL) into the children or fail. Every row and link survives, the
// change is made, and enforcement is back on afterwards.
func TestSQLiteTableRebuildKeepsRowsAndForeignKeys(t *testing.T) {
	ctx := context.Background()
	st := testutil.OpenStore(t, testutil.SQLite)
	st.DB.SetMaxOpenConns(1) // the migration's connection is the one checked afterwards
	seedEveryTable(t, st)
	before := dumpTables(t, st.DB)
	if err := st.MigrateDir(ctx, dirWith(t, st, map[string]string{extraFile: rebuildCustomers(t, st)})); err != nil {
		t.Fatalf("applying the rebuild: %v", err)
	}
	if after := dumpTables(t, st.DB); !maps.EqualFunc(before, after, slices.Equal) {
		t.Fatalf("the rebuild changed rows:\nbefore %v\nafter  %v", before, after)
	}
	var notNull int
	if err := st.DB.QueryRow("SELECT \"notnull\" FROM pragma_table_info('customers') WHERE name = 'phone'").Scan(&notNull); err != nil || notNull != 0 {
		t.Fatalf("phone notnull = %d (%v), want the rebuild applied", notNull, err)
	}
	var on int
	if err := st.DB.QueryRow("PRAGMA foreign_keys").Scan(&on); err != nil || on != 1 {
		t.Fatalf("foreign_keys = %d (%v) after the migration, want 1", on, err)
	}
	if _, err := st.DB.Exec("UPDATE sessions SET nas_id = 424242"); err == nil {
		t.Fatal("a dangling foreign key was accepted after the migration")
	}
}

// TestSQLiteRebuildRefusedWhenItLosesAColumn: a generated rebuild copies the columns ent
// knows; a column an operator added would vanish with the old table, so it is refused.
func TestSQLiteRebuildRefusedWhenItLosesAColumn(t *testing.T) {
	ctx := context.Background()
	st := testutil.OpenStore(t, testutil.SQLite)
	seedEveryTable(t, st)
	if _, err := st.DB.Exec("ALTER TABLE customers ADD COLUMN legacy_ref VARCHAR(20) DEFAULT 'X-1'"); err != nil {
		t.Fatal(err)
	}
	err := st.MigrateDir(ctx, dirWith(t, st, map[string]string{extraFile: rebuildCustomers(t, st)}))
	if err == nil || !strings.Contains(err.Error(), "would lose its column(s) legacy_ref") {
		t.Fatalf("err = %v, want the rebuild refused", err)
	}
	var n int
	if err := st.DB.QueryRow("SELECT count(*) FROM customers WHERE legacy_ref = 'X-1'").Scan(&n); err != nil || n != 2 {
		t.Fatalf("legacy_ref rows = %d (%v), want 2", n, err)
	}
}

// TestMigrateUpgradesDatabaseOlderThanBaseline: a database made by the auto-migration of
// a linedesk older than the baseline (here: without customers.email, an index and the
// login_leases table) gets them added, as that auto-migration would have, keeps every row,
// and ends with ent's schema.
func TestMigrateUpgradesDatabaseOlderThanBaseline(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := openRaw(t, kind)
			if err := legacyMigrate(ctx, st, byBaseline); err != nil {
				t.Fatal(err)
			}
			seedEveryTable(t, st)
			for _, q := range []string{"ALTER TABLE customers DROP COLUMN email", "DROP INDEX customer_phone", "DROP TABLE login_leases"} {
				if _, err := st.DB.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			before := dumpTables(t, st.DB, "login_leases")
			if err := st.Migrate(ctx); err != nil {
				t.Fatalf("migrating a database older than the baseline: %v", err)
			}
			after := dumpTables(t, st.DB)
			for table, rows := range before {
				if len(after[table]) != len(rows) {
					t.Fatalf("%s: %d rows after the upgrade, want %d", table, len(after[table]), len(rows))
				}
				for i, row := range rows {
					for _, value := range strings.Split(row, " | ") {
						if !slices.Contains(strings.Split(after[table][i], " | "), value) {
							t.Fatalf("%s row %d lost %s: %s", table, i, value, after[table][i])
						}
					}
				}
			}
			if changes, file := schemaDiff(t, st, nil); !slices.Equal(changes, expectedDiff(st)) {
				t.Fatalf("upgraded database differs from ent's schema: %v\n%s", changes, file)
			}
			if r := revisions(t, st)[fileVersions(t, st.Dialect)[0]]; !strings.HasPrefix(r, "1 ") {
				t.Fatalf("baseline revision = %q, want it marked as a baseline", r)
			}
		})
	}
}
