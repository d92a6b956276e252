#!/usr/bin/env bash
# PostgreSQL's own ceiling for accounting writes on this machine (issue 4): how many
# Interim-Updates a second PostgreSQL can make durable when it has the whole machine, with the
# writes linedesk's accounting writer makes per Interim, in batches of 20 rows, two writers:
#   1. the session's counters (a heap-only UPDATE … FROM VALUES),
#   2. + the customer's period usage,
#   3. + the day's usage (INSERT … ON CONFLICT DO UPDATE) — what linedesk writes.
# No RADIUS, no linedesk process, no load generator: compare with what `linedesk bench radius
# --mode acct` reaches when all three share the cores.
#
#   scripts/bench-pg-ceiling.sh            # ROWS=10000 SECONDS_EACH=10 CLIENTS=2 BATCH=20
#
# Needs PostgreSQL 15's pgbench (Debian: postgresql-15, /usr/lib/postgresql/15/bin) and Go.
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${ROWS:-10000}
SECONDS_EACH=${SECONDS_EACH:-10}
CLIENTS=${CLIENTS:-2}
BATCH=${BATCH:-20}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
PGBENCH=${PGBENCH:-$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)}
DB=linedesk_pgceiling_$$
work=$(mktemp -d)
go build -o "$work/linedesk" ./cmd/linedesk
base=${PGURL%%\?*}; base=${base%/*}
export LINEDESK_DB="$base/$DB?sslmode=disable" LINEDESK_DATA_DIR=$work/data
psql "$PGURL" -qc "CREATE DATABASE $DB" >/dev/null
trap 'psql "$PGURL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true; rm -rf "$work"' EXIT

"$work/linedesk" migrate >/dev/null 2>&1
"$work/linedesk" bench seed --customers "$ROWS" --open-sessions "$ROWS" --storm-nas 0 >/dev/null
read -r s0 c0 < <(psql "$base/$DB" -Atc "SELECT min(s.id), min(c.id) FROM sessions s, customers c" | tr '|' ' ')
psql "$base/$DB" -qc "INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) SELECT id, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 0, 0 FROM customers" -c "VACUUM ANALYZE"

# One batch of BATCH rows at a random offset, written as the accounting writer writes it.
rowsql() { # template → BATCH comma-separated VALUES rows, $i replaced by the row's offset
  local out="" i
  for ((i = 0; i < BATCH; i++)); do out+="${out:+,}${1//\$i/(:b*$BATCH+$i) % $ROWS}"; done
  printf '%s' "$out"
}
sess="UPDATE sessions SET bytes_in = sessions.bytes_in + v.column2, bytes_out = sessions.bytes_out + v.column3, session_time = v.column4, updated_at = v.column5 FROM (VALUES $(rowsql "($s0 + \$i, 1500, 9000, 600, now())")) AS v WHERE sessions.id = v.column1;"
cust="UPDATE customers SET period_bytes_in = customers.period_bytes_in + v.column2, period_bytes_out = customers.period_bytes_out + v.column3 FROM (VALUES $(rowsql "($c0 + \$i, 1500, 9000)")) AS v WHERE customers.id = v.column1;"
daily="INSERT INTO usage_dailies (customer_id, day, bytes_in, bytes_out) VALUES $(rowsql "($c0 + \$i, to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'), 1500, 9000)") ON CONFLICT (customer_id, day) DO UPDATE SET bytes_in = usage_dailies.bytes_in + excluded.bytes_in, bytes_out = usage_dailies.bytes_out + excluded.bytes_out;"

run() { # name, statements…
  local name=$1 f=$work/script.sql; shift
  { echo "\\set b random(0, 1000000)"; echo "BEGIN;"; printf '%s\n' "$@"; echo "COMMIT;"; } >"$f"
  local tps
  tps=$("$PGBENCH" -n -M simple -f "$f" -T "$SECONDS_EACH" -c "$CLIENTS" -j 1 "$base/$DB" 2>/dev/null | sed -nE 's/^tps = ([0-9.]+).*/\1/p')
  awk -v n="$name" -v t="$tps" -v b="$BATCH" 'BEGIN { printf "%-40s %8.0f Interims/s (%.0f commits/s of %d)\n", n, t * b, t, b }'
}
echo "PostgreSQL alone, $CLIENTS writers, batches of $BATCH, $ROWS sessions:"
run "session counters" "$sess"
run "+ customer period usage" "$sess" "$cust"
run "+ daily usage (what linedesk writes)" "$sess" "$cust" "$daily"
