package routers

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/store"
)

// Archive and restore: a router with sessions on record cannot be deleted (Delete), so it is
// archived instead. An archived router keeps its sessions and history; RADIUS no longer
// answers it (it leaves the snapshot, as an unknown address) until it is restored.

// Archive archives router id and writes the audit row (archiveNas). A router with open
// sessions is refused: disconnect them first. Archiving an archived router changes nothing.
func (s *Service) Archive(ctx context.Context, id int) (*ent.Nas, error) {
	return s.setArchived(ctx, id, true)
}

// Restore brings archived router id back and writes the audit row (restoreNas).
func (s *Service) Restore(ctx context.Context, id int) (*ent.Nas, error) {
	return s.setArchived(ctx, id, false)
}

func (s *Service) setArchived(ctx context.Context, id int, archive bool) (*ent.Nas, error) {
	var out *ent.Nas
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		n, err := c.Nas.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("router").Because(err).WithKey("router.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading router: %w", err)
		}
		if out = n; (n.ArchivedAt != nil) == archive {
			return nil
		}
		action, up := "restoreNas", c.Nas.UpdateOne(n).ClearArchivedAt()
		if archive {
			open, err := c.Session.Query().Where(session.NasID(id), session.Open(true)).Count(ctx)
			if err != nil {
				return fmt.Errorf("counting the router's open sessions: %w", err)
			}
			if open > 0 {
				return domain.Invalidf("id", "router %q has %d open sessions; disconnect them before archiving it", n.Name, open).
					WithKey("router.openSessions", map[string]any{"name": n.Name, "count": open})
			}
			action, up = "archiveNas", c.Nas.UpdateOne(n).SetArchivedAt(time.Now().UTC())
		}
		if out, err = up.Save(ctx); err != nil {
			return fmt.Errorf("archiving router: %w", err)
		}
		s.changed(ctx, id)
		return audit.Write(ctx, c, action, "nas", id, map[string]any{"name": n.Name})
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, out), nil
}
