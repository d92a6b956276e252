package radiusdb

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/lib/pq"

	"github.com/linedesk/linedesk/ent/authevent"
)

// AuthEvent is one authentication attempt to store. Strings must already fit their columns.
type AuthEvent struct {
	Username   string
	CustomerID int // 0: unknown user (or deleted meanwhile)
	NasID      int // 0: NAS deleted meanwhile
	Calling    string
	Method     string
	Result     authevent.Result
	Reason     authevent.Reason
	Detail     string
	At         time.Time
	Key        string // unique per event: a retried batch skips what a lost commit stored
}

// authEventColumns are the columns InsertAuthEvents writes, in the order of authEventValues.
var authEventColumns = []string{authevent.FieldUsername, authevent.FieldCustomerID, authevent.FieldNasID,
	authevent.FieldCallingStationID, authevent.FieldMethod, authevent.FieldResult, authevent.FieldReason,
	authevent.FieldDetail, authevent.FieldCreatedAt, authevent.FieldEventKey}

var insertAuthEventsSQL = "INSERT INTO " + authevent.Table + " (" + columns(authEventColumns...) + ") VALUES "

// InsertAuthEvents stores events in one transaction: with COPY on PostgreSQL (much cheaper
// for the server than a multi-row INSERT at thousands of logins a second), one multi-row
// INSERT on SQLite.
func (d *DB) InsertAuthEvents(ctx context.Context, events []AuthEvent) error {
	if len(events) == 0 {
		return nil
	}
	var err error
	if d.pg {
		err = d.copyAuthEvents(ctx, events)
	} else {
		q := &sqlBuilder{}
		q.WriteString(insertAuthEventsSQL)
		for i, e := range events {
			if i > 0 {
				q.WriteByte(',')
			}
			q.values(e.Username, "text", nullID(e.CustomerID), "bigint", nullID(e.NasID), "bigint",
				nullString(e.Calling), "text", e.Method, "text", string(e.Result), "text",
				string(e.Reason), "text", e.Detail, "text", e.At.UTC(), "timestamptz", e.Key, "text")
		}
		_, err = d.db.ExecContext(ctx, q.String(), q.args...)
	}
	if err != nil {
		return fmt.Errorf("inserting auth events: %w", err)
	}
	return nil
}

func (d *DB) copyAuthEvents(ctx context.Context, events []AuthEvent) (err error) {
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	stmt, err := tx.PrepareContext(ctx, pq.CopyIn(authevent.Table, authEventColumns...))
	if err != nil {
		return err
	}
	for _, e := range events {
		if _, err = stmt.ExecContext(ctx, e.Username, nullID(e.CustomerID), nullID(e.NasID), nullString(e.Calling),
			e.Method, string(e.Result), string(e.Reason), e.Detail, e.At.UTC(), e.Key); err != nil {
			stmt.Close()
			return err
		}
	}
	if _, err = stmt.ExecContext(ctx); err != nil {
		stmt.Close()
		return err
	}
	if err = stmt.Close(); err != nil {
		return err
	}
	return tx.Commit()
}

var storedKeysSQL = "SELECT " + authevent.FieldEventKey + " FROM " + authevent.Table + " WHERE " + authevent.FieldEventKey + " IN ("

// StoredAuthEventKeys returns which of keys are stored already (after a write whose commit
// may have been lost).
func (d *DB) StoredAuthEventKeys(ctx context.Context, keys []string) (map[string]bool, error) {
	stored := map[string]bool{}
	for start := 0; start < len(keys); start += 1000 {
		part := keys[start:min(start+1000, len(keys))]
		q := &sqlBuilder{pg: d.pg}
		q.WriteString(storedKeysSQL)
		args := make([]string, len(part))
		for i, k := range part {
			args[i] = q.arg(k, "text")
		}
		q.WriteString(strings.Join(args, ",") + ")")
		if err := d.scanKeys(ctx, q, stored); err != nil {
			return nil, fmt.Errorf("checking which auth events were stored: %w", err)
		}
	}
	return stored, nil
}

func (d *DB) scanKeys(ctx context.Context, q *sqlBuilder, into map[string]bool) error {
	rs, err := d.db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return err
	}
	defer rs.Close()
	for rs.Next() {
		var k string
		if err := rs.Scan(&k); err != nil {
			return err
		}
		into[k] = true
	}
	return rs.Err()
}
