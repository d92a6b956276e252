package portal

import (
	"context"
	"errors"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/events"
)

// RecheckEvery is how often a live feed checks its sign-in again while nothing is delivered.
const RecheckEvery = 3 * time.Second

// SessionFeed streams the signed-in customer's own sessions as they start, update and stop.
// The sign-in is checked again before every delivery and every RecheckEvery; when it no
// longer holds (logout, password change, suspension, expiry, deletion) nothing more is sent
// and ended is called with the reason, once. The channel closes when ctx ends.
func (s *Service) SessionFeed(ctx context.Context, ended func(error)) (<-chan *ent.Session, error) {
	si, err := signedIn(ctx)
	if err != nil {
		return nil, err
	}
	if err := s.StillValid(ctx, si); err != nil {
		return nil, err
	}
	in := s.bus.SubscribeKinds(ctx, events.SessionStarted, events.SessionUpdated, events.SessionStopped, events.CustomerChanged)
	out := make(chan *ent.Session)
	go func() {
		defer close(out)
		tick := time.NewTicker(RecheckEvery)
		defer tick.Stop()
		valid := true
		check := func() bool {
			if !valid {
				return false
			}
			if err := s.StillValid(ctx, si); err != nil {
				if ctx.Err() != nil {
					return false
				}
				if errors.Is(err, ErrUnauthenticated) {
					valid = false
					ended(err)
				}
				return false
			}
			return true
		}
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				check()
			case e, ok := <-in:
				if !ok {
					return
				}
				if e.CustomerID != si.CustomerID || !check() || e.SessionID == 0 {
					continue
				}
				sess, err := s.st.Client.Session.Query().Where(session.ID(e.SessionID), session.CustomerID(si.CustomerID)).Only(ctx)
				if err != nil {
					continue
				}
				select {
				case out <- sess:
				case <-ctx.Done():
					return
				}
			}
		}
	}()
	return out, nil
}
