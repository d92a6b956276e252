package radiusdb

import (
	"time"

	"github.com/linedesk/linedesk/ent/session"
	"github.com/linedesk/linedesk/ent/sessionipv6"
)

// SessionIPv6 is what a router reported of a session's IPv6 (an empty string: not reported,
// the stored value is kept). Malformed lists the attributes that could not be read; it
// replaces the stored note.
type SessionIPv6 struct {
	Key                           string // the session's acct_key
	FramedPrefix, DelegatedPrefix string
	InterfaceID, FramedAddress    string
	Malformed                     string
	At                            time.Time
}

// ipv6Columns are the columns upsertIPv6 writes, in its VALUES order after the key.
var ipv6Columns = []string{sessionipv6.FieldFramedPrefix, sessionipv6.FieldDelegatedPrefix,
	sessionipv6.FieldInterfaceID, sessionipv6.FieldFramedAddress}

// upsertIPv6SQL starts the statement: the session is found by its key, so the rows of
// sessions inserted earlier in the same batch (or script) are found too.
var upsertIPv6SQL = "INSERT INTO " + sessionipv6.Table + " (" + columns(sessionipv6.FieldSessionID, sessionipv6.FieldFramedPrefix,
	sessionipv6.FieldDelegatedPrefix, sessionipv6.FieldInterfaceID, sessionipv6.FieldFramedAddress,
	sessionipv6.FieldMalformed, sessionipv6.FieldUpdatedAt) + ") SELECT s." + session.FieldID +
	", v.column2, v.column3, v.column4, v.column5, v.column6, v.column7 FROM (VALUES "

// upsertIPv6Tail joins the values to the sessions and keeps, for each column, the stored
// value when the report has none. (WHERE true: SQLite's parser needs it before ON CONFLICT.)
var upsertIPv6Tail = func() string {
	s := ") AS v JOIN " + session.Table + " s ON s." + session.FieldAcctKey + " = v.column1 WHERE true ON CONFLICT (" +
		sessionipv6.FieldSessionID + ") DO UPDATE SET "
	for _, c := range ipv6Columns {
		s += c + " = COALESCE(excluded." + c + ", " + sessionipv6.Table + "." + c + "), "
	}
	return s + sessionipv6.FieldMalformed + " = excluded." + sessionipv6.FieldMalformed + ", " +
		sessionipv6.FieldUpdatedAt + " = excluded." + sessionipv6.FieldUpdatedAt
}()

// upsertIPv6 writes the sessions' reported IPv6 (rows in key order).
func upsertIPv6(pg bool, part []SessionIPv6) *sqlBuilder {
	q := &sqlBuilder{pg: pg, inline: pg}
	q.WriteString(upsertIPv6SQL)
	for i, r := range part {
		if i > 0 {
			q.WriteByte(',')
		}
		q.values(r.Key, "text", nullString(r.FramedPrefix), "text", nullString(r.DelegatedPrefix), "text",
			nullString(r.InterfaceID), "text", nullString(r.FramedAddress), "text", nullString(r.Malformed), "text",
			r.At.UTC(), "timestamptz")
	}
	q.WriteString(upsertIPv6Tail)
	return q
}
