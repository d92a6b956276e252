package store

import (
	"context"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// The rows events carry (internal/events' Session and Customer), for the services that
// publish after a commit: each publisher reads them once, so no subscriber has to.

// SessionPayload is a session row as events carry it; nasName may be "".
func SessionPayload(s *ent.Session, nasName string) *events.Session {
	p := &events.Session{ID: s.ID, NasID: s.NasID, NasName: nasName,
		AcctSessionID: s.AcctSessionID, Username: s.Username,
		FramedIP: deref(s.FramedIP), CallingStationID: deref(s.CallingStationID), NasPortID: deref(s.NasPortID),
		TerminateCause: deref(s.TerminateCause), StartedAt: s.StartedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC(),
		SessionTime: s.SessionTime, BytesIn: counter.Clamp(s.BytesIn), BytesOut: counter.Clamp(s.BytesOut), Open: s.Open}
	if s.CustomerID != nil {
		p.CustomerID = *s.CustomerID
	}
	if s.StoppedAt != nil {
		p.StoppedAt = s.StoppedAt.UTC()
	}
	return p
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// CustomerState reads what a customer's connection status is worked out from.
func CustomerState(ctx context.Context, c *ent.Client, id int) (*events.Customer, error) {
	cu, err := c.Customer.Query().Where(customer.ID(id)).Select(customer.FieldStatus, customer.FieldExpiresAt).Only(ctx)
	if err != nil {
		return nil, err
	}
	online, err := c.Session.Query().Where(session.CustomerID(id), session.Open(true)).Exist(ctx)
	if err != nil {
		return nil, err
	}
	return &events.Customer{Status: string(cu.Status), ExpiresAt: cu.ExpiresAt.UTC(), Online: online}, nil
}

// CustomerChanged is the CustomerChanged event of customer id, with its state when it can be
// read (without it, subscribers read the customer themselves).
func CustomerChanged(ctx context.Context, c *ent.Client, id int) events.Event {
	e := events.Event{Kind: events.CustomerChanged, CustomerID: id, At: time.Now().UTC()}
	if state, err := CustomerState(ctx, c, id); err == nil {
		e.Customer = state
	}
	return e
}
