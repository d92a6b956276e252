package benchtool

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/linedesk/linedesk/internal/gqlclient"
)

// Query is one GraphQL request to time.
type Query struct {
	Name  string
	Query string
	Vars  map[string]any
}

// Latency is the timing of one query over several rounds.
type Latency struct {
	Name          string
	P50, P95, Max time.Duration
	Errors        int
}

// ScaleQueries are the dashboard's hot queries: the customers page with each kind of search
// and filter, and the dashboard figures.
func ScaleQueries(prefix string) []Query {
	page := `query($s:String,$st:ConnectionStatus){customers(search:$s,status:$st,first:50){totalCount edges{node{id accountNo username phone profile{name} joinedAt expiresAt connectionStatus}}}}`
	return []Query{
		{"customers page (no search)", page, nil},
		{"search by phone 07…", page, map[string]any{"s": "0700012345"}},
		{"search by phone +254…", page, map[string]any{"s": "+254700054321"}},
		{"search by username prefix", page, map[string]any{"s": prefix + "0123"}},
		{"search by account number", page, map[string]any{"s": "100077"}},
		{"search by name substring", page, map[string]any{"s": "customer 4567"}},
		// One and two letters of the seeded prefix: every customer matches by username and
		// by name ("Bench Customer …" with the default prefix), the worst case of the rule.
		{"search by one letter (all match)", page, map[string]any{"s": first(prefix, 1)}},
		{"search by two letters (all match)", page, map[string]any{"s": first(prefix, 2)}},
		{"filter ONLINE", page, map[string]any{"st": "ONLINE"}},
		{"filter EXPIRED", page, map[string]any{"st": "EXPIRED"}},
		{"dashboard figures", `{dashboard{customers online offline expired expiringSoon(days:7) revenueThisMonth}}`, nil},
	}
}

// first returns the first n bytes of s (all of it when shorter).
func first(s string, n int) string { return s[:min(n, len(s))] }

// TimeQueries runs each query rounds times (after one warm-up) against url with token.
func TimeQueries(ctx context.Context, url, token string, queries []Query, rounds int) ([]Latency, error) {
	var out []Latency
	for _, q := range queries {
		if errs, err := gqlclient.Post(ctx, url, token, q.Query, q.Vars, nil); err != nil || len(errs) > 0 {
			return nil, fmt.Errorf("%s: %v %+v", q.Name, err, errs)
		}
		var ds []time.Duration
		l := Latency{Name: q.Name}
		for i := 0; i < rounds; i++ {
			t0 := time.Now()
			errs, err := gqlclient.Post(ctx, url, token, q.Query, q.Vars, nil)
			ds = append(ds, time.Since(t0))
			if err != nil || len(errs) > 0 {
				l.Errors++
			}
		}
		sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
		l.P50, l.P95, l.Max = ds[len(ds)/2], ds[len(ds)*95/100], ds[len(ds)-1]
		out = append(out, l)
	}
	return out, nil
}
