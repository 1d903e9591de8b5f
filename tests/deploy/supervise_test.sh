#!/usr/bin/env bash
# deploy/local/supervise.sh, as up.sh uses it, with stand-in processes: one that crashes twice
# at start (exit status 3) and is restarted after 1 s then 2 s, then keeps running; killed with
# SIGKILL it is restarted again, the delay doubling while it dies young and back to the minimum
# after a long enough run. Another instance that never dies is left alone. About 10 s.
#   tests/deploy/supervise_test.sh [PROJECT_ROOT]
set -euo pipefail

ROOT="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/../..}" && pwd)"
WORK="$(mktemp -d)"
OUT="${WORK}/supervisor.log"
: >"$OUT"
cleanup() {
  local pid
  disown -a # no "Killed" notices from bash for the stand-ins
  for pid in "${STARTED_PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

# What up.sh defines for supervise.sh.
log() { printf '[up] %s\n' "$*" >>"$OUT"; }
warn() { printf '[up] WARNING: %s\n' "$*" >>"$OUT"; }
pid_alive() {
  local pid="$1" state
  kill -0 "$pid" 2>/dev/null || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [[ "$state" != Z* ]]
}
SUPERVISE_STABLE_AFTER=4 # a minute in up.sh; short here so that the reset is seen quickly
# shellcheck source=deploy/local/supervise.sh
source "${ROOT}/deploy/local/supervise.sh"

# Instance 0 ("flaky") exits 3 on its first two starts, then runs; instance 1 ("steady") runs.
launch() {
  local i="$1"
  if ((i == 0)); then
    (
      n="$(cat "${WORK}/starts" 2>/dev/null || echo 0)"
      echo "$((n + 1))" >"${WORK}/starts"
      if ((n < 2)); then exit 3; fi
      exec sleep 300
    ) &
  else
    sleep 300 &
  fi
  STARTED_PIDS[i]=$!
  supervise_started "$i"
}
restart_instance() {
  log "restarting ${STARTED_NAMES[$1]}"
  launch "$1"
}
STARTED_NAMES=(flaky steady)
STARTED_PIDS=()
launch 0
launch 1
STEADY_PID="${STARTED_PIDS[1]}"

failures=0
fail() {
  printf 'not ok - %s\n' "$1"
  failures=$((failures + 1))
}
# Runs supervise_pass every 0.1 s until the supervisor's output has `count` lines matching
# `pattern`, or `seconds` pass.
supervise_until() {
  local pattern="$1" count="$2" seconds="$3" deadline
  deadline=$((SECONDS + seconds))
  while ((SECONDS <= deadline)); do
    supervise_pass
    if (($(grep -cE -- "$pattern" "$OUT") >= count)); then return 0; fi
    sleep 0.1
  done
  return 1
}
check() {
  local what="$1"
  shift
  if "$@"; then printf 'ok - %s\n' "$what"; else fail "$what"; fi
}

check "a process that exits is reported with its exit status and restarted after 1 s" \
  supervise_until 'flaky \(pid [0-9]+\) died at .*: exit status 3; restarting it in 1s' 1 5
check "dying again at once doubles the delay to 2 s" \
  supervise_until 'flaky .* died at .*: exit status 3; restarting it in 2s' 1 5
check "then it is started again and keeps running" \
  supervise_until 'restarting flaky' 2 5
check "the third start is running" pid_alive "${STARTED_PIDS[0]}"

kill -KILL "${STARTED_PIDS[0]}"
check "a process killed by a signal is reported with the signal; it died young, so 4 s" \
  supervise_until 'flaky .* died at .*: signal 9 \(KILL\); restarting it in 4s' 1 5
check "and it is restarted once the delay is over" supervise_until 'restarting flaky' 3 8
sleep "$((SUPERVISE_STABLE_AFTER + 1))"
kill -KILL "${STARTED_PIDS[0]}"
check "after a run longer than SUPERVISE_STABLE_AFTER the delay is back to 1 s" \
  supervise_until 'flaky .* died at .*: signal 9 \(KILL\); restarting it in 1s' 1 5
left_alone() { [[ "$STEADY_PID" == "${STARTED_PIDS[1]}" ]] && ! grep -q steady "$OUT"; }
check "the process that never died was left alone" left_alone

if ((failures > 0)); then
  printf -- '--- supervisor output:\n'
  cat "$OUT"
  exit 1
fi
printf 'all supervise checks passed\n'
