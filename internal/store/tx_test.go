package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/setting"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestInTx: a nested InTx joins the outer transaction (it sees the outer write, and a failure
// inside rolls both back), AfterCommit work runs in order once after the outermost commit and
// never after a rollback, and outside a transaction it runs at once.
func TestInTx(t *testing.T) {
	errRefused := errors.New("refused")
	tests := []struct {
		name      string
		innerErr  error
		wantRows  int
		wantAfter []string
	}{
		{"commit", nil, 2, []string{"outer", "inner"}},
		{"rollback", errRefused, 0, nil},
	}
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				keys := []string{tc.name + "-outer", tc.name + "-inner"}
				var ran []string
				innerSaw := -1
				err := store.InTx(ctx, st.Client, func(ctx context.Context, c *ent.Client) error {
					if err := c.Setting.Create().SetKey(keys[0]).SetValue("1").Exec(ctx); err != nil {
						return err
					}
					store.AfterCommit(ctx, func(context.Context) { ran = append(ran, "outer") })
					return store.InTx(ctx, st.Client, func(ctx context.Context, c *ent.Client) error {
						n, err := c.Setting.Query().Where(setting.KeyIn(keys...)).Count(ctx)
						if err != nil {
							return err
						}
						innerSaw = n
						if err := c.Setting.Create().SetKey(keys[1]).SetValue("1").Exec(ctx); err != nil {
							return err
						}
						store.AfterCommit(ctx, func(context.Context) { ran = append(ran, "inner") })
						if len(ran) != 0 {
							t.Error("after-commit work ran before the commit")
						}
						return tc.innerErr
					})
				})
				if !errors.Is(err, tc.innerErr) || (tc.innerErr == nil && err != nil) {
					t.Fatalf("InTx = %v, want %v", err, tc.innerErr)
				}
				if innerSaw != 1 {
					t.Errorf("the inner InTx saw %d of the outer rows, want 1 (it must join the transaction)", innerSaw)
				}
				n, err := st.Client.Setting.Query().Where(setting.KeyIn(keys...)).Count(ctx)
				if err != nil || n != tc.wantRows {
					t.Errorf("rows stored = %d (%v), want %d", n, err, tc.wantRows)
				}
				if !slices.Equal(ran, tc.wantAfter) {
					t.Errorf("after-commit work = %v, want %v", ran, tc.wantAfter)
				}
			})
		}
		ranNow := false
		store.AfterCommit(ctx, func(context.Context) { ranNow = true })
		if !ranNow || store.InTransaction(ctx) {
			t.Error("outside a transaction AfterCommit must run at once")
		}
	})
}
