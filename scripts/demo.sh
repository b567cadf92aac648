#!/usr/bin/env bash
# One command on a fresh machine: install, set up and run the demo (SQLite + the local Shopify emulator).
# Extra arguments go to `kizuna demo` (e.g. --customers 20000 --locale en).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules ]; then
  npm ci --no-audit --no-fund
fi
npm run --silent db:generate >/dev/null
npm run --silent build
exec node bin/kizuna.js demo "$@"
