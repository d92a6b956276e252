package store

import (
	"context"
	"strings"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/linedesk/linedesk/ent"
	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/ent/usagemonthly"
)

// Every ent query of customers, sessions and daily and monthly usage reads its byte counters
// bounded (see counterReads): a value out of bounds may appear at any time, not only before
// Migrate's repair, because a build older than the bound, still running beside this one in a
// rolling upgrade, can write one. Unbounded it would fail the scan of the whole query on
// SQLite (a REAL) and show a value above 2^53 on PostgreSQL.
var (
	customerCounters = ClampSelected(customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut)
	sessionCounters  = ClampSelected(session.FieldBytesIn, session.FieldBytesOut)
	dailyCounters    = ClampSelected(usagedaily.FieldBytesIn, usagedaily.FieldBytesOut)
	monthlyCounters  = ClampSelected(usagemonthly.FieldBytesIn, usagemonthly.FieldBytesOut)
)

// counterReads is the interceptor Open installs on the client: it adds ClampSelected of the
// entity's counters to every query of the four counter tables, whoever builds it (services,
// resolvers, entgql's pagination and edges, node(id), eager loading).
func counterReads() ent.Interceptor {
	return ent.InterceptFunc(func(next ent.Querier) ent.Querier {
		return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
			switch q := q.(type) {
			case *ent.CustomerQuery:
				q.Modify(customerCounters)
			case *ent.SessionQuery:
				q.Modify(sessionCounters)
			case *ent.UsageDailyQuery:
				q.Modify(dailyCounters)
			case *ent.UsageMonthlyQuery:
				q.Modify(monthlyCounters)
			}
			return next.Query(ctx, q)
		})
	})
}

// ClampSelected is a query modifier like ClampedColumns that keeps the query's own selection
// (every column, or only the fields it selected, as entgql does) and bounds by CounterSQL,
// under their own names, the counter columns in it. Selections other than plain columns
// (aggregates, a count, columns ClampedColumns already bounded) are left as they are; a query
// whose selection holds an expression without a column name (AppendSelectExpr) must not
// select a counter column as well, as the selection is rebuilt from its columns.
func ClampSelected(counters ...string) func(*entsql.Selector) {
	clamp := make(map[string]bool, len(counters))
	for _, c := range counters {
		clamp[c] = true
	}
	return func(s *entsql.Selector) {
		cols, names := s.SelectedColumns(), s.UnqualifiedColumns()
		if len(cols) != len(names) {
			return
		}
		sel, hit := make([]string, len(cols)), false
		for i, c := range cols {
			sel[i] = c
			if clamp[names[i]] && !strings.ContainsAny(c, "() ") {
				sel[i], hit = entsql.As(CounterSQL(s.Dialect(), c), names[i]), true
			}
		}
		if hit {
			s.Select(sel...)
		}
	}
}

// BoundUsage makes u (an UpdateOne of a customer) also bound, in its own UPDATE, the period
// counters it does not set itself, so that the row UpdateOne reads back after the update,
// which no query interceptor reaches, holds no overflowed counter. It costs no extra
// statement; the bounded value is computed from the row as locked by the UPDATE, so
// concurrent accounting is not lost.
func BoundUsage(u *ent.CustomerUpdateOne) *ent.CustomerUpdateOne {
	m := u.Mutation()
	return u.Modify(func(b *entsql.UpdateBuilder) {
		for _, col := range []string{customer.FieldPeriodBytesIn, customer.FieldPeriodBytesOut} {
			_, set := m.Field(col)
			_, added := m.AddedField(col)
			if !set && !added {
				b.Set(col, entsql.Expr(CounterSQL(b.Dialect(), col)))
			}
		}
	})
}
