package nas

import (
	"context"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/nas/routeros"
)

// APIClient is the RouterOS API client of router n (its certificate trusted as for every other
// API use), for the router configuration's dry run, apply and check; ErrNoAPI without a login.
func (s *Service) APIClient(ctx context.Context, n *ent.Nas) (*routeros.Client, error) {
	return s.router(ctx, n)
}
