#!/usr/bin/env bash
# The side-by-side benchmark of issue 13, run from the project: the suite against the original
# Node/Express/SQLite app rebuilt with our API (../shared/bench/peer), same machine, same run.
#
#   bench/compare.sh [N_CUSTOMERS] [SECONDS] [CONNECTIONS]      (default 10000 5 32)
#
# Without SUITE_URL it starts a throwaway suite of its own with deploy/local/up.sh: a fresh data
# directory under /var/tmp, its own ports (gateway 127.0.0.1:3600, PostgreSQL 55600, Redis 56600,
# services 50600-50650), a random admin password, the open-file limit raised and the per-user /
# per-address stream caps lifted so that the fan-out can open 1,000 streams of one user from one
# address (the defaults, 64 and 256, are safety limits; see docs/security.md). Nothing of a suite
# you run yourself is touched; the throwaway one is stopped and deleted at the end.
# With SUITE_URL (and SUITE_ADMIN_USER / SUITE_ADMIN_PASSWORD) it measures that suite instead.
#
# Prints ../shared/bench/compare.sh's table (suite/peer ratio per scenario, p99) and the SSE
# fan-out for both, and keeps the output in build/bench/compare-<UTC time>.txt. Needs wrk, jq,
# node and npm (installed here when missing, like up.sh does).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
N=${1:-10000}; SECONDS_EACH=${2:-5}; CONNECTIONS=${3:-32}
[ -x "$SHARED_BENCH/compare.sh" ] || { echo "no harness at $SHARED_BENCH (set SHARED_BENCH)"; exit 2; }

missing=()
for tool in wrk jq node npm curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  ((EUID == 0)) || { echo "missing: ${missing[*]} (apt-get install -y wrk jq nodejs npm curl)"; exit 2; }
  apt-get install -y --no-install-recommends wrk jq nodejs npm curl >/dev/null
fi

OUT_DIR="$ROOT/build/bench"; mkdir -p "$OUT_DIR"
OUT="$OUT_DIR/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

UP_PID=""; DATA=""
stop_suite() {
  [ -n "$UP_PID" ] && kill "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null || true
  [ -n "$DATA" ] && rm -rf "$DATA"
}
trap stop_suite EXIT

if [ -z "${SUITE_URL:-}" ]; then
  DATA=$(mktemp -d /var/tmp/billing-bench.XXXXXX)
  SUITE_URL=http://127.0.0.1:3600
  SUITE_ADMIN_USER=admin
  SUITE_ADMIN_PASSWORD="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  echo "starting a throwaway suite at $SUITE_URL (data in $DATA, log in $DATA/up.log)"
  BILLING_DATA_DIR="$DATA" GATEWAY_LISTEN=127.0.0.1:3600 PG_PORT=55600 REDIS_PORT=56600 \
    AUTH_PORT=50600 CUSTOMER_PORT=50610 BILLING_PORT=50620 MESSAGING_PORT=50630 \
    BACKUP_PORT=50640 NETWORK_PORT=50650 LOG_LEVEL=warn \
    INITIAL_ADMIN_PASSWORD="$SUITE_ADMIN_PASSWORD" INITIAL_STAFF_PASSWORD="$SUITE_ADMIN_PASSWORD-s" \
    SSE_MAX_STREAMS_PER_USER=10000 GATEWAY_MAX_CONNECTIONS_PER_IP=10000 \
    setsid "$ROOT/deploy/local/up.sh" >"$DATA/up.log" 2>&1 &
  UP_PID=$!
  for _ in $(seq 1200); do  # the first start may install packages and build: up to 20 minutes
    curl -sf -m 1 "$SUITE_URL/healthz" >/dev/null 2>&1 && break
    kill -0 "$UP_PID" 2>/dev/null || { tail -n 30 "$DATA/up.log"; echo "up.sh stopped"; exit 1; }
    sleep 1
  done
  curl -sf -m 2 "$SUITE_URL/healthz" >/dev/null || { tail -n 30 "$DATA/up.log"; echo "the suite never became healthy"; exit 1; }
fi

# Proportional set size of the throwaway suite in MiB: every process up.sh recorded (services,
# gateway, Redis) plus PostgreSQL's postmaster and its backends.
suite_pss() {
  local pids postmaster
  pids=$(cat "$DATA"/run/*.pid 2>/dev/null | grep -vx "$UP_PID" || true)
  postmaster=$(head -n 1 "$DATA/pg/postmaster.pid" 2>/dev/null || true)
  [ -n "$postmaster" ] && pids="$pids $postmaster $(pgrep -P "$postmaster" || true)"
  for pid in $pids; do cat "/proc/$pid/smaps_rollup" 2>/dev/null; done |
    awk '$1 == "Pss:" {kib += $2} END {printf "%.1f", kib / 1024}'
}

{
  if [ -n "$UP_PID" ]; then
    sleep 15  # the first health probes, migrations and relays settle
    echo "idle suite PSS (services, gateway, PostgreSQL, Redis) before seeding: $(suite_pss) MiB"
  fi
  echo "bench/compare.sh N=$N seconds=$SECONDS_EACH connections=$CONNECTIONS suite=$SUITE_URL"
  echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -r), $(date -u +%FT%TZ)"
  echo "suite commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)"
  SUITE_ADMIN_USER=${SUITE_ADMIN_USER:-admin} SUITE_ADMIN_PASSWORD=${SUITE_ADMIN_PASSWORD:-admin123} \
    "$SHARED_BENCH/compare.sh" "$SUITE_URL" "$N" "$SECONDS_EACH" "$CONNECTIONS"
  [ -n "$UP_PID" ] && echo "suite PSS after the run: $(suite_pss) MiB"
} 2>&1 | tee "$OUT"
echo "kept in $OUT"
