#!/usr/bin/env bash
# Benchmarks against the real local servers (started if needed). Prints tables; asserts nothing.
#   scripts/bench.sh caldav [N]     the CalDAV adapter: N creates, full and no-change reads, floor
#   scripts/bench.sh directus [N]   the Directus adapter: read N, no-change read, 1,000 imports
#   scripts/bench.sh e2e [N]        the whole sync: publish N, no-change resync, 100 changes
#                                   (BENCH_HEAP=256m limits the heap, BENCH_SERVERS=xandikos,sabre picks
#                                   calendar servers, BENCH_FLOOR=0 leaves out step 4)
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-caldav}; shift || true
scripts/test-servers.sh start >/dev/null
mvn -B -q -DskipTests install
case "$what" in
  caldav)
    module=adapter-caldav; main=org.eventsync.caldav.CalDavBenchmark ;;
  directus)
    module=adapter-directus; main=org.eventsync.directus.DirectusBenchmark ;;
  e2e)
    module=app-cli; main=org.eventsync.cli.bench.EndToEndBenchmark ;;
  *) echo "usage: scripts/bench.sh caldav|directus|e2e [N]" >&2; exit 2 ;;
esac
cp_file=$(mktemp)
mvn -B -q -pl "$module" dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
EVENT_SYNC_SERVERS_ENV="$PWD/.servers/servers.env" \
  java ${BENCH_HEAP:+-Xmx$BENCH_HEAP} -cp "$module/target/test-classes:$module/target/classes:$(cat "$cp_file")" "$main" "$@"
rm -f "$cp_file"
