# Reads deploy/services.txt, the list of the suite's processes, for bash scripts. Source it:
#   source deploy/services.sh
#   services_manifest            prints "name port metrics description" per process, in order
#   service_names [--backends]   the names (--backends: without the gateway)
# shellcheck shell=bash

SERVICES_MANIFEST="${SERVICES_MANIFEST:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/services.txt}"

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
