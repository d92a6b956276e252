package domain

import "github.com/linedesk/linedesk/ent"

// Outcome is what a router answered for one session; the values are GraphQL's ActionOutcome.
type Outcome string

// Outcomes.
const (
	ACK        Outcome = "ACK"         // the router applied it (RFC 5176 ACK)
	NAK        Outcome = "NAK"         // the router refused it
	Timeout    Outcome = "TIMEOUT"     // no answer in time
	APIRemoved Outcome = "API_REMOVED" // removed through the RouterOS API
	Pending    Outcome = "PENDING"     // not sent: it applies at the next login
	Failed     Outcome = "ERROR"       // could not be sent
)

// SessionResult is the outcome of one router action on one open session. It is the one type
// for router actions: the router service returns it, the services pass it on, the API layers
// present it. Session is the row as loaded before the action.
type SessionResult struct {
	Session *ent.Session
	Outcome Outcome
	Message string
}

// Unanswered reports whether the router did not act on the session (no answer or not sent
// because of an error), so a scheduler should try again.
func (r SessionResult) Unanswered() bool { return r.Outcome == Timeout || r.Outcome == Failed }
