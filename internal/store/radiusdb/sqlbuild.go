package radiusdb

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/lib/pq"
)

// scriptWriter joins literal statements into one multi-statement query.
type scriptWriter struct{ strings.Builder }

func (w *scriptWriter) add(q *sqlBuilder) {
	w.WriteString(q.String())
	w.WriteString(";\n")
}

// sqlBuilder writes a statement with placeholders for either database: $n::type on
// PostgreSQL (so VALUES lists get their types), ? on SQLite.
type sqlBuilder struct {
	strings.Builder
	pg     bool
	inline bool // PostgreSQL only: write values as quoted literals, for a multi-statement script
	args   []any
	rows   int    // VALUES rows written
	buf    []byte // scratch for literals
}

func (q *sqlBuilder) arg(v any, pgType string) string {
	if q.inline {
		return pgLiteral(v) + "::" + pgType
	}
	q.args = append(q.args, v)
	if q.pg {
		return "$" + strconv.Itoa(len(q.args)) + "::" + pgType
	}
	return "?"
}

// values writes one parenthesised VALUES row from value, type pairs. Inline, only the first
// row carries casts: PostgreSQL gives a VALUES column the type of its typed entries, and a
// shorter script parses faster.
func (q *sqlBuilder) values(pairs ...any) {
	q.WriteByte('(')
	for i := 0; i < len(pairs); i += 2 {
		if i > 0 {
			q.WriteByte(',')
		}
		if q.inline && q.rows > 0 {
			q.buf = appendPgLiteral(q.buf[:0], pairs[i])
			q.Write(q.buf)
			continue
		}
		q.WriteString(q.arg(pairs[i], pairs[i+1].(string)))
	}
	q.WriteByte(')')
	q.rows++
}

// nullString is s, or NULL when empty.
func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// nullID is id, or NULL when 0 (no row).
func nullID(id int) any {
	if id == 0 {
		return nil
	}
	return id
}

// pgLiteral writes a value as a PostgreSQL literal; strings are quoted by lib/pq.
func pgLiteral(v any) string { return string(appendPgLiteral(nil, v)) }

// appendPgLiteral appends v as a PostgreSQL literal.
func appendPgLiteral(dst []byte, v any) []byte {
	switch x := v.(type) {
	case nil:
		return append(dst, "NULL"...)
	case int:
		return strconv.AppendInt(dst, int64(x), 10)
	case int64:
		return strconv.AppendInt(dst, x, 10)
	case bool:
		return strconv.AppendBool(dst, x)
	case string:
		return append(dst, pq.QuoteLiteral(x)...)
	case time.Time:
		dst = append(dst, '\'')
		dst = x.UTC().AppendFormat(dst, "2006-01-02 15:04:05.999999Z07:00")
		return append(dst, '\'')
	}
	panic(fmt.Sprintf("radiusdb: no literal for %T", v))
}

// columns joins column names for a column list.
func columns(names ...string) string { return strings.Join(names, ", ") }
