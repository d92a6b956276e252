package kit

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	_ "github.com/lib/pq" // PostgreSQL driver

	"github.com/linedesk/linedesk/radius"
)

// OpenDB opens a direct connection (not through the proxy) to the test's database.
func OpenDB(dsn string) (*sql.DB, error) {
	db, err := sql.Open("postgres", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", "test database", err)
	}
	db.SetMaxOpenConns(4)
	return db, nil
}

// TerminateBackends ends every other connection to the current database (what an
// administrator's pg_terminate_backend or a database restart does to linedesk) and returns
// how many it ended.
func TerminateBackends(ctx context.Context, db *sql.DB) (int, error) {
	var n int
	err := db.QueryRowContext(ctx, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid()`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("pg_terminate_backend: %w", err)
	}
	return n, nil
}

// SessionRow is one row of the sessions table.
type SessionRow struct {
	AcctSessionID     string
	Username          string
	BytesIn, BytesOut int64
	SessionTime       int64
	Open              bool
	CustomerID        sql.NullInt64
}

// SessionRows returns the stored sessions whose Acct-Session-Id starts with prefix.
func SessionRows(ctx context.Context, db *sql.DB, prefix string) (map[string][]SessionRow, error) {
	rows, err := db.QueryContext(ctx, `SELECT acct_session_id, username, bytes_in, bytes_out, session_time, open, customer_id
		FROM sessions WHERE acct_session_id LIKE $1`, prefix+"%")
	if err != nil {
		return nil, fmt.Errorf("reading sessions: %w", err)
	}
	defer rows.Close()
	out := map[string][]SessionRow{}
	for rows.Next() {
		var r SessionRow
		if err := rows.Scan(&r.AcctSessionID, &r.Username, &r.BytesIn, &r.BytesOut, &r.SessionTime, &r.Open, &r.CustomerID); err != nil {
			return nil, err
		}
		out[r.AcctSessionID] = append(out[r.AcctSessionID], r)
	}
	return out, rows.Err()
}

// AcctReport compares what the router sent with what is stored.
type AcctReport struct {
	Sessions, Stored, Duplicated, Lost, Wrong, OpenWrong int
	Problems                                             []string
}

// OK reports whether every session is stored once with the router's last counters.
func (r AcctReport) OK() bool {
	return r.Lost == 0 && r.Duplicated == 0 && r.Wrong == 0 && r.OpenWrong == 0
}

func (r AcctReport) String() string {
	s := fmt.Sprintf("%d sessions: %d stored, %d duplicated, %d lost, %d with wrong counters, %d with wrong open state",
		r.Sessions, r.Stored, r.Duplicated, r.Lost, r.Wrong, r.OpenWrong)
	if len(r.Problems) > 0 {
		n := min(len(r.Problems), 10)
		s += "\n  " + strings.Join(r.Problems[:n], "\n  ")
		if len(r.Problems) > n {
			s += fmt.Sprintf("\n  ... and %d more", len(r.Problems)-n)
		}
	}
	return s
}

// CheckAccounting compares every session's newest sent counters (all of them must have been
// acknowledged) with the stored row: exactly one row, the same counters, open unless stopped.
func CheckAccounting(states []SessionState, rows map[string][]SessionRow) AcctReport {
	sort.Slice(states, func(i, j int) bool { return states[i].ID < states[j].ID })
	var r AcctReport
	for _, st := range states {
		r.Sessions++
		got := rows[st.ID]
		switch {
		case len(got) == 0:
			r.Lost++
			r.Problems = append(r.Problems, fmt.Sprintf("%s: not stored", st.ID))
			continue
		case len(got) > 1:
			r.Duplicated++
			r.Problems = append(r.Problems, fmt.Sprintf("%s: %d rows", st.ID, len(got)))
		}
		r.Stored++
		row := got[0]
		if uint64(row.BytesIn) != st.LastIn || uint64(row.BytesOut) != st.LastOut {
			r.Wrong++
			r.Problems = append(r.Problems, fmt.Sprintf("%s: stored in/out %d/%d, router sent %d/%d",
				st.ID, row.BytesIn, row.BytesOut, st.LastIn, st.LastOut))
		}
		if row.Open == st.Stopped {
			r.OpenWrong++
			r.Problems = append(r.Problems, fmt.Sprintf("%s: open=%v but Stop acknowledged=%v", st.ID, row.Open, st.Stopped))
		}
	}
	return r
}

// CheckNotBehind reports sessions whose stored counters are below what linedesk acknowledged
// (an acknowledged, lost record).
func CheckNotBehind(states []SessionState, rows map[string][]SessionRow) (checked int, problems []string) {
	for _, st := range states {
		if st.Acked == 0 {
			continue
		}
		checked++
		got := rows[st.ID]
		if len(got) == 0 {
			problems = append(problems, fmt.Sprintf("%s: acknowledged %d times but not stored", st.ID, st.Acked))
			continue
		}
		row := got[0]
		if uint64(row.BytesIn) < st.AckedIn || uint64(row.BytesOut) < st.AckedOut {
			problems = append(problems, fmt.Sprintf("%s: stored %d/%d, acknowledged %d/%d",
				st.ID, row.BytesIn, row.BytesOut, st.AckedIn, st.AckedOut))
		}
		if st.Stopped && row.Open {
			problems = append(problems, fmt.Sprintf("%s: Stop acknowledged but stored open", st.ID))
		}
	}
	return checked, problems
}

// RollUpBound is how long after its acknowledgement accounting reaches period usage and
// daily usage (radius.RollUpBound): tests comparing those with the sessions wait for it.
const RollUpBound = radius.RollUpBound

// UsageMismatches compares each customer's period usage with the sum of its sessions. Period
// usage is rolled up from the sessions asynchronously, so while they differ it compares again
// until RollUpBound has passed.
func UsageMismatches(ctx context.Context, db *sql.DB, usernames []string) (checked int, problems []string, err error) {
	deadline := time.Now().Add(RollUpBound)
	for {
		checked, problems, err = usageMismatches(ctx, db, usernames)
		if err != nil || len(problems) == 0 || time.Now().After(deadline) {
			return checked, problems, err
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func usageMismatches(ctx context.Context, db *sql.DB, usernames []string) (checked int, problems []string, err error) {
	rows, err := db.QueryContext(ctx, `SELECT c.username, c.period_bytes_in, c.period_bytes_out,
		COALESCE(SUM(s.bytes_in),0), COALESCE(SUM(s.bytes_out),0)
		FROM customers c LEFT JOIN sessions s ON s.customer_id = c.id AND s.started_at >= c.period_start
		WHERE c.username = ANY($1) GROUP BY c.id`, pqArray(usernames))
	if err != nil {
		return 0, nil, fmt.Errorf("reading usage: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		var pin, pout, sin, sout int64
		if err := rows.Scan(&u, &pin, &pout, &sin, &sout); err != nil {
			return 0, nil, err
		}
		checked++
		if pin != sin || pout != sout {
			problems = append(problems, fmt.Sprintf("%s: period usage %d/%d, sessions sum %d/%d", u, pin, pout, sin, sout))
		}
	}
	return checked, problems, rows.Err()
}

// pqArray is a text[] literal for lib/pq.
func pqArray(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return "{" + strings.Join(q, ",") + "}"
}

// Count runs a SELECT count(*)-style query.
func Count(ctx context.Context, db *sql.DB, query string, args ...any) (int, error) {
	var n int
	if err := db.QueryRowContext(ctx, query, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("%s: %w", query, err)
	}
	return n, nil
}
