package radius

import (
	"time"

	"github.com/linedesk/linedesk/internal/events"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// What accounting announces after a commit: one event per session the commit started,
// updated or stopped, carrying the session's row as stored and its customer's connection
// state as the snapshot has it once the commit is applied (afterCommit), so subscribers show
// it without reading the database.

// announcement is one session event of a committed batch: its kind and the row as committed.
type announcement struct {
	kind events.Kind
	row  radiusdb.Session
}

// announcements lists what a batch announces once committed; worked out as it is written
// (before the shard remembers its rows as stored).
func announcements(res *batchResult) []announcement {
	var out []announcement
	for _, row := range res.rows {
		switch {
		case !row.existed:
			out = append(out, announcement{events.SessionStarted, row.Session})
			if !row.Open {
				out = append(out, announcement{events.SessionStopped, row.Session})
			}
		case row.StoredOpen && !row.Open:
			out = append(out, announcement{events.SessionStopped, row.Session})
		default:
			out = append(out, announcement{events.SessionUpdated, row.Session})
		}
	}
	for _, c := range res.closed {
		if res.rows[c.Key] != nil {
			continue // announced with the batch's own rows above
		}
		out = append(out, announcement{events.SessionStopped, c.Session})
	}
	return out
}

// announce publishes a committed batch's announcements; called after afterCommit, so the
// customers' states are those the commit left.
func (s *Server) announce(list []announcement) {
	now := time.Now().UTC()
	for i := range list {
		s.bus.Publish(s.sessionEvent(list[i].kind, &list[i].row, now))
	}
}

// sessionEvent is the event of kind for row, with the row and its customer's state.
func (s *Server) sessionEvent(kind events.Kind, row *radiusdb.Session, at time.Time) events.Event {
	e := events.Event{Kind: kind, SessionID: row.ID, CustomerID: row.CustomerID, NasID: row.NasID, At: at,
		Session: s.sessionPayload(row)}
	if row.CustomerID != 0 {
		e.Customer = s.customerState(row.CustomerID)
	}
	return e
}

// sessionPayload is row as events carry it.
func (s *Server) sessionPayload(row *radiusdb.Session) *events.Session {
	p := &events.Session{ID: row.ID, CustomerID: row.CustomerID, NasID: row.NasID,
		AcctSessionID: row.SessionID, Username: row.Username, FramedIP: row.FramedIP,
		CallingStationID: row.Calling, NasPortID: row.NasPort, TerminateCause: row.Cause,
		StartedAt: micro(row.Started), UpdatedAt: micro(row.Updated),
		SessionTime: row.Time, BytesIn: row.In, BytesOut: row.Out, Open: row.Open}
	if row.Stopped != nil {
		p.StoppedAt = micro(*row.Stopped)
	}
	if n := s.snap.nasID(row.NasID); n != nil {
		p.NasName = n.name
	}
	return p
}

// micro is t in UTC to the microsecond, as the writer stores it on PostgreSQL.
func micro(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// customerState is a customer's connection state as the snapshot has it; nil when the
// snapshot does not hold the customer (the subscribers then read it).
func (s *Server) customerState(id int) *events.Customer {
	sub := s.snap.subscriberID(id)
	if sub == nil {
		return nil
	}
	return &events.Customer{Status: string(sub.status), ExpiresAt: sub.expiresAt.UTC(), Online: s.snap.online(id)}
}
