#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (CTest label fuzz; tests/fuzz/CMakeLists.txt).
#
#   tests/fuzz/fuzz.sh build BUILD_DIR            configure (first time) and build them with clang
#   tests/fuzz/fuzz.sh run BUILD_DIR NAME [SECONDS]
#                                                 fuzz NAME for SECONDS (default FUZZ_SECONDS or 10)
#
# A run starts from the checked-in seeds in tests/fuzz/corpus/NAME (read only: what the fuzzer
# finds goes to a scratch corpus) and fails on the first crash, sanitizer report or timeout,
# printing the input; it is also kept as BUILD_DIR/artifacts/NAME-crash-* to replay with
# `BUILD_DIR/NAME_fuzz FILE`. Environment: FUZZ_CXX (clang++-14, else clang++), BUILD_JOBS.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT_ROOT="$(cd "${HERE}/../.." && pwd)"

log() { printf '[fuzz] %s\n' "$*" >&2; }

fuzz_cxx() {
  if [[ -n "${FUZZ_CXX:-}" ]]; then
    printf '%s\n' "$FUZZ_CXX"
  elif command -v clang++-14 >/dev/null 2>&1; then
    printf 'clang++-14\n'
  else
    printf 'clang++\n'
  fi
}

build() {
  local dir="$1" cxx jobs="${BUILD_JOBS:-2}"
  cxx="$(fuzz_cxx)"
  command -v "$cxx" >/dev/null 2>&1 || {
    log "${cxx} not found: install clang-14 and libclang-rt-14-dev (deploy/local/packages.sh)"
    return 1
  }
  export CCACHE_DIR="${CCACHE_DIR:-${PROJECT_ROOT}/.ccache}"
  if [[ ! -f "${dir}/build.ninja" ]]; then
    local -a launcher=()
    if command -v ccache >/dev/null 2>&1; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi
    cmake -S "${HERE}/clang" -B "$dir" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" "${launcher[@]}" >/dev/null
  fi
  cmake --build "$dir" -j "$jobs"
}

run() {
  local dir="$1" name="$2" seconds="${3:-${FUZZ_SECONDS:-10}}"
  local binary="${dir}/${name}_fuzz" seeds="${HERE}/corpus/${name}"
  [[ -x "$binary" ]] || {
    log "${binary} is not built (CTest runs fuzz_build first; or: $0 build ${dir})"
    return 1
  }
  [[ -d "$seeds" ]] || {
    log "no seed corpus ${seeds}"
    return 1
  }
  local scratch status=0
  scratch="$(mktemp -d)"
  mkdir -p "${dir}/artifacts"
  rm -f "${dir}/artifacts/${name}-"*
  # -timeout: one input may take 10 s at most; -rss_limit_mb bounds a run's memory; the
  # leak checker is on (ASan's default), so a leak is a finding too.
  "$binary" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="${dir}/artifacts/${name}-" "$scratch" "$seeds" 2>"${scratch}.log" || status=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added|INFO: seed corpus)' \
    "${scratch}.log" >&2 || true
  if ((status != 0)); then
    tail -n 60 "${scratch}.log" >&2
    local crash
    for crash in "${dir}/artifacts/${name}-"*; do
      [[ -f "$crash" ]] || continue
      log "input ${crash} (base64): $(base64 -w0 "$crash" | head -c 2000)"
    done
  fi
  rm -rf "$scratch" "${scratch}.log"
  if ((status == 0)); then log "${name}: no finding in ${seconds}s"; else log "${name}: FAILED (exit ${status})"; fi
  return "$status"
}

case "${1:-}" in
  build) build "${2:?build dir}" ;;
  run) run "${2:?build dir}" "${3:?target name}" "${4:-}" ;;
  *)
    sed -n '2,12p' "$0" >&2
    exit 2
    ;;
esac
