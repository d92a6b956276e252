package graph

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// TestOnlineSessionsListed drives the online sessions page's query: open sessions only,
// filtered by router and plan, sorted by download, upload and uptime, readable by a viewer.
func TestOnlineSessionsListed(t *testing.T) {
	e := newEnv(t, false)
	ctx := context.Background()
	home, biz := e.profile("Home", 30, nil), e.profile("Business", 30, nil)
	r1, r2 := makeNas(t, e.st), makeNas(t, e.st)
	type row struct {
		user      string
		plan, nas int
		in, out   int64
		open      bool
	}
	rows := []row{
		{"ann", atoi(t, home), r1, 10, 5_000, true},
		{"ben", atoi(t, home), r2, 30, 9_000, true},
		{"cat", atoi(t, biz), r1, 20, 1_000, true},
		{"dan", atoi(t, biz), r1, 99, 99_000, false},
	}
	for i, r := range rows {
		plan := home
		if r.plan != atoi(t, home) {
			plan = biz
		}
		c := e.customer(r.user, fmt.Sprintf("07000000%02d", 10+i), plan)
		s := openSession(t, e.st, atoi(t, c.ID), r.nas)
		e.st.Client.Session.UpdateOne(s).SetBytesIn(r.in).SetBytesOut(r.out).SetOpen(r.open).
			SetStartedAt(s.StartedAt.Add(-time.Duration(i) * time.Hour)).ExecX(ctx)
	}
	const q = `query($w:SessionWhereInput,$o:SessionOrder){ sessions(first:50, where:$w, orderBy:$o){ totalCount edges{ node{ customer{ username } } } } }`
	tests := []struct {
		name  string
		where map[string]any
		field string
		dir   string
		want  []string
	}{
		{"open, most downloaded first", map[string]any{"open": true}, "BYTES_OUT", "DESC", []string{"ben", "ann", "cat"}},
		{"open, most uploaded first", map[string]any{"open": true}, "BYTES_IN", "DESC", []string{"ben", "cat", "ann"}},
		{"open, longest online first", map[string]any{"open": true}, "STARTED_AT", "ASC", []string{"cat", "ben", "ann"}},
		{"one router", map[string]any{"open": true, "nasID": r1}, "BYTES_OUT", "DESC", []string{"ann", "cat"}},
		{"one plan", map[string]any{"open": true, "hasCustomerWith": []any{map[string]any{"profileID": biz}}}, "BYTES_OUT", "DESC", []string{"cat"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out struct {
				Sessions struct {
					TotalCount int
					Edges      []struct {
						Node struct{ Customer struct{ Username string } }
					}
				}
			}
			e.ok(&out, e.viewer, q, "w", tt.where, "o", map[string]any{"field": tt.field, "direction": tt.dir})
			var got []string
			for _, ed := range out.Sessions.Edges {
				got = append(got, ed.Node.Customer.Username)
			}
			if len(got) != len(tt.want) || out.Sessions.TotalCount != len(tt.want) {
				t.Fatalf("got %v (total %d), want %v", got, out.Sessions.TotalCount, tt.want)
			}
			for i := range got {
				if got[i] != tt.want[i] {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
			}
		})
	}
}
