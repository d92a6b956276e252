package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/sequence"
)

// Names of the installation's gap-free sequences.
const (
	ReceiptSequence = "receipt"
	InvoiceSequence = "invoice"
)

// NextNumber advances the named gap-free sequence in tx (the caller's transaction) and
// returns the number it gives out. The row stays locked until that transaction ends (the
// UPDATE's row lock on PostgreSQL; SQLite's single writer), so concurrent callers take
// numbers one after another, and a transaction that rolls back gives its number back: the
// numbers committed never skip or repeat. A missing row (a database the migration did not
// seed) starts at 1.
func NextNumber(ctx context.Context, tx *ent.Client, name string) (int64, error) {
	for attempt := 0; attempt < 2; attempt++ {
		n, err := tx.Sequence.Update().Where(sequence.Name(name)).AddLast(1).Save(ctx)
		if err != nil {
			return 0, fmt.Errorf("advancing the %s sequence: %w", name, err)
		}
		if n == 1 {
			s, err := tx.Sequence.Query().Where(sequence.Name(name)).Only(ctx)
			if err != nil {
				return 0, fmt.Errorf("reading the %s sequence: %w", name, err)
			}
			return s.Last, nil
		}
		err = tx.Sequence.Create().SetName(name).SetLast(0).OnConflictColumns(sequence.FieldName).DoNothing().Exec(ctx)
		if err != nil && !errors.Is(err, sql.ErrNoRows) { // DO NOTHING on a conflict returns no row
			return 0, fmt.Errorf("creating the %s sequence: %w", name, err)
		}
	}
	return 0, fmt.Errorf("the %s sequence could not be created", name)
}
