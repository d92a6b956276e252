package customers

import (
	"context"
	"fmt"
	"time"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/predicate"
	"github.com/linedesk/linedesk/ent/profile"
	"github.com/linedesk/linedesk/internal/store"
)

// AccessState is what the router does with a customer now (GraphQL's AccessState): one state,
// in the order of radius/policy.go's steps. An archived customer is refused before anything
// else; then the staff status (suspended, disabled), then expiry, then the data cap; a
// customer all of those let through is ONLINE with an open session, else OFFLINE.
type AccessState string

// Access states (GraphQL's AccessState).
const (
	AccessOnline    AccessState = "ONLINE"
	AccessOffline   AccessState = "OFFLINE"
	AccessExpired   AccessState = "EXPIRED"
	AccessSuspended AccessState = "SUSPENDED"
	AccessDisabled  AccessState = "DISABLED"
	AccessCapped    AccessState = "CAPPED"
	AccessArchived  AccessState = "ARCHIVED"
)

// AccessStates lists every state, in precedence order.
var AccessStates = []AccessState{AccessArchived, AccessSuspended, AccessDisabled, AccessExpired, AccessCapped, AccessOnline, AccessOffline}

// AccessStateOf derives the access state of cu at now, given its plan's data limit (nil:
// unlimited) and whether it has an open session. It agrees with AccessPredicate.
func AccessStateOf(cu *ent.Customer, limit *int64, online bool, now time.Time) AccessState {
	switch {
	case cu.ArchivedAt != nil:
		return AccessArchived
	case cu.Status == customer.StatusSUSPENDED:
		return AccessSuspended
	case cu.Status == customer.StatusDISABLED:
		return AccessDisabled
	case !cu.ExpiresAt.After(now):
		return AccessExpired
	case limit != nil && cu.PeriodBytesIn+cu.PeriodBytesOut >= *limit:
		return AccessCapped
	case online:
		return AccessOnline
	}
	return AccessOffline
}

// notArchived keeps the customers that are not archived (every list but the ARCHIVED one).
var notArchived = customer.ArchivedAtIsNil()

// capped is EXISTS (the customer's plan has a data limit its period usage has reached), the
// cap step of the RADIUS policy.
func capped(s *entsql.Selector) {
	t := entsql.Table(profile.Table)
	s.Where(entsql.Exists(entsql.Select(t.C(profile.FieldID)).From(t).Where(entsql.And(
		entsql.ColumnsEQ(t.C(profile.FieldID), s.C(customer.FieldProfileID)),
		entsql.NotNull(t.C(profile.FieldDataLimitBytes)),
		entsql.P(func(b *entsql.Builder) {
			b.WriteString("(").Ident(s.C(customer.FieldPeriodBytesIn)).WriteString(" + ").
				Ident(s.C(customer.FieldPeriodBytesOut)).WriteString(") >= ").Ident(t.C(profile.FieldDataLimitBytes))
		}),
	))))
}

// AccessPredicate filters by access state at now: one SQL predicate per state, the same
// precedence as AccessStateOf (nil for an unknown state).
func AccessPredicate(st AccessState, now time.Time) predicate.Customer {
	active := func(more ...predicate.Customer) predicate.Customer {
		return customer.And(append([]predicate.Customer{notArchived, customer.StatusEQ(customer.StatusACTIVE)}, more...)...)
	}
	current := func(more ...predicate.Customer) predicate.Customer {
		return active(append([]predicate.Customer{customer.ExpiresAtGT(now), customer.Not(capped)}, more...)...)
	}
	switch st {
	case AccessArchived:
		return customer.ArchivedAtNotNil()
	case AccessSuspended:
		return customer.And(notArchived, customer.StatusEQ(customer.StatusSUSPENDED))
	case AccessDisabled:
		return customer.And(notArchived, customer.StatusEQ(customer.StatusDISABLED))
	case AccessExpired:
		return active(customer.ExpiresAtLTE(now))
	case AccessCapped:
		return active(customer.ExpiresAtGT(now), capped)
	case AccessOnline:
		return current(hasOpenSession)
	case AccessOffline:
		return current(customer.Not(hasOpenSession))
	}
	return nil
}

// DataLimits returns the data limit of each of the profiles ids (absent: unlimited), read in
// one query.
func (s *Service) DataLimits(ctx context.Context, ids []int) (map[int]int64, error) {
	out := map[int]int64{}
	if len(ids) == 0 {
		return out, nil
	}
	ps, err := store.Reader(ctx, s.st.Client).Profile.Query().
		Where(profile.IDIn(ids...), profile.DataLimitBytesNotNil()).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading data limits: %w", err)
	}
	for _, p := range ps {
		out[p.ID] = *p.DataLimitBytes
	}
	return out, nil
}

// AccessState is the access state of cu now, given its plan's data limit and whether it is
// online.
func (s *Service) AccessState(cu *ent.Customer, limit *int64, online bool) AccessState {
	return AccessStateOf(cu, limit, online, s.now())
}
