package store_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

var kinds = []string{testutil.SQLite, testutil.Postgres}

// TestMigrationsEqualEntSchema applies the migration files to an empty database and diffs
// it against ent's schema: nothing may differ but the hand-written PostgreSQL indexes, which
// must be there.
func TestMigrationsEqualEntSchema(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			st := openRaw(t, kind)
			if err := st.Migrate(context.Background()); err != nil {
				t.Fatal(err)
			}
			changes, file := schemaDiff(t, st, nil)
			if !slices.Equal(changes, expectedDiff(st)) {
				t.Fatalf("migrated database differs from ent's schema:\n%s\nwant only:\n%s\nfile:\n%s",
					strings.Join(changes, "\n"), strings.Join(expectedDiff(st), "\n"), file)
			}
			checkHandWritten(t, st)
			revs := revisions(t, st)
			if got, want := slices.Sorted(maps.Keys(revs)), fileVersions(t, st.Dialect); !slices.Equal(got, want) {
				t.Fatalf("revisions = %v, want every file %v", got, want)
			}
			for v, r := range revs {
				if !strings.HasPrefix(r, "2 ") { // migrate.RevisionTypeExecute
					t.Errorf("revision %s = %s, want an executed one", v, r)
				}
			}
		})
	}
}

// TestMigrateUpgradesAutoMigratedDatabase makes a database as the versions before
// versioned migrations did (ent's auto-migration and the hand list of SQL; or the baseline
// file and that list, which stays valid after ent's schema moves on), seeds every table, and
// migrates it: the baseline is marked applied, the rest applied, every row and an operator's
// own column kept, and the schema equals ent's.
func TestMigrateUpgradesAutoMigratedDatabase(t *testing.T) {
	for _, kind := range kinds {
		for _, how := range []string{byAutoMigration, byBaseline} {
			t.Run(kind+"/"+how, func(t *testing.T) {
				if how == byAutoMigration && !entSchemaIsBaseline(t, kind) {
					t.Skip("ent's schema has moved past the baseline: today's auto-migration no longer makes the databases of the versions before versioned migrations; the baseline variant covers them")
				}
				upgradeLegacy(t, kind, how)
			})
		}
	}
}

func upgradeLegacy(t *testing.T, kind, how string) {
	ctx := context.Background()
	st := openRaw(t, kind)
	if err := legacyMigrate(ctx, st, how); err != nil {
		t.Fatal(err)
	}
	seedEveryTable(t, st)
	if _, err := st.DB.Exec("ALTER TABLE customers ADD COLUMN legacy_ref VARCHAR(20) DEFAULT 'X-1'"); err != nil {
		t.Fatal(err)
	}
	shape := presentTables(t, st.DB)
	before := dumpShape(t, st.DB, shape)
	for _, tbl := range shape {
		if len(before[tbl.Name]) != 2 {
			t.Fatalf("seeded %d rows into %s, want 2", len(before[tbl.Name]), tbl.Name)
		}
	}
	if err := st.Migrate(ctx); err != nil {
		t.Fatalf("migrating a database made by auto-migration: %v", err)
	}
	if after := dumpShape(t, st.DB, shape); !maps.EqualFunc(before, after, slices.Equal) {
		t.Fatalf("rows changed by the upgrade:\nbefore %v\nafter  %v", before, after)
	}
	var kept int
	if err := st.DB.QueryRow("SELECT count(*) FROM customers WHERE legacy_ref = 'X-1'").Scan(&kept); err != nil || kept != 2 {
		t.Fatalf("the operator's own column: %d rows keep it (%v), want 2", kept, err)
	}
	want := slices.Sorted(slices.Values(append(expectedDiff(st), "customers: drop column legacy_ref")))
	if changes, file := schemaDiff(t, st, nil); !slices.Equal(changes, want) {
		t.Fatalf("upgraded database differs from ent's schema: %v\n%s", changes, file)
	}
	checkHandWritten(t, st)
	versions := fileVersions(t, st.Dialect)
	revs := revisions(t, st)
	if !strings.HasPrefix(revs[versions[0]], "1 ") { // migrate.RevisionTypeBaseline
		t.Fatalf("baseline revision = %q, want it marked as a baseline", revs[versions[0]])
	}
	if len(revs) != len(versions) {
		t.Fatalf("revisions = %v, want one per file %v", revs, versions)
	}
	// And again: nothing to do, nothing changed.
	if err := st.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if again := revisions(t, st); !maps.Equal(revs, again) {
		t.Fatalf("second migration changed the revisions: %v → %v", revs, again)
	}
}

// TestMigrateTwiceIsNoOp migrates a database twice, the second time from another process
// (another connection pool): the revisions stay as the first run wrote them.
func TestMigrateTwiceIsNoOp(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := testutil.DSN(t, kind)
			for i := range 2 {
				st, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				revs := revisions2(t, st, i)
				if err := st.Migrate(ctx); err != nil {
					t.Fatalf("migration %d: %v", i+1, err)
				}
				if after := revisions(t, st); i == 1 && !maps.Equal(revs, after) {
					t.Fatalf("second migration changed the revisions: %v → %v", revs, after)
				}
			}
		})
	}
}

// revisions2 reads the revisions before migration i (none exist before the first).
func revisions2(t *testing.T, st *store.Store, i int) map[string]string {
	if i == 0 {
		return nil
	}
	return revisions(t, st)
}

// TestConcurrentMigrate starts four processes' migrations of one empty database at once:
// each file is applied once, and every one of them succeeds.
func TestConcurrentMigrate(t *testing.T) {
	for _, kind := range kinds {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			dsn := testutil.DSN(t, kind)
			var (
				wg     sync.WaitGroup
				stores []*store.Store
				errs   = make([]error, 4)
			)
			for range errs {
				st, err := store.Open(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer st.Close()
				stores = append(stores, st)
			}
			for i, st := range stores {
				wg.Go(func() { errs[i] = st.Migrate(ctx) })
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("migration %d: %v", i+1, err)
				}
			}
			var n int
			if err := stores[0].DB.QueryRow("SELECT count(*) FROM " + store.RevisionTable).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if want := len(fileVersions(t, stores[0].Dialect)); n != want {
				t.Fatalf("%d revisions, want %d (each file once)", n, want)
			}
		})
	}
}
