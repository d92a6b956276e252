package store_test

import (
	"context"
	"testing"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestUnwrap: an entity written in a transaction InTx began can query its edges after the
// commit once unwrapped (it fails without); inside a caller's transaction it is left as it is,
// and unwrapping twice or an entity read outside a transaction changes nothing.
func TestUnwrap(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		var p *ent.Profile
		err := store.InTx(ctx, st.Client, func(ctx context.Context, c *ent.Client) error {
			var err error
			p, err = c.Profile.Create().SetName("Home").SetDownloadKbps(1).SetUploadKbps(1).SetPrice(0).Save(ctx)
			if err != nil {
				return err
			}
			if store.Unwrap(ctx, p) != p {
				t.Error("Unwrap inside the transaction changed the entity")
			}
			_, err = p.QueryCustomers().Count(ctx) // still the open transaction's
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.QueryCustomers().Count(ctx); err == nil {
			t.Fatal("a committed transaction's entity queried without Unwrap: the test proves nothing")
		}
		p = store.Unwrap(ctx, p)
		if _, err := store.Unwrap(ctx, p).QueryCustomers().Count(ctx); err != nil {
			t.Fatalf("after Unwrap (twice): %v", err)
		}
		plain := st.Client.Profile.GetX(ctx, p.ID)
		if store.Unwrap(ctx, plain) != plain || store.Unwrap[*ent.Profile](ctx, nil) != nil {
			t.Fatal("Unwrap of an entity read outside a transaction, or of nil")
		}
	})
}
