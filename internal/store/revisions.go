package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect"
)

// RevisionTable records the migration files a database has applied: one row per file
// (version, description, Atlas's chained hash of the directory up to it, statements, when).
const RevisionTable = "linedesk_migrations"

// queryer is what the revision table and the drop guard need of a transaction.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// revisionTable is Atlas's RevisionReadWriter over RevisionTable, inside the migration's
// transaction.
type revisionTable struct {
	q       queryer
	dialect string
}

var _ migrate.RevisionReadWriter = (*revisionTable)(nil)

// create makes the table if it is not there.
func (r *revisionTable) create(ctx context.Context) error {
	at := "timestamptz"
	if r.dialect == dialect.SQLite {
		at = "datetime"
	}
	_, err := r.q.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+RevisionTable+` (
	version varchar(64) NOT NULL PRIMARY KEY,
	description varchar(255) NOT NULL,
	type integer NOT NULL,
	applied integer NOT NULL,
	total integer NOT NULL,
	hash varchar(64) NOT NULL,
	applied_at `+at+` NOT NULL,
	execution_ms bigint NOT NULL
)`)
	if err != nil {
		return fmt.Errorf("creating the revision table: %w", err)
	}
	return nil
}

// Ident implements migrate.RevisionReadWriter.
func (r *revisionTable) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: RevisionTable}
}

const revisionColumns = "version, description, type, applied, total, hash, applied_at, execution_ms"

// ReadRevisions implements migrate.RevisionReadWriter: every revision, by version.
func (r *revisionTable) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	return r.read(ctx, "")
}

// ReadRevision implements migrate.RevisionReadWriter.
func (r *revisionTable) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	revs, err := r.read(ctx, version)
	if err != nil {
		return nil, err
	}
	if len(revs) == 0 {
		return nil, migrate.ErrRevisionNotExist
	}
	return revs[0], nil
}

func (r *revisionTable) read(ctx context.Context, version string) ([]*migrate.Revision, error) {
	q, args := "SELECT "+revisionColumns+" FROM "+RevisionTable, []any{}
	if version != "" {
		q, args = q+" WHERE version = "+r.param(1), append(args, version)
	}
	rows, err := r.q.QueryContext(ctx, q+" ORDER BY version", args...)
	if err != nil {
		return nil, fmt.Errorf("reading the revision table: %w", err)
	}
	defer rows.Close()
	var revs []*migrate.Revision
	for rows.Next() {
		var (
			rev migrate.Revision
			ms  int64
		)
		if err := rows.Scan(&rev.Version, &rev.Description, &rev.Type, &rev.Applied, &rev.Total, &rev.Hash, &rev.ExecutedAt, &ms); err != nil {
			return nil, fmt.Errorf("reading the revision table: %w", err)
		}
		rev.ExecutionTime = time.Duration(ms) * time.Millisecond
		revs = append(revs, &rev)
	}
	return revs, rows.Err()
}

// WriteRevision implements migrate.RevisionReadWriter (insert or update).
func (r *revisionTable) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	params := make([]string, 8)
	for i := range params {
		params[i] = r.param(i + 1)
	}
	_, err := r.q.ExecContext(ctx, "INSERT INTO "+RevisionTable+" ("+revisionColumns+") VALUES ("+strings.Join(params, ", ")+")"+
		" ON CONFLICT (version) DO UPDATE SET description = excluded.description, type = excluded.type, applied = excluded.applied,"+
		" total = excluded.total, hash = excluded.hash, applied_at = excluded.applied_at, execution_ms = excluded.execution_ms",
		rev.Version, rev.Description, int(rev.Type), rev.Applied, rev.Total, rev.Hash, rev.ExecutedAt.UTC(), rev.ExecutionTime.Milliseconds())
	if err != nil {
		return fmt.Errorf("recording migration %s: %w", rev.Version, err)
	}
	return nil
}

// DeleteRevision implements migrate.RevisionReadWriter.
func (r *revisionTable) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.q.ExecContext(ctx, "DELETE FROM "+RevisionTable+" WHERE version = "+r.param(1), version)
	return err
}

// param is the n-th placeholder of the dialect.
func (r *revisionTable) param(n int) string {
	if r.dialect == dialect.Postgres {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// checkApplied refuses a directory in which a file the database applied has changed since
// (its hash no longer matches the recorded one) or is missing while later files are
// present. Revisions newer than every file of dir (a newer linedesk migrated the database
// during a rolling upgrade) are left alone.
func (r *revisionTable) checkApplied(ctx context.Context, dir migrate.Dir) error {
	revs, err := r.ReadRevisions(ctx)
	if err != nil {
		return err
	}
	files, err := dir.Files()
	if err != nil {
		return err
	}
	sums, err := dir.Checksum()
	if err != nil {
		return err
	}
	byVersion := make(map[string]string, len(files))
	last := ""
	for _, f := range files {
		byVersion[f.Version()] = f.Name()
		last = max(last, f.Version())
	}
	for _, rev := range revs {
		name, ok := byVersion[rev.Version]
		switch {
		case !ok && rev.Version < last:
			return fmt.Errorf("migration %s_%s was applied to this database but its file is gone", rev.Version, rev.Description)
		case !ok, rev.Type == migrate.RevisionTypeBaseline:
			continue
		}
		sum, err := sums.SumByName(name)
		if err != nil {
			return err
		}
		if sum != rev.Hash {
			return fmt.Errorf("migration %s was changed after it was applied to this database: "+
				"an applied migration is never edited; write a new one", name)
		}
	}
	return nil
}
