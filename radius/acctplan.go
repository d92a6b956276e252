package radius

import (
	"slices"
	"strings"
	"time"

	"layeh.com/radius/rfc2866"

	"github.com/linedesk/linedesk/internal/store/counter"
	"github.com/linedesk/linedesk/internal/store/radiusdb"
)

// sessRow is a session as the batch sees it: the stored row and what the writer knows of it.
type sessRow struct {
	radiusdb.Session
	existed bool      // read from the database (or committed by this shard), not new in the batch
	dirty   bool      // changed by the batch
	used    time.Time // last batch that touched it (acctShard.sweep)
	grew    bool      // its counters grew in the batch: the roll-up has work (rollup.go)
	v6memo  string    // the IPv6 report last written (acctipv6.go)
}

type usage struct{ in, out int64 }

// batchResult is what a commit changed, applied to memory and published afterwards.
type batchResult struct {
	rows   map[string]*sessRow // sessions the batch changed
	seen   map[string]*sessRow // every session the batch read or wrote
	closed []radiusdb.ClosedSession
	// perCust is what the batch adds to the customers' period usage: the snapshot counts it
	// at once; the database gets it from the roll-up (rollup.go).
	perCust map[int]*usage
	// announce is what the batch publishes once committed (announce.go).
	announce []announcement
	clamps   []counterClamp // counters stored lower than reported (see counters.go)
}

// batchPlan is what a batch will write, worked out in memory from the sessions as read.
type batchPlan struct {
	res   *batchResult
	v6    map[string]radiusdb.SessionIPv6 // reported IPv6 by session key (acctipv6.go)
	write radiusdb.Batch
}

// planBatch applies the batch's requests, in order, to the sessions in rows (adding the new
// ones) and works out every write: the session rows only. Counters only move forward and
// usage grows by the difference (rolled up from the rows later), so duplicates, retransmits
// and reordered packets never count twice.
func planBatch(batch []*acctReq, rows map[string]*sessRow) *batchPlan {
	p := &batchPlan{res: &batchResult{rows: map[string]*sessRow{}, perCust: map[int]*usage{}}, v6: map[string]radiusdb.SessionIPv6{}}
	for _, r := range batch {
		switch r.status {
		case rfc2866.AcctStatusType_Value_AccountingOn, rfc2866.AcctStatusType_Value_AccountingOff:
			p.write.Resets = append(p.write.Resets, radiusdb.NasReset{NasID: r.nasID, At: r.at.UTC()})
			continue
		}
		row := rows[r.key]
		switch {
		case row == nil:
			row = p.newSession(r)
			rows[r.key] = row
		case !row.Open:
			p.stoppedSession(row, r)
		default:
			p.openSession(row, r)
		}
		p.noteIPv6(row, r)
	}
	p.order()
	return p
}

// newSession is a request for a session not stored yet: Interim before Start, Stop without
// Start, or a plain Start: one new session.
func (p *batchPlan) newSession(r *acctReq) *sessRow {
	stop := r.status == rfc2866.AcctStatusType_Value_Stop
	at := r.at.UTC()
	row := &sessRow{Session: radiusdb.Session{
		Key: r.key, Open: !stop, CustomerID: r.customerID, NasID: r.nasID,
		Started: at.Add(-reportedAge(r)), Updated: at,
		SessionID: r.sessionID, Username: r.username, FramedIP: r.framedIP, Calling: r.calling, NasPort: r.nasPort,
	}}
	dIn, dOut := forward(row, r, true, &p.res.clamps)
	p.addUsage(row, dIn, dOut)
	if stop {
		row.Stopped, row.Cause = &at, r.cause
	}
	p.res.rows[r.key] = row
	p.write.Inserts = append(p.write.Inserts, &row.Session)
	return row
}

// stoppedSession applies a request to a stopped session: retransmitted Start or Interim
// change nothing; a Stop may only move counters forward (e.g. after the reaper closed it).
func (p *batchPlan) stoppedSession(row *sessRow, r *acctReq) {
	if r.status != rfc2866.AcctStatusType_Value_Stop {
		return
	}
	dIn, dOut := forward(row, r, false, &p.res.clamps)
	if dIn != 0 || dOut != 0 {
		p.addUsage(row, dIn, dOut)
		row.dirty = true
		p.res.rows[r.key] = row
	}
}

// openSession applies a request to an open session.
func (p *batchPlan) openSession(row *sessRow, r *acctReq) {
	at := r.at.UTC()
	dIn, dOut := forward(row, r, false, &p.res.clamps)
	p.addUsage(row, dIn, dOut)
	if at.After(row.Updated) {
		row.Updated = at
	}
	if row.FramedIP == "" {
		row.FramedIP = r.framedIP
	}
	if r.status == rfc2866.AcctStatusType_Value_Stop {
		row.Open = false
		row.Stopped, row.Cause = &at, r.cause
	}
	row.dirty = true
	p.res.rows[r.key] = row
}

// addUsage notes growth of row's counters: the roll-up has work, and the snapshot counts it
// towards the customer's period at once.
func (p *batchPlan) addUsage(row *sessRow, dIn, dOut int64) {
	if dIn == 0 && dOut == 0 {
		return
	}
	row.grew = true
	if row.CustomerID == 0 {
		return
	}
	u := p.res.perCust[row.CustomerID]
	if u == nil {
		u = &usage{}
		p.res.perCust[row.CustomerID] = u
	}
	u.in, u.out = counter.Add(u.in, dIn), counter.Add(u.out, dOut)
}

// order lists the writes in the order radiusdb.Batch asks for (keys, ids), so concurrent
// writers queue rather than deadlock.
func (p *batchPlan) order() {
	w := &p.write
	slices.SortFunc(w.Inserts, func(a, b *radiusdb.Session) int { return strings.Compare(a.Key, b.Key) })
	for _, row := range p.res.rows {
		if row.existed && row.dirty {
			w.Updates = append(w.Updates, &row.Session)
		}
	}
	slices.SortFunc(w.Updates, func(a, b *radiusdb.Session) int { return a.ID - b.ID })
	for _, v := range p.v6 {
		w.IPv6 = append(w.IPv6, v)
	}
	slices.SortFunc(w.IPv6, func(a, b radiusdb.SessionIPv6) int { return strings.Compare(a.Key, b.Key) })
}

// afterCommit brings the snapshot in line with a committed batch.
func (s *Server) afterCommit(res *batchResult) {
	for key, row := range res.rows {
		if row.CustomerID == 0 {
			continue
		}
		if row.Open {
			s.snap.putSession(row.CustomerID, key, &openSession{id: row.ID, nasID: row.NasID, updated: row.Updated, mac: normMAC(row.Calling)})
		} else {
			s.snap.dropSession(row.CustomerID, key)
		}
	}
	for _, c := range res.closed {
		s.snap.dropSession(c.CustomerID, c.Key)
	}
	for id, u := range res.perCust {
		if sub := s.snap.subscriberID(id); sub != nil {
			addCounter(&sub.usedIn, u.in)
			addCounter(&sub.usedOut, u.out)
		}
	}
}
