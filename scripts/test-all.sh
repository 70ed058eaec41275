#!/usr/bin/env bash
# `npm run test:all`: everything CI checks, in order. Uses DATABASE_URL / REDIS_URL when set
# (CI sets both); otherwise the embedded PostgreSQL and the in-process Redis store, and the tests
# that need a real server's concurrency say they were skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-chromium.sh
npm run db:generate
echo "== lint";       npm run lint
echo "== typecheck";  npm run typecheck
echo "== unit and API tests"; npm test
echo "== build";      npm run build
echo "== end-to-end"; npm run test:e2e
