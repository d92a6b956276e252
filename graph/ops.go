package graph

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/onlinesample"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/staff"
	"github.com/linedesk/linedesk/ent/transaction"
	"github.com/linedesk/linedesk/graph/model"
	"github.com/linedesk/linedesk/internal/audit"
	"github.com/linedesk/linedesk/internal/auth"
	"github.com/linedesk/linedesk/internal/customers"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/settings"
)

// MaxPage is the largest page a connection returns.
const MaxPage = 1000

// checkPage refuses pages out of range and gives a connection asked for without first or
// last a page of MaxPage, so no query can read a whole table.
func checkPage(first **int, last *int) error {
	if *first == nil && last == nil {
		n := MaxPage
		*first = &n
	}
	if (*first != nil && (**first < 0 || **first > MaxPage)) || (last != nil && (*last < 0 || *last > MaxPage)) {
		return badInput("first", fmt.Sprintf("pages hold 0 to %d items", MaxPage))
	}
	return nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// --- dashboard ---

// statusFigures returns the dashboard's status figures, counted once per request (the
// first of the customers/online/offline/expired fields to be resolved counts them).
func (r *Resolver) statusFigures(ctx context.Context, d *model.Dashboard) (customers.StatusFigures, error) {
	return d.Statuses(ctx, func(ctx context.Context) (customers.StatusFigures, error) {
		c, err := r.db(ctx)
		if err != nil {
			return customers.StatusFigures{}, err
		}
		return customers.CountStatuses(ctx, c, r.deps.Store.IsPostgres(), r.now())
	})
}

func (r *Resolver) expiringSoon(ctx context.Context, days *int) (int, error) {
	c, err := r.db(ctx)
	if err != nil {
		return 0, err
	}
	d := 0
	if days != nil {
		d = *days
	} else {
		v, err := settings.Load(ctx, c)
		if err != nil {
			return 0, err
		}
		d = v.Int(settings.ExpiringSoonDays)
	}
	if d < 0 || d > 366 {
		return 0, badInput("days", "days must be from 0 to 366")
	}
	now := r.now()
	return c.Customer.Query().Where(customer.ExpiresAtGT(now), customer.ExpiresAtLTE(now.AddDate(0, 0, d))).Count(ctx)
}

func (r *Resolver) revenueThisMonth(ctx context.Context) (int, error) {
	c, err := r.db(ctx)
	if err != nil {
		return 0, err
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return 0, err
	}
	now := r.now().In(v.Location())
	start := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, now.Location()).UTC()
	var rows []struct {
		Sum sql.NullInt64 `json:"sum"`
	}
	err = c.Transaction.Query().Where(transaction.KindEQ(transaction.KindPAYMENT), transaction.CreatedAtGTE(start)).
		Aggregate(ent.As(ent.Sum(transaction.FieldAmount), "sum")).Scan(ctx, &rows)
	if err != nil {
		return 0, fmt.Errorf("summing payments: %w", err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return int(rows[0].Sum.Int64), nil
}

func (r *Resolver) onlineHistory(ctx context.Context, hours *int) ([]*ent.OnlineSample, error) {
	h := 24
	if hours != nil {
		h = *hours
	}
	if h < 1 || h > 24*31 {
		return nil, badInput("hours", "hours must be from 1 to 744")
	}
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	return c.OnlineSample.Query().Where(onlinesample.AtGTE(r.now().Add(-time.Duration(h) * time.Hour))).
		Order(ent.Asc(onlinesample.FieldAt)).Limit(20000).All(ctx)
}

// --- staff ---

func (r *Resolver) updateStaff(ctx context.Context, id int, in model.UpdateStaffInput) (*ent.Staff, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	cur, err := c.Staff.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	me := auth.FromContext(ctx)
	self := me.StaffID != nil && *me.StaffID == id
	up := c.Staff.UpdateOneID(id)
	changes := map[string]any{}
	revoke := false
	if in.Role != nil && staff.Role(*in.Role) != cur.Role {
		if self {
			return nil, badInput("role", "you cannot change your own role")
		}
		up.SetRole(staff.Role(*in.Role))
		changes["role"] = *in.Role
	}
	if in.Disabled != nil && *in.Disabled != cur.Disabled {
		if self && *in.Disabled {
			return nil, badInput("disabled", "you cannot disable yourself")
		}
		up.SetDisabled(*in.Disabled)
		changes["disabled"] = *in.Disabled
		revoke = *in.Disabled
	}
	if in.Password != nil {
		h, err := auth.HashPassword(*in.Password)
		if err != nil {
			return nil, badInput("password", err.Error())
		}
		up.SetPasswordHash(h)
		changes["password"] = true
		revoke = true
	}
	if in.FullName != nil {
		up.SetFullName(strings.TrimSpace(*in.FullName))
		changes["fullName"] = strings.TrimSpace(*in.FullName)
	}
	if len(changes) == 0 {
		return cur, nil
	}
	s, err := up.Save(ctx)
	if err != nil {
		return nil, err
	}
	if revoke {
		except := 0
		if self {
			except = me.TokenID
		}
		if err := auth.RevokeStaffTokens(ctx, c, id, r.now(), except); err != nil {
			return nil, err
		}
	}
	if admins, err := c.Staff.Query().Where(staff.RoleEQ(staff.RoleADMIN), staff.Disabled(false)).Count(ctx); err != nil {
		return nil, err
	} else if admins == 0 {
		return nil, badInput("role", "at least one enabled admin must remain")
	}
	if changes["role"] != nil || changes["disabled"] != nil || revoke {
		// Open WebSockets of this staff member check their authorisation again.
		r.publish(ctx, events.Event{Kind: events.StaffChanged, EntityID: id})
	}
	return s, r.audit(ctx, "updateStaff", "staff", id, changes)
}

// --- profiles ---

func (r *Resolver) createProfile(ctx context.Context, in model.CreateProfileInput) (*ent.Profile, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, badInput("name", "a profile needs a name")
	}
	if err := checkProfileNumbers(&in.DownloadKbps, &in.UploadKbps, &in.ValidityDays, &in.Price, in.DataLimitBytes); err != nil {
		return nil, err
	}
	cr := c.Profile.Create().SetName(name).SetNillableDescription(in.Description).
		SetDownloadKbps(in.DownloadKbps).SetUploadKbps(in.UploadKbps).
		SetNillableBurstDownloadKbps(in.BurstDownloadKbps).SetNillableBurstUploadKbps(in.BurstUploadKbps).
		SetNillableBurstThresholdDownloadKbps(in.BurstThresholdDownloadKbps).SetNillableBurstThresholdUploadKbps(in.BurstThresholdUploadKbps).
		SetNillableBurstTimeSeconds(in.BurstTimeSeconds).SetValidityDays(in.ValidityDays).SetPrice(int64(in.Price)).
		SetNillablePool(trimPtr(in.Pool)).SetNillableExpiredPool(trimPtr(in.ExpiredPool))
	if in.DataLimitBytes != nil {
		cr.SetDataLimitBytes(int64(*in.DataLimitBytes))
	}
	if in.AfterCapProfileID != nil {
		if _, err := c.Profile.Get(ctx, *in.AfterCapProfileID); err != nil {
			return nil, badInput("afterCapProfileID", "after-cap profile does not exist")
		}
		cr.SetAfterCapProfileID(*in.AfterCapProfileID)
	}
	p, err := cr.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.audit(ctx, "createProfile", "profile", p.ID, map[string]any{"name": p.Name}); err != nil {
		return nil, err
	}
	return p, nil
}

func checkProfileNumbers(down, up, validity, price *int, limit *int) error {
	switch {
	case down != nil && (*down < 1 || *down > 100_000_000):
		return badInput("downloadKbps", "download speed must be from 1 to 100,000,000 kbit/s")
	case up != nil && (*up < 1 || *up > 100_000_000):
		return badInput("uploadKbps", "upload speed must be from 1 to 100,000,000 kbit/s")
	case validity != nil && (*validity < 1 || *validity > 3660):
		return badInput("validityDays", "validity must be from 1 to 3660 days")
	case price != nil && *price < 0:
		return badInput("price", "price must not be negative")
	case limit != nil && *limit < 1:
		return badInput("dataLimitBytes", "data limit must be positive (omit it for unlimited)")
	}
	return nil
}

func (r *Resolver) updateProfile(ctx context.Context, id int, in model.UpdateProfileInput) (*ent.Profile, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := c.Profile.Get(ctx, id); err != nil {
		return nil, err
	}
	if err := checkProfileNumbers(in.DownloadKbps, in.UploadKbps, in.ValidityDays, in.Price, in.DataLimitBytes); err != nil {
		return nil, err
	}
	up := c.Profile.UpdateOneID(id)
	is := func(b *bool) bool { return b != nil && *b }
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" {
			return nil, badInput("name", "a profile needs a name")
		}
		up.SetName(n)
	}
	if is(in.ClearDescription) {
		up.ClearDescription()
	} else if in.Description != nil {
		up.SetDescription(*in.Description)
	}
	if in.DownloadKbps != nil {
		up.SetDownloadKbps(*in.DownloadKbps)
	}
	if in.UploadKbps != nil {
		up.SetUploadKbps(*in.UploadKbps)
	}
	if is(in.ClearBurst) {
		up.ClearBurstDownloadKbps().ClearBurstUploadKbps().ClearBurstThresholdDownloadKbps().
			ClearBurstThresholdUploadKbps().ClearBurstTimeSeconds()
	} else {
		up.SetNillableBurstDownloadKbps(in.BurstDownloadKbps).SetNillableBurstUploadKbps(in.BurstUploadKbps).
			SetNillableBurstThresholdDownloadKbps(in.BurstThresholdDownloadKbps).
			SetNillableBurstThresholdUploadKbps(in.BurstThresholdUploadKbps).SetNillableBurstTimeSeconds(in.BurstTimeSeconds)
	}
	if is(in.ClearDataLimit) {
		up.ClearDataLimitBytes()
	} else if in.DataLimitBytes != nil {
		up.SetDataLimitBytes(int64(*in.DataLimitBytes))
	}
	if in.ValidityDays != nil {
		up.SetValidityDays(*in.ValidityDays)
	}
	if in.Price != nil {
		up.SetPrice(int64(*in.Price))
	}
	if is(in.ClearPool) {
		up.ClearPool()
	} else if in.Pool != nil {
		up.SetPool(strings.TrimSpace(*in.Pool))
	}
	if is(in.ClearExpiredPool) {
		up.ClearExpiredPool()
	} else if in.ExpiredPool != nil {
		up.SetExpiredPool(strings.TrimSpace(*in.ExpiredPool))
	}
	if is(in.ClearAfterCapProfile) {
		up.ClearAfterCapProfileID()
	} else if in.AfterCapProfileID != nil {
		if *in.AfterCapProfileID == id {
			return nil, badInput("afterCapProfileID", "a profile cannot be its own after-cap profile")
		}
		if _, err := c.Profile.Get(ctx, *in.AfterCapProfileID); err != nil {
			return nil, badInput("afterCapProfileID", "after-cap profile does not exist")
		}
		up.SetAfterCapProfileID(*in.AfterCapProfileID)
	}
	changed := append(up.Mutation().Fields(), up.Mutation().ClearedFields()...)
	p, err := up.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.audit(ctx, "updateProfile", "profile", id, audit.Fields(changed)); err != nil {
		return nil, err
	}
	r.publish(ctx, eventProfile(id))
	return p, nil
}

func (r *Resolver) deleteProfile(ctx context.Context, id int) (int, error) {
	c, err := r.db(ctx)
	if err != nil {
		return 0, err
	}
	p, err := c.Profile.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	if n, err := c.Customer.Query().Where(customer.ProfileID(id)).Count(ctx); err != nil {
		return 0, err
	} else if n > 0 {
		return 0, badInput("id", fmt.Sprintf("profile %q is used by %d customers: move them to another profile first", p.Name, n))
	}
	if n, err := c.Profile.Query().Where(profile.AfterCapProfileID(id)).Count(ctx); err != nil {
		return 0, err
	} else if n > 0 {
		return 0, badInput("id", fmt.Sprintf("profile %q is the after-cap profile of %d profiles", p.Name, n))
	}
	if err := c.Profile.DeleteOneID(id).Exec(ctx); err != nil {
		return 0, err
	}
	if err := r.audit(ctx, "deleteProfile", "profile", id, map[string]any{"name": p.Name}); err != nil {
		return 0, err
	}
	r.publish(ctx, eventProfile(id))
	return id, nil
}

// --- NAS ---

func checkIP(field, v string) (string, error) {
	ip := net.ParseIP(strings.TrimSpace(v))
	if ip == nil {
		return "", badInput(field, fmt.Sprintf("%s is not an IP address", customers.Quote(v)))
	}
	return ip.String(), nil
}

func checkSecret(field, v string) error {
	if len(v) < 8 || len(v) > 128 {
		return badInput(field, "must be 8 to 128 characters")
	}
	return nil
}

func (r *Resolver) createNas(ctx context.Context, in model.CreateNasInput) (*ent.Nas, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSpace(in.Name)
	if name == "" {
		return nil, badInput("name", "a router needs a name")
	}
	ip, err := checkIP("ipAddress", in.IPAddress)
	if err != nil {
		return nil, err
	}
	if err := checkSecret("secret", in.Secret); err != nil {
		return nil, err
	}
	var apiAddr *string
	if nonEmpty(in.APIAddress) {
		a, err := checkAPIAddress("apiAddress", *in.APIAddress)
		if err != nil {
			return nil, err
		}
		apiAddr = &a
	}
	trust, err := checkNasAPITrust(in.APITLSFingerprint, in.APICaCertificate)
	if err != nil {
		return nil, err
	}
	if nonEmpty(in.APIUser) && in.APIPassword != nil && *in.APIPassword != "" && in.APITLS == nil {
		return nil, errPlainImplicit()
	}
	enc, err := r.deps.Box.Encrypt(in.Secret)
	if err != nil {
		return nil, fmt.Errorf("encrypting secret: %w", err)
	}
	cr := c.Nas.Create().SetName(name).SetIPAddress(ip).SetSecretEnc(enc).
		SetNillableCoaPort(in.CoaPort).SetNillableRequireMessageAuthenticator(in.RequireMessageAuthenticator).
		SetNillableAPIAddress(apiAddr).SetNillableAPIUser(trimPtr(in.APIUser)).
		SetNillableAPITLS(in.APITLS).SetNillableDisconnectMethod(in.DisconnectMethod).
		SetNillableAPITLSFingerprint(trust.fingerprint).SetNillableAPICaCertificate(trust.ca)
	if in.APIPassword != nil && *in.APIPassword != "" {
		if len(*in.APIPassword) > 128 {
			return nil, badInput("apiPassword", "must be at most 128 characters")
		}
		e, err := r.deps.Box.Encrypt(*in.APIPassword)
		if err != nil {
			return nil, fmt.Errorf("encrypting API password: %w", err)
		}
		cr.SetAPIPasswordEnc(e)
	}
	n, err := cr.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.audit(ctx, "createNas", "nas", n.ID, map[string]any{"name": n.Name, "ipAddress": n.IPAddress, "secret": true,
		"apiTLS": n.APITLS, "apiTlsFingerprint": n.APITLSFingerprint, "apiCaCertificate": n.APICaCertificate != nil}); err != nil {
		return nil, err
	}
	r.publish(ctx, eventNas(n.ID))
	return n, nil
}

func (r *Resolver) updateNas(ctx context.Context, id int, in model.UpdateNasInput) (*ent.Nas, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	old, err := c.Nas.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	up := c.Nas.UpdateOneID(id)
	is := func(b *bool) bool { return b != nil && *b }
	if err := updateNasAPITrust(up, old, in); err != nil {
		return nil, err
	}
	if in.Name != nil {
		n := strings.TrimSpace(*in.Name)
		if n == "" {
			return nil, badInput("name", "a router needs a name")
		}
		up.SetName(n)
	}
	if in.IPAddress != nil {
		ip, err := checkIP("ipAddress", *in.IPAddress)
		if err != nil {
			return nil, err
		}
		up.SetIPAddress(ip)
	}
	if in.Secret != nil {
		if err := checkSecret("secret", *in.Secret); err != nil {
			return nil, err
		}
		enc, err := r.deps.Box.Encrypt(*in.Secret)
		if err != nil {
			return nil, fmt.Errorf("encrypting secret: %w", err)
		}
		up.SetSecretEnc(enc)
	}
	up.SetNillableCoaPort(in.CoaPort).SetNillableRequireMessageAuthenticator(in.RequireMessageAuthenticator).
		SetNillableAPITLS(in.APITLS).SetNillableDisconnectMethod(in.DisconnectMethod)
	if is(in.ClearAPIAddress) || (in.APIAddress != nil && !nonEmpty(in.APIAddress)) {
		up.ClearAPIAddress()
	} else if in.APIAddress != nil {
		a, err := checkAPIAddress("apiAddress", *in.APIAddress)
		if err != nil {
			return nil, err
		}
		up.SetAPIAddress(a)
	}
	if is(in.ClearAPIUser) {
		up.ClearAPIUser()
	} else if in.APIUser != nil {
		up.SetAPIUser(strings.TrimSpace(*in.APIUser))
	}
	if is(in.ClearAPIPassword) {
		up.ClearAPIPasswordEnc()
	} else if in.APIPassword != nil {
		if len(*in.APIPassword) > 128 {
			return nil, badInput("apiPassword", "must be at most 128 characters")
		}
		e, err := r.deps.Box.Encrypt(*in.APIPassword)
		if err != nil {
			return nil, fmt.Errorf("encrypting API password: %w", err)
		}
		up.SetAPIPasswordEnc(e)
	}
	changed := append(up.Mutation().Fields(), up.Mutation().ClearedFields()...)
	n, err := up.Save(ctx)
	if err != nil {
		return nil, err
	}
	if err := r.audit(ctx, "updateNas", "nas", id, nasChanges(changed, up.Mutation())); err != nil {
		return nil, err
	}
	r.publish(ctx, eventNas(id))
	return n, nil
}

func (r *Resolver) deleteNas(ctx context.Context, id int) (int, error) {
	c, err := r.db(ctx)
	if err != nil {
		return 0, err
	}
	n, err := c.Nas.Get(ctx, id)
	if err != nil {
		return 0, err
	}
	if k, err := c.Session.Query().Where(session.NasID(id)).Count(ctx); err != nil {
		return 0, err
	} else if k > 0 {
		return 0, badInput("id", fmt.Sprintf("router %q has %d sessions on record; it cannot be deleted (change its address or secret instead)", n.Name, k))
	}
	if _, err := c.AuthEvent.Update().Where(authEventOfNas(id)).ClearNasID().Save(ctx); err != nil {
		return 0, err
	}
	if err := c.Nas.DeleteOneID(id).Exec(ctx); err != nil {
		return 0, err
	}
	if err := r.audit(ctx, "deleteNas", "nas", id, map[string]any{"name": n.Name}); err != nil {
		return 0, err
	}
	r.publish(ctx, eventNas(id))
	return id, nil
}

func (r *Resolver) activeSessions(ctx context.Context, nasID int) (int, error) {
	c, err := r.db(ctx)
	if err != nil {
		return 0, err
	}
	return c.Session.Query().Where(session.NasID(nasID), session.Open(true)).Count(ctx)
}

// --- settings ---

func (r *Resolver) locale(ctx context.Context) (*model.Locale, error) {
	c, err := r.db(ctx)
	if err != nil {
		return nil, err
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	return &model.Locale{Currency: v[settings.Currency], TimeZone: v[settings.TimeZone], PhoneRegion: v[settings.PhoneRegion]}, nil
}

func eventProfile(id int) events.Event {
	return events.Event{Kind: events.ProfileChanged, EntityID: id}
}
func eventNas(id int) events.Event { return events.Event{Kind: events.NasChanged, NasID: id} }
func eventSetting() events.Event   { return events.Event{Kind: events.SettingChanged} }

func authEventOfNas(id int) predicate.AuthEvent { return authevent.NasID(id) }
