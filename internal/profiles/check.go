package profiles

import (
	"context"
	"fmt"
	"strings"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/domain"
)

// numbers are the numeric fields of an input that have bounds (nil: not given).
type numbers struct {
	down, up, validity *int
	price, limit       *int64
}

// checkNumbers refuses speeds, validity, price and data cap out of range.
func checkNumbers(n numbers) error {
	switch {
	case n.down != nil && (*n.down < 1 || *n.down > 100_000_000):
		return domain.Invalidf("downloadKbps", "download speed must be from 1 to 100,000,000 kbit/s").
			WithKey("profile.speedRange", map[string]any{"field": "downloadKbps", "min": 1, "max": 100_000_000})
	case n.up != nil && (*n.up < 1 || *n.up > 100_000_000):
		return domain.Invalidf("uploadKbps", "upload speed must be from 1 to 100,000,000 kbit/s").
			WithKey("profile.speedRange", map[string]any{"field": "uploadKbps", "min": 1, "max": 100_000_000})
	case n.validity != nil && (*n.validity < 1 || *n.validity > 3660):
		return domain.Invalidf("validityDays", "validity must be from 1 to 3660 days").
			WithKey("profile.validityRange", map[string]any{"min": 1, "max": 3660})
	case n.price != nil && *n.price < 0:
		return domain.Invalidf("price", "price must not be negative").WithKey("profile.priceNegative", nil)
	case n.limit != nil && *n.limit < 1:
		return domain.Invalidf("dataLimitBytes", "data limit must be positive (omit it for unlimited)").
			WithKey("profile.dataLimitPositive", nil)
	}
	return nil
}

// checkName returns the trimmed name (nil when none is given) or refuses an empty one.
func checkName(name *string) (*string, error) {
	if name == nil {
		return nil, nil
	}
	n := strings.TrimSpace(*name)
	if n == "" {
		return nil, domain.Invalidf("name", "a profile needs a name").WithKey("profile.nameRequired", nil)
	}
	return &n, nil
}

// checkAfterCap refuses an after-cap profile that does not exist or is the profile itself
// (self is 0 for a new profile).
func checkAfterCap(ctx context.Context, c *ent.Client, self int, afterCap *int) error {
	if afterCap == nil {
		return nil
	}
	if self != 0 && *afterCap == self {
		return domain.Invalidf("afterCapProfileID", "a profile cannot be its own after-cap profile").
			WithKey("profile.afterCapSelf", nil)
	}
	ok, err := c.Profile.Query().Where(profile.ID(*afterCap)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("reading after-cap profile: %w", err)
	}
	if !ok {
		return domain.Invalidf("afterCapProfileID", "after-cap profile does not exist").
			WithKey("profile.afterCapNotFound", nil)
	}
	return nil
}

// exists refuses an id that names no profile.
func exists(ctx context.Context, c *ent.Client, id int) error {
	ok, err := c.Profile.Query().Where(profile.ID(id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("reading profile: %w", err)
	}
	if !ok {
		return domain.NotFoundf("profile").WithKey("profile.notFound", nil)
	}
	return nil
}

// trimmed returns *p without surrounding space, or nil.
func trimmed(p *string) *string {
	if p == nil {
		return nil
	}
	v := strings.TrimSpace(*p)
	return &v
}
