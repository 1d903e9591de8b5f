#!/usr/bin/env bash
# Shared helper for deploy/local/up.sh and tests/run.sh.
#
# Source it to get the functions:
#   source deploy/local/packages.sh
#   ensure_packages   # install the Debian packages the suite needs (root), or name the missing ones
#   build_project     # configure (first time only) and build into build/
#   build_web         # npm ci + npm run build in web/ when its sources changed (web/dist)
#   build_wa_link     # npm ci --omit=dev in services/wa-link when its lockfile changed
#
# Or execute it:
#   deploy/local/packages.sh [ensure|missing|build|web|wa-link]   (default: ensure)
#
# Environment:
#   BUILD_JOBS   parallel compile jobs (default 2)
#   CCACHE_DIR   compiler cache (default <project>/.ccache, so a CI cache of the clone keeps it)

# Everything the suite needs to build, test and run on Debian bookworm.
REQUIRED_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config git curl ca-certificates
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libpistache-dev libpqxx-dev libhiredis-dev libcpp-jwt-dev libargon2-dev
  nlohmann-json3-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev libbenchmark-dev prometheus-cpp-dev
  libcurl4-openssl-dev libssl-dev
  libzip-dev libpugixml-dev  # .xlsx import and export (gateway/http/xlsx.cc)
  freeradius freeradius-postgresql freeradius-utils  # RADIUS tests (issue 8)
  postgresql redis-server procps
  nodejs npm chromium
  poppler-utils  # pdfinfo/pdftotext read the printed receipts back (web/e2e/specs/receipt.mjs)
  docker-compose shellcheck clang-format clang-tidy zlib1g-dev
  caddy clang-14 libclang-rt-14-dev  # HTTPS front check; libFuzzer targets (tests/fuzz)
  kubernetes-client  # kubectl kustomize renders deploy/k8s in tests/deploy/k8s_test.sh
)
# nodejs and npm build the web UI; chromium runs its browser tests. NodeSource's nodejs
# package ships npm itself and conflicts with Debian's npm: a working `npm` counts as installed.
# docker-compose (v1) validates docker-compose.yml without a Docker engine and shellcheck checks
# the deployment scripts (tests/deploy); clang-format and clang-tidy check the C++ (tests/style);
# kubernetes-client's kubectl renders deploy/k8s (tests/deploy/k8s_test.sh).
# None of these is needed to run the suite.

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD_DIR="${PROJECT_ROOT}/build"

pkg_log() { printf '[packages] %s\n' "$*" >&2; }

# Prints the names of the required packages that are not installed, one per line.
missing_packages() {
  local pkg status
  for pkg in "${REQUIRED_PACKAGES[@]}"; do
    if [[ "$pkg" == npm ]] && command -v npm >/dev/null 2>&1; then continue; fi
    # Another kubectl (e.g. Google's kubectl package, which owns /usr/bin/kubectl and would make
    # the install fail) counts too: the test keeps to what Debian's 1.20 reads.
    if [[ "$pkg" == kubernetes-client ]] && command -v kubectl >/dev/null 2>&1; then continue; fi
    status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
    if [[ "$status" != "installed" ]]; then
      printf '%s\n' "$pkg"
    fi
  done
}

# Installs the missing packages (apt-get update only when something is missing).
# As non-root with packages missing: names them and returns 1.
ensure_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    pkg_log "dpkg-query not found: not a Debian system, skipping the package check"
    return 0
  fi

  local -a missing
  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} == 0)); then
    pkg_log "all ${#REQUIRED_PACKAGES[@]} required packages are installed"
    return 0
  fi

  if ((EUID != 0)); then
    pkg_log "missing packages: ${missing[*]}"
    pkg_log "run this script as root, or install them with:"
    pkg_log "  sudo apt-get install -y ${missing[*]}"
    return 1
  fi

  pkg_log "installing: ${missing[*]}"
  # Installing postgresql may create and start Debian's own cluster on port 5432 (and
  # redis-server its service on 6379). The suite never uses them; their presence or absence
  # (no systemd in containers) makes no difference.
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${missing[@]}"

  mapfile -t missing < <(missing_packages)
  if ((${#missing[@]} > 0)); then
    pkg_log "still missing after apt-get install: ${missing[*]}"
    return 1
  fi
  pkg_log "packages installed"
}

# Configures build/ with Ninja + ccache the first time, then builds it.
build_project() {
  local jobs="${BUILD_JOBS:-2}"
  if [[ ! "$jobs" =~ ^[1-9][0-9]*$ ]]; then
    pkg_log "BUILD_JOBS must be a positive integer, got '${jobs}'"
    return 1
  fi
  if [[ ! -f "${PROJECT_ROOT}/CMakeLists.txt" ]]; then
    pkg_log "no CMakeLists.txt in ${PROJECT_ROOT}"
    return 1
  fi

  export CCACHE_DIR="${CCACHE_DIR:-${PROJECT_ROOT}/.ccache}"

  if [[ ! -f "${BUILD_DIR}/CMakeCache.txt" ]]; then
    pkg_log "configuring ${BUILD_DIR}"
    cmake -S "$PROJECT_ROOT" -B "$BUILD_DIR" -G Ninja \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  elif [[ ! -f "${BUILD_DIR}/build.ninja" && ! -f "${BUILD_DIR}/Makefile" ]]; then
    # An earlier configure failed half-way: run it again with the cached settings.
    pkg_log "re-configuring ${BUILD_DIR}"
    cmake -S "$PROJECT_ROOT" -B "$BUILD_DIR"
  fi

  pkg_log "building with ${jobs} jobs (CCACHE_DIR=${CCACHE_DIR})"
  cmake --build "$BUILD_DIR" -j "$jobs"
}

# `npm ci [ARGS]` in DIR when its node_modules is missing or older than its package-lock.json
# (npm writes node_modules/.package-lock.json on every install); WHAT names it in messages.
npm_ci_when_stale() {
  local dir="$1" what="$2"
  shift 2
  if ! command -v npm >/dev/null 2>&1; then
    pkg_log "npm not found: install nodejs and npm for ${what}"
    return 1
  fi
  if [[ -f "${dir}/node_modules/.package-lock.json" && ! "${dir}/package-lock.json" -nt "${dir}/node_modules/.package-lock.json" ]]; then
    pkg_log "the dependencies of ${what} are up to date"
    return 0
  fi
  pkg_log "installing the dependencies of ${what} (npm ci $*)"
  (cd "$dir" && npm ci "$@" --no-audit --no-fund)
}

# Builds the web UI into web/dist: `npm ci` when node_modules is missing or older than
# package-lock.json, `npm run build` unless web/dist is newer than every source file.
build_web() {
  local web="${PROJECT_ROOT}/web"
  if [[ ! -f "${web}/package.json" ]]; then
    pkg_log "no web/package.json: skipping the web build"
    return 0
  fi
  npm_ci_when_stale "$web" "the web UI" || return 1
  local stamp="${web}/dist/index.html"
  if [[ -f "$stamp" ]] && [[ -z "$(find "${web}/src" "${web}/public" "${web}/index.html" "${web}/package.json" \
    "${web}/package-lock.json" "${web}/vite.config.js" "${web}/svelte.config.js" -newer "$stamp" -print -quit 2>/dev/null)" ]]; then
    pkg_log "web/dist is up to date"
    return 0
  fi
  pkg_log "building the web UI (npm run build)"
  (cd "$web" && npm run build) || return 1
  touch "$stamp"
}

# Installs the wa-link sidecar's dependencies (Baileys) into services/wa-link/node_modules:
# `npm ci --omit=dev` when node_modules is missing or older than package-lock.json.
build_wa_link() {
  local dir="${PROJECT_ROOT}/services/wa-link"
  if [[ ! -f "${dir}/package.json" ]]; then
    pkg_log "no services/wa-link/package.json: skipping the wa-link install"
    return 0
  fi
  npm_ci_when_stale "$dir" "wa-link" --omit=dev
}

packages_main() {
  set -euo pipefail
  case "${1:-ensure}" in
    ensure) ensure_packages ;;
    missing) missing_packages ;;
    build) build_project ;;
    web) build_web ;;
    wa-link) build_wa_link ;;
    *)
      printf 'usage: %s [ensure|missing|build|web|wa-link]\n' "$0" >&2
      return 2
      ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  packages_main "$@"
fi
