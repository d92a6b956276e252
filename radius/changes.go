package radius

import (
	"context"
	"fmt"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/change"
	"github.com/linedesk/linedesk/internal/store"
)

// changePoller follows the change feed. Transactions commit their change ids out of order,
// so each poll re-reads a trailing window of recent changes as well as everything above the
// watermark, and remembers which ids it has applied.
type changePoller struct {
	watermark int
	window    time.Duration
	seen      map[int]time.Time
}

func newChangePoller(ctx context.Context, st *store.Store) (*changePoller, error) {
	last, err := st.Client.Change.Query().Order(ent.Desc(change.FieldID)).Limit(1).IDs(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading change watermark: %w", err)
	}
	p := &changePoller{window: 10 * time.Second, seen: map[int]time.Time{}}
	if len(last) > 0 {
		p.watermark = last[0]
	}
	return p, nil
}

// poll returns the changes not applied yet. Call done after applying them.
func (p *changePoller) poll(ctx context.Context, st *store.Store, now time.Time) (*changeSet, []int, error) {
	rows, err := st.Client.Change.Query().
		Where(change.Or(change.IDGT(p.watermark), change.CreatedAtGT(now.Add(-p.window)))).
		Order(ent.Asc(change.FieldID)).Limit(50000).All(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("polling changes: %w", err)
	}
	cs := &changeSet{}
	var ids []int
	for _, r := range rows {
		if _, ok := p.seen[r.ID]; ok {
			continue
		}
		cs.add(r.Entity, r.EntityID)
		ids = append(ids, r.ID)
	}
	return cs, ids, nil
}

func (p *changePoller) done(ids []int, now time.Time) {
	for _, id := range ids {
		p.seen[id] = now
		if id > p.watermark {
			p.watermark = id
		}
	}
	for id, t := range p.seen {
		if now.Sub(t) > 3*p.window {
			delete(p.seen, id)
		}
	}
}

func dedupe(ids []int) []int {
	if len(ids) < 2 {
		return ids
	}
	seen := make(map[int]struct{}, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}

func chunks(ids []int, n int) [][]int {
	var out [][]int
	for len(ids) > n {
		out = append(out, ids[:n])
		ids = ids[n:]
	}
	if len(ids) > 0 {
		out = append(out, ids)
	}
	return out
}
