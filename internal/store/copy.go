package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"
	"github.com/lib/pq"
)

// Bulk loads on PostgreSQL: COPY inside the transaction of InTx. ent's transaction hides its
// *sql.Tx, and lib/pq's COPY is a statement prepared on it; the store's driver (txDriver)
// hands the *sql.Tx of every transaction it begins to the scope that asked for it.

// ErrNoCopy is returned by CopyIn when the context's transaction cannot COPY: SQLite, or a
// transaction not begun through InTx on a store's client. Callers fall back to INSERTs.
var ErrNoCopy = errors.New("store: COPY needs a PostgreSQL transaction of InTx")

// txDriver is entsql's driver that records the *sql.Tx of each PostgreSQL transaction it
// begins in the txScope of the context the transaction was begun with (InTx puts it there).
type txDriver struct{ *entsql.Driver }

// Tx begins a transaction (ent's Client.Tx).
func (d txDriver) Tx(ctx context.Context) (dialect.Tx, error) { return d.BeginTx(ctx, nil) }

// BeginTx begins a transaction with options and records its *sql.Tx.
func (d txDriver) BeginTx(ctx context.Context, opts *entsql.TxOptions) (dialect.Tx, error) {
	tx, err := d.Driver.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	if s := scopeOf(ctx); s != nil && s.tx == nil && d.Dialect() == dialect.Postgres {
		if t, ok := tx.(*entsql.Tx); ok {
			s.sqlTx, _ = t.Tx.(*sql.Tx)
		}
	}
	return tx, nil
}

// CopyIn loads rows into table's columns with COPY … FROM STDIN in the transaction ctx
// carries (one of InTx on PostgreSQL), and returns the number of rows. Each row holds one
// value per column. It returns ErrNoCopy when the transaction cannot COPY. COPY runs no ent
// hook: the caller writes what the hooks would (UTC times, the change feed).
func CopyIn(ctx context.Context, table string, columns []string, rows func(yield func(row ...any) error) error) (int, error) {
	s := scopeOf(ctx)
	if s == nil || s.sqlTx == nil {
		return 0, ErrNoCopy
	}
	stmt, err := s.sqlTx.PrepareContext(ctx, pq.CopyIn(table, columns...))
	if err != nil {
		return 0, fmt.Errorf("copy into %s: %w", table, err)
	}
	n := 0
	err = rows(func(row ...any) error {
		if _, err := stmt.ExecContext(ctx, row...); err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		n++
		return nil
	})
	if err == nil {
		if _, err = stmt.ExecContext(ctx); err != nil {
			err = fmt.Errorf("copy into %s: %w", table, err)
		}
	}
	if cerr := stmt.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("copy into %s: %w", table, cerr)
	}
	return n, err
}

// CanCopy reports whether CopyIn can run in the transaction ctx carries.
func CanCopy(ctx context.Context) bool {
	s := scopeOf(ctx)
	return s != nil && s.sqlTx != nil
}
