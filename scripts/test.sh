#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts the real servers of
# scripts/test-servers.sh on 127.0.0.1 (Directus, Radicale, Xandikos, sabre/dav, and sabre/dav with
# Nextcloud's traps), runs unit and integration tests with `mvn verify`, and stops the servers.
# Extra arguments go to Maven, e.g. scripts/test.sh -pl sync-core -am
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-servers.sh start
trap 'scripts/test-servers.sh stop >/dev/null 2>&1 || true' EXIT
mvn -B verify "$@"
