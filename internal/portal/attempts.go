package portal

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/auditlog"
	"github.com/linedesk/linedesk/ent/authevent"
	"github.com/linedesk/linedesk/internal/settings"
	"github.com/linedesk/linedesk/internal/store"
)

// Attempt is one connection attempt of the subscriber's router, in plain words.
type Attempt struct {
	At       time.Time
	Accepted bool
	Message  string
}

// passwordActions are the audit actions that change a PPPoE password.
var passwordActions = []string{"setCustomerPassword", "changePassword", "setPassword", "importCustomers"}

// recentChange is how long after a password change a wrong password is put down to the
// router still having the old one.
const recentChange = 7 * 24 * time.Hour

// ConnectionAttempts are cu's last authentication events (accepted and refused), newest
// first, each with its reason in plain words, times in the installation's time zone.
func (s *Service) ConnectionAttempts(ctx context.Context, cu *ent.Customer, first *int) ([]*Attempt, error) {
	if err := own(ctx, cu); err != nil {
		return nil, err
	}
	n, err := listSize(first)
	if err != nil {
		return nil, err
	}
	c := store.Reader(ctx, s.st.Client)
	evs, err := c.AuthEvent.Query().Where(authevent.CustomerID(cu.ID)).
		Order(ent.Desc(authevent.FieldCreatedAt), ent.Desc(authevent.FieldID)).Limit(n).All(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading connection attempts: %w", err)
	}
	v, err := settings.Load(ctx, c)
	if err != nil {
		return nil, err
	}
	changed, err := c.AuditLog.Query().Where(auditlog.TargetType("customer"), auditlog.TargetID(strconv.Itoa(cu.ID)),
		auditlog.ActionIn(passwordActions...)).Order(ent.Desc(auditlog.FieldCreatedAt)).First(ctx)
	if err != nil && !ent.IsNotFound(err) {
		return nil, fmt.Errorf("reading the last password change: %w", err)
	}
	w := wording{loc: v.Location(), now: s.now(), expires: cu.ExpiresAt}
	if changed != nil {
		w.pwChanged = changed.CreatedAt
	}
	out := make([]*Attempt, len(evs))
	for i, e := range evs {
		out[i] = &Attempt{At: e.CreatedAt, Accepted: e.Result == authevent.ResultACCEPT, Message: w.message(e)}
	}
	return out, nil
}

// wording puts authentication events into words.
type wording struct {
	loc       *time.Location
	now       time.Time
	expires   time.Time
	pwChanged time.Time // the last password change (zero: none known)
}

// when is "at 10:32" today, "on 3 Dec at 10:32" another day (in the time zone).
func (w wording) when(t time.Time) string {
	t, now := t.In(w.loc), w.now.In(w.loc)
	if t.Year() == now.Year() && t.YearDay() == now.YearDay() {
		return "at " + t.Format("15:04")
	}
	return "on " + t.Format("2 Jan") + " at " + t.Format("15:04")
}

func (w wording) message(e *ent.AuthEvent) string {
	at := w.when(e.CreatedAt)
	switch e.Reason {
	case authevent.ReasonOK:
		if e.Result == authevent.ResultACCEPT {
			return "your router connected " + at
		}
	case authevent.ReasonWRONG_PASSWORD:
		if !w.pwChanged.IsZero() && e.CreatedAt.After(w.pwChanged) && e.CreatedAt.Sub(w.pwChanged) < recentChange {
			return "wrong password from your router " + at + ": the router still has the old password (the password was changed " + w.when(w.pwChanged) + ")"
		}
		return "wrong password from your router " + at + ": check the PPPoE password saved in your router"
	case authevent.ReasonEXPIRED:
		return "refused " + at + ": subscription expired on " + w.expiry(e.CreatedAt)
	case authevent.ReasonSUSPENDED:
		return "refused " + at + ": the account is suspended"
	case authevent.ReasonDISABLED:
		return "refused " + at + ": the account is closed"
	case authevent.ReasonDATA_CAP:
		return "refused " + at + ": the data allowance of this period is used up"
	case authevent.ReasonTOO_MANY_SESSIONS:
		return "refused " + at + ": another device is already connected with this account"
	case authevent.ReasonMAC_MISMATCH:
		return "refused " + at + ": the router is not the one registered for this account"
	}
	if e.Result == authevent.ResultACCEPT {
		return "your router connected " + at
	}
	return "refused " + at
}

// expiry is the date the subscription had expired on at the time of the event: the current
// expiry when it was already past then, else (renewed since) that the subscription had
// lapsed.
func (w wording) expiry(at time.Time) string {
	if !w.expires.After(at) {
		return w.expires.In(w.loc).Format("2 Jan")
	}
	return "a date before " + at.In(w.loc).Format("2 Jan") + " (renewed since)"
}
