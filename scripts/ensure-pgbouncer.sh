#!/usr/bin/env bash
# The tests that run the app through PgBouncer (test/api/pgbouncer.test.ts) start their own pgbouncer
# from Debian's package; CI (REQUIRE_REAL_SERVERS=1) installs it when missing instead of skipping them.
# Only the binary is used: the package's own service is not needed, and is stopped if apt started it.
set -euo pipefail
if command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ]; then exit 0; fi
echo "[test] pgbouncer not found: installing Debian's pgbouncer package"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq pgbouncer >/dev/null
$SUDO service pgbouncer stop >/dev/null 2>&1 || true
