package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"ariga.io/atlas/sql/migrate"
	atlas "ariga.io/atlas/sql/schema"
	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"entgo.io/ent/dialect/sql/schema"

	entmigrate "github.com/linedesk/linedesk/ent/migrate"
	"github.com/linedesk/linedesk/ent/migrate/migrations"
	"github.com/linedesk/linedesk/internal/store"
)

// diff writes the difference between ent's schema and a replay of dir into a new file of
// dir and returns its name ("" when there is no difference).
func diff(ctx context.Context, o options, dia string, dir *migrate.LocalDir) (string, error) {
	before, err := dir.Files()
	if err != nil {
		return "", err
	}
	st, cleanup, err := scratch(ctx, o, dia)
	if err != nil {
		return "", err
	}
	defer cleanup()
	name := template.Must(template.New("name").Parse(o.version + "{{ with .Name }}_{{ . }}{{ end }}.sql"))
	format, err := migrate.NewTemplateFormatter(name, migrate.DefaultFormatter[0].C)
	if err != nil {
		return "", err
	}
	opts := []schema.MigrateOption{
		schema.WithDir(dir),
		schema.WithMigrationMode(schema.ModeReplay),
		schema.WithDialect(dia),
		schema.WithFormatter(format),
		schema.WithForeignKeys(true),
		// Indexes ent does not know (the hand-written ones) are never dropped.
		schema.WithDropIndex(false),
		schema.WithDropColumn(o.allowDrop),
		schema.WithDiffHook(keepHandWrittenTables),
	}
	m, err := schema.NewMigrate(entsql.OpenDB(dia, st.DB), opts...)
	if err != nil {
		return "", err
	}
	if err := m.NamedDiff(ctx, o.name, entmigrate.Tables...); err != nil {
		return "", fmt.Errorf("diffing ent's schema against %s: %w", dir.Path(), err)
	}
	after, err := dir.Files()
	if err != nil {
		return "", err
	}
	if len(after) == len(before) {
		fmt.Printf("%s: ent's schema and the migrations agree; nothing written\n", dir.Path())
		return "", nil
	}
	for _, f := range after {
		if strings.HasPrefix(f.Name(), o.version+"_") {
			return f.Name(), nil
		}
	}
	return "", fmt.Errorf("the new file of %s was not found", dir.Path())
}

// handWrittenTables are the tables hand-written PostgreSQL migrations make and ent does not
// know: a replay of the directory has them, ent's schema does not, and the diff must not
// drop them.
var handWrittenTables = map[string]bool{"customer_search_counts": true}

// keepHandWrittenTables leaves the drops of handWrittenTables out of the diff.
func keepHandWrittenTables(next schema.Differ) schema.Differ {
	return schema.DiffFunc(func(current, desired *atlas.Schema) ([]atlas.Change, error) {
		cs, err := next.Diff(current, desired)
		out := cs[:0]
		for _, c := range cs {
			if d, ok := c.(*atlas.DropTable); ok && handWrittenTables[d.T.Name] {
				continue
			}
			out = append(out, c)
		}
		return out, err
	})
}

// check refuses a written file that drops data without -allow-drop (and marks it when
// allowed), then applies the whole directory to a scratch database as store.Migrate would.
func check(ctx context.Context, o options, dia string, dir *migrate.LocalDir, written string) error {
	path := filepath.Join(dir.Path(), written)
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	stmts, err := migrate.NewLocalFile(written, b).StmtDecls()
	if err != nil {
		return err
	}
	for _, s := range stmts {
		for _, d := range migrations.Drops(s.Text) {
			// A DROP TABLE that ends an SQLite table rebuild is checked when it is applied.
			if d.Kind == "table" || o.allowDrop {
				continue
			}
			return fmt.Errorf("%s would drop a %s (%s): refused; pass -allow-drop if that is meant", written, d.Kind, s.Text)
		}
	}
	if o.allowDrop {
		b = append([]byte(migrations.AllowDrop+" (generated with -allow-drop)\n"), b...)
		if err := dir.WriteFile(written, b); err != nil {
			return err
		}
		if err := rehash(dir); err != nil {
			return err
		}
	}
	st, cleanup, err := scratch(ctx, o, dia)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := st.MigrateDir(ctx, dir); err != nil {
		return fmt.Errorf("applying %s to an empty database: %w", dir.Path(), err)
	}
	return nil
}

// scratch opens an empty database of the dialect: an SQLite file in a temporary directory,
// or a new database on the PostgreSQL server. cleanup removes it.
func scratch(ctx context.Context, o options, dia string) (*store.Store, func(), error) {
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "linedesk_gen_" + hex.EncodeToString(suffix)
	if dia == dialect.SQLite {
		tmp, err := os.MkdirTemp("", name)
		if err != nil {
			return nil, nil, err
		}
		st, err := store.Open(ctx, "sqlite://"+filepath.Join(tmp, "dev.db"))
		if err != nil {
			os.RemoveAll(tmp)
			return nil, nil, err
		}
		return st, func() { st.Close(); os.RemoveAll(tmp) }, nil
	}
	u, err := url.Parse(o.server)
	if err != nil {
		return nil, nil, fmt.Errorf("bad PostgreSQL server URL: %w", err)
	}
	admin, err := sql.Open("postgres", o.server)
	if err != nil {
		return nil, nil, err
	}
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.Close()
		return nil, nil, fmt.Errorf("creating a scratch database on %s (PostgreSQL is needed for its diff): %w", store.Redact(o.server), err)
	}
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_, _ = admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	}
	u.Path = "/" + name
	st, err := store.Open(ctx, u.String())
	if err != nil {
		drop()
		return nil, nil, err
	}
	return st, func() { st.Close(); drop() }, nil
}
