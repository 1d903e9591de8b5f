#!/usr/bin/env bash
# Every RPC of every service must run inside rpc::HandleRpc, which refuses a call without a
# valid signed service identity: a method that bypasses it would be open to anyone on the host.
# Checks each `rpc X(` of proto/<p>.proto against its definition in services/*/*_service.cc.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
status=0
declare -A impl=([auth]=auth [backup]=backup [billing]=billing [customer]=customer
  [messaging]=messaging [network]=network)
for proto in "${!impl[@]}"; do
  file="services/${impl[$proto]}/${impl[$proto]}_service.cc"
  [[ -f "$file" ]] || { echo "missing ${file}"; status=1; continue; }
  while read -r method; do
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
  done < <(sed -nE 's/^[[:space:]]*rpc[[:space:]]+([A-Za-z]+)\(.*/\1/p' "proto/${proto}.proto")
done
[[ $status -eq 0 ]] && echo "every RPC runs inside rpc::HandleRpc (identity verified)"
exit $status
