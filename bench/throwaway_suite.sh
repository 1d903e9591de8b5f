# A throwaway suite for the benchmarks, sourced by bench/compare.sh and bench/at_100k.sh (needs
# ROOT set to the project). start_throwaway_suite runs deploy/local/up.sh with a fresh data
# directory under /var/tmp, its own ports (gateway 127.0.0.1:3600, PostgreSQL 25600, Redis 26600,
# services 20600-20650: below the ephemeral port range, so that the thousands of client sockets
# of a benchmark never hold one of them, and apart from a suite you run yourself), a random admin password,
# the open-file limit raised and the per-user / per-address stream caps and the gateway queue
# lifted so that a fan-out can open thousands of streams of one user from one address at once
# (the defaults, 64, 256 and 256, are safety limits; see docs/security.md). It sets SUITE_URL,
# SUITE_ADMIN_USER, SUITE_ADMIN_PASSWORD, DATA (the data directory) and UP_PID; the suite is
# stopped and its data deleted when the calling script exits.
UP_PID=""; DATA=""

stop_throwaway_suite() {
  if [ -n "$UP_PID" ]; then kill "$UP_PID" 2>/dev/null && wait "$UP_PID" 2>/dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
}

start_throwaway_suite() {
  trap stop_throwaway_suite EXIT
  ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
  DATA=$(mktemp -d /var/tmp/billing-bench.XXXXXX)
  SUITE_URL=http://127.0.0.1:3600
  SUITE_ADMIN_USER=admin
  SUITE_ADMIN_PASSWORD="Bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  export SUITE_URL SUITE_ADMIN_USER SUITE_ADMIN_PASSWORD
  echo "starting a throwaway suite at $SUITE_URL (data in $DATA, log in $DATA/up.log)"
  BILLING_DATA_DIR="$DATA" GATEWAY_LISTEN=127.0.0.1:3600 PG_PORT=25600 REDIS_PORT=26600 \
    AUTH_PORT=20600 CUSTOMER_PORT=20610 BILLING_PORT=20620 MESSAGING_PORT=20630 \
    BACKUP_PORT=20640 NETWORK_PORT=20650 PAYMENT_PORT=20660 WA_LINK_PORT=20670 LOG_LEVEL=warn \
    INITIAL_ADMIN_PASSWORD="$SUITE_ADMIN_PASSWORD" INITIAL_STAFF_PASSWORD="$SUITE_ADMIN_PASSWORD-s" \
    SSE_MAX_STREAMS_PER_USER=10000 GATEWAY_MAX_CONNECTIONS_PER_IP=10000 GATEWAY_QUEUE=10000 \
    setsid "$ROOT/deploy/local/up.sh" >"$DATA/up.log" 2>&1 &
  UP_PID=$!
  local _
  for _ in $(seq 1200); do  # the first start may install packages and build: up to 20 minutes
    curl -sf -m 1 "$SUITE_URL/healthz" >/dev/null 2>&1 && return 0
    kill -0 "$UP_PID" 2>/dev/null || { tail -n 30 "$DATA/up.log"; echo "up.sh stopped"; exit 1; }
    sleep 1
  done
  tail -n 30 "$DATA/up.log"; echo "the suite never became healthy"; exit 1
}

# Proportional set size of the throwaway suite in MiB: every process up.sh recorded (services,
# gateway, Redis) plus PostgreSQL's postmaster and its backends.
suite_pss() {
  local pids postmaster pid
  pids=$(cat "$DATA"/run/*.pid 2>/dev/null | grep -vx "$UP_PID" || true)
  postmaster=$(head -n 1 "$DATA/pg/postmaster.pid" 2>/dev/null || true)
  [ -n "$postmaster" ] && pids="$pids $postmaster $(pgrep -P "$postmaster" || true)"
  for pid in $pids; do cat "/proc/$pid/smaps_rollup" 2>/dev/null; done |
    awk '$1 == "Pss:" {kib += $2} END {printf "%.1f", kib / 1024}'
}
