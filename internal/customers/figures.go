package customers

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
)

// StatusFigures are the numbers of customers in each connection status at one instant:
// what the ONLINE, OFFLINE and EXPIRED filters (StatusPredicate) count at that instant.
// CountStatuses reads them in one statement, so from one snapshot of the database:
// Online + Offline + Expired == Total always holds.
type StatusFigures struct {
	Total, Online, Offline, Expired int
}

// statusFiguresSQL counts, in one statement, with $1 = now:
//
//	t.n  every customer;
//	e.n  the expired customers (expires_at <= now, as the EXPIRED filter: the expires_at index);
//	3rd  the customers with at least one open session: the distinct customer ids of the open
//	     sessions (on PostgreSQL the partial index sessions_open_customer holds exactly those);
//	4th  the expired customers among them.
//
// Then ONLINE = 3rd − 4th and OFFLINE = t.n − e.n − ONLINE: no NOT EXISTS over every
// customer, and no join of every open session to its customer.
//
// The 4th has two forms, of which CASE evaluates one. While the expired customers are under
// an eighth of all (as usual), one index probe per expired customer is the cheapest, written
// as a scalar subquery, which PostgreSQL never turns into a join: 4 ms for 5,000 expired at
// 100,000 customers / 50,000 open sessions here. With many expired customers the probes cost
// more (136 ms for 65,000) than the semi join PostgreSQL plans for EXISTS, a merge of the
// customers with the open sessions that takes 20–30 ms there whatever their number.
const (
	withOpenSQL = `((SELECT count(DISTINCT "customer_id") FROM "sessions" WHERE "open") - ` + archivedOpen + `)`
	// archivedOpen: the archived customers (few; the archived_at index) still holding an open
	// session (archiving disconnects them, but a router may not have answered yet).
	archivedOpen = `(SELECT count(*) FROM "customers" a WHERE a."archived_at" IS NOT NULL
        AND EXISTS (SELECT 1 FROM "sessions" s WHERE s."customer_id" = a."id" AND s."open"))`
	expiredProbe = `(SELECT count(*) FROM "customers" c WHERE c."expires_at" <= $1 AND c."archived_at" IS NULL
        AND (SELECT true FROM "sessions" s WHERE s."customer_id" = c."id" AND s."open" LIMIT 1))`
	expiredSemi = `(SELECT count(*) FROM "customers" c WHERE c."expires_at" <= $1 AND c."archived_at" IS NULL
        AND EXISTS (SELECT 1 FROM "sessions" s WHERE s."customer_id" = c."id" AND s."open"))`
	expiredSQL = `e AS (SELECT count(*) AS n FROM "customers" WHERE "expires_at" <= $1 AND "archived_at" IS NULL)`
)

// Archived customers are in none of the figures: t counts every customer less the archived
// ones, and the 3rd figure leaves out the archived customers with an open session.
const statusFiguresSQL = `WITH t AS (SELECT (SELECT count(*) FROM "customers") - (SELECT count(*) FROM "customers" WHERE "archived_at" IS NOT NULL) AS n), ` + expiredSQL + `
SELECT t.n, e.n, ` + withOpenSQL + `,
 CASE WHEN 8 * e.n <= t.n THEN ` + expiredProbe + ` ELSE ` + expiredSemi + ` END
FROM t, e`

// statusFiguresPG is statusFiguresSQL on PostgreSQL at a million customers (issue 19): the
// same four figures in one pass, a merge of the index-only scan of customers_live_expiry (the
// customers not archived, in id order, with their expiry) with the distinct customer ids of
// the open sessions (sessions_open_customer, in the same order). It runs without parallel
// workers: each worker would read every open session again for its share of the merge. At
// 1,000,000 customers and 200,000 open sessions: 90 ms on a 2-core machine under load, where
// statusFiguresSQL took 700 ms (counting the customers twice, and one probe per expired one).
const statusFiguresPG = `SELECT count(*), count(*) FILTER (WHERE c."expires_at" <= $1),
 count(s."customer_id"), count(s."customer_id") FILTER (WHERE c."expires_at" <= $1)
FROM "customers" c LEFT JOIN (SELECT DISTINCT "customer_id" FROM "sessions" WHERE "open") s ON s."customer_id" = c."id"
WHERE c."archived_at" IS NULL`

// onlineSQL (PostgreSQL) counts ONLINE alone: the 3rd figure minus the 4th, without counting
// every customer (a third of the time of statusFiguresSQL). The planner's estimate of the
// customers (pg_class.reltuples; -1 before the first ANALYZE) only chooses the form of the
// 4th figure, never its value.
const onlineSQL = `WITH ` + expiredSQL + `
SELECT ` + withOpenSQL + ` - CASE
  WHEN 8 * e.n <= (SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass) THEN ` + expiredProbe + `
  ELSE ` + expiredSemi + ` END
FROM e`

// CountOnline returns what the ONLINE filter counts at now, in one statement (on SQLite,
// through CountStatuses).
func CountOnline(ctx context.Context, c *ent.Client, postgres bool, now time.Time) (int, error) {
	if !postgres {
		f, err := CountStatuses(ctx, c, false, now)
		return f.Online, err
	}
	var n int
	err := withoutJIT(ctx, c, func(c *ent.Client) error {
		rows, err := c.QueryContext(ctx, onlineSQL, now)
		if err != nil {
			return err
		}
		defer rows.Close()
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return errors.New("no row")
		}
		if err := rows.Scan(&n); err != nil {
			return err
		}
		return rows.Close()
	})
	if err != nil {
		return 0, fmt.Errorf("counting online customers: %w", err)
	}
	return n, nil
}

// CountStatuses returns the status figures at now, computed in the database in one
// statement. It reads nothing else, so it gives the same answer on every instance sharing
// the database.
//
// On PostgreSQL the statement runs in a read-only transaction with JIT compilation off: the
// planner's cost of the statement counts both CASE branches, and the probes' cost grows with
// the expired customers, so from about 10,000 of them it passes jit_above_cost, and
// compiling then takes far longer (about 230 ms here) than counting.
func CountStatuses(ctx context.Context, c *ent.Client, postgres bool, now time.Time) (StatusFigures, error) {
	if !postgres {
		// SQLite's ?NNN is the NNN-th argument, like PostgreSQL's $NNN.
		return scanStatuses(ctx, c, strings.ReplaceAll(statusFiguresSQL, "$", "?"), now)
	}
	var f StatusFigures
	err := withoutJIT(ctx, c, func(c *ent.Client) error {
		var err error
		f, err = scanStatuses(ctx, c, statusFiguresPG, now)
		return err
	}, "SET LOCAL max_parallel_workers_per_gather = 0")
	return f, err
}

// withoutJIT runs fn in a read-only transaction with JIT compilation off (PostgreSQL) and
// the further settings given (SET LOCAL statements), or in the caller's transaction, its
// settings untouched, when there is one.
func withoutJIT(ctx context.Context, c *ent.Client, fn func(*ent.Client) error, settings ...string) error {
	tx, err := c.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if errors.Is(err, ent.ErrTxStarted) { // within the operation's transaction already
		return fn(c)
	}
	if err != nil {
		return fmt.Errorf("counting customers by status: %w", err)
	}
	defer tx.Rollback()
	for _, set := range append([]string{"SET LOCAL jit = off"}, settings...) {
		if _, err := tx.ExecContext(ctx, set); err != nil {
			return fmt.Errorf("counting customers by status: %w", err)
		}
	}
	if err := fn(tx.Client()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("counting customers by status: %w", err)
	}
	return nil
}

func scanStatuses(ctx context.Context, c *ent.Client, query string, now time.Time) (StatusFigures, error) {
	rows, err := c.QueryContext(ctx, query, now)
	if err != nil {
		return StatusFigures{}, fmt.Errorf("counting customers by status: %w", err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return StatusFigures{}, fmt.Errorf("counting customers by status: %w", err)
		}
		return StatusFigures{}, fmt.Errorf("counting customers by status: no row")
	}
	var total, expired, withOpen, expiredWithOpen int
	if err := rows.Scan(&total, &expired, &withOpen, &expiredWithOpen); err != nil {
		return StatusFigures{}, fmt.Errorf("reading the status counts: %w", err)
	}
	if err := rows.Close(); err != nil {
		return StatusFigures{}, fmt.Errorf("counting customers by status: %w", err)
	}
	online := withOpen - expiredWithOpen
	return StatusFigures{Total: total, Online: online, Offline: total - expired - online, Expired: expired}, nil
}
