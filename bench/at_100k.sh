#!/usr/bin/env bash
# The suite at 100,000 customers and 1,200,000 transactions (a year of bills), issue 13's second
# table: list (first and last page), search, transactions list, stats and gas sales at 32
# connections, the bill run, and how long the background work (relay, mirrors) takes after it.
#
#   bench/at_100k.sh [N_CUSTOMERS] [SECONDS] [CONNECTIONS]      (default 100000 5 32)
#
# Starts a throwaway suite (bench/throwaway_suite.sh), seeds it in SQL with bench/seed_100k.sh
# (the API would take an hour), restarts nothing, waits until the machine is idle, then measures.
# Output is kept in build/bench/at_100k-<UTC time>.txt. Needs wrk, jq, curl, psql.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
SHARED_BENCH=${SHARED_BENCH:-$ROOT/../shared/bench}
N=${1:-100000}; D=${2:-5}; C=${3:-32}
for tool in wrk jq curl psql; do command -v "$tool" >/dev/null || { echo "missing $tool"; exit 2; }; done
OUT="$ROOT/build/bench/at_100k-$(date -u +%Y%m%dT%H%M%SZ).txt"; mkdir -p "$(dirname "$OUT")"

# shellcheck source=bench/throwaway_suite.sh
source "$HERE/throwaway_suite.sh"
start_throwaway_suite
# shellcheck disable=SC1091
DB_PASSWORD=$(sed -n 's/^BILLING_DB_PASSWORD=//p' "$DATA/secrets.env")
DB="postgresql://billing:${DB_PASSWORD}@127.0.0.1:25600/billing"
GAS_IDS="$DATA/gas_ids.txt"

idle() {  # until the machine is at least 90% idle over 2 s, 180 s at most
  local u0 n0 s0 i0 w0 q0 r0 u1 n1 s1 i1 w1 q1 r1 busy all
  for _ in $(seq 90); do
    read -r _ u0 n0 s0 i0 w0 q0 r0 _ </proc/stat; sleep 2; read -r _ u1 n1 s1 i1 w1 q1 r1 _ </proc/stat
    busy=$(((u1 + n1 + s1 + q1 + r1) - (u0 + n0 + s0 + q0 + r0))); all=$((busy + (i1 + w1) - (i0 + w0)))
    [ "$all" -gt 0 ] && [ $((busy * 100 / all)) -lt 10 ] && return 0
  done
  echo "warning: the machine never went idle"
}
unpublished() { psql "$DB" -Atc "SELECT count(*) FROM events.outbox WHERE published_at IS NULL"; }
ms() { date +%s%3N; }

{
  echo "bench/at_100k.sh N=$N seconds=$D connections=$C, suite commit $(git -C "$ROOT" rev-parse --short HEAD)"
  echo "machine: $(nproc) cores, $(uname -r), $(date -u +%FT%TZ)"
  "$HERE/seed_100k.sh" "$DB" "$N" "" "$GAS_IDS" 2>&1 | tail -n 3
  echo "transactions: $(psql "$DB" -Atc 'SELECT count(*) FROM billing.transactions')"
  idle
  TOKEN=$(curl -s -X POST -H 'Content-Type: application/json' \
    -d "{\"username\":\"$SUITE_ADMIN_USER\",\"password\":\"$SUITE_ADMIN_PASSWORD\"}" \
    "$SUITE_URL/api/auth/login" | jq -r .token)
  total=$(curl -s -H "Authorization: Bearer $TOKEN" "$SUITE_URL/api/customers?limit=1" | jq .total)
  echo "customers: $total"
  one() {  # name, path, [lua script]
    local out
    out=$(wrk -t1 -c"$C" -d"${D}s" --latency -H "Authorization: Bearer $TOKEN" \
      ${3:+-s "$3"} "$SUITE_URL$2" 2>&1)
    printf '%-30s %10s req/s  p50 %8s  p99 %8s  non-2xx %s\n' "$1" \
      "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="50%" {print $2}')" \
      "$(echo "$out" | awk '$1=="99%" {print $2}')" "$(echo "$out" | awk '/Non-2xx/ {print $4}')"
  }
  # Each read twice: the same request over and over (after the first, answered from the
  # gateway's read cache), then every request distinct (bench/distinct.lua: none from the cache).
  for script in "" "$HERE/distinct.lua"; do
    suffix=${script:+_distinct}
    one "list_first_page$suffix" "/api/customers?limit=50" "$script"
    one "list_last_page$suffix" "/api/customers?limit=50&offset=$((total - 50))" "$script"
    one "list_page_90000$suffix" "/api/customers?limit=50&offset=90000" "$script"
    one "search$suffix" "/api/customers?q=Pelanggan%2042&limit=50" "$script"
    one "transactions_list$suffix" "/api/transactions?limit=50" "$script"
    one "transactions_unpaid$suffix" "/api/transactions?status=unpaid&limit=50" "$script"
    one "stats$suffix" "/api/transactions/stats" "$script"
  done
  GAS_IDS="$GAS_IDS" one create_gas_sale "/api/transactions" "$SHARED_BENCH/post_gas.lua"
  idle
  period=$(TZ=Asia/Jakarta date +%Y-%m)
  t0=$(ms)
  run=$(curl -s -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"period\":\"$period\"}" "$SUITE_URL/api/billing/run")
  t1=$(ms)
  echo "bill run $period: $run in $((t1 - t0)) ms"
  while [ "$(unpublished)" != 0 ]; do sleep 0.1; done
  t2=$(ms)
  echo "its events all published $((t2 - t1)) ms after the run answered"
  idle
  echo "machine idle again (relay, mirrors, messaging done) $(( $(ms) - t1 )) ms after the run (includes the 2 s idle probe)"
} 2>&1 | tee "$OUT"
echo "kept in $OUT"
