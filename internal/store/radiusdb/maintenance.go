package radiusdb

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent/nas"
	"github.com/linedesk/linedesk/ent/session"
)

var closeStaleSQL = "UPDATE " + session.Table + " SET " + session.FieldOpen + " = false, " + session.FieldStoppedAt + " = " +
	session.FieldUpdatedAt + ", " + session.FieldTerminateCause + " = 'Stale' WHERE " + session.FieldOpen + " AND " +
	session.FieldUpdatedAt + " < "

// CloseStale closes the open sessions last updated before cutoff (terminate cause "Stale",
// stopped at their last update) and returns them.
func (d *DB) CloseStale(ctx context.Context, cutoff time.Time) ([]ClosedSession, error) {
	q := &sqlBuilder{pg: d.pg}
	q.WriteString(closeStaleSQL + q.arg(cutoff.UTC(), "timestamptz") + closedReturning[d.pg])
	closed, err := scanClosed(d.db.QueryContext(ctx, q.String(), q.args...))
	if err != nil {
		return nil, fmt.Errorf("closing stale sessions: %w", err)
	}
	return closed, nil
}

var markSeenSQL = [2]string{"UPDATE " + nas.Table + " SET " + nas.FieldLastSeenAt + " = ", " WHERE " + nas.FieldID + " = "}

// MarkNasSeen sets a NAS's last-seen time.
func (d *DB) MarkNasSeen(ctx context.Context, nasID int, at time.Time) error {
	q := &sqlBuilder{pg: d.pg}
	q.WriteString(markSeenSQL[0] + q.arg(at.UTC(), "timestamptz") + markSeenSQL[1] + q.arg(nasID, "bigint"))
	if _, err := d.db.ExecContext(ctx, q.String(), q.args...); err != nil {
		return fmt.Errorf("updating NAS last seen: %w", err)
	}
	return nil
}

// OpenSession is an open session as the session limit counts it.
type OpenSession struct {
	ID, NasID int
	Key       string
	Updated   time.Time
	Calling   string // Calling-Station-Id as stored, "" when unknown
}

var openSessionsSQL = "SELECT " + columns(session.FieldID, session.FieldAcctKey, session.FieldNasID, session.FieldUpdatedAt,
	session.FieldCallingStationID) + " FROM " + session.Table + " WHERE " + session.FieldCustomerID + " = "

// OpenSessions reads a customer's open sessions.
func (d *DB) OpenSessions(ctx context.Context, customerID int) ([]OpenSession, error) {
	q := &sqlBuilder{pg: d.pg}
	q.WriteString(openSessionsSQL + q.arg(customerID, "bigint") + " AND " + session.FieldOpen)
	rows, err := d.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, fmt.Errorf("reading open sessions: %w", err)
	}
	defer rows.Close()
	var out []OpenSession
	for rows.Next() {
		var o OpenSession
		var calling sql.NullString
		if err := rows.Scan(&o.ID, &o.Key, &o.NasID, &o.Updated, &calling); err != nil {
			return nil, fmt.Errorf("reading open sessions: %w", err)
		}
		o.Calling = calling.String
		out = append(out, o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading open sessions: %w", err)
	}
	return out, nil
}
