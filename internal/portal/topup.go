package portal

import (
	"context"

	"github.com/linedesk/linedesk/internal/topups"
)

// BuyTopUp buys gigabytes GB of extra data for the signed-in subscriber's current period
// from the balance, at the topup_price_per_gb setting (refused while it is 0). A subscriber
// on the after-cap plan is moved back to the full plan by CoA.
func (s *Service) BuyTopUp(ctx context.Context, gigabytes int) (*topups.Result, error) {
	si, _, err := s.actable(ctx)
	if err != nil {
		return nil, err
	}
	return topups.New(s.st, s.billing).Buy(ctx, si.CustomerID, gigabytes)
}
