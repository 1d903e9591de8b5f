#!/usr/bin/env bash
# Runs every test of the suite: installs missing packages (as root), builds, runs CTest.
#
#   tests/run.sh [extra ctest arguments, e.g. -R auth]
#   SANITIZE=1 tests/run.sh [extra ctest arguments]
#                  the unit tests only, built with ASan + UBSan in build-sanitize/ (any report fails
#                  the test that caused it)
#
# Environment: BUILD_JOBS (default 2), TEST_JOBS (default 2), FUZZ_SECONDS (default 10: how
# long each fuzz target runs, CTest label fuzz), SANITIZE (0/1).
# Never touches .data/ (the state of deploy/local/up.sh); tests start their own throwaway
# PostgreSQL and Redis.
set -euo pipefail

PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=deploy/local/packages.sh
source "${PROJECT_DIR}/deploy/local/packages.sh" # ensure_packages, build_project, BUILD_DIR

log() { printf '[tests] %s\n' "$*"; }

# Runs CTest in BUILD_DIR; prints its summary line again at the end so it is easy to find.
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

# Labels of the tests that are not unit tests (they start processes, browsers, builds).
NOT_UNIT_LABELS='^(integration|security|e2e|web|deploy|style|support|fuzz|sidecar)$'

# SANITIZE=1: configure build-sanitize/ with BILLING_SANITIZE, build the unit tests, run them.
sanitize_main() {
  ensure_packages
  BUILD_DIR="${PROJECT_DIR}/build-sanitize"
  export CCACHE_DIR="${CCACHE_DIR:-${PROJECT_DIR}/.ccache}"
  if [[ ! -f "${BUILD_DIR}/build.ninja" ]]; then
    log "configuring ${BUILD_DIR} (ASan + UBSan)"
    # -Werror stays with the main build: gcc warns differently with sanitizer instrumentation.
    cmake -S "$PROJECT_DIR" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DBILLING_SANITIZE=ON -DBILLING_WERROR=OFF
  fi
  log "building the unit tests with ${BUILD_JOBS:-2} jobs"
  cmake --build "$BUILD_DIR" -j "${BUILD_JOBS:-2}" --target unit_tests
  # halt_on_error / abort: the first report fails the test; leaks are reported too.
  export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:detect_stack_use_after_return=1:strict_init_order=1}"
  export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
  local ctest_status=0
  # gtest_discover_tests leaves a <program>_NOT_BUILT placeholder for each program not built
  # here: every unit test program was (unit_tests), so those are the integration ones.
  run_ctest -LE "$NOT_UNIT_LABELS" -E '_NOT_BUILT$' "$@" || ctest_status=$?
  if ((ctest_status != 0)); then
    log "FAILED under ASan + UBSan (ctest exit status ${ctest_status})"
    exit "$ctest_status"
  fi
  log "all unit tests passed under ASan + UBSan"
}

main() {
  if [[ "${SANITIZE:-0}" == 1 ]]; then
    sanitize_main "$@"
    return
  fi
  ensure_packages
  (cd "$PROJECT_DIR" && build_project)

  # Everything runs under CTest: unit, integration, security, style, deploy checks, the fuzz
  # targets (label fuzz: built with clang into build/fuzz, FUZZ_SECONDS each), the web's unit
  # tests (label web), its browser tests in Debian's chromium (label e2e) and the wa-link
  # sidecar's tests (label sidecar).
  local ctest_status=0
  run_ctest "$@" || ctest_status=$?
  if ((ctest_status != 0)); then
    log "FAILED (ctest exit status ${ctest_status})"
    exit "$ctest_status"
  fi
  log "all tests passed"
}

main "$@"
