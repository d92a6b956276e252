// Package lease makes a periodic job run on one instance at a time: on PostgreSQL through a
// transaction-scoped advisory lock held on one connection while the job runs; on the embedded
// SQLite (one process) through an in-process mutex.
package lease

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"sync"

	"github.com/linedesk/linedesk/internal/store"
)

var local sync.Map // name → *sync.Mutex, for SQLite

// key maps a job name to a 64-bit advisory lock key.
func key(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("linedesk-job:" + name))
	return int64(h.Sum64() & 0x7fffffffffffffff)
}

// Run runs fn if no other instance is running the job called name, and reports whether it ran.
// The lock is released when fn returns (or when the connection dies, so a crashed instance
// never keeps it).
func Run(ctx context.Context, st *store.Store, name string, fn func(ctx context.Context) error) (bool, error) {
	if !st.IsPostgres() {
		mu, _ := local.LoadOrStore(name, &sync.Mutex{})
		m := mu.(*sync.Mutex)
		if !m.TryLock() {
			return false, nil
		}
		defer m.Unlock()
		return true, fn(ctx)
	}
	conn, err := st.DB.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, &sql.TxOptions{})
	if err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	defer tx.Rollback()
	var got bool
	if err := tx.QueryRowContext(ctx, "SELECT pg_try_advisory_xact_lock($1)", key(name)).Scan(&got); err != nil {
		return false, fmt.Errorf("lease %s: %w", name, err)
	}
	if !got {
		return false, nil
	}
	return true, fn(ctx)
}
