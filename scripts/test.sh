#!/usr/bin/env bash
# Every check in one command, in the order that fails fastest: types, lint, format, then all tests
# (unit, storage on PGlite and on a PostgreSQL server this run starts, HTTP in-process, browser with axe).
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== typecheck"; npx tsc --noEmit -p .
echo "== lint"; npx eslint . --max-warnings 0
echo "== format"; npx prettier --check . --log-level warn
echo "== tests"; npx vitest run "$@"
