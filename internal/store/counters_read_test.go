package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/internal/store"
	"github.com/linedesk/linedesk/internal/testutil"
)

// poisoned is a store whose counters were overflowed with plain SQL after it was migrated (as
// an older build running beside this one would write them), with the ids of its rows.
type poisoned struct {
	st            *store.Store
	victim, other *ent.Customer
	session       *ent.Session
}

func poison(t *testing.T, st *store.Store) *poisoned {
	t.Helper()
	ctx := context.Background()
	p := seedProfile(t, st)
	victim := newCustomer(st, p, "100001", "alice").SaveX(ctx)
	other := newCustomer(st, p, "100002", "bob").SetPeriodBytesIn(7).SaveX(ctx)
	n := st.Client.Nas.Create().SetName("core").SetIPAddress("10.0.0.1").SetSecretEnc("v1:x:y").SaveX(ctx)
	now := time.Now().UTC()
	s := st.Client.Session.Create().SetAcctKey("k1").SetAcctSessionID("s1").SetUsername("alice").
		SetCustomerID(victim.ID).SetNasID(n.ID).SetStartedAt(now).SetUpdatedAt(now).SaveX(ctx)
	st.Client.UsageDaily.Create().SetCustomerID(victim.ID).SetDay("2026-11-30").SaveX(ctx)
	st.Client.UsageMonthly.Create().SetCustomerID(victim.ID).SetMonth("2026-11").SaveX(ctx)
	bad := poisonValue(st)
	for _, q := range []string{
		fmt.Sprintf("UPDATE customers SET period_bytes_in = %s, period_bytes_out = -%s WHERE id = %d", bad, bad, victim.ID),
		"UPDATE sessions SET bytes_in = " + bad + ", bytes_out = 5",
		"UPDATE usage_dailies SET bytes_in = " + bad + ", bytes_out = " + bad,
		"UPDATE usage_monthlies SET bytes_in = 5, bytes_out = -" + bad,
	} {
		if _, err := st.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	return &poisoned{st: st, victim: victim, other: other, session: s}
}

// readCase is one way of reading counters through ent, and the pair it must read.
type readCase struct {
	name string
	read func() ([2]int64, error)
	want [2]int64
}

// customerReads are the ways the code reads customers' period usage.
func customerReads(ctx context.Context, p *poisoned) []readCase {
	c, id := p.st.Client, p.victim.ID
	one := func(q *ent.CustomerQuery) ([2]int64, error) {
		cu, err := q.Where(customer.ID(id)).Only(ctx)
		if err != nil {
			return [2]int64{}, err
		}
		return [2]int64{cu.PeriodBytesIn, cu.PeriodBytesOut}, nil
	}
	usage := [2]int64{maxCounter, 0}
	return []readCase{
		{"Get", func() ([2]int64, error) {
			cu, err := c.Customer.Get(ctx, id)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{cu.PeriodBytesIn, cu.PeriodBytesOut}, nil
		}, usage},
		{"All", func() ([2]int64, error) { return one(c.Customer.Query()) }, usage},
		{"selected fields", func() ([2]int64, error) {
			q := c.Customer.Query()
			q.Select(customer.FieldUsername, customer.FieldPeriodBytesOut, customer.FieldPeriodBytesIn)
			return one(q)
		}, usage},
		{"one column", func() ([2]int64, error) {
			v, err := c.Customer.Query().Where(customer.ID(id)).Select(customer.FieldPeriodBytesIn).Ints(ctx)
			if err != nil || len(v) != 1 {
				return [2]int64{}, fmt.Errorf("%v (%d values)", err, len(v))
			}
			return [2]int64{int64(v[0]), 0}, nil
		}, usage},
		{"already bounded (ClampedColumns)", func() ([2]int64, error) {
			q := c.Customer.Query()
			q.Modify(store.ClampedColumns(customer.Columns, customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut))
			return one(q)
		}, usage},
		{"in a transaction", func() ([2]int64, error) {
			tx, err := c.Tx(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			defer tx.Rollback()
			return one(tx.Customer.Query())
		}, usage},
		{"entgql pagination", func() ([2]int64, error) {
			first := 10
			conn, err := c.Customer.Query().Where(customer.ID(id)).Paginate(ctx, nil, &first, nil, nil)
			if err != nil {
				return [2]int64{}, err
			}
			if len(conn.Edges) != 1 {
				return [2]int64{}, fmt.Errorf("%d edges", len(conn.Edges))
			}
			return [2]int64{conn.Edges[0].Node.PeriodBytesIn, conn.Edges[0].Node.PeriodBytesOut}, nil
		}, usage},
		{"customer of a session (eager)", func() ([2]int64, error) {
			s, err := c.Session.Query().Where(session.ID(p.session.ID)).WithCustomer().Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{s.Edges.Customer.PeriodBytesIn, s.Edges.Customer.PeriodBytesOut}, nil
		}, usage},
		{"customer of a session (edge query)", func() ([2]int64, error) { return one(p.session.QueryCustomer()) }, usage},
		{"healthy customer", func() ([2]int64, error) {
			cu, err := c.Customer.Get(ctx, p.other.ID)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{cu.PeriodBytesIn, cu.PeriodBytesOut}, nil
		}, [2]int64{7, 0}},
	}
}

// usageReads are the ways the code reads sessions' counters and daily and monthly usage.
func usageReads(ctx context.Context, p *poisoned) []readCase {
	c, id := p.st.Client, p.victim.ID
	sessionBytes := [2]int64{maxCounter, 5}
	return []readCase{
		{"sessions of a customer (edge query)", func() ([2]int64, error) {
			s, err := p.victim.QuerySessions().Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{s.BytesIn, s.BytesOut}, nil
		}, sessionBytes},
		{"sessions of a customer (eager)", func() ([2]int64, error) {
			cu, err := c.Customer.Query().Where(customer.ID(id)).WithSessions().Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			if len(cu.Edges.Sessions) != 1 {
				return [2]int64{}, fmt.Errorf("%d sessions", len(cu.Edges.Sessions))
			}
			return [2]int64{cu.Edges.Sessions[0].BytesIn, cu.Edges.Sessions[0].BytesOut}, nil
		}, sessionBytes},
		{"session fields", func() ([2]int64, error) {
			s, err := c.Session.Query().Select(session.FieldBytesOut, session.FieldBytesIn, session.FieldOpen).Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{s.BytesIn, s.BytesOut}, nil
		}, sessionBytes},
		{"daily usage", func() ([2]int64, error) {
			d, err := c.UsageDaily.Query().Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{d.BytesIn, d.BytesOut}, nil
		}, [2]int64{maxCounter, maxCounter}},
		{"monthly usage", func() ([2]int64, error) {
			m, err := c.UsageMonthly.Query().Only(ctx)
			if err != nil {
				return [2]int64{}, err
			}
			return [2]int64{m.BytesIn, m.BytesOut}, nil
		}, [2]int64{5, 0}},
	}
}

// TestCounterReadsAreBounded: on SQLite and PostgreSQL, counters overflowed after the
// migration (a REAL 1.38e19 on SQLite, the largest bigint on PostgreSQL, and their negatives)
// are read at the bounds 0 and 2^53 − 1 by every shape of ent query the code uses: Get, All,
// a field selection (as entgql collects fields), a single column, edges queried and eager
// loaded in both directions, entgql's pagination, a transaction, daily and monthly usage, and
// a query that bounds them itself (ClampedColumns); counts, ids and existence still work, and a
// healthy customer's counters are read as stored.
func TestCounterReadsAreBounded(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := poison(t, st)
		for _, tc := range append(customerReads(ctx, p), usageReads(ctx, p)...) {
			got, err := tc.read()
			if err != nil {
				t.Errorf("%s: %v", tc.name, err)
			} else if got != tc.want {
				t.Errorf("%s: read %v, want %v", tc.name, got, tc.want)
			}
		}
		c := st.Client
		if n, err := c.Customer.Query().Count(ctx); err != nil || n != 2 {
			t.Errorf("Count: %d, %v; want 2", n, err)
		}
		if ids, err := c.Customer.Query().Order(ent.Asc(customer.FieldID)).IDs(ctx); err != nil || len(ids) != 2 {
			t.Errorf("IDs: %v, %v", ids, err)
		}
		if ok, err := c.Session.Query().Where(session.BytesInGT(0)).Exist(ctx); err != nil || !ok {
			t.Errorf("Exist: %v, %v", ok, err)
		}
	})
}

// TestBoundUsage: an UpdateOne of a customer with store.BoundUsage reads the row back with its
// period counters bounded, and stores them so, in the same UPDATE; values the update sets
// itself are kept. (Without it, on SQLite, reading the row back fails.)
func TestBoundUsage(t *testing.T) {
	testutil.EachDB(t, func(t *testing.T, st *store.Store) {
		ctx := context.Background()
		p := poison(t, st)
		if !st.IsPostgres() {
			if _, err := st.Client.Customer.UpdateOneID(p.victim.ID).SetStatus(customer.StatusSUSPENDED).Save(ctx); err == nil {
				t.Fatal("a plain UpdateOne read an overflowed row back: the test's premise is wrong")
			}
		}
		cu, err := store.BoundUsage(st.Client.Customer.UpdateOneID(p.victim.ID)).SetStatus(customer.StatusSUSPENDED).Save(ctx)
		if err != nil {
			t.Fatalf("UpdateOne with BoundUsage: %v", err)
		}
		var in, out int64
		if err := st.DB.QueryRowContext(ctx, fmt.Sprintf("SELECT period_bytes_in, period_bytes_out FROM customers WHERE id = %d", cu.ID)).Scan(&in, &out); err != nil {
			t.Fatalf("reading the stored counters: %v", err)
		}
		if cu.PeriodBytesIn != maxCounter || cu.PeriodBytesOut != 0 || in != maxCounter || out != 0 || cu.Status != customer.StatusSUSPENDED {
			t.Errorf("read back %d/%d (%s), stored %d/%d; want %d/0 both, SUSPENDED", cu.PeriodBytesIn, cu.PeriodBytesOut, cu.Status, in, out, int64(maxCounter))
		}
		reset, err := store.BoundUsage(st.Client.Customer.UpdateOneID(p.victim.ID)).SetPeriodBytesIn(0).AddPeriodBytesOut(9).Save(ctx)
		if err != nil || reset.PeriodBytesIn != 0 || reset.PeriodBytesOut != 9 {
			t.Errorf("an update setting the counters itself read back %d/%d (%v), want 0/9", reset.PeriodBytesIn, reset.PeriodBytesOut, err)
		}
	})
}
