#!/usr/bin/env bash
# Prints the Debian packages that hold the shared libraries the given binaries load, one per
# line: the runtime image installs exactly these (plus a few named in the Dockerfile), so a new
# library dependency never needs a hand-kept list.
#
#   deploy/docker/runtime-packages.sh BINARY...
set -euo pipefail

(($# > 0)) || {
  printf 'usage: %s BINARY...\n' "$0" >&2
  exit 2
}

# The package owning a file; Debian's merged /usr means a library may be registered under
# /lib or /usr/lib whichever path ldd printed.
owner() {
  local path="$1" candidate
  for candidate in "$path" "$(readlink -f "$path")" "/usr${path}" "${path#/usr}"; do
    if dpkg-query -S "$candidate" 2>/dev/null | grep -v '^diversion' | head -n 1 | cut -d: -f1; then
      return 0
    fi
  done
  return 1
}

declare -A packages=()
for binary in "$@"; do
  [[ -x "$binary" ]] || {
    printf 'not an executable: %s\n' "$binary" >&2
    exit 1
  }
  missing="$(ldd "$binary" | grep 'not found' || true)"
  [[ -z "$missing" ]] || {
    printf '%s: unresolved libraries:\n%s\n' "$binary" "$missing" >&2
    exit 1
  }
  while read -r lib; do
    pkg="$(owner "$lib")" || {
      printf '%s: no package owns %s\n' "$binary" "$lib" >&2
      exit 1
    }
    packages[$pkg]=1
  done < <(ldd "$binary" | awk '$2 == "=>" && $3 ~ /^\// {print $3}')
done
printf '%s\n' "${!packages[@]}" | sort
