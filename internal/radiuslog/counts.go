package radiuslog

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/radiustally"
	"github.com/linedesk/linedesk/internal/store"
)

// Count is how many packets of one kind and reason.
type Count struct {
	Kind       string // ACCEPT, REJECT or DROP
	Reason     string // in words
	ReasonCode string
	Count      int
}

// Window is a router's counts over one period.
type Window struct {
	Accepts, Rejects, Drops int
	// AuthFailures are the drops whose authenticator did not verify with the router's secret.
	AuthFailures int
	ByReason     []Count // largest first
}

// RouterCounts are a router's counts over the last hour and the last day.
type RouterCounts struct{ LastHour, LastDay Window }

// cacheFor is how long the counts of every router are reused: the list and the dashboard
// ask once per router, the tallies move every few seconds.
const cacheFor = 10 * time.Second

// Router returns the counts of router nasID (zeros when it sent nothing).
func (s *Service) Router(ctx context.Context, nasID int) (*RouterCounts, error) {
	all, err := s.all(ctx)
	if err != nil {
		return nil, err
	}
	if c := all[nasID]; c != nil {
		return c, nil
	}
	return &RouterCounts{}, nil
}

// Totals are the counts of every router and unknown source together.
func (s *Service) Totals(ctx context.Context) (*RouterCounts, error) {
	all, err := s.all(ctx)
	if err != nil {
		return nil, err
	}
	t := &RouterCounts{}
	for _, c := range all {
		addWindow(&t.LastHour, c.LastHour)
		addWindow(&t.LastDay, c.LastDay)
	}
	sortReasons(&t.LastHour)
	sortReasons(&t.LastDay)
	return t, nil
}

func addWindow(to *Window, w Window) {
	to.Accepts += w.Accepts
	to.Rejects += w.Rejects
	to.Drops += w.Drops
	to.AuthFailures += w.AuthFailures
	for _, r := range w.ByReason {
		found := false
		for i := range to.ByReason {
			if to.ByReason[i].Kind == r.Kind && to.ByReason[i].ReasonCode == r.ReasonCode {
				to.ByReason[i].Count += r.Count
				found = true
			}
		}
		if !found {
			to.ByReason = append(to.ByReason, r)
		}
	}
}

func (s *Service) all(ctx context.Context) (map[int]*RouterCounts, error) {
	now := s.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cached != nil && now.Sub(s.cutAt) < cacheFor && !now.Before(s.cutAt) {
		return s.cached, nil
	}
	all := map[int]*RouterCounts{}
	for _, p := range []struct {
		since time.Duration
		pick  func(*RouterCounts) *Window
	}{
		{time.Hour, func(c *RouterCounts) *Window { return &c.LastHour }},
		{24 * time.Hour, func(c *RouterCounts) *Window { return &c.LastDay }},
	} {
		rows, err := s.sums(ctx, now.Add(-p.since))
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			c := all[r.NasID]
			if c == nil {
				c = &RouterCounts{}
				all[r.NasID] = c
			}
			w := p.pick(c)
			switch radiustally.Kind(r.Kind) {
			case radiustally.KindACCEPT:
				w.Accepts += r.Sum
			case radiustally.KindREJECT:
				w.Rejects += r.Sum
			case radiustally.KindDROP:
				w.Drops += r.Sum
				if IsAuthFailure(r.Reason) {
					w.AuthFailures += r.Sum
				}
			}
			if radiustally.Kind(r.Kind) != radiustally.KindACCEPT {
				w.ByReason = append(w.ByReason, Count{Kind: r.Kind, Reason: ReasonText(r.Reason), ReasonCode: r.Reason, Count: r.Sum})
			}
		}
	}
	for _, c := range all {
		sortReasons(&c.LastHour)
		sortReasons(&c.LastDay)
	}
	s.cached, s.cutAt = all, now
	return all, nil
}

func sortReasons(w *Window) {
	sort.SliceStable(w.ByReason, func(i, j int) bool { return w.ByReason[i].Count > w.ByReason[j].Count })
}

type sumRow struct {
	NasID  int    `json:"nas_id"`
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
	Sum    int    `json:"sum"`
}

// sums adds the tallies of the buckets that end after since (a bucket is counted whole).
func (s *Service) sums(ctx context.Context, since time.Time) ([]sumRow, error) {
	var rows []sumRow
	err := store.Reader(ctx, s.st.Client).RadiusTally.Query().
		Where(radiustally.BucketGT(since.Add(-bucketWidth).UTC())).
		GroupBy(radiustally.FieldNasID, radiustally.FieldKind, radiustally.FieldReason).
		Aggregate(ent.Sum(radiustally.FieldCount)).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("adding up the RADIUS counts: %w", err)
	}
	return rows, nil
}

// bucketWidth is the RADIUS server's tally bucket (radius.TallyBucket).
const bucketWidth = 5 * time.Minute

// Source is the packets dropped from one address for one reason.
type Source struct {
	Source      string // the address, or "other" past the RADIUS server's key bound
	NasID       int    // 0: not a known router
	Reason      string // in words
	ReasonCode  string
	AuthFailure bool
	Count       int
	LastSeenAt  time.Time
}

// DropsOfHours is Drops over the last hours (nil: 24, else 1 to 168) of router nasID (nil: all).
func (s *Service) DropsOfHours(ctx context.Context, hours, nasID *int) ([]*Source, error) {
	h, id := 24, 0
	if hours != nil {
		h = *hours
	}
	if h < 1 || h > 168 {
		return nil, &RangeError{Field: "hours", Msg: "the period is 1 to 168 hours"}
	}
	if nasID != nil {
		id = *nasID
	}
	return s.Drops(ctx, s.now().Add(-time.Duration(h)*time.Hour), id)
}

// MaxSources is how many sources Drops returns.
const MaxSources = 200

// Drops returns the dropped packets since since grouped by source and reason, most first;
// nasID 0 means every router and unknown address.
func (s *Service) Drops(ctx context.Context, since time.Time, nasID int) ([]*Source, error) {
	q := store.Reader(ctx, s.st.Client).RadiusTally.Query().
		Where(radiustally.KindEQ(radiustally.KindDROP), radiustally.BucketGT(since.Add(-bucketWidth).UTC()))
	if nasID != 0 {
		q = q.Where(radiustally.NasID(nasID))
	}
	var rows []struct {
		Source string `json:"source"`
		NasID  int    `json:"nas_id"`
		Reason string `json:"reason"`
		Sum    int    `json:"sum"`
		Last   string `json:"last"` // a time; SQLite answers MAX() with text
	}
	err := q.GroupBy(radiustally.FieldSource, radiustally.FieldNasID, radiustally.FieldReason).
		Aggregate(ent.Sum(radiustally.FieldCount), func(s *sql.Selector) string {
			return sql.As(sql.Max(s.C(radiustally.FieldLastAt)), "last")
		}).Scan(ctx, &rows)
	if err != nil {
		return nil, fmt.Errorf("reading the dropped RADIUS packets: %w", err)
	}
	out := make([]*Source, len(rows))
	for i, r := range rows {
		out[i] = &Source{Source: r.Source, NasID: r.NasID, Reason: ReasonText(r.Reason), ReasonCode: r.Reason,
			AuthFailure: IsAuthFailure(r.Reason), Count: r.Sum, LastSeenAt: parseTime(r.Last)}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Count > out[j].Count })
	return out[:min(len(out), MaxSources)], nil
}

// parseTime reads a time as PostgreSQL (through database/sql) or SQLite writes it.
func parseTime(v string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

var reasonWords = map[string]string{
	"OK": "accepted", "UNKNOWN_USER": "unknown username", "WRONG_PASSWORD": "wrong password",
	"SUSPENDED": "suspended", "DISABLED": "disabled", "EXPIRED": "expired", "DATA_CAP": "data cap reached",
	"TOO_MANY_SESSIONS": "too many sessions", "MAC_MISMATCH": "MAC address not allowed",
	"unknown_client": "unknown address (no router with it)", "malformed": "malformed packet",
	"unexpected_code": "unexpected packet type", "missing_message_authenticator": "no Message-Authenticator",
	"bad_message_authenticator": "wrong secret (Message-Authenticator mismatch)",
	"bad_request_authenticator": "wrong secret (request authenticator mismatch)",
	"duplicate_in_flight":       "retransmission while answering", "missing_acct_session_id": "no Acct-Session-Id",
	"missing_acct_status_type": "no Acct-Status-Type", "database_unavailable": "database unavailable",
	"shutting_down": "server shutting down", "ARCHIVED": "archived", "POOL_EXHAUSTED": "address pool exhausted",
}

// ReasonText is a reject or drop reason in words.
func ReasonText(code string) string {
	if w, ok := reasonWords[code]; ok {
		return w
	}
	return strings.ReplaceAll(code, "_", " ")
}

// NasOf is the router a source is (nil for an unknown address or a deleted router).
func (s *Service) NasOf(ctx context.Context, src *Source) (*ent.Nas, error) {
	if src.NasID == 0 {
		return nil, nil
	}
	n, err := store.Reader(ctx, s.st.Client).Nas.Get(ctx, src.NasID)
	if ent.IsNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the router of a source: %w", err)
	}
	return n, nil
}
