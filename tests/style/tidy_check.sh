#!/usr/bin/env bash
# Fails when clang-tidy (.clang-tidy at the top) finds something in our production C++: every
# .cc file of build/compile_commands.json under gateway/, libs/ and services/ once (not tests,
# fakes under testing/, benchmarks, nor the generated protobuf code under build/), headers
# limited to the same directories. Two files at a time (CI has 2 cores); ~4-8 s of CPU a file.
#   tests/style/tidy_check.sh [build-dir]      TIDY_JOBS=N to change the parallelism
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-${root}/build}"
db="${build}/compile_commands.json"
if ! command -v clang-tidy >/dev/null 2>&1; then
  echo "clang-tidy not found (Debian package clang-tidy, see deploy/local/packages.sh)" >&2
  exit 1
fi
if [[ ! -f "$db" ]]; then
  echo "no ${db}: configure the build first (deploy/local/packages.sh build)" >&2
  exit 1
fi
mapfile -t files < <(grep -o '"file": *"[^"]*\.cc"' "$db" | sed 's/^"file": *"//; s/"$//' |
  grep -E "^${root}/(gateway|libs|services)/" | grep -vE '/(tests|testing)/' | sort -u)
if ((${#files[@]} == 0)); then
  echo "no project .cc files in ${db}" >&2
  exit 1
fi
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
# -Wno-unknown-warning-option: the database holds GCC's flags (-Wno-maybe-uninitialized).
status=0
printf '%s\n' "${files[@]}" | xargs -P "${TIDY_JOBS:-2}" -n 1 clang-tidy -p "$build" --quiet \
  --extra-arg=-Wno-unknown-warning-option \
  "--header-filter=^${root}/(gateway|libs|services)/" >"$log" 2>&1 || status=$?
if ((status != 0)); then
  grep -E 'warning:|error:' "$log" | sort -u >&2 || cat "$log" >&2
  echo "clang-tidy: findings above (${#files[@]} files checked)" >&2
  exit 1
fi
echo "clang-tidy: ${#files[@]} files pass"
