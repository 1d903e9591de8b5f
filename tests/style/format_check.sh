#!/usr/bin/env bash
# Fails when a tracked C++ file does not follow .clang-format (the house style).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mapfile -t files < <(git ls-files '*.cc' '*.h' | grep -v '^web/')
if [[ ${#files[@]} -eq 0 ]]; then
  echo "no C++ files found" >&2
  exit 1
fi
clang-format --dry-run --Werror "${files[@]}"
echo "format: ${#files[@]} files follow .clang-format"
