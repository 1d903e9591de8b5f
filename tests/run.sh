#!/usr/bin/env bash
# Runs every test of the suite: installs missing packages (as root), builds, runs CTest.
#
#   tests/run.sh [extra ctest arguments, e.g. -R auth]
#
# Environment: BUILD_JOBS (default 2), TEST_JOBS (default 2).
# Never touches .data/ (the state of deploy/local/up.sh); tests start their own throwaway
# PostgreSQL and Redis.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/local/packages.sh
source "${PROJECT_DIR}/deploy/local/packages.sh" # ensure_packages, build_project, BUILD_DIR

log() { printf '[tests] %s\n' "$*"; }

# Runs CTest; prints its summary line again at the end so it is easy to find.
run_ctest() {
  local jobs="${TEST_JOBS:-2}"
  if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    log "TEST_JOBS must be a positive integer, got '${jobs}'"
    return 2
  fi
  local output status=0
  output="$(mktemp)"
  log "running ctest with ${jobs} jobs"
  ctest --test-dir "$BUILD_DIR" --output-on-failure --no-tests=error -j "$jobs" "$@" \
    2>&1 | tee "$output" || status=$? # pipefail: ctest's status
  local summary
  summary="$(grep -E '^[0-9]+% tests passed' "$output" | tail -n 1 || true)"
  rm -f "$output"
  log "CTest: ${summary:-no summary line (exit status ${status})}"
  return "$status"
}

main() {
  ensure_packages
  (cd "$PROJECT_DIR" && build_project)

  # Everything runs under CTest: unit, integration, style, deploy checks, the web's unit tests
  # (label web) and its browser tests in Debian's chromium (label e2e).
  local ctest_status=0
  run_ctest "$@" || ctest_status=$?
  if ((ctest_status != 0)); then
    log "FAILED (ctest exit status ${ctest_status})"
    exit "$ctest_status"
  fi
  log "all tests passed"
}

main "$@"
