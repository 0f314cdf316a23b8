#!/usr/bin/env bash
# Runs the whole test suite: installs what is missing, starts the real servers of
# scripts/test-servers.sh on 127.0.0.1 (Directus, Radicale, Xandikos, sabre/dav, and sabre/dav with
# Nextcloud's traps), runs unit and integration tests with `mvn verify`, then builds the release
# (scripts/release.sh) and tests it as its users meet it (scripts/test-release.sh: the archive on a
# PATH without Java, the .deb installed, upgraded and purged), and stops the servers.
# Extra arguments go to Maven and leave out the release, e.g. scripts/test.sh -pl sync-core -am
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/test-servers.sh start
trap 'scripts/test-servers.sh stop >/dev/null 2>&1 || true' EXIT
mvn -B verify "$@"
if [ $# -eq 0 ]; then
  scripts/release.sh
  scripts/test-release.sh
fi
