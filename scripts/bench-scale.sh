#!/usr/bin/env bash
# Scale benchmark (issue 8, issue 19 item 6): seeds 1,000,000 customers and 200,000 open
# sessions on a fresh PostgreSQL database, starts `linedesk serve`, and reports start-up time
# (snapshot loaded), memory, the customers page and dashboard latencies, and a
# 50,000-subscriber router reboot storm: the router's Accounting-On, then every subscriber's
# Access-Request and Start, each retransmitted unchanged every STORM_RETRY until answered
# (RouterOS's default RADIUS timeout is 300 ms): an Access-Request STORM_TRIES times at most,
# an Accounting-Request STORM_ACCT_TRIES times (routers queue accounting and keep retrying it,
# reporting how long in Acct-Delay-Time).
#
#   scripts/bench-scale.sh                 # defaults below
#   CUSTOMERS=100000 OPEN=50000 STORM=10000 scripts/bench-scale.sh   # the issue 8 size
#   STORM=0 ROUNDS=50 scripts/bench-scale.sh   # seeding, start-up and GraphQL latencies only
#   LINEDESK_PPROF=127.0.0.1:6060 scripts/bench-scale.sh   # serve's profiler, for a heap profile
#
# Needs PostgreSQL (PGURL, default postgres://postgres@127.0.0.1:5432/postgres) and Go.
set -euo pipefail
cd "$(dirname "$0")/.."
CUSTOMERS=${CUSTOMERS:-1000000}
OPEN=${OPEN:-200000}
STORM=${STORM:-50000}
ROUNDS=${ROUNDS:-50}
STORM_RETRY=${STORM_RETRY:-300ms}
STORM_TRIES=${STORM_TRIES:-5}
STORM_ACCT_TRIES=${STORM_ACCT_TRIES:-30}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
DB=linedesk_scale_$$
work=$(mktemp -d)
bin=$work/linedesk
go build -o "$bin" ./cmd/linedesk

base=${PGURL%%\?*}; base=${base%/*}
export LINEDESK_DB="$base/$DB?sslmode=disable"
export LINEDESK_DATA_DIR=$work/data
export LINEDESK_SECRET_KEY=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
export LINEDESK_ADMIN_PASSWORD=scale-admin-password
port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
export LINEDESK_HTTP=127.0.0.1:$(port)
export LINEDESK_RADIUS_AUTH=0.0.0.0:$(port)
export LINEDESK_RADIUS_ACCT=0.0.0.0:$(port)

psql "$PGURL" -qc "CREATE DATABASE $DB" >/dev/null
cleanup() {
  [ -n "${pid:-}" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  psql "$PGURL" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" migrate >/dev/null
echo "== seeding $CUSTOMERS customers, $OPEN open sessions ($STORM on the storm router)"
"$bin" bench seed --customers "$CUSTOMERS" --open-sessions "$OPEN" --storm-nas "$STORM"

echo "== start-up"
t0=$(date +%s.%N)
"$bin" serve >"$work/serve.log" 2>&1 &
pid=$!
until curl -sf "http://$LINEDESK_HTTP/healthz" >/dev/null; do
  kill -0 $pid 2>/dev/null || { cat "$work/serve.log"; exit 1; }
  sleep 0.05
done
t1=$(date +%s.%N)
printf 'start-up (process start to healthy, snapshot loaded): %.2f s\n' "$(echo "$t1 - $t0" | bc)"
grep -o 'snapshot_loaded_in=[^ ]*' "$work/serve.log" | head -1 || true
# CPU time is the measure that does not depend on what else the machine runs.
echo "CPU time of serve so far (user + system): $(awk -v t="$(getconf CLK_TCK)" '{print ($14+$15)/t " s"}' /proc/$pid/stat)"
echo "load average: $(cat /proc/loadavg)"
echo "memory after start-up: $(grep VmRSS /proc/$pid/status | awk '{print $2/1024 " MB"}')"

echo "== GraphQL latencies ($ROUNDS rounds each)"
"$bin" bench graphql --url "http://$LINEDESK_HTTP/graphql" --user admin --password "$LINEDESK_ADMIN_PASSWORD" --rounds "$ROUNDS"

if [ "$STORM" -gt 0 ]; then
  echo "== reboot storm: $STORM subscribers of 127.0.0.2 re-dial with its Accounting-On"
  echo "   (router timeout $STORM_RETRY; at most $STORM_TRIES sends of an Access-Request, $STORM_ACCT_TRIES of an Accounting-Request)"
  "$bin" bench storm --subscribers "$STORM" --secret bench-secret --source 127.0.0.2 --expect-online "$OPEN" \
    --retry "$STORM_RETRY" --tries "$STORM_TRIES" --acct-tries "$STORM_ACCT_TRIES"
fi

echo "== peak memory of linedesk serve: $(grep VmHWM /proc/$pid/status | awk '{print $2/1024 " MB"}')" \
  "(now $(grep VmRSS /proc/$pid/status | awk '{print $2/1024 " MB"}'))"
echo "load average: $(cat /proc/loadavg)"
