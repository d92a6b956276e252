#!/usr/bin/env bash
# Customer search over HTTP (issue 19, item 4): for each size in SIZES, seeds that many
# customers on a fresh PostgreSQL database (COPY, then VACUUM ANALYZE), serves the GraphQL
# API on a loopback HTTP server and times customers(search:…, first: 50) { totalCount … }
# for each kind of search, ROUNDS requests per query; prints p50 / p95 / max and the exact
# totalCount per query, then p50 / p95 / p99 of all requests, with the load average.
#
#   scripts/bench-search.sh                          # SIZES="100000 1000000", ROUNDS=30 (600 requests per size)
#   SIZES=100000 ROUNDS=50 scripts/bench-search.sh
#
# Needs PostgreSQL (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres).
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-100000 1000000}
ROUNDS=${ROUNDS:-30}
QUERIES=20 # the queries of BenchmarkCustomersSearch
bin=$(mktemp -d)/graph.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./graph
for n in $SIZES; do
  echo "== $n customers, $((ROUNDS * QUERIES)) requests; load average $(cut -d' ' -f1-3 /proc/loadavg)"
  (cd graph && BENCH_CUSTOMERS=$n "$bin" -test.run '^$' -test.bench BenchmarkCustomersSearch \
    -test.benchtime=$((ROUNDS * QUERIES))x -test.v) 2>&1 | grep -E 'seeded|search|p95-ms|FAIL|Error'
  echo "   load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
done
