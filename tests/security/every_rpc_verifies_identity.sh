#!/usr/bin/env bash
# Every RPC of every service must run inside rpc::HandleRpc, which refuses a call without a
# valid signed service identity: a method that bypasses it would be open to anyone on the host.
# For each `service X` of proto/<p>.proto, the class deriving from X::Service under services/<p>/
# (tests aside) is found, and each `rpc M(` of X is checked against its definition in the .cc
# beside that header. A proto service no class derives from cannot be registered, so nothing
# serves it; it is reported, and fails only when its directory has no implementation at all.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
status=0
declare -A impl=([auth]=auth [backup]=backup [billing]=billing [customer]=customer
  [messaging]=messaging [network]=network [payment]=payment [shop]=billing [cashbook]=billing)
for proto in "${!impl[@]}"; do
  dir="services/${impl[$proto]}"
  implemented=0
  # "Service Method" per rpc, in the order of the proto.
  while read -r service method; do
    header="$(grep -rlE --include='*.h' --exclude-dir=tests --exclude-dir=testing \
      "[: ]${service}::Service\b" "$dir" 2>/dev/null | sort | head -n 1 || true)"
    if [[ -z "$header" ]]; then
      echo "note: ${proto}.proto ${service}.${method}: no class derives from ${service}::Service" \
        "in ${dir} (not served)"
      continue
    fi
    implemented=1
    file="${header%.h}.cc"
    [[ -f "$file" ]] || { echo "missing ${file}"; status=1; continue; }
    # The definition's first statement (comments aside) must be `return rpc::HandleRpc(`.
    first="$(awk -v m="$method" '
      $0 ~ "^grpc::Status [A-Za-z]+::" m "\\(" { found = 1 }
      found && /^  [^ \/]/ { print; exit }' "$file")"
    if [[ -z "$first" ]]; then
      echo "${file}: no definition of ${method}"
      status=1
    elif [[ "$first" != "  return rpc::HandleRpc("* ]]; then
      echo "${file}: ${method} does not start with return rpc::HandleRpc(...)"
      status=1
    fi
  done < <(awk '
    /^[[:space:]]*service[[:space:]]+[A-Za-z]+/ { service = $2; sub(/\{.*/, "", service) }
    /^[[:space:]]*rpc[[:space:]]+[A-Za-z]+\(/ {
      method = $2; sub(/\(.*/, "", method); print service, method
    }' "proto/${proto}.proto")
  if [[ $implemented -eq 0 ]]; then
    echo "${dir}: no gRPC service of proto/${proto}.proto is implemented"
    status=1
  fi
done
[[ $status -eq 0 ]] && echo "every RPC runs inside rpc::HandleRpc (identity verified)"
exit $status
