package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/linedesk/linedesk/ent"
)

// The transaction owner. Every service writes through InTx: it opens a transaction, or joins
// the one its context already carries, so a service that calls another shares its
// transaction instead of committing first. Work that must wait for the commit (events,
// router actions, deliveries) is registered with AfterCommit and runs once the outermost
// transaction has committed, never when it rolls back.

// txScope is the transaction a context carries and the work waiting for its commit.
type txScope struct {
	tx *ent.Tx
	// sqlTx is tx's database/sql transaction when the store's driver began it (CopyIn).
	sqlTx *sql.Tx

	mu    sync.Mutex
	after []func(context.Context)
}

type txScopeKey struct{}

func scopeOf(ctx context.Context) *txScope {
	s, _ := ctx.Value(txScopeKey{}).(*txScope)
	return s
}

// InTx runs fn in a transaction. When ctx already carries one (fn of an enclosing InTx), fn
// joins it and InTx returns fn's error; otherwise InTx begins a transaction on base, commits
// it when fn returns nil (rolls back on an error or a panic), then runs the AfterCommit work
// in the order it was registered before returning. fn's ctx carries the transaction and c is
// its client.
func InTx(ctx context.Context, base *ent.Client, fn func(ctx context.Context, c *ent.Client) error) (err error) {
	if s := scopeOf(ctx); s != nil {
		return fn(ctx, s.tx.Client())
	}
	s := &txScope{}
	scoped := context.WithValue(ctx, txScopeKey{}, s)
	tx, err := base.Tx(scoped) // the store's driver records the *sql.Tx in s
	if err != nil {
		return fmt.Errorf("starting transaction: %w", err)
	}
	s.tx = tx
	inner := ent.NewTxContext(scoped, tx)
	defer func() {
		if v := recover(); v != nil {
			_ = tx.Rollback()
			panic(v)
		}
	}()
	if err := fn(inner, tx.Client()); err != nil {
		if rerr := tx.Rollback(); rerr != nil {
			return fmt.Errorf("%w (rollback: %v)", err, rerr)
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("committing transaction: %w", err)
	}
	s.mu.Lock()
	after := s.after
	s.after = nil
	s.mu.Unlock()
	done := context.WithoutCancel(ctx) // committed work is finished even if the caller left
	for _, f := range after {
		f(done)
	}
	return nil
}

// AfterCommit runs f after the transaction ctx carries commits; f does not run if it rolls
// back. Outside a transaction f runs at once. f gets a context without the transaction.
func AfterCommit(ctx context.Context, f func(ctx context.Context)) {
	s := scopeOf(ctx)
	if s == nil {
		f(ctx)
		return
	}
	s.mu.Lock()
	s.after = append(s.after, f)
	s.mu.Unlock()
}

// InTransaction reports whether ctx carries a transaction of InTx (so work registered with
// AfterCommit now would wait for a commit that the caller, not this function, decides).
func InTransaction(ctx context.Context) bool { return scopeOf(ctx) != nil }

// Reader returns the client to read with: the transaction's when ctx carries one (to see its
// own writes), else base.
func Reader(ctx context.Context, base *ent.Client) *ent.Client {
	if s := scopeOf(ctx); s != nil {
		return s.tx.Client()
	}
	return base
}
