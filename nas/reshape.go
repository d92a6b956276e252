package nas

import (
	"context"
	"fmt"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/domain"
)

// Reshape sends one CoA-Request with the rate limit rate to open session sessionID (a time
// window's edge): no fallback disconnect, since the customer keeps the plan and a window
// must never drop anyone. A session closed meanwhile is reported NAK without a packet.
func (s *Service) Reshape(ctx context.Context, sessionID int, rate string) domain.SessionResult {
	sess, err := s.st.Client.Session.Query().Where(session.ID(sessionID)).WithNas().Only(ctx)
	if err != nil {
		if ent.IsNotFound(err) {
			return domain.SessionResult{Outcome: domain.NAK, Message: "the session is gone"}
		}
		return domain.SessionResult{Outcome: domain.Failed, Message: fmt.Sprintf("loading the session: %v", err)}
	}
	if !sess.Open {
		return domain.SessionResult{Session: sess, Outcome: domain.NAK, Message: "the session has ended"}
	}
	req, err := s.request(sess, sess.Edges.Nas)
	if err != nil {
		return domain.SessionResult{Session: sess, Outcome: domain.Failed, Message: err.Error()}
	}
	req.RateLimit = rate
	res := s.CoA.CoA(ctx, req)
	s.m.observe("coa", string(res.Outcome), res.RTT)
	r := radiusResult(res, "applied "+rate)
	r.Session = sess
	return r
}
