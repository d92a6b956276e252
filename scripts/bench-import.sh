#!/usr/bin/env bash
# bench-import.sh: time `linedesk import customers` of N new customers on a fresh PostgreSQL
# database (issue 19, item 5), then check the count is exact and the table analysed.
#   scripts/bench-import.sh            # N=100000
#   N=1000000 scripts/bench-import.sh
#   SHOW_PROGRESS=1 scripts/bench-import.sh   # with the import's progress line
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-100000}
PGURL=${PGURL:-postgres://postgres@127.0.0.1:5432}
DB=linedesk_bench_import_$$
WORK=$(mktemp -d)
trap 'psql "$PGURL/postgres" -qc "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
BIN=${BIN:-$WORK/linedesk}   # BIN=path uses a built binary
[ -x "$BIN" ] || go build -o "$BIN" ./cmd/linedesk
psql "$PGURL/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export LINEDESK_DB="$PGURL/$DB?sslmode=disable"
export LINEDESK_DATA_DIR="$WORK"
export LINEDESK_SECRET_KEY=${LINEDESK_SECRET_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d " \n")}
"$BIN" migrate >/dev/null
psql "$LINEDESK_DB" -qc "INSERT INTO profiles (name, download_kbps, upload_kbps, validity_days, price, created_at, updated_at)
  VALUES ('Home', 10000, 5000, 30, 150000, now(), now())" >/dev/null
python3 - "$N" > "$WORK/customers.csv" <<'PY'
import sys
n = int(sys.argv[1])
first = ["grace", "peter", "mary", "john", "jane", "samuel", "ann", "david", "lucy", "james"]
last = ["wanjiku", "otieno", "kamau", "akinyi", "mwangi", "njeri", "ochieng", "wambui", "kiprop", "achieng"]
print("username,phone,full_name,profile,expires_at,password,status,auto_renew")
for i in range(n):
    f, l = first[i % 10], last[(i // 10) % 10]
    print(f"sub{i:07d},07{10000000 + i:08d},{f.title()} {l.title()},Home,2030-01-31,pw-{i:08d}-x,ACTIVE,true")
PY
# The CPU time of the PostgreSQL backends serving this database, sampled from /proc (the
# machine is shared: wall time under load says little; linedesk's + PostgreSQL's CPU time is
# what an idle 2-core machine would need at most).
python3 - "$DB" "$WORK/stop" > "$WORK/pgcpu" <<'PY' &
import os, sys, time
db, stop = sys.argv[1].encode(), sys.argv[2]
seen = {}
while not os.path.exists(stop):
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            if db not in open(f"/proc/{pid}/cmdline", "rb").read():
                continue
            f = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            seen[pid] = (int(f[11]) + int(f[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            pass
    time.sleep(0.2)
print(f"{sum(seen.values()):.1f}")
PY
SAMPLER=$!
sleep 0.5
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s.%N)
PROGRESS=--quiet
[ -n "${SHOW_PROGRESS:-}" ] && PROGRESS=
time "$BIN" import customers $PROGRESS "$WORK/customers.csv"   # real: wall; user+sys: linedesk's CPU
end=$(date +%s.%N)
echo "load after:  $(cut -d' ' -f1-3 /proc/loadavg)"
touch "$WORK/stop"; wait $SAMPLER
echo "PostgreSQL backends' CPU: $(cat "$WORK/pgcpu") s"
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'imported {n} customers in {s:.1f} s ({n/s:,.0f} rows/s)')" "$start" "$end" "$N"
psql "$LINEDESK_DB" -tAc "SELECT 'rows ' || count(*) FROM customers"
psql "$LINEDESK_DB" -tAc "SELECT 'changes ' || count(*) FROM changes WHERE entity = 'customer'"
psql "$LINEDESK_DB" -tAc "SELECT 'planner estimate ' || reltuples::bigint FROM pg_class WHERE relname = 'customers'"
psql "$LINEDESK_DB" -tAc "SELECT 'vacuumed ' || (last_vacuum IS NOT NULL) || ', all-visible pages ' || relallvisible || ' of ' || relpages FROM pg_stat_user_tables JOIN pg_class USING (relname) WHERE relname = 'customers'"
