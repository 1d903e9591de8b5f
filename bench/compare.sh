#!/usr/bin/env bash
# The side-by-side benchmark of issue 13, run from the project: the suite against the original
# Node/Express/SQLite app rebuilt with our API (../shared/bench/peer), same machine, same run.
#
#   bench/compare.sh [N_CUSTOMERS] [SECONDS] [CONNECTIONS]      (default 10000 5 32)
#
# Without SUITE_URL it starts a throwaway suite of its own (bench/throwaway_suite.sh: fresh data
# directory, own ports, stream caps lifted for the fan-out) and deletes it at the end; nothing of
# a suite you run yourself is touched.
# With SUITE_URL (and SUITE_ADMIN_USER / SUITE_ADMIN_PASSWORD) it measures that suite instead.
#
# Prints ../shared/bench/compare.sh's table (suite/peer ratio per scenario, p99) and the SSE
# fan-out for both (1,000 clients), then the suite's with 5,000 clients, and keeps the output in build/bench/compare-<UTC time>.txt. Needs wrk, jq,
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
  # Only what is missing: Debian's npm conflicts with a Node.js installed from elsewhere.
  packages=()
  for tool in "${missing[@]}"; do
    case "$tool" in node) packages+=(nodejs) ;; *) packages+=("$tool") ;; esac
  done
  apt-get install -y --no-install-recommends "${packages[@]}" >/dev/null
fi

OUT_DIR="$ROOT/build/bench"; mkdir -p "$OUT_DIR"
OUT="$OUT_DIR/compare-$(date -u +%Y%m%dT%H%M%SZ).txt"
# shellcheck source=bench/throwaway_suite.sh
source "$HERE/throwaway_suite.sh"  # start_throwaway_suite, suite_pss
[ -n "${SUITE_URL:-}" ] || start_throwaway_suite

# A token of the suite's admin.
suite_token() {
  curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"${SUITE_ADMIN_USER:-admin}\",\"password\":\"${SUITE_ADMIN_PASSWORD:-admin123}\"}" \
    "$SUITE_URL/api/auth/login" | jq -r .token
}

# One wrk scenario (32 connections): "req/s p99".
rate_and_p99() {  # path, [extra wrk arguments...]
  local path=$1; shift
  wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$@" "$SUITE_URL$path" 2>&1 |
    awk '/Requests\/sec/ {rps=$2} $1=="99%" {p99=$2} END {printf "%s req/s, p99 %s", rps, p99}'
}

# The same read scenarios with every request different, so that none comes from the gateway's
# read cache (GATEWAY_READ_CACHE_TTL_MS): the cost of requests the services must answer.
distinct_requests() {
  local token
  token=$(suite_token)
  echo "suite, every request distinct (none answered from the read cache):"
  echo "  list_customers  $(rate_and_p99 "/api/customers?limit=50" -s "$HERE/distinct.lua" -H "Authorization: Bearer $token")"
  echo "  search          $(rate_and_p99 "/api/customers?q=Pelanggan%2042&limit=50" -s "$HERE/distinct.lua" -H "Authorization: Bearer $token")"
  echo "  stats           $(rate_and_p99 "/api/transactions/stats" -s "$HERE/distinct.lua" -H "Authorization: Bearer $token")"
}

# Issue 13: 32 logins at once (Argon2id) must not stall everyone else, nor grow auth past
# 128 MiB. Lists and stats are measured while the logins run.
login_storm() {
  local token storm
  token=$(suite_token)
  storm=$(mktemp)
  ADMIN_USER=${SUITE_ADMIN_USER:-admin} ADMIN_PASSWORD=${SUITE_ADMIN_PASSWORD:-admin123} \
    wrk -t1 -c32 -d"$((2 * SECONDS_EACH + 2))s" -s "$SHARED_BENCH/login.lua" \
    "$SUITE_URL/api/auth/login" >"$storm" 2>&1 &
  local storm_pid=$!
  sleep 1
  echo "while 32 clients log in without pause:"
  echo "  list_customers  $(rate_and_p99 "/api/customers?limit=50" -H "Authorization: Bearer $token")"
  echo "  stats           $(rate_and_p99 "/api/transactions/stats" -H "Authorization: Bearer $token")"
  wait "$storm_pid" || true
  echo "  logins          $(awk '/Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$5} END {printf "%s req/s, non-2xx %s", rps, bad + 0}' "$storm")"
  rm -f "$storm"
  if [ -n "$DATA" ] && [ -f "$DATA/run/auth.pid" ]; then
    echo "  auth service peak RSS: $(awk '/VmHWM/ {printf "%.1f MiB", $2 / 1024}' "/proc/$(cat "$DATA/run/auth.pid")/status")"
  fi
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
  distinct_requests
  echo "SSE fan-out, 5,000 clients (suite):"
  ADMIN_USER=${SUITE_ADMIN_USER:-admin} ADMIN_PASSWORD=${SUITE_ADMIN_PASSWORD:-admin123} \
    node "$SHARED_BENCH/sse_fanout.js" "$SUITE_URL" 5000 | tail -n 1
  # Last: the logins still queued in auth when it ends keep hashing for a few seconds.
  login_storm
  if [ -n "$UP_PID" ]; then echo "suite PSS after the run: $(suite_pss) MiB"; fi
} 2>&1 | tee "$OUT"
echo "kept in $OUT"
