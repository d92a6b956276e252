// Command gen writes linedesk's versioned migrations: the difference between ent's schema
// and a replay of the migration directory, one file per dialect (PostgreSQL and SQLite), then
// applies the whole directory to a scratch database to prove it. It is not part of
// `make generate`: PostgreSQL needs a server for its replay.
//
//	go run ./ent/migrate/gen NAME                 a generated migration (make migration NAME=…)
//	go run ./ent/migrate/gen -hash                rewrite atlas.sum after editing a hand-written file
//	go run ./ent/migrate/gen -empty NAME -dialect postgres   an empty file to write by hand
//
// The PostgreSQL server is TEST_DATABASE_URL, or postgres://postgres@127.0.0.1:5432/postgres;
// the run creates a scratch database on it and drops it after.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/migrate/migrations"
)

func main() {
	if err := run(context.Background(), os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

type options struct {
	root, dialect, version, server string
	hash, empty, allowDrop         bool
	name                           string
}

func run(ctx context.Context, args []string) error {
	var o options
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.StringVar(&o.root, "dir", "ent/migrate/migrations", "the migrations directory (one subdirectory per dialect)")
	fs.StringVar(&o.dialect, "dialect", "all", "postgres, sqlite or all")
	fs.StringVar(&o.version, "version", "", "the new file's version (default: now, UTC, as YYYYMMDDhhmmss)")
	fs.StringVar(&o.server, "server", os.Getenv("TEST_DATABASE_URL"), "PostgreSQL server for the scratch databases (default TEST_DATABASE_URL or the local server)")
	fs.BoolVar(&o.hash, "hash", false, "only rewrite atlas.sum of each directory")
	fs.BoolVar(&o.empty, "empty", false, "write an empty file NAME to fill in by hand")
	fs.BoolVar(&o.allowDrop, "allow-drop", false, "let the diff drop columns and indexes ent no longer has (the file is marked "+migrations.AllowDrop+")")
	// Flags may follow NAME too (gen -empty NAME -dialect postgres).
	var names []string
	for {
		if err := fs.Parse(args); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		names, args = append(names, fs.Arg(0)), fs.Args()[1:]
	}
	if o.server == "" {
		o.server = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	if o.version == "" {
		o.version = time.Now().UTC().Format("20060102150405")
	}
	if !o.hash {
		if len(names) != 1 || !regexp.MustCompile(`^[a-z0-9_]+$`).MatchString(names[0]) {
			return fmt.Errorf("usage: gen [-dialect D] [-empty] NAME, NAME in lower case letters, digits and _")
		}
		o.name = names[0]
	}
	dialects := []string{dialect.Postgres, dialect.SQLite}
	switch o.dialect {
	case "all":
	case dialect.Postgres, dialect.SQLite:
		dialects = []string{o.dialect}
	default:
		return fmt.Errorf("unknown dialect %q: postgres, sqlite or all", o.dialect)
	}
	for _, dia := range dialects {
		if err := runDialect(ctx, o, dia); err != nil {
			return fmt.Errorf("%s: %w", dia, err)
		}
	}
	return nil
}

// runDialect does the work of one dialect's directory.
func runDialect(ctx context.Context, o options, dia string) error {
	sub, err := migrations.DirName(dia)
	if err != nil {
		return err
	}
	dir, err := migrate.NewLocalDir(filepath.Join(o.root, sub))
	if err != nil {
		return err
	}
	switch {
	case o.hash:
		return rehash(dir)
	case o.empty:
		name := o.version + "_" + o.name + ".sql"
		if err := dir.WriteFile(name, []byte("-- "+o.name+": written by hand.\n")); err != nil {
			return err
		}
		fmt.Println("wrote", filepath.Join(dir.Path(), name), "(run gen -hash after editing it)")
		return rehash(dir)
	}
	written, err := diff(ctx, o, dia, dir)
	if err != nil || written == "" {
		return err
	}
	if err := check(ctx, o, dia, dir, written); err != nil {
		// Leave the directory as it was.
		return joinErr(err, os.Remove(filepath.Join(dir.Path(), written)), rehash(dir))
	}
	fmt.Println("wrote", filepath.Join(dir.Path(), written))
	return nil
}

// rehash rewrites the directory's atlas.sum from its files.
func rehash(dir migrate.Dir) error {
	sum, err := dir.Checksum()
	if err != nil {
		return err
	}
	return migrate.WriteSumFile(dir, sum)
}

func joinErr(err error, more ...error) error {
	for _, e := range more {
		if e != nil {
			err = fmt.Errorf("%w (and %v)", err, e)
		}
	}
	return err
}
