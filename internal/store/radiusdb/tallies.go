package radiusdb

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent/radiustally"
)

// Tally is one count to add to a RadiusTally row: kind is ACCEPT, REJECT or DROP.
type Tally struct {
	Bucket time.Time
	NasID  int
	Source string
	Kind   radiustally.Kind
	Reason string
	Count  int64
	LastAt time.Time
}

var tallyColumns = []string{radiustally.FieldBucket, radiustally.FieldNasID, radiustally.FieldSource,
	radiustally.FieldKind, radiustally.FieldReason, radiustally.FieldCount, radiustally.FieldLastAt}

var (
	insertTalliesSQL = "INSERT INTO " + radiustally.Table + " (" + columns(tallyColumns...) + ") VALUES "
	tallyConflict    = " ON CONFLICT (" + columns(radiustally.FieldBucket, radiustally.FieldNasID, radiustally.FieldSource,
		radiustally.FieldKind, radiustally.FieldReason) + ") DO UPDATE SET " +
		radiustally.FieldCount + " = " + radiustally.Table + "." + radiustally.FieldCount + " + excluded." + radiustally.FieldCount + ", " +
		radiustally.FieldLastAt + " = "
	tallyLastPG     = "GREATEST(" + radiustally.Table + "." + radiustally.FieldLastAt + ", excluded." + radiustally.FieldLastAt + ")"
	tallyLastSQLite = "MAX(" + radiustally.Table + "." + radiustally.FieldLastAt + ", excluded." + radiustally.FieldLastAt + ")"
)

// AddTallies adds counts to their rows (one multi-row upsert per 500 rows, in one
// transaction), creating the rows that do not exist. Each (bucket, nas, source, kind, reason)
// may appear once in tallies.
func (d *DB) AddTallies(ctx context.Context, tallies []Tally) (err error) {
	if len(tallies) == 0 {
		return nil
	}
	tx, err := d.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("adding radius tallies: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for start := 0; start < len(tallies); start += 500 {
		q := &sqlBuilder{pg: d.pg}
		q.WriteString(insertTalliesSQL)
		for i, t := range tallies[start:min(start+500, len(tallies))] {
			if i > 0 {
				q.WriteByte(',')
			}
			q.values(t.Bucket.UTC(), "timestamptz", t.NasID, "bigint", t.Source, "text", string(t.Kind), "text",
				t.Reason, "text", t.Count, "bigint", t.LastAt.UTC(), "timestamptz")
		}
		q.WriteString(tallyConflict)
		if d.pg {
			q.WriteString(tallyLastPG)
		} else {
			q.WriteString(tallyLastSQLite)
		}
		if _, err = tx.ExecContext(ctx, q.String(), q.args...); err != nil {
			return fmt.Errorf("adding radius tallies: %w", err)
		}
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("adding radius tallies: %w", err)
	}
	return nil
}
