package migrations_test

import (
	"fmt"
	"strings"
	"testing"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/migrate/migrations"
)

func TestDrops(t *testing.T) {
	tests := []struct {
		stmt string
		want string // the drops found, "kind table" joined by ","
	}{
		{`CREATE TABLE "customers" ("id" bigint)`, ""},
		{`ALTER TABLE "customers" ADD COLUMN "x" bigint`, ""},
		{`ALTER TABLE "customers" DROP COLUMN "x"`, "column customers"},
		{`alter table if exists only public.customers drop x`, "column customers"},
		{`ALTER TABLE customers ALTER COLUMN x DROP DEFAULT, ALTER COLUMN y DROP NOT NULL`, ""},
		{`ALTER TABLE customers DROP CONSTRAINT customers_fk`, ""},
		{"ALTER TABLE customers SET (fillfactor = 85); DROP INDEX IF EXISTS session_open_updated_at", ""},
		{"DROP TABLE `customers`", "table customers"},
		{`DROP TABLE IF EXISTS "public"."settings"`, "table settings"},
		{`DELETE FROM settings WHERE id = 1`, "rows settings"},
		{`TRUNCATE TABLE ONLY settings`, "rows settings"},
		{`DROP SCHEMA public CASCADE`, "schema "},
		{`DO $$ BEGIN ALTER TABLE customers DROP COLUMN x; END $$`, "column customers"},
		{`-- DROP TABLE customers
SELECT 'DELETE FROM customers', 'it''s ALTER TABLE x DROP y' /* TRUNCATE z */`, ""},
		{`CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'drop table x'; END $$`, ""},
	}
	for _, tt := range tests {
		var got []string
		for _, d := range migrations.Drops(tt.stmt) {
			got = append(got, d.Kind+" "+d.Table)
		}
		if strings.Join(got, ",") != tt.want {
			t.Errorf("Drops(%q) = %q, want %q", tt.stmt, strings.Join(got, ","), tt.want)
		}
	}
}

// TestDirectories checks the committed directories: they load with a valid atlas.sum, they
// start with the same baseline, and no file drops anything but the tables SQLite rebuilds
// unless it carries the allow-drop line.
func TestDirectories(t *testing.T) {
	for _, dia := range []string{dialect.Postgres, dialect.SQLite} {
		t.Run(dia, func(t *testing.T) {
			dir, err := migrations.Dir(dia)
			if err != nil {
				t.Fatal(err)
			}
			if err := migrate.Validate(dir); err != nil {
				t.Fatalf("atlas.sum: %v", err)
			}
			files, err := dir.Files()
			if err != nil || len(files) == 0 {
				t.Fatalf("files: %v (%d)", err, len(files))
			}
			if got := files[0].Name(); got != baselineName(t) {
				t.Fatalf("first file = %s, want the baseline %s", got, baselineName(t))
			}
			for _, f := range files {
				if err := checkDrops(f); err != nil {
					t.Error(err)
				}
			}
		})
	}
}

func baselineName(t *testing.T) string {
	dir, err := migrations.Dir(dialect.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := dir.Files()
	if !strings.HasSuffix(files[0].Name(), "_baseline.sql") {
		t.Fatalf("first SQLite file %s is not a baseline", files[0].Name())
	}
	return files[0].Name()
}

func checkDrops(f migrate.File) error {
	if migrations.AllowsDrops(f) {
		return nil
	}
	stmts, err := f.StmtDecls()
	if err != nil {
		return fmt.Errorf("%s: %w", f.Name(), err)
	}
	for _, s := range stmts {
		for _, d := range migrations.Drops(s.Text) {
			rebuilt := strings.Contains(string(f.Bytes()), "RENAME TO `"+d.Table+"`")
			if d.Kind != "table" || !rebuilt {
				return fmt.Errorf("%s drops a %s (%s) without %q", f.Name(), d.Kind, s.Text, migrations.AllowDrop)
			}
		}
	}
	return nil
}
