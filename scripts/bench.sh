#!/usr/bin/env bash
# Benchmarks against the real local servers (started if needed). Prints tables; asserts nothing.
#   scripts/bench.sh caldav [N]     the CalDAV adapter: N creates, full and no-change reads, floor
#   scripts/bench.sh directus [N]   the Directus adapter: read N, no-change read, 1,000 imports
#   scripts/bench.sh e2e [N]        the whole sync: publish N, no-change resync, 100 changes
#   scripts/bench.sh process [N] [RUNS]  whole bin/event-sync processes beside the seed baseline
#                                   (../shared/bench), both counted by one proxy (BENCH_CALDAV=xandikos|sabre)
#                                   (BENCH_HEAP=256m limits the heap, BENCH_SERVERS=xandikos,sabre picks
#                                   calendar servers, BENCH_FLOOR=0 leaves out step 4)
#   scripts/bench.sh serve [N] [MINUTES]  bin/event-sync serve: approval-to-calendar latency through
#                                   the Flow, and the idle cost of polling every 30 s (BENCH_CALDAV)
#   scripts/bench.sh workers [PAIRS] [SECONDS]  pairs synced per minute by 1, 2 and 3 workers on the
#                                   local PostgreSQL, at no change and at 10 changes per pair
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-caldav}; shift || true
scripts/test-servers.sh start >/dev/null
if [ "$what" = process ] || [ "$what" = serve ] || [ "$what" = workers ]; then
  # The baseline needs Debian's python-caldav; /usr/bin/time measures both tools alike.
  missing=()
  for p in python3-caldav python3-icalendar python3-requests time; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=; [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  [ -f app-cli/target/event-sync.jar ] || mvn -B -q -DskipTests package
  exec /usr/bin/python3 "scripts/bench-$what.py" "$@"
fi
case "$what" in
  caldav)
    module=adapter-caldav; main=org.eventsync.caldav.CalDavBenchmark ;;
  directus)
    module=adapter-directus; main=org.eventsync.directus.DirectusBenchmark ;;
  e2e)
    module=app-cli; main=org.eventsync.cli.bench.EndToEndBenchmark ;;
  *) echo "usage: scripts/bench.sh caldav|directus|e2e|process|serve|workers [N]" >&2; exit 2 ;;
esac
# Build in the reactor (no install), then run from a private copy of the classes and jars: a long
# benchmark must not load classes from files that a build started meanwhile replaces.
frozen=$(mktemp -d)
trap 'rm -rf "$frozen"' EXIT
mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -pl "$module" -am \
  package dependency:build-classpath -Dmdep.outputFile="$frozen/classpath" -Dmdep.includeScope=test
mkdir -p "$frozen/lib"
classpath=$(tr ':' '\n' < "$frozen/classpath" | while read -r entry; do
  # Reactor siblings resolve to their target folders; copy them, leave the Maven cache as it is.
  case "$entry" in
    "$PWD"/*) copy="$frozen/lib/$(echo "${entry#"$PWD"/}" | tr '/' '_')"; cp -r "$entry" "$copy"; echo "$copy" ;;
    *) echo "$entry" ;;
  esac
done | paste -sd:)
cp -r "$module/target/test-classes" "$frozen/test-classes"; cp -r "$module/target/classes" "$frozen/classes"
EVENT_SYNC_SERVERS_ENV="$PWD/.servers/servers.env" \
  java ${BENCH_HEAP:+-Xmx$BENCH_HEAP} -cp "$frozen/test-classes:$frozen/classes:$classpath" "$main" "$@"
