#!/usr/bin/env bash
# Builds the release into dist/: event-sync-VERSION-linux-x64.tar.gz (a Java runtime made by jlink
# with only the modules the jars need, the jars, bin/event-sync, the class list for class-data
# sharing recorded on a real sync path, .env.example, the systemd units, the licences, VERSION),
# its .sha256, and event-sync_VERSION_amd64.deb from the same tree. The machine that unpacks or
# installs it needs no Java and no Maven.
#
#   scripts/release.sh                        the whole release: mvn -Prelease package, which calls
#   scripts/release.sh assemble VERSION APP_JAR LIB_DIR    (Maven's release profile, app-cli/pom.xml)
#   scripts/release.sh deb IMAGE DEB_VERSION OUT.deb       a .deb of an unpacked release
#
# The class list is recorded against the local servers of scripts/test-servers.sh (started when
# they are not running): a throwaway collection and calendar, deleted afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[release] %s\n' "$*" >&2; }

# jdeps names what the jars use; the elliptic-curve provider is loaded by name during a TLS
# handshake (most https servers' certificates), which no class file shows.
runtime_modules() {
  local found
  found=$("$jdk/bin/jdeps" -q --ignore-missing-deps --multi-release 17 --print-module-deps "$1"/*.jar)
  printf '%s,jdk.crypto.ec\n' "$found"
}

# Runs the unpacked release as a person would, each process recording the classes it loads.
record_classes() {
  local image=$1 out=$2 work
  work=$(mktemp -d)
  "$here/scripts/test-servers.sh" start >/dev/null
  # shellcheck disable=SC1091
  source "$here/.servers/servers.env"
  local collection=release_training_events calendar_name="Release training"
  local calendar="${NEXTCLOUD_URL}release-training/"
  cat >"$work/.env" <<ENV
DIRECTUS_API_URL=$DIRECTUS_API_URL
DIRECTUS_API_TOKEN=$DIRECTUS_API_TOKEN
DIRECTUS_COLLECTION=$collection
PROPOSALS_COLLECTION=release_training_changes
NEXTCLOUD_URL=$NEXTCLOUD_URL
NEXTCLOUD_USERNAME=$NEXTCLOUD_USERNAME
NEXTCLOUD_PASSWORD=$NEXTCLOUD_PASSWORD
NEXTCLOUD_CALENDAR_NAME=$calendar_name
EVENT_TIMEZONE=Europe/Berlin
ENV
  chmod 600 "$work/.env"
  api() { curl -sf -H "Authorization: Bearer $DIRECTUS_API_TOKEN" -H 'Content-Type: application/json' "$@"; }
  forget() {
    api -X DELETE "$DIRECTUS_API_URL/collections/release_training_changes" -o /dev/null 2>/dev/null || true
    api -X DELETE "$DIRECTUS_API_URL/collections/$collection" -o /dev/null 2>/dev/null || true
    curl -sf -u "$NEXTCLOUD_USERNAME:$NEXTCLOUD_PASSWORD" -X DELETE "$calendar" -o /dev/null 2>/dev/null || true
  }
  forget
  local n=0
  run() {
    n=$((n + 1))
    (cd "$work" && EVENT_SYNC_CDS=off EVENT_SYNC_JAVA_OPTS="-XX:DumpLoadedClassList=$work/$n.classlist" \
      "$image/bin/event-sync" "$@")
  }
  run --version >/dev/null
  run init-schema --quiet
  api -X POST "$DIRECTUS_API_URL/items/$collection" -o /dev/null -d '[
    {"title":"Training one","start_date":"2026-12-05T14:00:00","end_date":"2026-12-05T17:00:00","approved":true},
    {"title":"Training two","start_date":"2026-12-12T00:00:00","end_date":"2026-12-13T00:00:00","all_day":true,"approved":true}]'
  run --sync-once --quiet
  run --sync-once --quiet
  run status >/dev/null
  # serve: started, asked whether it is ready, stopped.
  n=$((n + 1))
  (cd "$work" && SERVE_ADDRESS=127.0.0.1:18799 EVENT_SYNC_CDS=off \
    EVENT_SYNC_JAVA_OPTS="-XX:DumpLoadedClassList=$work/$n.classlist" \
    exec "$image/bin/event-sync" serve --quiet) &
  local serve=$! tries=0
  until curl -sf http://127.0.0.1:18799/readyz -o /dev/null; do
    tries=$((tries + 1))
    [ $tries -lt 100 ] || { kill "$serve"; log "serve never answered /readyz"; exit 1; }
    sleep 0.2
  done
  kill -TERM "$serve"; wait "$serve" || true
  forget
  # One list: each class once, in the order first loaded.
  cat "$work"/*.classlist | awk '!seen[$0]++' >"$out"
  rm -rf "$work"
  log "recorded $(grep -vc '^#' "$out") classes on a real sync path"
}

assemble() {
  local version=$1 app_jar=$2 lib=$3
  local name=event-sync-$version-linux-x64 dist=$here/dist
  local image=$dist/$name/event-sync-$version
  rm -rf "${dist:?}/$name" "$dist/$name.tar.gz" "$dist/$name.tar.gz.sha256"
  mkdir -p "$image/bin" "$image/lib" "$image/systemd" "$image/docs"
  cp "$lib"/*.jar "$image/lib/"
  cp "$app_jar" "$image/lib/"
  (cd "$image/lib" && ls -- *.jar) >"$image/lib/classpath"
  local modules
  modules=$(runtime_modules "$image/lib")
  log "jlink: $modules"
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --output "$image/runtime"
  cp "$here/bin/event-sync" "$here/bin/setting" "$image/bin/"
  cp "$here/.env.example" "$here/LICENSE" "$here/README.md" "$image/"
  cp "$(dirname "$lib")/THIRD-PARTY.txt" "$image/"
  printf '\nThe Java runtime in runtime/ is OpenJDK, under the GNU GPL v2 with the Classpath Exception: runtime/legal/ holds its notices.\n' >>"$image/THIRD-PARTY.txt"
  cp "$here"/packaging/systemd/* "$image/systemd/"
  cp "$here"/docs/*.md "$image/docs/"
  printf '%s\n' "$version" >"$image/VERSION"
  record_classes "$image" "$image/lib/event-sync.classlist"
  # The archive made from that list must map, or the release would start slowly everywhere.
  "$image/bin/event-sync" --version >/dev/null
  local classpath
  classpath=$(sed "s|^|$image/lib/|" "$image/lib/classpath" | paste -sd:)
  "$image/runtime/bin/java" -Xshare:on -XX:SharedArchiveFile="$image/lib/event-sync.jsa" \
    -cp "$classpath" org.eventsync.cli.Main --version >/dev/null \
    || { log "the class-data-sharing archive made from the recorded list does not map"; exit 1; }
  rm -f "$image/lib/event-sync.jsa" "$image/lib/event-sync.jsa.made-for"
  tar -C "$dist/$name" --owner=0 --group=0 --numeric-owner -czf "$dist/$name.tar.gz" "event-sync-$version"
  (cd "$dist" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256")
  log "$dist/$name.tar.gz ($(du -h "$dist/$name.tar.gz" | cut -f1))"
  # Successive builds of one snapshot install over each other: the commit's time orders them.
  local deb_version=${version/-SNAPSHOT/\~snapshot}
  if [[ $version == *-SNAPSHOT ]] && git -C "$here" rev-parse HEAD >/dev/null 2>&1; then
    deb_version+=.$(git -C "$here" log -1 --format=%cd --date=format-local:%Y%m%d%H%M%S)
  fi
  deb "$image" "$deb_version" "$dist/event-sync_${deb_version}_amd64.deb"
}

deb() {
  local image=$1 deb_version=$2 out=$3 root
  root=$(mktemp -d)
  mkdir -p "$root/opt" "$root/usr/bin" "$root/lib/systemd/system" "$root/usr/share/doc/event-sync" "$root/DEBIAN"
  cp -a "$image" "$root/opt/event-sync"
  rm -f "$root/opt/event-sync/lib/event-sync.jsa" "$root/opt/event-sync/lib/event-sync.jsa."*
  install -m 755 "$here/packaging/deb/event-sync" "$root/usr/bin/event-sync"
  install -m 644 "$here"/packaging/systemd/* "$root/lib/systemd/system/"
  install -m 644 "$here/LICENSE" "$root/usr/share/doc/event-sync/copyright"
  install -m 755 "$here"/packaging/deb/postinst "$here"/packaging/deb/prerm "$here"/packaging/deb/postrm "$root/DEBIAN/"
  cat >"$root/DEBIAN/control" <<CONTROL
Package: event-sync
Version: $deb_version
Architecture: amd64
Section: net
Priority: optional
Maintainer: event-sync developers <event-sync@localhost>
Depends: libc6, libgcc-s1, libstdc++6, zlib1g, passwd, util-linux
Installed-Size: $(du -sk "$root" | cut -f1)
Description: two-way sync of a Directus events collection and a Nextcloud calendar
 Moderators approve events in Directus and they appear in a shared CalDAV calendar;
 events people add to the calendar reach Directus for moderation. Brings its own
 Java runtime. Settings: /etc/event-sync/.env; state: /var/lib/event-sync.
CONTROL
  dpkg-deb --root-owner-group -Zgzip --build "$root" "$out" >/dev/null
  rm -rf "$root"
  log "$out"
}

jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
case ${1:-build} in
  build)
    [ -d "$jdk/jmods" ] || { log "$jdk has no jmods/, which jlink needs: use a full JDK (Debian: openjdk-17-jdk-headless)"; exit 1; }
    command -v dpkg-deb >/dev/null || { log "dpkg-deb is missing: apt-get install dpkg"; exit 1; }
    cd "$here" && exec mvn -B -q -DskipTests -Prelease package -pl app-cli -am ;;
  assemble) shift; assemble "$@" ;;
  deb) shift; deb "$@" ;;
  *) echo "usage: scripts/release.sh [assemble VERSION APP_JAR LIB_DIR | deb IMAGE DEB_VERSION OUT.deb]" >&2; exit 2 ;;
esac
