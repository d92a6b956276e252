#!/usr/bin/env bash
# bench-vs-freeradius.sh — the same RADIUS load against linedesk and against FreeRADIUS 3.2
# with rlm_sql on PostgreSQL, and against a bare layeh.com/radius server touching no store
# (scripts/barelayeh, the ceiling of the stack), on loopback, in one run; prints every rate
# and the ratios (linedesk / FreeRADIUS, linedesk as a share of the bare server).
#
# Both servers get the same 10,000 users (bench000001 … with password bench-password, NAS
# 127.0.0.1 with secret bench-secret) in their own fresh PostgreSQL database, and the same
# `linedesk bench radius` load: PAP, CHAP and accounting Interim-Update, 64 clients.
# Targets (issue 4): linedesk ≥ 10× FreeRADIUS for authentication, ≥ 6× for accounting.
#
# Run it on an otherwise idle machine, as root (it installs Debian packages):
#   scripts/bench-vs-freeradius.sh
# Settings (environment): USERS=10000 REQUESTS=200000 CONCURRENCY=64 MODES="pap chap acct"
#   PG=postgres://postgres@127.0.0.1:5432   LINEDESK=./bin/linedesk (built when missing)
#   KEEP=1 keeps the two databases and the work directory afterwards.
set -euo pipefail

USERS=${USERS:-10000}
REQUESTS=${REQUESTS:-200000}
CONCURRENCY=${CONCURRENCY:-64}
MODES=${MODES:-pap chap acct}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
SECRET=bench-secret
LD_DB=ld_bench_linedesk
FR_DB=ld_bench_freeradius
LD_AUTH=18120 LD_ACCT=18121
FR_AUTH=18122 FR_ACCT=18123   # radiusd -p N listens on N (auth) and N+1 (acct)
BARE_AUTH=18124 BARE_ACCT=18125   # scripts/barelayeh: layeh.com/radius touching no store
cd "$(dirname "$0")/.."

say() { printf '\n== %s\n' "$*" >&2; }
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo

say "installing FreeRADIUS with rlm_sql PostgreSQL (Debian packages)"
if ! command -v radiusd >/dev/null 2>&1 && ! command -v freeradius >/dev/null 2>&1 \
   || ! dpkg -s freeradius-postgresql >/dev/null 2>&1 || ! command -v psql >/dev/null 2>&1; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq freeradius freeradius-postgresql freeradius-utils postgresql-client >/dev/null
fi
RADIUSD=$(command -v freeradius || command -v radiusd)
# Do not let the packaged service hold the standard ports or compete for CPU.
$SUDO systemctl stop freeradius >/dev/null 2>&1 || true

WORK=$(mktemp -d /tmp/bench-vs-freeradius.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -z "${KEEP:-}" ]; then
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $LD_DB WITH (FORCE)" >/dev/null 2>&1 || true
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $FR_DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  else
    echo "kept $WORK and databases $LD_DB, $FR_DB" >&2
  fi
}
trap cleanup EXIT

LINEDESK=${LINEDESK:-./bin/linedesk}
if [ ! -x "$LINEDESK" ]; then
  say "building linedesk"
  go build -o "$WORK/linedesk" ./cmd/linedesk
  LINEDESK=$WORK/linedesk
fi

wait_udp() { # host port: wait until something listens
  for _ in $(seq 1 100); do
    if ss -Huln "sport = :$2" | grep -q .; then return 0; fi
    sleep 0.2
  done
  echo "nothing listens on $1:$2" >&2; return 1
}

say "fresh databases"
for db in $LD_DB $FR_DB; do
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
  psql "$PG/postgres" -qc "CREATE DATABASE $db" >/dev/null
done

say "linedesk: migrate, seed $USERS users, serve"
export LINEDESK_DB="$PG/$LD_DB?sslmode=disable" LINEDESK_DATA_DIR="$WORK/data"
"$LINEDESK" migrate >/dev/null
"$LINEDESK" bench radius --seed --users "$USERS" --requests 0 --secret "$SECRET" >/dev/null
# Both databases are vacuumed and analysed after loading (autovacuum may be off or late).
psql "$PG/$LD_DB" -qc "VACUUM ANALYZE" >/dev/null
"$LINEDESK" serve --http 127.0.0.1:18080 --radius-auth "127.0.0.1:$LD_AUTH" --radius-acct "127.0.0.1:$LD_ACCT" \
  >"$WORK/linedesk.log" 2>&1 &
PIDS+=($!)
wait_udp 127.0.0.1 $LD_AUTH

say "FreeRADIUS: schema, $USERS users in radcheck, rlm_sql configuration"
psql "$PG/$FR_DB" -q -f /etc/freeradius/3.0/mods-config/sql/main/postgresql/schema.sql >/dev/null
psql "$PG/$FR_DB" -q >/dev/null <<SQL
INSERT INTO radcheck (username, attribute, op, value)
  SELECT 'bench' || lpad(i::text, 6, '0'), 'Cleartext-Password', ':=', 'bench-password' FROM generate_series(1, $USERS) i;
INSERT INTO radreply (username, attribute, op, value)
  SELECT 'bench' || lpad(i::text, 6, '0'), 'Mikrotik-Rate-Limit', ':=', '10M/10M' FROM generate_series(1, $USERS) i;
INSERT INTO radreply (username, attribute, op, value)
  SELECT 'bench' || lpad(i::text, 6, '0'), 'Acct-Interim-Interval', ':=', '300' FROM generate_series(1, $USERS) i;
SQL
psql "$PG/$FR_DB" -qc "VACUUM ANALYZE" >/dev/null
RADDB=$WORK/raddb
cp -a /etc/freeradius/3.0 "$RADDB"
# Run as the invoking user from the private copy; no user switch.
sed -i -E 's/^(\s*)(user|group) = .*/\1# \2 removed by bench-vs-freeradius.sh/' "$RADDB/radiusd.conf"
cat >"$RADDB/clients.conf" <<EOF
client bench {
	ipaddr = 127.0.0.1
	secret = $SECRET
	require_message_authenticator = no
	nas_type = other
}
EOF
cat >"$RADDB/mods-available/sql" <<EOF
sql {
	dialect = "postgresql"
	driver = "rlm_sql_postgresql"
	server = "127.0.0.1"
	port = 5432
	login = "postgres"
	password = ""
	radius_db = "$FR_DB"
	acct_table1 = "radacct"
	acct_table2 = "radacct"
	postauth_table = "radpostauth"
	authcheck_table = "radcheck"
	groupcheck_table = "radgroupcheck"
	authreply_table = "radreply"
	groupreply_table = "radgroupreply"
	usergroup_table = "radusergroup"
	delete_stale_sessions = yes
	pool {
		start = 8
		min = 8
		max = 64
		spare = 16
		uses = 0
		retry_delay = 30
		lifetime = 0
		idle_timeout = 60
	}
	read_clients = no
	client_table = "nas"
	group_attribute = "SQL-Group"
	\$INCLUDE \${modconfdir}/\${.:name}/main/\${dialect}/queries.conf
}
EOF
ln -sf ../mods-available/sql "$RADDB/mods-enabled/sql"
# One virtual server with the standard rlm_sql policy (users and replies from SQL, accounting
# and post-auth logging to SQL, as a FreeRADIUS + daloRADIUS install runs), listening on our
# ports. (radiusd's -i/-p listener is bound to no virtual server, and inner-tunnel would take
# a port of its own.)
rm -f "$RADDB"/sites-enabled/* "$RADDB/mods-enabled/eap"   # PPPoE uses no EAP
cat >"$RADDB/sites-enabled/bench" <<SITE
server bench {
	listen {
		type = auth
		ipaddr = 127.0.0.1
		port = $FR_AUTH
	}
	listen {
		type = acct
		ipaddr = 127.0.0.1
		port = $FR_ACCT
	}
	authorize {
		preprocess
		chap
		mschap
		sql
		pap
	}
	authenticate {
		Auth-Type PAP {
			pap
		}
		Auth-Type CHAP {
			chap
		}
		Auth-Type MS-CHAP {
			mschap
		}
	}
	preacct {
		preprocess
		acct_unique
	}
	accounting {
		sql
	}
	post-auth {
		sql
		Post-Auth-Type REJECT {
			sql
			attr_filter.access_reject
		}
	}
}
SITE
"$RADIUSD" -C -d "$RADDB" >/dev/null || { "$RADIUSD" -XC -d "$RADDB" | tail -30; exit 1; }
"$RADIUSD" -f -d "$RADDB" -l "$WORK/radiusd.log" &
PIDS+=($!)
wait_udp 127.0.0.1 $FR_AUTH

say "bare layeh.com/radius server (the ceiling of the stack)"
go build -o "$WORK/barelayeh" ./scripts/barelayeh
"$WORK/barelayeh" --auth 127.0.0.1:$BARE_AUTH --acct 127.0.0.1:$BARE_ACCT --secret "$SECRET" &
PIDS+=($!)
wait_udp 127.0.0.1 $BARE_AUTH

bench() { # server-name addr mode → prints the rate
  local out
  out=$("$LINEDESK" bench radius --addr "$2" --secret "$SECRET" --mode "$3" --users "$USERS" \
        --requests "$REQUESTS" --concurrency "$CONCURRENCY" 2>&1) || true
  printf '%-10s %-5s %s\n' "$1" "$3" "$(echo "$out" | tr '\n' ' ')" >&2
  echo "$out" | sed -nE 's/.*rate=([0-9.]+)\/s.*/\1/p' | head -1
}

declare -A LD FR BARE
for mode in $MODES; do
  say "load: $mode"
  if [ "$mode" = acct ]; then la=127.0.0.1:$LD_ACCT fa=127.0.0.1:$FR_ACCT ba=127.0.0.1:$BARE_ACCT
  else la=127.0.0.1:$LD_AUTH fa=127.0.0.1:$FR_AUTH ba=127.0.0.1:$BARE_AUTH; fi
  # Warm-up, then the measured run: each server alone on the machine.
  REQUESTS=$((REQUESTS / 10)) bench linedesk "$la" "$mode" >/dev/null
  LD[$mode]=$(bench linedesk "$la" "$mode")
  REQUESTS=$((REQUESTS / 10)) bench freeradius "$fa" "$mode" >/dev/null
  FR[$mode]=$(bench freeradius "$fa" "$mode")
  REQUESTS=$((REQUESTS / 10)) bench bare "$ba" "$mode" >/dev/null
  BARE[$mode]=$(bench bare "$ba" "$mode")
done

say "result ($USERS users, $REQUESTS requests, $CONCURRENCY clients)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %12s %12s %8s %8s %12s %10s\n' mode linedesk/s freeradius/s ratio target bare/s ld/bare
for mode in $MODES; do
  target=10; [ "$mode" = acct ] && target=6
  awk -v m="$mode" -v l="${LD[$mode]:-0}" -v f="${FR[$mode]:-0}" -v b="${BARE[$mode]:-0}" -v t="$target" \
    'BEGIN { r = (f > 0) ? l / f : 0; s = (b > 0) ? 100 * l / b : 0
             printf "%-6s %12.0f %12.0f %7.1fx %7dx %12.0f %9.0f%% %s\n", m, l, f, r, t, b, s, (r >= t) ? "ok" : "BELOW TARGET" }'
done
