package routers

import (
	"context"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// TestArchiveRefusesOpenSessionsThenArchivesAndRestores: a router with an open session is not
// archived; once the session is closed it is (audit row, NasChanged for RADIUS), archiving
// again changes nothing, and restoring clears it. Its sessions stay. On both databases.
func TestArchiveRefusesOpenSessionsThenArchivesAndRestores(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		pub := &published{}
		s := New(st, testutil.Box(t), pub, nil)
		ctx := context.Background()
		c := st.Client
		n, err := s.Create(ctx, CreateInput{Name: "old-core", IPAddress: "192.0.2.50", Secret: "a-long-enough-secret"})
		if err != nil {
			t.Fatal(err)
		}
		now := time.Now().UTC()
		sess := c.Session.Create().SetAcctKey("k1").SetAcctSessionID("1").SetUsername("u").SetNasID(n.ID).
			SetStartedAt(now).SetUpdatedAt(now).SetOpen(true).SaveX(ctx)
		if _, err := s.Archive(ctx, n.ID); err == nil {
			t.Fatal("a router with an open session was archived")
		}
		c.Session.UpdateOne(sess).SetOpen(false).SetStoppedAt(now).ExecX(ctx)
		before := len(pub.kinds())
		got, err := s.Archive(ctx, n.ID)
		if err != nil || got.ArchivedAt == nil {
			t.Fatalf("archive = %v, %v", got, err)
		}
		if evs := pub.kinds()[before:]; len(evs) != 1 || evs[0].Kind != events.NasChanged {
			t.Errorf("events %+v, want one NasChanged", evs)
		}
		if _, err := s.Archive(ctx, n.ID); err != nil {
			t.Fatal(err)
		}
		if k := c.AuditLog.Query().Where(auditlog.Action("archiveNas")).CountX(ctx); k != 1 {
			t.Errorf("%d archiveNas audit rows, want 1", k)
		}
		got, err = s.Restore(ctx, n.ID)
		if err != nil || got.ArchivedAt != nil {
			t.Fatalf("restore = %v, %v", got, err)
		}
		if k := c.AuditLog.Query().Where(auditlog.Action("restoreNas")).CountX(ctx); k != 1 {
			t.Errorf("%d restoreNas audit rows, want 1", k)
		}
		if k := c.Session.Query().CountX(ctx); k != 1 {
			t.Errorf("%d sessions, want 1 (kept)", k)
		}
		if _, err := s.Archive(ctx, 999999); err == nil {
			t.Error("archiving a missing router did not fail")
		}
	})
}
