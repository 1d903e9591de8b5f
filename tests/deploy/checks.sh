# Sourced by the deploy tests: "ok - ..." / "FAIL - ..." per check, counted in PASSED / FAILED,
# and the closing "N passed, N failed" line (finish_checks; its status is the test's).
PASSED=0
FAILED=0

ok() {
  printf 'ok - %s\n' "$1"
  PASSED=$((PASSED + 1))
}
fail() {
  printf 'FAIL - %s\n' "$1"
  if [[ -n "${2:-}" ]]; then printf '%s\n' "$2" | sed 's/^/    /'; fi
  FAILED=$((FAILED + 1))
  local stop_after="${DEPLOY_CHECKS_STOP_AFTER:-}"
  if [[ -n "$stop_after" && "$1"$'\n'"${2:-}" == *"$stop_after"* ]]; then STOPPED=1; fi
}
# check NAME COMMAND...: ok when the command succeeds; its output is shown on failure.
# With DEPLOY_CHECKS_STOP_AFTER=TEXT (the selftests look for one FAIL naming their breakage) the
# checks after a FAIL whose text holds TEXT are not run. With DEPLOY_CHECKS_ONLY=TEXT (a selftest
# that knows which check its breakage targets) only the checks whose name holds TEXT run; the few
# results reported without `check` (the generator, compose's own validation) are always made.
check() {
  local name="$1" out
  shift
  if [[ -n "${STOPPED:-}" ]]; then return 0; fi
  if [[ -n "${DEPLOY_CHECKS_ONLY:-}" && "$name" != *"${DEPLOY_CHECKS_ONLY}"* ]]; then return 0; fi
  if out="$("$@" 2>&1)"; then ok "$name"; else fail "$name" "$out"; fi
}
finish_checks() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  ((FAILED == 0))
}
