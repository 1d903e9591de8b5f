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
}
# check NAME COMMAND...: ok when the command succeeds; its output is shown on failure.
check() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then ok "$name"; else fail "$name" "$out"; fi
}
finish_checks() {
  printf '%d passed, %d failed\n' "$PASSED" "$FAILED"
  ((FAILED == 0))
}
