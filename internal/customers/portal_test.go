package customers_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/portaltoken"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestEndPortalSessions: ending a customer's portal sessions revokes exactly its tokens not yet
// revoked (expired ones too), leaves revoked ones and other customers' tokens alone, counts
// them, writes one audit row each time (also with nothing to end), and rolls back with a
// caller's transaction.
func TestEndPortalSessions(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		f := newFixture(t, st)
		c := st.Client
		other := c.Customer.Create().SetAccountNo("199999").SetUsername("other.one").SetPasswordEnc("x").
			SetPhone("+254700000001").SetProfileID(f.home.ID).SetExpiresAt(time.Now().Add(time.Hour)).SaveX(f.ctx)
		now := time.Now().UTC()
		earlier := now.Add(-time.Hour)
		token := func(cu int, name string, expires time.Time, revoked *time.Time) *ent.PortalToken {
			return c.PortalToken.Create().SetCustomerID(cu).SetTokenHash(name).SetExpiresAt(expires).
				SetNillableRevokedAt(revoked).SaveX(f.ctx)
		}
		live1 := token(f.cu.ID, "h1", now.Add(24*time.Hour), nil)
		live2 := token(f.cu.ID, "h2", now.Add(48*time.Hour), nil)
		expired := token(f.cu.ID, "h3", now.Add(-time.Minute), nil)
		gone := token(f.cu.ID, "h4", now.Add(time.Hour), &earlier)
		others := token(other.ID, "h5", now.Add(time.Hour), nil)

		rollback := errors.New("rollback")
		err := store.InTx(f.ctx, c, func(ctx context.Context, _ *ent.Client) error {
			if n, err := f.svc.EndPortalSessions(ctx, f.cu.ID); err != nil || n != 3 {
				t.Fatalf("inside a transaction: %d, %v", n, err)
			}
			return rollback
		})
		if !errors.Is(err, rollback) {
			t.Fatal(err)
		}
		if n := c.PortalToken.Query().Where(portaltoken.RevokedAtNotNil()).CountX(f.ctx); n != 1 || len(f.audited("endPortalSessions")) != 0 {
			t.Fatalf("after a rollback %d tokens are revoked and %d audit rows written", n, len(f.audited("endPortalSessions")))
		}

		n, err := f.svc.EndPortalSessions(f.ctx, f.cu.ID)
		if err != nil || n != 3 {
			t.Fatalf("EndPortalSessions = %d, %v; want 3", n, err)
		}
		for _, tk := range []*ent.PortalToken{live1, live2, expired} {
			if got := c.PortalToken.GetX(f.ctx, tk.ID); got.RevokedAt == nil {
				t.Errorf("token %s was not revoked", tk.TokenHash)
			}
		}
		if got := c.PortalToken.GetX(f.ctx, gone.ID); got.RevokedAt == nil || got.RevokedAt.Sub(earlier).Abs() > time.Millisecond {
			t.Errorf("an already revoked token changed: %v (was %v)", got.RevokedAt, earlier)
		}
		if got := c.PortalToken.GetX(f.ctx, others.ID); got.RevokedAt != nil {
			t.Error("another customer's token was revoked")
		}
		if n, err := f.svc.EndPortalSessions(f.ctx, f.cu.ID); err != nil || n != 0 {
			t.Fatalf("again = %d, %v; want 0", n, err)
		}
		rows := f.audited("endPortalSessions")
		if len(rows) != 2 || rows[0].Actor != "alice" || rows[0].TargetID == "" || rows[0].Changes != `{"ended":3}` || rows[1].Changes != `{"ended":0}` {
			t.Fatalf("audit rows: %+v", rows)
		}
		if _, err := f.svc.EndPortalSessions(f.ctx, 987654); !isKind(err, domain.NotFound) {
			t.Fatalf("unknown customer: %v", err)
		}
	})
}

func isKind(err error, k domain.Kind) bool {
	de, ok := domain.As(err)
	return ok && de.Kind == k
}
