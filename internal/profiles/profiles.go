// Package profiles is the service of internet plans (profiles): speeds, bursts, data cap,
// validity, price, address pools and the profile a capped customer moves to. It validates
// the input, writes in its own transaction with the audit row, refuses to delete a profile
// still in use, and publishes ProfileChanged after the commit.
package profiles

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/addresspool"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/domain"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/ipv6cfg"
	"github.com/linedesk/linedesk/internal/patch"
	"github.com/linedesk/linedesk/internal/store"
)

// Service creates, changes and deletes profiles.
type Service struct {
	st  *store.Store
	pub events.Publisher
}

// New returns the service over st; pub (may be nil) gets ProfileChanged after each commit.
func New(st *store.Store, pub events.Publisher) *Service { return &Service{st: st, pub: pub} }

// CreateInput is a new profile (GraphQL's CreateProfileInput).
type CreateInput struct {
	Name                       string
	Description                *string
	DownloadKbps               int
	UploadKbps                 int
	BurstDownloadKbps          *int
	BurstUploadKbps            *int
	BurstThresholdDownloadKbps *int
	BurstThresholdUploadKbps   *int
	BurstTimeSeconds           *int
	DataLimitBytes             *int64
	ValidityDays               int
	Price                      int64
	Pool                       *string
	ExpiredPool                *string
	AfterCapProfileID          *int
	// AddressPoolID is pool mode: linedesk gives Framed-IP-Address from this pool at login.
	AddressPoolID *int
	// PortalVisible offers the plan to subscribers in the portal's plan change (default no).
	PortalVisible *bool
	// IPv6 is the plan's IPv6 (prefixes and router pool names); nil for none.
	IPv6 *ipv6cfg.Input
}

// UpdateInput changes a profile (GraphQL's UpdateProfileInput): a nil field stays as it is;
// a Clear flag empties its field (ClearBurst all five burst fields).
type UpdateInput struct {
	Name                       *string
	Description                *string
	ClearDescription           bool
	DownloadKbps               *int
	UploadKbps                 *int
	BurstDownloadKbps          *int
	BurstUploadKbps            *int
	BurstThresholdDownloadKbps *int
	BurstThresholdUploadKbps   *int
	BurstTimeSeconds           *int
	ClearBurst                 bool
	DataLimitBytes             *int64
	ClearDataLimit             bool
	ValidityDays               *int
	Price                      *int64
	Pool                       *string
	ClearPool                  bool
	ExpiredPool                *string
	ClearExpiredPool           bool
	AfterCapProfileID          *int
	ClearAfterCapProfile       bool
	AddressPoolID              *int
	ClearAddressPool           bool
	PortalVisible              *bool
	// IPv6 changes the plan's IPv6; nil leaves it.
	IPv6 *ipv6cfg.Input
}

// Create validates in and stores a new profile.
func (s *Service) Create(ctx context.Context, in CreateInput) (*ent.Profile, error) {
	name, err := checkName(&in.Name)
	if err != nil {
		return nil, err
	}
	err = checkNumbers(numbers{&in.DownloadKbps, &in.UploadKbps, &in.ValidityDays, &in.Price, in.DataLimitBytes})
	if err != nil {
		return nil, err
	}
	if err := ipv6cfg.Check(in.IPv6); err != nil {
		return nil, err
	}
	var p *ent.Profile
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := checkAfterCap(ctx, c, 0, in.AfterCapProfileID); err != nil {
			return err
		}
		if err := checkAddressPool(ctx, c, in.AddressPoolID); err != nil {
			return err
		}
		cr := c.Profile.Create().SetName(*name).SetNillableDescription(in.Description).
			SetDownloadKbps(in.DownloadKbps).SetUploadKbps(in.UploadKbps).
			SetNillableBurstDownloadKbps(in.BurstDownloadKbps).SetNillableBurstUploadKbps(in.BurstUploadKbps).
			SetNillableBurstThresholdDownloadKbps(in.BurstThresholdDownloadKbps).
			SetNillableBurstThresholdUploadKbps(in.BurstThresholdUploadKbps).
			SetNillableBurstTimeSeconds(in.BurstTimeSeconds).SetNillableDataLimitBytes(in.DataLimitBytes).
			SetValidityDays(in.ValidityDays).SetPrice(in.Price).
			SetNillablePool(trimmed(in.Pool)).SetNillableExpiredPool(trimmed(in.ExpiredPool)).
			SetNillableAfterCapProfileID(in.AfterCapProfileID).SetNillablePortalVisible(in.PortalVisible).
			SetNillableAddressPoolID(in.AddressPoolID)
		var err error
		if p, err = cr.Save(ctx); err != nil {
			return err
		}
		if _, err := ipv6cfg.SetProfile(ctx, c, p.ID, in.IPv6); err != nil {
			return err
		}
		if err := audit.Write(ctx, c, "createProfile", "profile", p.ID, map[string]any{"name": p.Name, "portalVisible": p.PortalVisible}); err != nil {
			return err
		}
		// RADIUS hears of a new plan at once, as of a new customer (CustomerChanged): a
		// customer created on it and dialling within the change feed's poll interval was
		// refused "Account disabled" (profile not found) until this was published.
		s.changed(ctx, p.ID)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, p), nil
}

// Update validates in and applies it to profile id.
func (s *Service) Update(ctx context.Context, id int, in UpdateInput) (*ent.Profile, error) {
	name, err := checkName(in.Name)
	if err != nil {
		return nil, err
	}
	if err := checkNumbers(numbers{in.DownloadKbps, in.UploadKbps, in.ValidityDays, in.Price, in.DataLimitBytes}); err != nil {
		return nil, err
	}
	if err := ipv6cfg.Check(in.IPv6); err != nil {
		return nil, err
	}
	var p *ent.Profile
	err = store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		if err := exists(ctx, c, id); err != nil {
			return err
		}
		if !in.ClearAfterCapProfile {
			if err := checkAfterCap(ctx, c, id, in.AfterCapProfileID); err != nil {
				return err
			}
		}
		if !in.ClearAddressPool {
			if err := checkAddressPool(ctx, c, in.AddressPoolID); err != nil {
				return err
			}
		}
		up := c.Profile.UpdateOneID(id)
		applyUpdate(up, name, in)
		changed := audit.Diff(ctx, up.Mutation(), patch.Changed(up.Mutation()))
		var err error
		if p, err = up.Save(ctx); err != nil {
			return err
		}
		v6, err := ipv6cfg.SetProfile(ctx, c, id, in.IPv6)
		if err != nil {
			return err
		}
		for k, v := range v6 {
			changed[k] = v
		}
		if err := audit.Write(ctx, c, "updateProfile", "profile", id, changed); err != nil {
			return err
		}
		s.changed(ctx, id)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return store.Unwrap(ctx, p), nil
}

// applyUpdate puts the fields of in on up (name already checked and trimmed).
func applyUpdate(up *ent.ProfileUpdateOne, name *string, in UpdateInput) {
	patch.Set(name, up.SetName)
	patch.SetOrClear(in.Description, in.ClearDescription, up.SetDescription, up.ClearDescription)
	patch.Set(in.DownloadKbps, up.SetDownloadKbps)
	patch.Set(in.UploadKbps, up.SetUploadKbps)
	patch.SetOrClear(in.BurstDownloadKbps, in.ClearBurst, up.SetBurstDownloadKbps, up.ClearBurstDownloadKbps)
	patch.SetOrClear(in.BurstUploadKbps, in.ClearBurst, up.SetBurstUploadKbps, up.ClearBurstUploadKbps)
	patch.SetOrClear(in.BurstThresholdDownloadKbps, in.ClearBurst, up.SetBurstThresholdDownloadKbps, up.ClearBurstThresholdDownloadKbps)
	patch.SetOrClear(in.BurstThresholdUploadKbps, in.ClearBurst, up.SetBurstThresholdUploadKbps, up.ClearBurstThresholdUploadKbps)
	patch.SetOrClear(in.BurstTimeSeconds, in.ClearBurst, up.SetBurstTimeSeconds, up.ClearBurstTimeSeconds)
	patch.SetOrClear(in.DataLimitBytes, in.ClearDataLimit, up.SetDataLimitBytes, up.ClearDataLimitBytes)
	patch.Set(in.ValidityDays, up.SetValidityDays)
	patch.Set(in.Price, up.SetPrice)
	patch.SetOrClear(trimmed(in.Pool), in.ClearPool, up.SetPool, up.ClearPool)
	patch.SetOrClear(trimmed(in.ExpiredPool), in.ClearExpiredPool, up.SetExpiredPool, up.ClearExpiredPool)
	patch.SetOrClear(in.AfterCapProfileID, in.ClearAfterCapProfile, up.SetAfterCapProfileID, up.ClearAfterCapProfileID)
	patch.Set(in.PortalVisible, up.SetPortalVisible)
	patch.SetOrClear(in.AddressPoolID, in.ClearAddressPool, up.SetAddressPoolID, up.ClearAddressPoolID)
}

// checkAddressPool refuses a pool that does not exist or is not IPv4 (pool mode gives
// Framed-IP-Address).
func checkAddressPool(ctx context.Context, c *ent.Client, id *int) error {
	if id == nil {
		return nil
	}
	p, err := c.AddressPool.Get(ctx, *id)
	if ent.IsNotFound(err) {
		return domain.Invalidf("addressPoolID", "address pool %d does not exist", *id).
			WithKey("profile.poolNotFound", nil)
	} else if err != nil {
		return fmt.Errorf("reading the address pool: %w", err)
	}
	if p.Family != addresspool.FamilyIPV4 {
		return domain.Invalidf("addressPoolID", "pool %s is IPv6: a plan's addresses come from an IPv4 pool", p.Name).
			WithKey("profile.poolIPv6", map[string]any{"pool": p.Name})
	}
	return nil
}

// Delete removes profile id, unless a customer is on it or another profile moves capped
// customers to it.
func (s *Service) Delete(ctx context.Context, id int) (int, error) {
	err := store.InTx(ctx, s.st.Client, func(ctx context.Context, c *ent.Client) error {
		p, err := c.Profile.Get(ctx, id)
		if ent.IsNotFound(err) {
			return domain.NotFoundf("profile").Because(err).WithKey("profile.notFound", nil)
		}
		if err != nil {
			return fmt.Errorf("reading profile: %w", err)
		}
		if err := checkUnused(ctx, c, p); err != nil {
			return err
		}
		if err := c.Profile.DeleteOneID(id).Exec(ctx); err != nil {
			return fmt.Errorf("deleting profile: %w", err)
		}
		if err := audit.Write(ctx, c, "deleteProfile", "profile", id, map[string]any{"name": p.Name}); err != nil {
			return err
		}
		s.changed(ctx, id)
		return nil
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// checkUnused refuses to delete a profile that customers or other profiles refer to.
func checkUnused(ctx context.Context, c *ent.Client, p *ent.Profile) error {
	n, err := c.Customer.Query().Where(customer.ProfileID(p.ID)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting customers of the profile: %w", err)
	}
	if n > 0 {
		return domain.Invalidf("id", "profile %q is used by %d customers: move them to another profile first", p.Name, n).
			WithKey("profile.inUse", map[string]any{"name": p.Name, "count": n})
	}
	n, err = c.Profile.Query().Where(profile.AfterCapProfileID(p.ID)).Count(ctx)
	if err != nil {
		return fmt.Errorf("counting profiles capped to the profile: %w", err)
	}
	if n > 0 {
		return domain.Invalidf("id", "profile %q is the after-cap profile of %d profiles", p.Name, n).
			WithKey("profile.afterCapInUse", map[string]any{"name": p.Name, "count": n})
	}
	return nil
}

// CustomersCount is the number of customers on profile id.
func (s *Service) CustomersCount(ctx context.Context, id int) (int, error) {
	n, err := store.Reader(ctx, s.st.Client).Customer.Query().Where(customer.ProfileID(id)).Count(ctx)
	if err != nil {
		return 0, fmt.Errorf("counting customers of the profile: %w", err)
	}
	return n, nil
}

// changed publishes ProfileChanged for id after the commit.
func (s *Service) changed(ctx context.Context, id int) {
	if s.pub == nil {
		return
	}
	store.AfterCommit(ctx, func(context.Context) {
		s.pub.Publish(events.Event{Kind: events.ProfileChanged, EntityID: id})
	})
}
