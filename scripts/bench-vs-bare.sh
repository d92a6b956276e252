#!/usr/bin/env bash
# bench-vs-bare.sh: linedesk against the bare layeh.com/radius server (scripts/barelayeh),
# alternating in one run, without FreeRADIUS (which bench-vs-freeradius.sh adds): PAP, CHAP
# and Interim-Update, 1,000 users, 20,000 requests, 64 clients, two rounds, the load average
# beside every rate. Needs /tmp/perf-ld (go build -o /tmp/perf-ld ./cmd/linedesk) and
# /tmp/perf-bare (go build -o /tmp/perf-bare ./scripts/barelayeh); ports 41720–41780.
set -uo pipefail
W=$(mktemp -d); DB=perf_ratio_$$
PG=postgres://postgres@127.0.0.1:5432
psql $PG/postgres -qc "CREATE DATABASE $DB"
export LINEDESK_DB="$PG/$DB?sslmode=disable" LINEDESK_DATA_DIR="$W/data"
/tmp/perf-ld migrate >/dev/null
/tmp/perf-ld bench radius --seed --users 1000 --requests 0 --secret bench-secret >/dev/null
psql "$PG/$DB" -qc "VACUUM ANALYZE"
/tmp/perf-ld serve --http 127.0.0.1:41780 --radius-auth 127.0.0.1:41720 --radius-acct 127.0.0.1:41721 > $W/ld.log 2>&1 & LP=$!
/tmp/perf-bare --auth 127.0.0.1:41724 --acct 127.0.0.1:41725 & BP=$!
sleep 8
for round in 1 2; do
for m in pap chap acct; do
  if [ $m = acct ]; then la=127.0.0.1:41721 ba=127.0.0.1:41725; else la=127.0.0.1:41720 ba=127.0.0.1:41724; fi
  for s in ld bare; do a=$la; [ $s = bare ] && a=$ba
    r=$(/tmp/perf-ld bench radius --addr $a --secret bench-secret --mode $m --users 1000 --requests 20000 --concurrency 64 2>&1 | tr '\n' ' ')
    echo "round=$round $s $m $r load=$(cut -d' ' -f1-3 /proc/loadavg)"
  done
done; done
kill $LP $BP; sleep 2
psql $PG/postgres -qc "DROP DATABASE $DB WITH (FORCE)"; rm -rf $W
