#!/usr/bin/env bash
# `npm run test:all`: everything CI checks, in order. Uses DATABASE_URL / REDIS_URL when set
# (CI sets both); otherwise the embedded PostgreSQL and the in-process Redis store, and the tests
# that need a real server's concurrency say they were skipped.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
bash scripts/ensure-chromium.sh
# CI may not skip the PgBouncer tests: install Debian's pgbouncer when it is missing.
if [[ "${REQUIRE_REAL_SERVERS:-}" == "1" ]]; then bash scripts/ensure-pgbouncer.sh; fi
npm run db:generate
echo "== lint";       npm run lint
echo "== typecheck";  npm run typecheck
echo "== unit and API tests"; npm test
echo "== build";      npm run build
echo "== end-to-end"; npm run test:e2e
# The on-sale lab's short run (300 fans through queue, hold, checkout, payment and confirm, with
# duplicated and shuffled webhooks): fails when an invariant is not zero. It needs a real PostgreSQL
# server (for its own database) and the redis-server binary (it starts its own), so a machine
# without them skips it and says so.
if [[ -n "${DATABASE_URL:-}" ]] && command -v redis-server >/dev/null; then
  echo "== on-sale lab (short)"; npm run bench:onsale -- --ci --no-build
elif [[ "${REQUIRE_REAL_SERVERS:-}" == "1" ]]; then
  echo "== on-sale lab: REQUIRE_REAL_SERVERS=1 but DATABASE_URL or redis-server is missing" >&2
  exit 1
else
  echo "== on-sale lab skipped: needs DATABASE_URL (a PostgreSQL server) and redis-server"
fi
# Vercel: `vercel build` offline, then its output checked (the cron, function sizes, no dev-only
# packages, Node.js runtime, the streams' maxDuration) and doctored copies of it must fail each
# check (scripts/vercel-check.ts). Last, because it rebuilds .next the way Vercel does.
echo "== vercel build and output check"; npm run check:vercel
