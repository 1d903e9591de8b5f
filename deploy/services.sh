# Reads deploy/services.txt, the list of the suite's processes, for bash scripts. Source it:
#   source deploy/services.sh
#   services_manifest            prints "name port metrics description" per process, in order
#   service_names [--backends]   the names (--backends: without the gateway)
#   service_binaries             prints "name binary" per process: services/<name>/ builds
#                                <name>_service, gateway/ builds gateway
#   sidecars_manifest            prints "name port client description" per sidecar
#                                (deploy/sidecars.txt: wa-link, not a C++ service)
#   sidecar_env_prefix NAME      the sidecar's settings prefix: wa-link -> WA_LINK
#   log, warn, die               the scripts' messages, tagged "[$LOG_TAG]" (up, install)
# shellcheck shell=bash

SERVICES_MANIFEST="${SERVICES_MANIFEST:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/services.txt}"
SIDECARS_MANIFEST="${SIDECARS_MANIFEST:-$(dirname "$SERVICES_MANIFEST")/sidecars.txt}"

services_manifest() {
  local name port metrics description
  while read -r name port metrics description; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    printf '%s %s %s %s\n' "$name" "$port" "$metrics" "$description"
  done <"$SERVICES_MANIFEST"
}

service_names() {
  local name rest
  while read -r name rest; do
    if [[ "${1:-}" == --backends && "$name" == gateway ]]; then continue; fi
    printf '%s\n' "$name"
  done < <(services_manifest)
}

service_binaries() {
  local name rest
  while read -r name rest; do
    if [[ "$name" == gateway ]]; then printf 'gateway gateway\n'; else printf '%s %s_service\n' "$name" "$name"; fi
  done < <(services_manifest)
}

sidecars_manifest() {
  local name port client description
  [[ -f "$SIDECARS_MANIFEST" ]] || return 0
  while read -r name port client description; do
    [[ -z "$name" || "$name" == \#* ]] && continue
    printf '%s %s %s %s\n' "$name" "$port" "$client" "$description"
  done <"$SIDECARS_MANIFEST"
}

sidecar_env_prefix() {
  local prefix="${1^^}"
  printf '%s\n' "${prefix//-/_}"
}

log() { printf '[%s] %s\n' "${LOG_TAG:-deploy}" "$*"; }
warn() { printf '[%s] WARNING: %s\n' "${LOG_TAG:-deploy}" "$*" >&2; }
die() {
  printf '[%s] ERROR: %s\n' "${LOG_TAG:-deploy}" "$*" >&2
  exit 1
}
