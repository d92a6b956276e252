package events

import "time"

// What an event carries besides ids, so that a subscriber shows it without reading the
// database: the session's row and the customer's connection state, as they are once the
// publisher's transaction has committed. Neither holds a secret (a customer's password, a
// router's secret): events cross instances in plain text through the bridge.

// Session is a session's row (ent's Session without its internal acct_key).
type Session struct {
	ID         int
	CustomerID int // 0: a user the database does not know
	NasID      int
	NasName    string // the router's name as the publisher knows it; "" when not known
	// AcctSessionID and Username are the router's Acct-Session-Id and User-Name.
	AcctSessionID, Username string
	// "" stands for NULL.
	FramedIP, CallingStationID, NasPortID, TerminateCause string
	StartedAt, UpdatedAt                                  time.Time
	StoppedAt                                             time.Time // zero: NULL (still open)
	SessionTime, BytesIn, BytesOut                        int64
	Open                                                  bool
}

// Customer is what a customer's connection status is worked out from: its account status,
// its expiry and whether it has an open session.
type Customer struct {
	Status    string // ACTIVE, SUSPENDED or DISABLED
	ExpiresAt time.Time
	Online    bool
}
