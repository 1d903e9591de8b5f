#!/usr/bin/env bash
# Restart with back-off, for deploy/local/up.sh (sourced; tests/deploy/supervise_test.sh drives
# it with stand-in processes). A process that dies is logged (which one, when, after how long,
# its exit status or signal) and started again after SUPERVISE_MIN_DELAY seconds (1), doubling
# up to SUPERVISE_MAX_DELAY (30) while it keeps dying within SUPERVISE_STABLE_AFTER seconds (60)
# of its start; a run at least that long resets the delay.
#
# The caller defines:
#   STARTED_NAMES[i], STARTED_PIDS[i]  what runs; the pids are children of this shell (not
#                                      disowned), so that their exit status can be collected
#   restart_instance I                 starts instance I again, sets STARTED_PIDS[I] and calls
#                                      supervise_started I
#   log, warn, pid_alive               as in up.sh
# and calls supervise_started I after every start, then supervise_pass every second or so.

SUPERVISE_MIN_DELAY="${SUPERVISE_MIN_DELAY:-1}"
SUPERVISE_MAX_DELAY="${SUPERVISE_MAX_DELAY:-30}"
SUPERVISE_STABLE_AFTER="${SUPERVISE_STABLE_AFTER:-60}"
SUPERVISE_STARTED_AT=() # SECONDS at the last start of instance i
SUPERVISE_DELAY=()      # the delay used for the last restart of instance i
SUPERVISE_RESTART_AT=() # SECONDS at which dead instance i is started again; empty while it runs

supervise_started() {
  local i="$1"
  SUPERVISE_STARTED_AT[i]="$SECONDS"
  SUPERVISE_RESTART_AT[i]=""
}

# "exit status 3", "signal 6 (ABRT)" from a status as `wait` returns it.
describe_exit() {
  local rc="$1" name
  if ((rc > 128 && rc < 128 + 65)); then
    name="$(kill -l "$((rc - 128))" 2>/dev/null)" || name="?"
    printf 'signal %s (%s)' "$((rc - 128))" "$name"
  elif ((rc == 127)); then
    printf 'exit status unknown'
  else
    printf 'exit status %s' "$rc"
  fi
}

# One look at every instance: collects and reports the ones that died, restarts the ones
# whose delay is over.
supervise_pass() {
  local i pid rc ran delay
  for i in "${!STARTED_PIDS[@]}"; do
    if [[ -n "${SUPERVISE_RESTART_AT[i]:-}" ]]; then
      if ((SECONDS >= SUPERVISE_RESTART_AT[i])); then
        restart_instance "$i"
      fi
      continue
    fi
    pid="${STARTED_PIDS[i]}"
    if pid_alive "$pid"; then continue; fi
    rc=0
    wait "$pid" 2>/dev/null || rc=$?
    ran=$((SECONDS - ${SUPERVISE_STARTED_AT[i]:-$SECONDS}))
    if [[ -z "${SUPERVISE_DELAY[i]:-}" ]] || ((ran >= SUPERVISE_STABLE_AFTER)); then
      delay="$SUPERVISE_MIN_DELAY"
    else
      delay=$((SUPERVISE_DELAY[i] * 2))
      if ((delay > SUPERVISE_MAX_DELAY)); then delay="$SUPERVISE_MAX_DELAY"; fi
    fi
    SUPERVISE_DELAY[i]="$delay"
    SUPERVISE_RESTART_AT[i]=$((SECONDS + delay))
    warn "${STARTED_NAMES[i]} (pid ${pid}) died at $(date '+%Y-%m-%d %H:%M:%S %Z') after ${ran}s: $(describe_exit "$rc"); restarting it in ${delay}s"
  done
}
