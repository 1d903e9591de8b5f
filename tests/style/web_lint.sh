#!/usr/bin/env bash
# Fails when the web UI (web/) does not follow Prettier's layout or breaks an ESLint rule
# (web/.prettierrc.json, web/eslint.config.js). `npm run format` in web/ fixes most of it.
# node_modules comes from the web_dist fixture (deploy/local/packages.sh web, npm ci).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../../web"
if [[ ! -x node_modules/.bin/prettier || ! -x node_modules/.bin/eslint ]]; then
  echo "web/node_modules lacks prettier or eslint: run deploy/local/packages.sh web" >&2
  exit 1
fi
node_modules/.bin/prettier --check .
node_modules/.bin/eslint --max-warnings 0 .
echo "web lint: Prettier and ESLint pass"
