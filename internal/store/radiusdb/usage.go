package radiusdb

import (
	"entgo.io/ent/dialect"

	"github.com/linedesk/linedesk/ent/customer"
	"github.com/linedesk/linedesk/ent/usagedaily"
	"github.com/linedesk/linedesk/internal/store/counter"
)

// The statements a roll-up writes into the customers' period usage and the daily usage.

// Usage is what a roll-up adds to a customer's period usage.
type Usage struct {
	CustomerID int
	In, Out    int64
}

// DailyUsage is what a roll-up adds to a customer's usage of one day (UTC, YYYY-MM-DD).
type DailyUsage struct {
	CustomerID int
	Day        string
	In, Out    int64
}

// The saturating sums of customerUsage and dailyUsage, by dialect (true: PostgreSQL), built
// once.
var (
	customerUsageSQL      = map[bool]string{true: customerUsageFor(dialect.Postgres), false: customerUsageFor(dialect.SQLite)}
	dailyUsageConflictSQL = map[bool]string{true: dailyConflictFor(dialect.Postgres), false: dailyConflictFor(dialect.SQLite)}
	customerUsageWhere    = ") AS v WHERE " + customer.Table + "." + customer.FieldID + " = v.column1"
	lockCustomersSQL      = "SELECT 1 FROM " + customer.Table + " WHERE " + customer.FieldID + " IN ("
	lockCustomersOrder    = ") ORDER BY " + customer.FieldID + " FOR UPDATE"
	dailyUsageSQL         = "INSERT INTO " + usagedaily.Table + " (" + columns(usagedaily.FieldCustomerID, usagedaily.FieldDay,
		usagedaily.FieldBytesIn, usagedaily.FieldBytesOut) + ") VALUES "
)

func customerUsageFor(dia string) string {
	in, out := customer.Table+"."+customer.FieldPeriodBytesIn, customer.Table+"."+customer.FieldPeriodBytesOut
	return "UPDATE " + customer.Table + " SET " + customer.FieldPeriodBytesIn + " = " + counter.AddSQL(dia, in, "v.column2") +
		", " + customer.FieldPeriodBytesOut + " = " + counter.AddSQL(dia, out, "v.column3") + " FROM (VALUES "
}

func dailyConflictFor(dia string) string {
	in, out := usagedaily.Table+"."+usagedaily.FieldBytesIn, usagedaily.Table+"."+usagedaily.FieldBytesOut
	return " ON CONFLICT (" + columns(usagedaily.FieldCustomerID, usagedaily.FieldDay) + ") DO UPDATE SET " +
		usagedaily.FieldBytesIn + " = " + counter.AddSQL(dia, in, "excluded."+usagedaily.FieldBytesIn) + ", " +
		usagedaily.FieldBytesOut + " = " + counter.AddSQL(dia, out, "excluded."+usagedaily.FieldBytesOut)
}

// customerUsage adds a roll-up's usage to the customers' period counters; the sums stop at
// counter.Max.
func customerUsage(pg bool, part []Usage) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(customerUsageSQL[pg])
	for i, u := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		q.values(u.CustomerID, "bigint", u.In, "bigint", u.Out, "bigint")
	}
	q.WriteString(customerUsageWhere)
	return q
}

// lockCustomers locks customers in id order (PostgreSQL): UPDATE … FROM VALUES may visit
// them in any order, and concurrent writers of other instances must not deadlock.
func lockCustomers(part []Usage) *sqlBuilder {
	q := &sqlBuilder{pg: true, inline: true}
	q.WriteString(lockCustomersSQL)
	for i, u := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		q.WriteString(q.arg(u.CustomerID, "bigint"))
	}
	q.WriteString(lockCustomersOrder)
	return q
}

// dailyUsage adds a roll-up's usage to the per-day totals; the sums stop at counter.Max.
func dailyUsage(pg bool, part []DailyUsage) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(dailyUsageSQL)
	for i, u := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		q.values(u.CustomerID, "bigint", u.Day, "text", u.In, "bigint", u.Out, "bigint")
	}
	q.WriteString(dailyUsageConflictSQL[pg])
	return q
}
