package store_test

import (
	"context"
	"testing"
	"time"

	"ariga.io/atlas/sql/migrate"
	"entgo.io/ent/dialect/sql/schema"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/migrate/migrations"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// receiptsVersion is the migration that adds receipt numbers; the next file backfills them.
const receiptsVersion = "20261207130250"

// TestReceiptBackfillNumbersOldPaymentsInOrder: a database from before receipts, with
// payments recorded out of id order among other kinds, gets receipt numbers 1…n on its
// payments in the order of time (then id), none on the other kinds, and the receipt
// sequence goes on after the last; the invoice sequence starts at 0.
func TestReceiptBackfillNumbersOldPaymentsInOrder(t *testing.T) {
	for _, kind := range []string{testutil.SQLite, testutil.Postgres} {
		t.Run(kind, func(t *testing.T) {
			ctx := context.Background()
			st := openRaw(t, kind)
			if err := st.MigrateDir(ctx, dirBefore(t, st.Dialect, receiptsVersion)); err != nil {
				t.Fatal(err)
			}
			seedEveryTable(t, st) // two customers and two transactions, among the rest
			if _, err := st.DB.ExecContext(ctx, `DELETE FROM transactions`); err != nil {
				t.Fatal(err)
			}
			var txTable *schema.Table
			for _, tbl := range presentTables(t, st.DB) {
				if tbl.Name == "transactions" {
					txTable = tbl
				}
			}
			custID := firstID(t, st, "customers")
			base := time.Date(2026, 5, 1, 8, 0, 0, 0, time.UTC)
			rows := []struct {
				kind string
				at   time.Duration
			}{
				{"PAYMENT", 3 * time.Hour}, {"RENEWAL", time.Hour}, {"PAYMENT", time.Hour},
				{"PAYMENT", 2 * time.Hour}, {"ADJUSTMENT", 0}, {"PAYMENT", time.Hour}, {"REFUND", 4 * time.Hour},
			}
			ids := make([]int64, len(rows))
			for i, r := range rows {
				ids[i] = insertRow(ctx, t, st, txTable, 10+i, map[string][]int64{"customers": {custID}})
				q := `UPDATE transactions SET kind = ?, created_at = ? WHERE id = ?`
				if st.IsPostgres() {
					q = `UPDATE transactions SET kind = $1, created_at = $2 WHERE id = $3`
				}
				if _, err := st.DB.ExecContext(ctx, q, r.kind, base.Add(r.at), ids[i]); err != nil {
					t.Fatal(err)
				}
			}
			if err := st.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			// By time, then id: rows 2 and 5 (1h, ids in order), 3 (2h), 0 (3h).
			want := map[int64]int64{ids[2]: 1, ids[5]: 2, ids[3]: 3, ids[0]: 4}
			got := map[int64]int64{}
			rs, err := st.DB.QueryContext(ctx, `SELECT id, receipt_no FROM transactions WHERE receipt_no IS NOT NULL`)
			if err != nil {
				t.Fatal(err)
			}
			for rs.Next() {
				var id, n int64
				if err := rs.Scan(&id, &n); err != nil {
					t.Fatal(err)
				}
				got[id] = n
			}
			rs.Close()
			if len(got) != len(want) {
				t.Fatalf("receipt numbers %v, want %v", got, want)
			}
			for id, n := range want {
				if got[id] != n {
					t.Errorf("payment %d got receipt %d, want %d (all: %v)", id, got[id], n, got)
				}
			}
			err = store.InTx(ctx, st.Client, func(ctx context.Context, c *ent.Client) error {
				for name, want := range map[string]int64{store.ReceiptSequence: 5, store.InvoiceSequence: 1} {
					n, err := store.NextNumber(ctx, c, name)
					if err != nil {
						return err
					}
					if n != want {
						t.Errorf("next %s number %d, want %d", name, n, want)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

// dirBefore is the embedded migration directory of dia without the files from version on.
func dirBefore(t *testing.T, dia, version string) *migrate.MemDir {
	t.Helper()
	full, err := migrations.Dir(dia)
	if err != nil {
		t.Fatal(err)
	}
	files, err := full.Files()
	if err != nil {
		t.Fatal(err)
	}
	dir := &migrate.MemDir{}
	for _, f := range files {
		if f.Version() < version {
			if err := dir.WriteFile(f.Name(), f.Bytes()); err != nil {
				t.Fatal(err)
			}
		}
	}
	sum, err := dir.Checksum()
	if err != nil {
		t.Fatal(err)
	}
	if err := migrate.WriteSumFile(dir, sum); err != nil {
		t.Fatal(err)
	}
	return dir
}

func firstID(t *testing.T, st *store.Store, table string) int64 {
	t.Helper()
	var id int64
	if err := st.DB.QueryRow(`SELECT MIN(id) FROM ` + table).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}
